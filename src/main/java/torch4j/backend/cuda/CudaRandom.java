package torch4j.backend.cuda;

import torch4j.Device;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.backend.Backend;
import torch4j.backend.RandomKernels;

/**
 * Random fills for CUDA tensors: the CPU kernel draws into a host tensor from the same {@link
 * Generator}, and the values are uploaded ({@link HostFallback}). So a seed gives the same numbers
 * on the CPU and on CUDA, and a generator's stream does not depend on where tensors live. This
 * differs from PyTorch on purpose: its CUDA generator (Philox) yields other numbers than its CPU
 * one (mt19937) for the same seed. The cost is one upload per fill.
 */
final class CudaRandom implements RandomKernels {
    final CudaDevice device;

    CudaRandom(CudaDevice device) {
        this.device = device;
    }

    private static RandomKernels cpu() {
        return Backend.of(Device.CPU).random();
    }

    /** A zero-filled host tensor shaped and typed like the device tensor {@code t}. */
    private static Tensor hostLike(Tensor t) {
        return Tensor.zeros(t.dtype(), Device.CPU, t.layout().shape());
    }

    @Override
    public void uniform(Tensor out, double from, double to, Generator g) {
        Tensor host = hostLike(out);
        cpu().uniform(host, from, to, g);
        HostFallback.copyFromHost(host, out);
    }

    @Override
    public void normal(Tensor out, double mean, double std, Generator g) {
        Tensor host = hostLike(out);
        cpu().normal(host, mean, std, g);
        HostFallback.copyFromHost(host, out);
    }

    @Override
    public void randint(Tensor out, long low, long high, Generator g) {
        Tensor host = hostLike(out);
        cpu().randint(host, low, high, g);
        HostFallback.copyFromHost(host, out);
    }

    @Override
    public void bernoulli(Tensor probs, Tensor out, Generator g) {
        Tensor host = hostLike(out);
        cpu().bernoulli(HostFallback.toHost(probs), host, g);
        HostFallback.copyFromHost(host, out);
    }

    @Override
    public void multinomial(Tensor weights, boolean replacement, Tensor out, Generator g) {
        Tensor host = hostLike(out);
        cpu().multinomial(HostFallback.toHost(weights), replacement, host, g);
        HostFallback.copyFromHost(host, out);
    }

    @Override
    public void randperm(Tensor out, Generator g) {
        Tensor host = hostLike(out);
        cpu().randperm(host, g);
        HostFallback.copyFromHost(host, out);
    }
}

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

    @Override
    public void uniform(Tensor out, double from, double to, Generator g) {
        HostFallback.fillOnHost(out, host -> cpu().uniform(host, from, to, g));
    }

    @Override
    public void normal(Tensor out, double mean, double std, Generator g) {
        HostFallback.fillOnHost(out, host -> cpu().normal(host, mean, std, g));
    }

    @Override
    public void randint(Tensor out, long low, long high, Generator g) {
        HostFallback.fillOnHost(out, host -> cpu().randint(host, low, high, g));
    }

    @Override
    public void bernoulli(Tensor probs, Tensor out, Generator g) {
        HostFallback.fillOnHost(out, host -> cpu().bernoulli(HostFallback.toHost(probs), host, g));
    }

    @Override
    public void multinomial(Tensor weights, boolean replacement, Tensor out, Generator g) {
        HostFallback.fillOnHost(out, host -> cpu().multinomial(HostFallback.toHost(weights), replacement, host, g));
    }

    @Override
    public void randperm(Tensor out, Generator g) {
        HostFallback.fillOnHost(out, host -> cpu().randperm(host, g));
    }
}

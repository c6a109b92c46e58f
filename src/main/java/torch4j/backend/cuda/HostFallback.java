package torch4j.backend.cuda;

import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.function.Consumer;
import torch4j.DType;
import torch4j.Device;
import torch4j.Layout;
import torch4j.Storage;
import torch4j.Tensor;
import torch4j.backend.Backend;

/**
 * Copies between a CUDA tensor and the host: the device transfers of {@code to(device)}, and the
 * way for kernels we do not write for the GPU (sort, scan, nonzero ...) to run on the CPU. A
 * strided device tensor is made contiguous on the device first, so only its elements cross the bus.
 */
final class HostFallback {
    private HostFallback() {}

    /** A contiguous CPU copy of {@code deviceTensor} (same shape and dtype); waits for the copy. */
    static Tensor toHost(Tensor deviceTensor) {
        CudaDevice device = deviceOf(deviceTensor);
        int[] shape = deviceTensor.layout().shape();
        Tensor src = deviceTensor.isContiguous() ? deviceTensor : copyOnDevice(deviceTensor, deviceTensor.dtype());
        Tensor out = Tensor.zeros(deviceTensor.dtype(), Device.CPU, shape);
        int n = out.numel();
        if (n > 0) device.download(TensorRef.dataAddress(src), out.storage().data(), 0, n);
        if (src != deviceTensor) release(src);
        Reference.reachabilityFence(deviceTensor);
        return out;
    }

    /** Writes {@code host} (a CPU tensor of dst's shape, any strides and dtype) into {@code deviceDst} through its strides. */
    static void copyFromHost(Tensor host, Tensor deviceDst) {
        if (host.device().isCuda()) throw new IllegalArgumentException("copyFromHost: expected a CPU source, got one on " + host.device());
        if (!Arrays.equals(host.layout().shape(), deviceDst.layout().shape())) {
            throw new IllegalArgumentException("copyFromHost: source shape " + host.shapeString()
                    + " does not match destination shape " + deviceDst.shapeString());
        }
        CudaDevice device = deviceOf(deviceDst);
        if (deviceDst.numel() == 0) return;
        Tensor h = contiguousHost(host, deviceDst.dtype());
        if (deviceDst.isContiguous()) {
            device.upload(h.storage().data(), h.layout().offset(), h.numel(), TensorRef.dataAddress(deviceDst));
        } else {
            Tensor tmp = upload(h, device);
            Backend.of(deviceDst.device()).elementwise().copy(tmp, deviceDst);
            release(tmp);
        }
        Reference.reachabilityFence(deviceDst);
    }

    /** A new contiguous copy of the CPU tensor {@code host} on device {@code index} (no zero fill first). */
    static Tensor toDevice(Tensor host, int index) {
        if (host.device().isCuda()) throw new IllegalArgumentException("toDevice: expected a CPU tensor, got one on " + host.device());
        return upload(contiguousHost(host, host.dtype()), CudaDevice.get(index));
    }

    private static Tensor upload(Tensor contiguousHost, CudaDevice device) {
        int n = contiguousHost.numel();
        DType dtype = contiguousHost.dtype();
        CudaBuffer b = device.allocate((long) n * dtype.itemSize());
        if (n > 0) device.upload(contiguousHost.storage().data(), contiguousHost.layout().offset(), n, b.address());
        Storage s = Storage.forDevice(dtype, Device.cuda(device.index), b, n);
        return new Tensor(s, Layout.contiguous(contiguousHost.layout().shape().clone()));
    }

    private static Tensor contiguousHost(Tensor host, DType dtype) {
        if (host.isContiguous() && host.dtype() == dtype) return host;
        Tensor out = Tensor.zeros(dtype, Device.CPU, host.layout().shape());
        Backend.of(Device.CPU).elementwise().copy(host, out);
        return out;
    }

    /** A new contiguous copy of the device tensor {@code x} on its device, cast to {@code dtype}. */
    static Tensor copyOnDevice(Tensor x, DType dtype) {
        Tensor out = Tensor.zeros(dtype, x.device(), x.layout().shape());
        Backend.of(x.device()).elementwise().copy(x, out);
        return out;
    }

    /**
     * Runs a CPU kernel on a host copy of the device tensor {@code out} and writes the result back
     * through out's strides: the slow path for what has no GPU kernel.
     */
    static void onHost(Tensor out, Consumer<Tensor> cpuKernel) {
        Tensor host = toHost(out);
        cpuKernel.accept(host);
        copyFromHost(host, out);
    }

    /**
     * {@link #onHost} for a CPU kernel that writes every element of {@code out} (random fills,
     * masked_select, nonzero): it starts from a zeroed host tensor instead of downloading out.
     */
    static void fillOnHost(Tensor out, Consumer<Tensor> cpuKernel) {
        Tensor host = Tensor.zeros(out.dtype(), Device.CPU, out.layout().shape());
        cpuKernel.accept(host);
        copyFromHost(host, out);
    }

    /**
     * Returns a device temporary's block to the allocator now; safe once the work reading it is
     * queued, as the one stream orders any later reuse.
     */
    static void release(Tensor deviceTemporary) {
        ((CudaBuffer) deviceTemporary.storage().data()).close();
    }

    private static CudaDevice deviceOf(Tensor t) {
        if (!t.device().isCuda()) throw new IllegalArgumentException("expected a CUDA tensor, but got a tensor on " + t.device());
        return CudaDevice.get(t.device().index());
    }
}

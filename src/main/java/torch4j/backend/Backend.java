package torch4j.backend;

import torch4j.DType;
import torch4j.Device;
import torch4j.Storage;
import torch4j.backend.cpu.CpuBackend;

/**
 * The kernels of one device, grouped by family. Ops are written once against this interface and
 * dispatch on the device of their inputs; each family takes strided tensors and writes into an
 * output the op allocated (the kernels never allocate results themselves).
 */
public interface Backend {
    /** A zero-filled buffer on this backend's device. */
    Storage allocate(DType dtype, int numel);

    ElementwiseKernels elementwise();

    ReduceKernels reduce();

    LinalgKernels linalg();

    IndexKernels index();

    RandomKernels random();

    ConvKernels conv();

    /** The backend for {@code device}; CUDA is loaded on first use. */
    static Backend of(Device device) {
        if (device.type() == Device.Type.CPU) return CpuBackend.INSTANCE;
        return Backends.cuda(device);
    }
}

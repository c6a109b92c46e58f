package torch4j.backend.cuda;

import torch4j.DType;
import torch4j.Device;
import torch4j.Storage;
import torch4j.backend.Backend;
import torch4j.backend.ConvKernels;
import torch4j.backend.CudaRuntime;
import torch4j.backend.ElementwiseKernels;
import torch4j.backend.IndexKernels;
import torch4j.backend.LinalgKernels;
import torch4j.backend.RandomKernels;
import torch4j.backend.ReduceKernels;

/**
 * The kernels of one CUDA device. {@code torch4j.backend.Backends} loads this class by name and
 * calls {@link #runtime()}, so that nothing outside this package links against JCuda.
 */
public final class CudaBackend implements Backend {
    private final CudaDevice device;
    private final Device torchDevice;
    private final CudaElementwise elementwise;
    private final CudaReduce reduce;
    private final CudaLinalg linalg;
    private final CudaIndex index;
    private final CudaRandom random;
    private final CudaConv conv;

    CudaBackend(CudaDevice device) {
        this.device = device;
        this.torchDevice = Device.cuda(device.index);
        this.elementwise = new CudaElementwise(device);
        this.reduce = new CudaReduce(device);
        this.linalg = new CudaLinalg(device);
        this.index = new CudaIndex(device);
        this.random = new CudaRandom(device);
        this.conv = new CudaConv(device);
    }

    /**
     * Loads JCuda and the NVIDIA libraries and initialises the driver; throws what failed
     * (an UnsatisfiedLinkError naming the missing library, a CudaException) for Backends to explain.
     */
    public static CudaRuntime runtime() {
        CudaDriver.deviceCount();
        return DriverRuntime.INSTANCE;
    }

    /** A zero-filled buffer of {@code numel} elements on this device. */
    @Override
    public Storage allocate(DType dtype, int numel) {
        if (numel < 0) throw new IllegalArgumentException("Storage size must be non-negative, got " + numel);
        long bytes = (long) numel * dtype.itemSize();
        CudaBuffer b = device.allocate(bytes);
        device.memsetZero(b, 0, bytes);
        return Storage.forDevice(dtype, torchDevice, b, numel);
    }

    @Override
    public ElementwiseKernels elementwise() {
        return elementwise;
    }

    @Override
    public ReduceKernels reduce() {
        return reduce;
    }

    @Override
    public LinalgKernels linalg() {
        return linalg;
    }

    @Override
    public IndexKernels index() {
        return index;
    }

    @Override
    public RandomKernels random() {
        return random;
    }

    @Override
    public ConvKernels conv() {
        return conv;
    }

    @Override
    public String toString() {
        return "CudaBackend[" + device + "]";
    }
}

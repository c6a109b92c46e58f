package torch4j.cuda;

import java.util.Optional;
import torch4j.backend.Backends;
import torch4j.backend.CudaRuntime;

/**
 * PyTorch's {@code torch.cuda}: whether CUDA can be used, how many devices there are, and the
 * caching allocator's counters.
 *
 * <pre>{@code
 * Device device = Cuda.isAvailable() ? Device.CUDA : Device.CPU;
 * Tensor x = Torch.randn(1024, 1024).to(device);
 * System.out.println(Cuda.memoryAllocated());   // 4194304
 * }</pre>
 *
 * <p>Device memory is reclaimed when a tensor becomes unreachable (a Cleaner returns its block to
 * the cache), at once by {@link torch4j.Tensor#close()}, or for everything a block of code
 * allocated by {@link #memoryScope()}. Methods without a device index use {@code cuda:0}.
 */
public final class Cuda {
    private Cuda() {}

    /**
     * True if CUDA tensors can be made: JCuda is on the classpath, the NVIDIA driver
     * (libcuda.so.1) and cuBLAS (libcublas.so.12) load and there is a GPU. Never throws; the first
     * call loads the libraries.
     */
    public static boolean isAvailable() {
        return Backends.cudaUnavailableReason().isEmpty();
    }

    /** Why {@link #isAvailable()} is false (what is missing and what to install), or empty when it is true. */
    public static Optional<String> unavailableReason() {
        return Backends.cudaUnavailableReason();
    }

    /** Number of CUDA devices; 0 when CUDA is not available. */
    public static int deviceCount() {
        return isAvailable() ? Backends.cudaRuntime().deviceCount() : 0;
    }

    /** The name of device {@code index}, e.g. {@code NVIDIA H100 80GB HBM3} ({@code torch.cuda.get_device_name}). */
    public static String getDeviceName(int index) {
        return runtime().deviceName(index);
    }

    public static String getDeviceName() {
        return getDeviceName(0);
    }

    /**
     * Bytes of device memory held by live tensors on {@code cuda:index}, rounded up to allocator
     * blocks; 0 when CUDA is not available (as PyTorch, which reports an uninitialised device so).
     */
    public static long memoryAllocated(int index) {
        return isAvailable() ? runtime().memoryAllocated(index) : 0;
    }

    public static long memoryAllocated() {
        return memoryAllocated(0);
    }

    /** Bytes the caching allocator holds from the driver on {@code cuda:index}: allocated plus cached (0 without CUDA). */
    public static long memoryReserved(int index) {
        return isAvailable() ? runtime().memoryReserved(index) : 0;
    }

    public static long memoryReserved() {
        return memoryReserved(0);
    }

    /**
     * Returns the cached, unused blocks of {@code cuda:index} to the driver, so that other
     * processes can use them (tensors still alive keep theirs). Does nothing without CUDA.
     */
    public static void emptyCache(int index) {
        if (isAvailable()) runtime().emptyCache(index);
    }

    public static void emptyCache() {
        emptyCache(0);
    }

    /**
     * Waits until all work queued on {@code cuda:index} is done (timings need it: kernels run
     * asynchronously). Without CUDA it fails with the reason.
     */
    public static void synchronize(int index) {
        runtime().synchronize(index);
    }

    public static void synchronize() {
        synchronize(0);
    }

    /**
     * A scope that releases, when closed, the device memory of every CUDA tensor this thread
     * creates inside it, except the tensors passed to {@link MemoryScope#keep}:
     *
     * <pre>{@code
     * Tensor loss;
     * try (MemoryScope s = Cuda.memoryScope()) {
     *     loss = s.keep(model.forward(x).sub(y).pow(2).mean());
     * }   // the activations are freed here, loss stays
     * }</pre>
     *
     * Using a released tensor afterwards fails with an error. Without CUDA the scope does nothing,
     * so device-agnostic code can use it on the CPU too.
     */
    public static MemoryScope memoryScope() {
        return isAvailable() ? new MemoryScope(Backends.cudaRuntime()) : new MemoryScope(null);
    }

    private static CudaRuntime runtime() {
        return Backends.cudaRuntime();
    }
}

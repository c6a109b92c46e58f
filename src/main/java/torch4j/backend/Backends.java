package torch4j.backend;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import torch4j.Device;
import torch4j.Storage;

/**
 * Finds the CUDA backend on first use, so CPU-only users never load a JCuda class.
 *
 * <p>{@code torch4j.backend.cuda.CudaBackend} is loaded by name; when that fails (JCuda jar
 * missing, NVIDIA driver or cuBLAS not installed, no GPU) the reason is kept, {@link
 * #cudaUnavailableReason()} returns it and every later CUDA request fails with it at once.
 */
public final class Backends {
    private static final String CUDA_BACKEND = "torch4j.backend.cuda.CudaBackend";
    private static final Map<Device, Backend> CUDA = new ConcurrentHashMap<>();

    /** Set once the load was tried; runtime and unavailable are written before it (volatile publication). */
    private static volatile boolean loadTried;
    private static CudaRuntime runtime;
    private static String unavailable;

    private Backends() {}

    static Backend cuda(Device device) {
        Backend b = CUDA.get(device);
        if (b != null) return b;
        CudaRuntime rt;
        try {
            rt = cudaRuntime();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("Cannot use device " + device + ": " + e.getMessage(), e);
        }
        return CUDA.computeIfAbsent(device, d -> rt.backend(d.index()));
    }

    /**
     * The loaded CUDA runtime with at least one device; an {@link IllegalStateException} naming
     * what is missing and what to install otherwise.
     */
    public static CudaRuntime cudaRuntime() {
        Optional<String> why = cudaUnavailableReason();
        if (why.isPresent()) throw new IllegalStateException("CUDA is not available: " + why.get());
        return runtime;
    }

    /**
     * Why CUDA cannot be used, or empty when it can; loads the backend on first call and never
     * throws.
     */
    public static Optional<String> cudaUnavailableReason() {
        if (!loadTried) load();
        return Optional.ofNullable(unavailable);
    }

    private static synchronized void load() {
        if (loadTried) return;
        try {
            CudaRuntime rt = (CudaRuntime) Class.forName(CUDA_BACKEND).getMethod("runtime").invoke(null);
            if (rt.deviceCount() == 0) {
                unavailable = CudaLoadFailure.NO_DEVICE;
            } else {
                runtime = rt;
            }
        } catch (InvocationTargetException e) {
            unavailable = CudaLoadFailure.describe(e.getCause());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            unavailable = CudaLoadFailure.describe(e);
        }
        loadTried = true;
    }

    /**
     * Returns a storage's device memory at once ({@code Tensor.close()}); does nothing for CPU
     * storage, whose arrays the garbage collector reclaims.
     */
    public static void release(Storage storage) {
        if (storage.device().isCuda() && storage.data() instanceof AutoCloseable buffer) {
            try {
                buffer.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("could not release the device memory of a " + storage.device() + " tensor", e);
            }
        }
    }
}

package torch4j.backend;

import java.util.Set;
import torch4j.Tensor;

/**
 * What code outside {@code torch4j.backend.cuda} may ask of the loaded CUDA backend, in types that
 * name no JCuda class: {@link Backends#cudaRuntime()} hands it out once JCuda and the NVIDIA
 * libraries have loaded, so CPU-only users never touch a JCuda class.
 *
 * <p>Device indices are CUDA ordinals; an index outside {@code [0, deviceCount())} gives an
 * {@link IllegalArgumentException} saying "Invalid device ordinal".
 */
public interface CudaRuntime {
    /** Number of CUDA devices the driver reports (may be 0). */
    int deviceCount();

    /** The kernels of device {@code index}, initialising the device on first use. */
    Backend backend(int index);

    /** The device's name as the driver reports it, e.g. {@code NVIDIA H100 80GB HBM3}. */
    String deviceName(int index);

    /** Bytes in device blocks that live tensors hold (0 for a device not used yet). */
    long memoryAllocated(int index);

    /** Bytes obtained from the driver: allocated plus cached for reuse (0 for a device not used yet). */
    long memoryReserved(int index);

    /** Waits for the device's queued work, then returns every cached (unused) block to the driver. */
    void emptyCache(int index);

    /** Waits until the device has finished all work queued so far. */
    void synchronize(int index);

    /** A contiguous CPU copy of a CUDA tensor (waits for the copy). */
    Tensor toHost(Tensor deviceTensor);

    /** A contiguous copy of a CPU tensor on device {@code index}. */
    Tensor toDevice(Tensor host, int index);

    /** Starts recording the device buffers this thread allocates (see {@code torch4j.cuda.Cuda.memoryScope}). */
    void beginScope();

    /**
     * Ends the innermost scope of this thread: releases the buffers it recorded except those in
     * {@code kept} (compared by identity), which pass to the enclosing scope if there is one.
     */
    void endScope(Set<Object> kept);
}

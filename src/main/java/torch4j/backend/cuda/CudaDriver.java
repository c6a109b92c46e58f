package torch4j.backend.cuda;

import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuInit;

import jcuda.CudaException;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;

/**
 * Process-wide driver state: loads JCuda's natives (and with them libcuda.so.1 and
 * libcublas.so.12), calls cuInit once and counts devices. Every CUDA call checks its result
 * ({@code setExceptionsEnabled}), so a failure surfaces as a {@link CudaException} naming the
 * CUresult.
 */
final class CudaDriver {
    private static int deviceCount = -1;

    private CudaDriver() {}

    /** Loads the libraries and initialises the driver on first call; 0 when the driver finds no device. */
    static synchronized int deviceCount() {
        if (deviceCount < 0) {
            JCudaDriver.setExceptionsEnabled(true);
            // Loads libcublas.so.12 now, so that a missing cuBLAS reads as "CUDA unavailable" rather than
            // failing the first matmul.
            JCublas2.setExceptionsEnabled(true);
            try {
                cuInit(0);
            } catch (CudaException e) {
                if (!is(e, CUresult.CUDA_ERROR_NO_DEVICE)) throw e;
                deviceCount = 0;
                return 0;
            }
            int[] n = new int[1];
            cuDeviceGetCount(n);
            deviceCount = n[0];
        }
        return deviceCount;
    }

    /** A device pointer for a raw address (JCuda adds the byte offset to a null base). */
    static CUdeviceptr pointer(long address) {
        return new CUdeviceptr().withByteOffset(address);
    }

    /** True if {@code e} reports the CUresult {@code code}. */
    static boolean is(CudaException e, int code) {
        return CUresult.stringFor(code).equals(e.getMessage());
    }

    /** An "Invalid device ordinal" error unless {@code index} names a device. */
    static void checkIndex(int index) {
        int n = deviceCount();
        if (index < 0 || index >= n) {
            throw new IllegalArgumentException("Invalid device ordinal: cuda:" + index + " was requested, but "
                    + (n == 0 ? "no CUDA device is" : n == 1 ? "only 1 CUDA device (cuda:0) is" : n + " CUDA devices (cuda:0 to cuda:" + (n - 1) + ") are")
                    + " available");
        }
    }
}

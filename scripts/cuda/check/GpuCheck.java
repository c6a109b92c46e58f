import java.nio.file.Files;
import java.nio.file.Path;

import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;

/**
 * Pre-flight check for a GPU run (scripts/cuda/gpu-test.sh info): initialises the driver and cuBLAS
 * through JCuda, as torch4j does, and prints which libcuda and libcublas the process really mapped,
 * so a wrong library on the search path shows before any test runs. Exit status 1 on any failure.
 */
public final class GpuCheck {
    public static void main(String[] args) throws Exception {
        JCudaDriver.setExceptionsEnabled(true);
        JCublas2.setExceptionsEnabled(true);
        int[] version = new int[1];
        JCudaDriver.cuDriverGetVersion(version);
        JCudaDriver.cuInit(0);
        int[] count = new int[1];
        JCudaDriver.cuDeviceGetCount(count);
        System.out.printf("driver API %d.%d, %d device(s)%n", version[0] / 1000, version[0] % 1000 / 10, count[0]);
        for (int i = 0; i < count[0]; i++) {
            CUdevice device = new CUdevice();
            JCudaDriver.cuDeviceGet(device, i);
            byte[] name = new byte[256];
            JCudaDriver.cuDeviceGetName(name, name.length, device);
            int[] major = new int[1], minor = new int[1];
            JCudaDriver.cuDeviceGetAttribute(major, 75, device);
            JCudaDriver.cuDeviceGetAttribute(minor, 76, device);
            long[] bytes = new long[1];
            JCudaDriver.cuDeviceTotalMem(bytes, device);
            System.out.printf("cuda:%d %s, compute capability %d.%d, %d MiB%n", i,
                    new String(name).trim(), major[0], minor[0], bytes[0] >> 20);
        }
        CUdevice device = new CUdevice();
        JCudaDriver.cuDeviceGet(device, 0);
        CUcontext context = new CUcontext();
        JCudaDriver.cuDevicePrimaryCtxRetain(context, device);
        JCudaDriver.cuCtxSetCurrent(context);
        cublasHandle handle = new cublasHandle();
        JCublas2.cublasCreate(handle);
        int[] blas = new int[1];
        JCublas2.cublasGetVersion(handle, blas);
        JCublas2.cublasDestroy(handle);
        System.out.printf("cuBLAS %d.%d.%d%n", blas[0] / 10000, blas[0] / 100 % 100, blas[0] % 100);
        Files.lines(Path.of("/proc/self/maps"))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .filter(path -> path.matches(".*/lib(cuda|cublas|cublasLt|JCudaDriver|JCublas2)[-.].*"))
                .distinct()
                .forEach(path -> System.out.println("mapped: " + path));
    }
}

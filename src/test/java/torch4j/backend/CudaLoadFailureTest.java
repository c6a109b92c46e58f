package torch4j.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Load failures of the CUDA backend become messages naming the missing piece and what to install. */
class CudaLoadFailureTest {
    /** The text JCuda's LibUtils throws when libJCudaDriver cannot find the driver (shortened). */
    private static UnsatisfiedLinkError jcudaLinkError(String lib, String missing) {
        UnsatisfiedLinkError e = new UnsatisfiedLinkError("Error while loading native library \"" + lib + "-12.6.0-linux-x86_64\"\n"
                + "Stack trace from the attempt to load the library as a resource:\n"
                + "java.lang.UnsatisfiedLinkError: /tmp/lib" + lib + "-12.6.0-linux-x86_64.so: " + missing
                + ": cannot open shared object file: No such file or directory");
        return e;
    }

    @Test
    void aMissingDriverNamesLibcudaAndTheDriverDownload() {
        String m = CudaLoadFailure.describe(jcudaLinkError("JCudaDriver", "libcuda.so.1"));
        assertEquals(CudaLoadFailure.DRIVER_MISSING, m);
        assertTrue(m.contains("libcuda.so.1") && m.contains("install the NVIDIA driver"), m);
    }

    @Test
    void aMissingCublasNamesLibcublasAndTheToolkit() {
        String m = CudaLoadFailure.describe(jcudaLinkError("JCublas2", "libcublas.so.12"));
        assertEquals(CudaLoadFailure.CUBLAS_MISSING, m);
        assertTrue(m.contains("libcublas.so.12") && m.contains("CUDA 12"), m);
    }

    @Test
    void aMissingJCudaJarNamesTheMavenCoordinates() {
        String m = CudaLoadFailure.describe(new NoClassDefFoundError("jcuda/driver/JCudaDriver"));
        assertTrue(m.contains("org.jcuda:jcuda") && m.contains("org.jcuda:jcublas") && m.contains("12.6.0"), m);
        String wrapped = CudaLoadFailure.describe(new RuntimeException("init", new ClassNotFoundException("jcuda.Pointer")));
        assertEquals(m, wrapped, "found anywhere in the cause chain");
    }

    @Test
    void driverResultsBecomePyTorchsMessages() {
        assertTrue(CudaLoadFailure.describe(new RuntimeException("CUDA_ERROR_NO_DEVICE")).startsWith("No CUDA GPUs are available"));
        assertTrue(CudaLoadFailure.describe(new RuntimeException("CUDA_ERROR_INSUFFICIENT_DRIVER")).contains("too old"));
    }

    @Test
    void otherLinkErrorsKeepJCudasFirstLine() {
        String m = CudaLoadFailure.describe(new UnsatisfiedLinkError("Error while loading native library \"JCudaDriver-12.6.0-linux-aarch64\"\nmore"));
        assertTrue(m.contains("JCudaDriver-12.6.0-linux-aarch64") && !m.contains("more"), m);
        assertTrue(m.contains("linux-x86_64"), m);
    }
}

package torch4j.backend;

/**
 * Turns what went wrong while loading the CUDA backend into a message naming the missing piece
 * and what to install. JCuda reports a missing system library only inside the text of its
 * {@link UnsatisfiedLinkError} ("libcuda.so.1: cannot open shared object file"), so the
 * messages of the whole cause chain are searched.
 */
final class CudaLoadFailure {
    static final String JCUDA_MISSING = "the JCuda classes are not on the classpath: add org.jcuda:jcuda and"
            + " org.jcuda:jcublas 12.6.0 to the classpath (Maven: the two dependencies torch4j declares as optional;"
            + " they bring their native libraries for linux-x86_64 and windows-x86_64)";
    static final String DRIVER_MISSING = "libcuda.so.1 (the NVIDIA driver) could not be loaded: install the NVIDIA"
            + " driver for your GPU (https://www.nvidia.com/Download/index.aspx; `nvidia-smi` should then list the GPU),"
            + " or add the folder holding libcuda.so.1 to LD_LIBRARY_PATH";
    static final String CUBLAS_MISSING = "libcublas.so.12 (cuBLAS from CUDA 12) could not be loaded: install the"
            + " CUDA 12 toolkit or just cuBLAS (e.g. the libcublas-12-x package, or pip's nvidia-cublas-cu12) and add"
            + " the folder holding libcublas.so.12 to LD_LIBRARY_PATH";
    static final String NO_DEVICE = "No CUDA GPUs are available: the NVIDIA driver loaded but reports no device"
            + " (check `nvidia-smi` and CUDA_VISIBLE_DEVICES)";
    static final String OLD_DRIVER = "The NVIDIA driver on your system is too old for CUDA 12: update it"
            + " (https://www.nvidia.com/Download/index.aspx; CUDA 12 needs driver 525.60.13 or newer)";

    private CudaLoadFailure() {}

    static String describe(Throwable failure) {
        String text = chainText(failure);
        if (isMissingClass(failure, "torch4j/backend/cuda/", "torch4j.backend.cuda.")) {
            return "this torch4j build has no CUDA backend (torch4j.backend.cuda is not on the classpath)";
        }
        if (isMissingClass(failure, "jcuda/", "jcuda.")) return JCUDA_MISSING;
        if (text.contains("libcuda.so") || text.contains("nvcuda.dll")) return DRIVER_MISSING;
        if (text.contains("libcublas.so") || text.contains("cublas64_12.dll")) return CUBLAS_MISSING;
        if (text.contains("CUDA_ERROR_NO_DEVICE")) return NO_DEVICE;
        if (text.contains("CUDA_ERROR_INSUFFICIENT_DRIVER") || text.contains("CUDA_ERROR_COMPAT_NOT_SUPPORTED")) {
            return OLD_DRIVER;
        }
        if (failure instanceof UnsatisfiedLinkError) {
            return "JCuda's native library could not be loaded (JCuda 12.6.0 ships natives for linux-x86_64 and"
                    + " windows-x86_64 only): " + firstLine(failure.getMessage());
        }
        return "the CUDA backend failed to start: " + failure;
    }

    private static boolean isMissingClass(Throwable failure, String slashPrefix, String dotPrefix) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException) {
                String m = String.valueOf(t.getMessage());
                if (m.startsWith(slashPrefix) || m.startsWith(dotPrefix)) return true;
            }
        }
        return false;
    }

    private static String chainText(Throwable failure) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            sb.append(t).append('\n');
            for (Throwable s : t.getSuppressed()) sb.append(s).append('\n');
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}

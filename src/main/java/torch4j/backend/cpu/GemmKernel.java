package torch4j.backend.cpu;

/**
 * One single-threaded GEMM implementation that {@link CpuGemm} splits work over.
 *
 * <p>Both methods compute {@code C = A @ B} (or {@code C += A @ B}) on the calling thread, with the
 * same argument layout as {@link CpuGemm#sgemm}; {@code CpuGemm} has already dealt with zero sizes
 * and with threading, so an implementation only needs to be correct for {@code m, n, k >= 1} and
 * fast for problems that are not tiny. Kept package-private: the vector implementation must only be
 * reached through {@link CpuGemm}, so that a JVM without the incubator module never loads it.
 */
interface GemmKernel {

    /** Short description for a start-up log line. */
    String name();

    /** Rows of C that one micro-tile covers; thread blocks are cut at multiples of it. */
    int tileRows();

    /** Columns of C that one float micro-tile covers. */
    int tileColsFloat();

    /** Columns of C that one double micro-tile covers. */
    int tileColsDouble();

    /**
     * True when the kernel computes a product of this shape as {@code C^T = B^T A^T}, packing A
     * instead of B ({@code panel} is the dtype's tile width): {@link GemmGrid} then prefers cutting
     * C's rows between threads, so that each packs less of A. The scalar kernel never does.
     */
    default boolean transposes(int m, int n, int k, int bRs, int bCs, int panel) {
        return false;
    }

    void sgemm(int m, int n, int k,
               float[] a, int aOff, int aRs, int aCs,
               float[] b, int bOff, int bRs, int bCs,
               float[] c, int cOff, int ldc, boolean accumulate);

    void dgemm(int m, int n, int k,
               double[] a, int aOff, int aRs, int aCs,
               double[] b, int bOff, int bRs, int bCs,
               double[] c, int cOff, int ldc, boolean accumulate);
}

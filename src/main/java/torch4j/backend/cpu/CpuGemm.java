package torch4j.backend.cpu;

import java.util.Arrays;

/**
 * Dense matrix multiply on the CPU, {@code C = A @ B} or {@code C += A @ B}, for float32 and
 * float64, over strided arrays: the kernel under {@code torch.matmul}, {@code mm}, {@code bmm} and
 * {@code nn.Linear}.
 *
 * <pre>{@code
 * // C (2x4) = A (2x3) @ B (3x4), all row-major and contiguous
 * CpuGemm.sgemm(2, 4, 3, a, 0, 3, 1, b, 0, 4, 1, c, 0, 4, false);
 * // C = A^T @ B where a holds a 3x2 row-major matrix: swap A's strides
 * CpuGemm.sgemm(2, 4, 3, a, 0, 1, 2, b, 0, 4, 1, c, 0, 4, false);
 * }</pre>
 *
 * <p>Element (i, p) of A is {@code a[aOff + i*aRs + p*aCs]}, element (p, j) of B is
 * {@code b[bOff + p*bRs + j*bCs]} and element (i, j) of C is {@code c[cOff + i*ldc + j]}. A's and B's
 * strides may be anything, transposed views and stride-0 broadcasts included: the kernels pack one
 * operand and read the other through its strides, so no caller needs to copy to contiguous first.
 * C's rows must not overlap A or B.
 *
 * <p>Work is split three ways. Tiny problems (under {@value #SMALL_WORK} multiply-adds, e.g. 4x8x4)
 * run a plain loop with no packing and no allocation, and so do products with fewer than
 * {@value #SKINNY_COLS} columns (matrix @ vector), as dot products. Everything else goes to
 * the blocked kernel picked once at class load: the Vector API kernel when the
 * {@code jdk.incubator.vector} module is present (run with
 * {@code --add-modules jdk.incubator.vector}) and {@code -Dtorch4j.vector=false} is not set, the
 * auto-vectorized scalar kernel otherwise. Problems of at least {@value #WORK_PER_THREAD}
 * multiply-adds per thread are cut into a grid of blocks of C, one per thread of {@link Parallel};
 * a call made from inside a {@link Parallel#forRange} body (for example one matrix of a batch that
 * the caller already spreads over the pool) stays on that thread. {@link GemmGrid} picks the grid:
 * mostly by columns, so each thread packs only its share of B, and by rows for the transposed
 * product the vector kernel uses for {@code x @ w.t()} (see {@link GemmKernel#transposes}).
 *
 * <p>Batched products ({@code bmm}, or {@code matmul} with batch dimensions) are one call per
 * matrix with the batch offset folded into {@code aOff}, {@code bOff} and {@code cOff}; a batch
 * stride of 0 broadcasts that operand. Large matrices: loop over the batch and let each call use
 * every thread. Many small ones: spread the batch with {@link Parallel#forRange} and let each call
 * run where it lands.
 *
 * <p>The blocked kernels pack into per-thread buffers that are allocated on a thread's first call
 * and then reused: up to about 1.3 MiB per thread and dtype for the vector kernel, 260 KiB for the
 * scalar one. Thread-safe: concurrent calls from different threads share nothing.
 */
public final class CpuGemm {

    /** Below this many multiply-adds (8^3) the plain loop beats packing, measured on Zen 4. */
    static final long SMALL_WORK = 512;
    /**
     * With fewer columns than this (matrix @ vector) a register tile would be nearly all padding,
     * so the plain loop's dot products win; from 3 columns up the padded tile is still faster.
     */
    static final int SKINNY_COLS = 3;
    /**
     * Each thread gets at least this many multiply-adds (about 64^3, some 8 us): below it, handing
     * a block to a worker (about a microsecond with {@link Parallel}'s spinning workers) and packing
     * B once more cost more than they save.
     */
    static final long WORK_PER_THREAD = 1L << 18;

    /** The plain-Java kernel: always available, and the reference the vector kernel is tested against. */
    static final GemmKernel SCALAR = new GemmScalar();
    /** The Vector API kernel, or null when the module is absent or disabled. */
    static final GemmKernel VECTOR = loadVectorKernel();
    /** The blocked kernel in use. Being static final, C2 calls it directly, with no dispatch. */
    static final GemmKernel KERNEL = VECTOR != null ? VECTOR : SCALAR;

    private CpuGemm() {}

    /**
     * Loads the vector kernel by name, so that this class links on runtimes without the incubator
     * module: only this method mentions it, and only after checking that the module is in the boot
     * layer.
     */
    private static GemmKernel loadVectorKernel() {
        if (!Boolean.parseBoolean(System.getProperty("torch4j.vector", "true"))) return null;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return null;
        try {
            // The constructor throws where the vectors are too narrow to pay off.
            return (GemmKernel) Class.forName("torch4j.backend.cpu.GemmVector").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** Which kernel is active, e.g. {@code "Vector API (512-bit)"} or {@code "scalar"}: for a start-up log line. */
    public static String kernelName() {
        return KERNEL.name();
    }

    // ---------------------------------------------------------------- float

    /**
     * {@code C = A @ B}, or {@code C += A @ B} when {@code accumulate}, in float32. A is m x k, B is
     * k x n and C is m x n, laid out as described in the class comment. With {@code k == 0}, C is
     * zeroed (or left as it is when accumulating).
     *
     * @throws IllegalArgumentException if a size is negative
     */
    public static void sgemm(int m, int n, int k,
                             float[] a, int aOff, int aRs, int aCs,
                             float[] b, int bOff, int bRs, int bCs,
                             float[] c, int cOff, int ldc, boolean accumulate) {
        checkSizes(m, n, k);
        if (m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            return;
        }
        long work = (long) m * n * k;
        if (work < SMALL_WORK) {
            GemmScalar.smallSgemm(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
            return;
        }
        int threads = threadsFor(work);
        if (n < SKINNY_COLS) {
            skinnySgemm(threads, m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
            return;
        }
        if (threads == 1) {
            KERNEL.sgemm(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
            return;
        }
        GemmGrid grid = GemmGrid.plan(KERNEL, threads, m, n, k, bRs, bCs, KERNEL.tileColsFloat());
        Parallel.forRange(grid.blocks(), 1, (start, end) -> {
            for (int t = start; t < end; t++) {
                int i0 = grid.rowStart(t), i1 = grid.rowEnd(t), j0 = grid.colStart(t), j1 = grid.colEnd(t);
                KERNEL.sgemm(i1 - i0, j1 - j0, k, a, aOff + i0 * aRs, aRs, aCs, b, bOff + j0 * bCs, bRs, bCs,
                        c, cOff + i0 * ldc + j0, ldc, accumulate);
            }
        });
    }

    /** The plain loop, split over rows: matrix @ vector has no other long side. */
    private static void skinnySgemm(int threads, int m, int n, int k,
                                    float[] a, int aOff, int aRs, int aCs,
                                    float[] b, int bOff, int bRs, int bCs,
                                    float[] c, int cOff, int ldc, boolean accumulate) {
        if (threads == 1 || m < threads) {
            GemmScalar.smallSgemm(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
        } else {
            Parallel.forRange(m, ceilDiv(m, threads), (i0, i1) -> GemmScalar.smallSgemm(i1 - i0, n, k,
                    a, aOff + i0 * aRs, aRs, aCs, b, bOff, bRs, bCs, c, cOff + i0 * ldc, ldc, accumulate));
        }
    }

    // ---------------------------------------------------------------- double

    /**
     * {@code C = A @ B}, or {@code C += A @ B} when {@code accumulate}, in float64; arguments as in
     * {@link #sgemm}.
     *
     * @throws IllegalArgumentException if a size is negative
     */
    public static void dgemm(int m, int n, int k,
                             double[] a, int aOff, int aRs, int aCs,
                             double[] b, int bOff, int bRs, int bCs,
                             double[] c, int cOff, int ldc, boolean accumulate) {
        checkSizes(m, n, k);
        if (m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
            return;
        }
        long work = (long) m * n * k;
        if (work < SMALL_WORK) {
            GemmScalar.smallDgemm(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
            return;
        }
        int threads = threadsFor(work);
        if (n < SKINNY_COLS) {
            skinnyDgemm(threads, m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
            return;
        }
        if (threads == 1) {
            KERNEL.dgemm(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
            return;
        }
        GemmGrid grid = GemmGrid.plan(KERNEL, threads, m, n, k, bRs, bCs, KERNEL.tileColsDouble());
        Parallel.forRange(grid.blocks(), 1, (start, end) -> {
            for (int t = start; t < end; t++) {
                int i0 = grid.rowStart(t), i1 = grid.rowEnd(t), j0 = grid.colStart(t), j1 = grid.colEnd(t);
                KERNEL.dgemm(i1 - i0, j1 - j0, k, a, aOff + i0 * aRs, aRs, aCs, b, bOff + j0 * bCs, bRs, bCs,
                        c, cOff + i0 * ldc + j0, ldc, accumulate);
            }
        });
    }

    private static void skinnyDgemm(int threads, int m, int n, int k,
                                    double[] a, int aOff, int aRs, int aCs,
                                    double[] b, int bOff, int bRs, int bCs,
                                    double[] c, int cOff, int ldc, boolean accumulate) {
        if (threads == 1 || m < threads) {
            GemmScalar.smallDgemm(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
        } else {
            Parallel.forRange(m, ceilDiv(m, threads), (i0, i1) -> GemmScalar.smallDgemm(i1 - i0, n, k,
                    a, aOff + i0 * aRs, aRs, aCs, b, bOff, bRs, bCs, c, cOff + i0 * ldc, ldc, accumulate));
        }
    }

    // ---------------------------------------------------------------- splitting

    private static void checkSizes(int m, int n, int k) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: sizes must be >= 0 but got m=" + m + ", n=" + n + ", k=" + k);
        }
    }

    /** Threads worth waking for {@code work} multiply-adds; 1 inside a forRange body, where a nested split runs inline. */
    static int threadsFor(long work) {
        if (work < 2 * WORK_PER_THREAD || Parallel.inParallelRegion()) return 1;
        return (int) Math.min(Parallel.numThreads(), work / WORK_PER_THREAD);
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }
}

package torch4j.backend.cpu;

import java.util.Arrays;

/**
 * The plain-Java GEMM: the reference for the Vector API kernel and the fallback when the
 * {@code jdk.incubator.vector} module is absent.
 *
 * <p>It packs a block of B into thread-local row arrays and then, for each row of C, adds four
 * broadcast {@code a[i,p]} times four packed rows in one pass over a copy of that row of C. The
 * inner loop has no strides and no cross-iteration dependence, so C2 auto-vectorizes it (about
 * 40 GFLOPS a core in float32 on Zen 4, against about 4 for the same loop on strided C); doing four
 * {@code p} at a time quarters the loads and stores of the C row, which would otherwise bound the
 * loop. The packed block (KC x NC, 256 KiB) stays in L2 and the row of C in L1.
 *
 * <p>{@link #smallSgemm}/{@link #smallDgemm} are the allocation-free loops that {@link CpuGemm}
 * uses for tiny products and for matrix @ vector, whatever the blocked kernel.
 */
final class GemmScalar implements GemmKernel {

    /** Depth of a packed block of B. */
    static final int KC = 128;
    /** Width of a packed block of B: KC x NC floats is 256 KiB, which sits in L2. */
    static final int NC = 512;
    /** Below this many columns the small loop computes dot products instead of row updates. */
    static final int DOT_COLS = 4;

    /** Per-thread packed block of B (one array per row) and one row of C; allocated on first use. */
    private static final class Scratch {
        float[][] fRows;
        float[] fAcc;
        double[][] dRows;
        double[] dAcc;
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public int tileRows() {
        return 1;
    }

    @Override
    public int tileColsFloat() {
        return 16;
    }

    @Override
    public int tileColsDouble() {
        return 8;
    }

    // ---------------------------------------------------------------- float

    @Override
    public void sgemm(int m, int n, int k,
                      float[] a, int aOff, int aRs, int aCs,
                      float[] b, int bOff, int bRs, int bCs,
                      float[] c, int cOff, int ldc, boolean accumulate) {
        if (!accumulate) {
            for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        }
        Scratch s = SCRATCH.get();
        if (s.fRows == null) {
            s.fRows = new float[KC][NC];
            s.fAcc = new float[NC];
        }
        float[][] rows = s.fRows;
        float[] acc = s.fAcc;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(kc, nc, b, bOff + pc * bRs + jc * bCs, bRs, bCs, rows);
                for (int i = 0; i < m; i++) {
                    int ci = cOff + i * ldc + jc;
                    System.arraycopy(c, ci, acc, 0, nc);
                    rowTimesBlock(kc, nc, a, aOff + i * aRs + pc * aCs, aCs, rows, acc);
                    System.arraycopy(acc, 0, c, ci, nc);
                }
            }
        }
    }

    /** Copies B[0:kc, 0:nc] (strided) into the first nc entries of rows[0..kc). */
    private static void packB(int kc, int nc, float[] b, int bOff, int bRs, int bCs, float[][] rows) {
        for (int p = 0; p < kc; p++) {
            float[] row = rows[p];
            int src = bOff + p * bRs;
            if (bCs == 1) {
                System.arraycopy(b, src, row, 0, nc);
            } else {
                for (int j = 0; j < nc; j++) row[j] = b[src + j * bCs];
            }
        }
    }

    /**
     * acc[0:nc] += A[i, 0:kc] @ rows, four values of p per pass. Every array is indexed by the
     * bare loop variable: JDK 17's C2 only vectorizes a loop whose array accesses share one
     * offset, which is why B's rows are separate arrays and C's row is copied to {@code acc}.
     */
    private static void rowTimesBlock(int kc, int nc, float[] a, int ai, int aCs, float[][] rows, float[] acc) {
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            float a0 = a[ai + p * aCs], a1 = a[ai + (p + 1) * aCs];
            float a2 = a[ai + (p + 2) * aCs], a3 = a[ai + (p + 3) * aCs];
            float[] r0 = rows[p], r1 = rows[p + 1], r2 = rows[p + 2], r3 = rows[p + 3];
            for (int j = 0; j < nc; j++) acc[j] += a0 * r0[j] + a1 * r1[j] + a2 * r2[j] + a3 * r3[j];
        }
        for (; p < kc; p++) {
            float a0 = a[ai + p * aCs];
            float[] r0 = rows[p];
            for (int j = 0; j < nc; j++) acc[j] += a0 * r0[j];
        }
    }

    /**
     * Unblocked C (+)= A @ B for tiny products and for matrix @ vector: no packing, no
     * thread-local lookup and no allocation, so a 2x2 product costs tens of nanoseconds.
     */
    static void smallSgemm(int m, int n, int k,
                           float[] a, int aOff, int aRs, int aCs,
                           float[] b, int bOff, int bRs, int bCs,
                           float[] c, int cOff, int ldc, boolean accumulate) {
        if (n < DOT_COLS) {
            // Few columns (matrix @ vector): one dot product per element, with four partial sums
            // so the additions do not wait on each other.
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc, ai = aOff + i * aRs;
                for (int j = 0; j < n; j++) {
                    float d = dot(k, a, ai, aCs, b, bOff + j * bCs, bRs);
                    c[ci + j] = accumulate ? c[ci + j] + d : d;
                }
            }
            return;
        }
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc, ai = aOff + i * aRs;
            if (!accumulate) Arrays.fill(c, ci, ci + n, 0f);
            for (int p = 0; p < k; p++) {
                float aip = a[ai + p * aCs];
                int bi = bOff + p * bRs;
                if (bCs == 1) {
                    for (int j = 0; j < n; j++) c[ci + j] += aip * b[bi + j];
                } else {
                    for (int j = 0; j < n; j++) c[ci + j] += aip * b[bi + j * bCs];
                }
            }
        }
    }

    private static float dot(int k, float[] a, int ai, int aCs, float[] b, int bi, int bRs) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int p = 0;
        for (; p + 3 < k; p += 4, ai += 4 * aCs, bi += 4 * bRs) {
            s0 += a[ai] * b[bi];
            s1 += a[ai + aCs] * b[bi + bRs];
            s2 += a[ai + 2 * aCs] * b[bi + 2 * bRs];
            s3 += a[ai + 3 * aCs] * b[bi + 3 * bRs];
        }
        for (; p < k; p++, ai += aCs, bi += bRs) s0 += a[ai] * b[bi];
        return (s0 + s1) + (s2 + s3);
    }

    // ---------------------------------------------------------------- double

    @Override
    public void dgemm(int m, int n, int k,
                      double[] a, int aOff, int aRs, int aCs,
                      double[] b, int bOff, int bRs, int bCs,
                      double[] c, int cOff, int ldc, boolean accumulate) {
        if (!accumulate) {
            for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
        }
        Scratch s = SCRATCH.get();
        if (s.dRows == null) {
            s.dRows = new double[KC][NC / 2];
            s.dAcc = new double[NC / 2];
        }
        double[][] rows = s.dRows;
        double[] acc = s.dAcc;
        // Half the width of the float block, so the double block takes the same bytes.
        int ncMax = NC / 2;
        for (int jc = 0; jc < n; jc += ncMax) {
            int nc = Math.min(ncMax, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(kc, nc, b, bOff + pc * bRs + jc * bCs, bRs, bCs, rows);
                for (int i = 0; i < m; i++) {
                    int ci = cOff + i * ldc + jc;
                    System.arraycopy(c, ci, acc, 0, nc);
                    rowTimesBlock(kc, nc, a, aOff + i * aRs + pc * aCs, aCs, rows, acc);
                    System.arraycopy(acc, 0, c, ci, nc);
                }
            }
        }
    }

    private static void packB(int kc, int nc, double[] b, int bOff, int bRs, int bCs, double[][] rows) {
        for (int p = 0; p < kc; p++) {
            double[] row = rows[p];
            int src = bOff + p * bRs;
            if (bCs == 1) {
                System.arraycopy(b, src, row, 0, nc);
            } else {
                for (int j = 0; j < nc; j++) row[j] = b[src + j * bCs];
            }
        }
    }

    private static void rowTimesBlock(int kc, int nc, double[] a, int ai, int aCs, double[][] rows, double[] acc) {
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            double a0 = a[ai + p * aCs], a1 = a[ai + (p + 1) * aCs];
            double a2 = a[ai + (p + 2) * aCs], a3 = a[ai + (p + 3) * aCs];
            double[] r0 = rows[p], r1 = rows[p + 1], r2 = rows[p + 2], r3 = rows[p + 3];
            for (int j = 0; j < nc; j++) acc[j] += a0 * r0[j] + a1 * r1[j] + a2 * r2[j] + a3 * r3[j];
        }
        for (; p < kc; p++) {
            double a0 = a[ai + p * aCs];
            double[] r0 = rows[p];
            for (int j = 0; j < nc; j++) acc[j] += a0 * r0[j];
        }
    }

    /** Double version of {@link #smallSgemm}. */
    static void smallDgemm(int m, int n, int k,
                           double[] a, int aOff, int aRs, int aCs,
                           double[] b, int bOff, int bRs, int bCs,
                           double[] c, int cOff, int ldc, boolean accumulate) {
        if (n < DOT_COLS) {
            // Few columns (matrix @ vector): one dot product per element, with four partial sums
            // so the additions do not wait on each other.
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc, ai = aOff + i * aRs;
                for (int j = 0; j < n; j++) {
                    double d = dot(k, a, ai, aCs, b, bOff + j * bCs, bRs);
                    c[ci + j] = accumulate ? c[ci + j] + d : d;
                }
            }
            return;
        }
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc, ai = aOff + i * aRs;
            if (!accumulate) Arrays.fill(c, ci, ci + n, 0.0);
            for (int p = 0; p < k; p++) {
                double aip = a[ai + p * aCs];
                int bi = bOff + p * bRs;
                if (bCs == 1) {
                    for (int j = 0; j < n; j++) c[ci + j] += aip * b[bi + j];
                } else {
                    for (int j = 0; j < n; j++) c[ci + j] += aip * b[bi + j * bCs];
                }
            }
        }
    }

    private static double dot(int k, double[] a, int ai, int aCs, double[] b, int bi, int bRs) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int p = 0;
        for (; p + 3 < k; p += 4, ai += 4 * aCs, bi += 4 * bRs) {
            s0 += a[ai] * b[bi];
            s1 += a[ai + aCs] * b[bi + bRs];
            s2 += a[ai + 2 * aCs] * b[bi + 2 * bRs];
            s3 += a[ai + 3 * aCs] * b[bi + 3 * bRs];
        }
        for (; p < k; p++, ai += aCs, bi += bRs) s0 += a[ai] * b[bi];
        return (s0 + s1) + (s2 + s3);
    }
}

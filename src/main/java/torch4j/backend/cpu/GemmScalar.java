package torch4j.backend.cpu;

import java.util.Arrays;

/**
 * The plain-Java GEMM: the reference for the Vector API kernel and the fallback when the
 * {@code jdk.incubator.vector} module is absent.
 *
 * <p>It packs a block of B into a contiguous thread-local buffer and then, for each row of C,
 * adds four broadcast {@code a[i,p]} times four rows of the packed block in one pass over a
 * contiguous stretch of C. That inner loop has no strides and no cross-iteration dependence, so
 * C2 auto-vectorizes it; doing four {@code p} at a time quarters the loads and stores of C, which
 * would otherwise bound the loop. The blocks keep the packed B (KC x NC) in L2 and one row of C
 * in L1.
 *
 * <p>{@link #smallSgemm}/{@link #smallDgemm} are the allocation-free loops that {@link CpuGemm}
 * uses for tiny and skinny problems with either kernel.
 */
final class GemmScalar implements GemmKernel {

    /** Depth of a packed block of B. */
    static final int KC = 128;
    /** Width of a packed block of B: KC x NC floats is 256 KiB, which sits in L2. */
    static final int NC = 512;

    private static final class Scratch {
        float[] f = new float[0];
        double[] d = new double[0];
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
        int need = Math.min(k, KC) * Math.min(n, NC);
        if (s.f.length < need) s.f = new float[need];
        float[] bp = s.f;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(kc, nc, b, bOff + pc * bRs + jc * bCs, bRs, bCs, bp);
                for (int i = 0; i < m; i++) {
                    rowTimesBlock(kc, nc, a, aOff + i * aRs + pc * aCs, aCs, bp, c, cOff + i * ldc + jc);
                }
            }
        }
    }

    /** Copies B[0:kc, 0:nc] (strided) into {@code bp} as a row-major kc x nc block. */
    private static void packB(int kc, int nc, float[] b, int bOff, int bRs, int bCs, float[] bp) {
        for (int p = 0, dst = 0; p < kc; p++, dst += nc) {
            int src = bOff + p * bRs;
            if (bCs == 1) {
                System.arraycopy(b, src, bp, dst, nc);
            } else {
                for (int j = 0; j < nc; j++) bp[dst + j] = b[src + j * bCs];
            }
        }
    }

    /** c[ci : ci+nc] += A[i, 0:kc] @ bp, four values of p per pass over the row of C. */
    private static void rowTimesBlock(int kc, int nc, float[] a, int ai, int aCs, float[] bp, float[] c, int ci) {
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            float a0 = a[ai + p * aCs], a1 = a[ai + (p + 1) * aCs];
            float a2 = a[ai + (p + 2) * aCs], a3 = a[ai + (p + 3) * aCs];
            int b0 = p * nc, b1 = b0 + nc, b2 = b1 + nc, b3 = b2 + nc;
            for (int j = 0; j < nc; j++) {
                c[ci + j] += a0 * bp[b0 + j] + a1 * bp[b1 + j] + a2 * bp[b2 + j] + a3 * bp[b3 + j];
            }
        }
        for (; p < kc; p++) {
            float a0 = a[ai + p * aCs];
            int b0 = p * nc;
            for (int j = 0; j < nc; j++) c[ci + j] += a0 * bp[b0 + j];
        }
    }

    /**
     * Unblocked C (+)= A @ B for tiny or skinny problems: no packing and no allocation. The
     * inner loop runs over j, so it vectorizes when B's rows are contiguous.
     */
    static void smallSgemm(int m, int n, int k,
                           float[] a, int aOff, int aRs, int aCs,
                           float[] b, int bOff, int bRs, int bCs,
                           float[] c, int cOff, int ldc, boolean accumulate) {
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
        // Half the width of the float block, so the double block takes the same bytes.
        int ncMax = NC / 2;
        int need = Math.min(k, KC) * Math.min(n, ncMax);
        if (s.d.length < need) s.d = new double[need];
        double[] bp = s.d;
        for (int jc = 0; jc < n; jc += ncMax) {
            int nc = Math.min(ncMax, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(kc, nc, b, bOff + pc * bRs + jc * bCs, bRs, bCs, bp);
                for (int i = 0; i < m; i++) {
                    rowTimesBlock(kc, nc, a, aOff + i * aRs + pc * aCs, aCs, bp, c, cOff + i * ldc + jc);
                }
            }
        }
    }

    private static void packB(int kc, int nc, double[] b, int bOff, int bRs, int bCs, double[] bp) {
        for (int p = 0, dst = 0; p < kc; p++, dst += nc) {
            int src = bOff + p * bRs;
            if (bCs == 1) {
                System.arraycopy(b, src, bp, dst, nc);
            } else {
                for (int j = 0; j < nc; j++) bp[dst + j] = b[src + j * bCs];
            }
        }
    }

    private static void rowTimesBlock(int kc, int nc, double[] a, int ai, int aCs, double[] bp, double[] c, int ci) {
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            double a0 = a[ai + p * aCs], a1 = a[ai + (p + 1) * aCs];
            double a2 = a[ai + (p + 2) * aCs], a3 = a[ai + (p + 3) * aCs];
            int b0 = p * nc, b1 = b0 + nc, b2 = b1 + nc, b3 = b2 + nc;
            for (int j = 0; j < nc; j++) {
                c[ci + j] += a0 * bp[b0 + j] + a1 * bp[b1 + j] + a2 * bp[b2 + j] + a3 * bp[b3 + j];
            }
        }
        for (; p < kc; p++) {
            double a0 = a[ai + p * aCs];
            int b0 = p * nc;
            for (int j = 0; j < nc; j++) c[ci + j] += a0 * bp[b0 + j];
        }
    }

    /** Double version of {@link #smallSgemm}. */
    static void smallDgemm(int m, int n, int k,
                           double[] a, int aOff, int aRs, int aCs,
                           double[] b, int bOff, int bRs, int bCs,
                           double[] c, int cOff, int ldc, boolean accumulate) {
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
}

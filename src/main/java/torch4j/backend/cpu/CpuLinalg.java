package torch4j.backend.cpu;

import torch4j.DType;
import torch4j.Tensor;
import torch4j.backend.LinalgKernels;

/**
 * CPU matrix products. Float32 and float64 go to {@link CpuGemm} with the operands' own strides
 * (a transposed weight is read in place); integer dtypes use a plain triple loop in long
 * arithmetic. Batches are either folded into one tall GEMM (when B is shared and A's batch rows
 * are evenly spaced, as for {@code [B, M, K] @ [K, N]}), run one after the other with the GEMM
 * threading each, or, when each product is small, split over the pool by batch.
 */
final class CpuLinalg implements LinalgKernels {
    static final CpuLinalg INSTANCE = new CpuLinalg();

    private CpuLinalg() {}

    @Override
    public void matmul(Tensor a, Tensor b, Tensor out, double alpha, double beta) {
        DType dt = out.dtype();
        if (dt == DType.BOOL) throw new IllegalArgumentException("\"bmm\" not implemented for 'Bool'");
        if (out.numel() == 0) return;
        int nd = out.dim();
        int m = out.layout().size(nd - 2), n = out.layout().size(nd - 1), k = a.layout().size(nd - 1);
        Object c = out.storage().data();
        int total = out.numel();
        if (k == 0) {
            // An empty sum is zero: only the beta * out part remains.
            scale(c, 0, total, beta == 0 ? 0 : beta);
            return;
        }
        if (beta == 0) {
            product(a, b, c, m, n, k, false);
            if (alpha != 1) scale(c, 0, total, alpha);
        } else if (alpha == 1) {
            if (beta != 1) scale(c, 0, total, beta);
            product(a, b, c, m, n, k, true);
        } else {
            Object tmp = newArray(dt, total);
            product(a, b, tmp, m, n, k, false);
            axpby(c, tmp, total, alpha, beta);
        }
    }

    /** {@code c (+)= a @ b} over all batches; c is contiguous {@code [B, m, n]}. */
    private static void product(Tensor a, Tensor b, Object c, int m, int n, int k, boolean accumulate) {
        int[] shape = a.layout().shape();
        int nb = shape.length - 2;
        int[] as = a.layout().strides(), bs = b.layout().strides();
        int aRs = as[nb], aCs = as[nb + 1], bRs = bs[nb], bCs = bs[nb + 1];
        int batches = 1;
        for (int d = 0; d < nb; d++) batches *= shape[d];
        Object ad = a.storage().data(), bd = b.storage().data();
        int aOff = a.layout().offset(), bOff = b.layout().offset();
        if (batches == 1) {
            gemm(m, n, k, ad, aOff, aRs, aCs, bd, bOff, bRs, bCs, c, 0, n, accumulate);
            return;
        }
        if (sharedB(bs, shape, nb) && rowsFold(as, shape, nb, aRs)) {
            // Every batch of A continues the rows of the previous one and B is the same matrix:
            // one GEMM of batches * m rows, the best case for the blocked kernel.
            gemm(batches * m, n, k, ad, aOff, aRs, aCs, bd, bOff, bRs, bCs, c, 0, n, accumulate);
            return;
        }
        int[] aBatch = batchOffsets(shape, as, nb, aOff, batches);
        int[] bBatch = batchOffsets(b.layout().shape(), bs, nb, bOff, batches);
        int mn = m * n;
        long work = (long) m * n * k;
        if (work < 2 * CpuGemm.WORK_PER_THREAD) {
            // CpuGemm would keep such a product on one thread: spread the batches instead.
            int grain = (int) Math.max(1, CpuGemm.WORK_PER_THREAD / work);
            Parallel.forRange(batches, grain, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    gemm(m, n, k, ad, aBatch[i], aRs, aCs, bd, bBatch[i], bRs, bCs, c, i * mn, n, accumulate);
                }
            });
        } else {
            for (int i = 0; i < batches; i++) {
                gemm(m, n, k, ad, aBatch[i], aRs, aCs, bd, bBatch[i], bRs, bCs, c, i * mn, n, accumulate);
            }
        }
    }

    private static boolean sharedB(int[] bs, int[] shape, int nb) {
        for (int d = 0; d < nb; d++) {
            if (shape[d] != 1 && bs[d] != 0) return false;
        }
        return true;
    }

    /** True when A's batch dims and its row dim walk the rows with one stride {@code aRs}. */
    private static boolean rowsFold(int[] as, int[] shape, int nb, int aRs) {
        long expected = (long) aRs * shape[nb];
        for (int d = nb - 1; d >= 0; d--) {
            if (shape[d] == 1) continue;
            if (as[d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }

    /** Storage offset of every batch's matrix, batches in row-major order. */
    private static int[] batchOffsets(int[] shape, int[] strides, int nb, int off, int batches) {
        int[] offs = new int[batches];
        int[] idx = new int[nb];
        int cur = off;
        for (int i = 0; i < batches; i++) {
            offs[i] = cur;
            for (int d = nb - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    cur += strides[d];
                    break;
                }
                cur -= strides[d] * (shape[d] - 1);
                idx[d] = 0;
            }
        }
        return offs;
    }

    private static void gemm(int m, int n, int k, Object a, int aOff, int aRs, int aCs, Object b, int bOff, int bRs, int bCs,
                             Object c, int cOff, int ldc, boolean accumulate) {
        if (c instanceof float[] cf) {
            CpuGemm.sgemm(m, n, k, (float[]) a, aOff, aRs, aCs, (float[]) b, bOff, bRs, bCs, cf, cOff, ldc, accumulate);
        } else if (c instanceof double[] cd) {
            CpuGemm.dgemm(m, n, k, (double[]) a, aOff, aRs, aCs, (double[]) b, bOff, bRs, bCs, cd, cOff, ldc, accumulate);
        } else if (c instanceof long[] cl) {
            longGemm(m, n, k, (long[]) a, aOff, aRs, aCs, (long[]) b, bOff, bRs, bCs, cl, cOff, ldc, accumulate);
        } else {
            intGemm(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
        }
    }

    /** int64 products: i-k-j order so the inner loop walks a row of B and of C. */
    private static void longGemm(int m, int n, int k, long[] a, int aOff, int aRs, int aCs, long[] b, int bOff, int bRs, int bCs,
                                 long[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (!accumulate) java.util.Arrays.fill(c, ci, ci + n, 0L);
            for (int p = 0; p < k; p++) {
                long av = a[aOff + i * aRs + p * aCs];
                if (av == 0) continue;
                int bp = bOff + p * bRs;
                for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j * bCs];
            }
        }
    }

    /** int32 and uint8 (rare): long arithmetic, wrapped to the dtype on store as PyTorch does. */
    private static void intGemm(int m, int n, int k, Object a, int aOff, int aRs, int aCs, Object b, int bOff, int bRs, int bCs,
                                Object c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                long s = accumulate ? Elements.getL(c, cOff + i * ldc + j) : 0;
                for (int p = 0; p < k; p++) {
                    s += Elements.getL(a, aOff + i * aRs + p * aCs) * Elements.getL(b, bOff + p * bRs + j * bCs);
                }
                Elements.setL(c, cOff + i * ldc + j, s, false);
            }
        }
    }

    private static Object newArray(DType dt, int n) {
        return switch (dt) {
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT64 -> new long[n];
            case INT32 -> new int[n];
            default -> new byte[n];
        };
    }

    /** {@code c[off .. off+len) *= s}; {@code s == 0} writes zeros (so NaN does not survive). */
    private static void scale(Object c, int off, int len, double s) {
        if (s == 1) return;
        if (c instanceof float[] f) {
            float fs = (float) s;
            for (int i = off; i < off + len; i++) f[i] = s == 0 ? 0f : f[i] * fs;
        } else if (c instanceof double[] d) {
            for (int i = off; i < off + len; i++) d[i] = s == 0 ? 0.0 : d[i] * s;
        } else {
            long ls = (long) s;
            for (int i = off; i < off + len; i++) Elements.setL(c, i, Elements.getL(c, i) * ls, false);
        }
    }

    /** {@code c = beta * c + alpha * t}. */
    private static void axpby(Object c, Object t, int len, double alpha, double beta) {
        if (c instanceof float[] f) {
            float[] tf = (float[]) t;
            float fa = (float) alpha, fb = (float) beta;
            for (int i = 0; i < len; i++) f[i] = fb * f[i] + fa * tf[i];
        } else if (c instanceof double[] d) {
            double[] td = (double[]) t;
            for (int i = 0; i < len; i++) d[i] = beta * d[i] + alpha * td[i];
        } else {
            long la = (long) alpha, lb = (long) beta;
            for (int i = 0; i < len; i++) Elements.setL(c, i, lb * Elements.getL(c, i) + la * Elements.getL(t, i), false);
        }
    }
}

package torch4j.backend.cpu;

import torch4j.DType;
import torch4j.Layout;
import torch4j.Tensor;
import torch4j.backend.ReduceOp;

/**
 * CPU scans (cumsum, cumprod) and sorting, both of which work line by line along one dim: each
 * line is independent, so lines are split over the pool. Float lines scan in double, as PyTorch
 * accumulates. Sorting is stable: float32 lines sort packed (value, index) longs, other dtypes a
 * merge sort of indices keyed by the line's values.
 */
final class CpuScanSort {
    private CpuScanSort() {}

    /** Lines along {@code dim}: the input offset of line {@code i} (outputs are contiguous). */
    private static final class Lines {
        final CpuReduce.Dims rest;
        final int n, xStride, outStride, count;

        Lines(Layout x, int dim) {
            int rank = x.dim();
            rest = new CpuReduce.Dims(rank);
            for (int d = rank - 1; d >= 0; d--) {
                if (d != dim && x.shape()[d] != 1) rest.add(x.shape()[d], x.strides()[d], 0);
            }
            n = rank == 0 ? 1 : x.shape()[dim];
            xStride = rank == 0 ? 0 : x.strides()[dim];
            int inner = 1;
            for (int d = dim + 1; d < rank; d++) inner *= x.shape()[d];
            outStride = inner;
            count = n == 0 ? 0 : x.numel() / n;
        }

        /** Offset of line {@code i} in a contiguous tensor of the same shape (only {@code n} may differ). */
        int outOffset(int i, int outN) {
            int inner = outStride;
            return (i / inner) * inner * outN + i % inner;
        }
    }

    static void scan(ReduceOp op, Tensor x, int dim, boolean reverse, Tensor out) {
        Layout lx = x.layout();
        Lines lines = new Lines(lx, dim);
        Object in = x.storage().data(), res = out.storage().data();
        boolean isFloat = x.dtype().isFloatingPoint(), prod = op == ReduceOp.PROD;
        int n = lines.n, xo = lx.offset();
        int sx = reverse ? -lines.xStride : lines.xStride, so = reverse ? -lines.outStride : lines.outStride;
        int first = reverse ? n - 1 : 0;
        if (lines.outStride > 1) {
            scanColumns(op, lines, x, out, reverse);
            return;
        }
        Parallel.forRange(lines.count, Math.max(1, StridedLoop.GRAIN / Math.max(1, n)), (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                int xi = xo + lines.rest.offsetX(i) + first * lines.xStride;
                int oi = lines.outOffset(i, n) + first * lines.outStride;
                if (in instanceof float[] a && res instanceof float[] r) {
                    double acc = prod ? 1 : 0;
                    for (int j = 0; j < n; j++) {
                        acc = prod ? acc * a[xi + j * sx] : acc + a[xi + j * sx];
                        r[oi + j * so] = (float) acc;
                    }
                } else if (isFloat) {
                    double acc = prod ? 1 : 0;
                    for (int j = 0; j < n; j++) {
                        double v = Elements.getD(in, xi + j * sx);
                        acc = prod ? acc * v : acc + v;
                        Elements.setD(res, oi + j * so, acc, false);
                    }
                } else {
                    long acc = prod ? 1 : 0;
                    for (int j = 0; j < n; j++) {
                        long v = Elements.getL(in, xi + j * sx);
                        acc = prod ? acc * v : acc + v;
                        Elements.setL(res, oi + j * so, acc, false);
                    }
                }
            }
        });
    }

    /** Lines per task when scanning a dim that is not the last: they advance together, row by row. */
    private static final int COLS = 512;

    /**
     * Scans along a dim that has inner dims after it: neighbouring lines are neighbours in memory,
     * so a block of them advances one step at a time (reading whole rows) instead of striding
     * down one line after another.
     */
    private static void scanColumns(ReduceOp op, Lines lines, Tensor x, Tensor out, boolean reverse) {
        Object in = x.storage().data(), res = out.storage().data();
        boolean isFloat = x.dtype().isFloatingPoint(), prod = op == ReduceOp.PROD;
        int n = lines.n, inner = lines.outStride, blocks = (inner + COLS - 1) / COLS;
        int first = reverse ? n - 1 : 0, step = reverse ? -1 : 1, xo = x.layout().offset();
        Parallel.forRange(lines.count / inner * blocks, Math.max(1, StridedLoop.GRAIN / Math.max(1, n * COLS)), (lo, hi) -> {
            int[] xb = new int[COLS];
            double[] accD = new double[COLS];
            long[] accL = new long[COLS];
            for (int t = lo; t < hi; t++) {
                int i0 = (t / blocks) * inner + (t % blocks) * COLS, cn = Math.min(COLS, inner - (t % blocks) * COLS);
                for (int c = 0; c < cn; c++) xb[c] = xo + lines.rest.offsetX(i0 + c);
                java.util.Arrays.fill(accD, 0, cn, prod ? 1 : 0);
                java.util.Arrays.fill(accL, 0, cn, prod ? 1 : 0);
                int ob = lines.outOffset(i0, n);
                for (int s = 0, j = first; s < n; s++, j += step) {
                    int xj = j * lines.xStride, oj = ob + j * inner;
                    for (int c = 0; c < cn; c++) {
                        if (isFloat) {
                            double v = Elements.getD(in, xb[c] + xj);
                            accD[c] = prod ? accD[c] * v : accD[c] + v;
                            Elements.setD(res, oj + c, accD[c], false);
                        } else {
                            long v = Elements.getL(in, xb[c] + xj);
                            accL[c] = prod ? accL[c] * v : accL[c] + v;
                            Elements.setL(res, oj + c, accL[c], false);
                        }
                    }
                }
            }
        });
    }

    static void sort(Tensor x, int dim, boolean descending, int k, Tensor values, Tensor indices) {
        Layout lx = x.layout();
        Lines lines = new Lines(lx, dim);
        Object in = x.storage().data(), vals = values.storage().data();
        long[] idx = indices.storage().longs();
        boolean isFloat = x.dtype().isFloatingPoint(), isBool = x.dtype() == DType.BOOL;
        int n = lines.n, xo = lx.offset(), st = lines.xStride;
        int grain = Math.max(1, StridedLoop.GRAIN / Math.max(1, n * 8));
        if (in instanceof float[] a) {
            Parallel.forRange(lines.count, grain, (lo, hi) -> {
                long[] packed = new long[n];
                float[] out = (float[]) vals;
                for (int i = lo; i < hi; i++) {
                    int xi = xo + lines.rest.offsetX(i);
                    for (int j = 0; j < n; j++) packed[j] = packFloat(a[xi + j * st], j, descending);
                    java.util.Arrays.sort(packed);
                    int oi = lines.outOffset(i, k);
                    for (int j = 0; j < k; j++) {
                        int from = (int) packed[j];
                        idx[oi + j * lines.outStride] = from;
                        out[oi + j * lines.outStride] = a[xi + from * st];
                    }
                }
            });
            return;
        }
        Parallel.forRange(lines.count, grain, (lo, hi) -> {
            int[] order = new int[n], tmp = new int[n];
            double[] keyD = isFloat ? new double[n] : null;
            long[] keyL = isFloat ? null : new long[n];
            for (int i = lo; i < hi; i++) {
                int xi = xo + lines.rest.offsetX(i);
                for (int j = 0; j < n; j++) {
                    order[j] = j;
                    if (isFloat) keyD[j] = Elements.getD(in, xi + j * st);
                    else keyL[j] = Elements.getL(in, xi + j * st);
                }
                if (isFloat) mergeSortD(order, tmp, keyD, n, descending);
                else mergeSortL(order, tmp, keyL, n, descending);
                int oi = lines.outOffset(i, k);
                for (int j = 0; j < k; j++) {
                    int at = oi + j * lines.outStride;
                    idx[at] = order[j];
                    if (isFloat) Elements.setD(vals, at, keyD[order[j]], false);
                    else Elements.setL(vals, at, keyL[order[j]], isBool);
                }
            }
        });
    }

    /**
     * A float32 value and its index as one long whose signed order is the sort order: the value's
     * bits made order-preserving in the high half (NaN above +inf, -0 as 0, flipped when
     * descending), the index in the low half, so equal values stay in index order (stable) and a
     * primitive {@code Arrays.sort} does the work.
     */
    private static long packFloat(float v, int index, boolean descending) {
        int b = v == 0 ? 0 : Float.floatToIntBits(v); // canonical NaN: one key for all NaNs
        int key = b ^ ((b >> 31) & 0x7fffffff);
        if (descending) key = ~key;
        return ((long) key << 32) | index;
    }

    /** Runs this long are insertion-sorted before merging. */
    private static final int RUN = 16;

    /** Strict "a goes before b"; NaN is the largest value, so it is last ascending and first descending. */
    private static boolean beforeD(double a, double b, boolean desc) {
        if (desc) return a > b || (a != a && b == b);
        return a < b || (a == a && b != b);
    }

    private static void mergeSortD(int[] order, int[] tmp, double[] key, int n, boolean desc) {
        for (int lo = 0; lo < n; lo += RUN) {
            int hi = Math.min(n, lo + RUN);
            for (int i = lo + 1; i < hi; i++) {
                int v = order[i], j = i - 1;
                while (j >= lo && beforeD(key[v], key[order[j]], desc)) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = v;
            }
        }
        int[] src = order, dst = tmp;
        for (int w = RUN; w < n; w *= 2) {
            for (int lo = 0; lo < n; lo += 2 * w) {
                int mid = Math.min(n, lo + w), hi = Math.min(n, lo + 2 * w), i = lo, j = mid, o = lo;
                // Take from the right run only when strictly before: equal keys keep their order.
                while (i < mid && j < hi) dst[o++] = beforeD(key[src[j]], key[src[i]], desc) ? src[j++] : src[i++];
                while (i < mid) dst[o++] = src[i++];
                while (j < hi) dst[o++] = src[j++];
            }
            int[] t = src;
            src = dst;
            dst = t;
        }
        if (src != order) System.arraycopy(src, 0, order, 0, n);
    }

    private static void mergeSortL(int[] order, int[] tmp, long[] key, int n, boolean desc) {
        for (int lo = 0; lo < n; lo += RUN) {
            int hi = Math.min(n, lo + RUN);
            for (int i = lo + 1; i < hi; i++) {
                int v = order[i], j = i - 1;
                while (j >= lo && (desc ? key[v] > key[order[j]] : key[v] < key[order[j]])) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = v;
            }
        }
        int[] src = order, dst = tmp;
        for (int w = RUN; w < n; w *= 2) {
            for (int lo = 0; lo < n; lo += 2 * w) {
                int mid = Math.min(n, lo + w), hi = Math.min(n, lo + 2 * w), i = lo, j = mid, o = lo;
                while (i < mid && j < hi) {
                    long a = key[src[i]], b = key[src[j]];
                    dst[o++] = (desc ? b > a : b < a) ? src[j++] : src[i++];
                }
                while (i < mid) dst[o++] = src[i++];
                while (j < hi) dst[o++] = src[j++];
            }
            int[] t = src;
            src = dst;
            dst = t;
        }
        if (src != order) System.arraycopy(src, 0, order, 0, n);
    }
}

package torch4j.backend.cpu;

import torch4j.DType;
import torch4j.Layout;
import torch4j.Storage;
import torch4j.Tensor;
import torch4j.backend.ReduceKernels;
import torch4j.backend.ReduceOp;

/**
 * CPU reductions. The dims of the input are split into kept ("outer") and reduced ("inner")
 * groups, each ordered by stride and coalesced, so a transposed or sliced tensor reduces with the
 * same loops as a contiguous one. Then one of three plans runs:
 * <ul>
 *   <li>row: each output folds a run of inputs (reducing the last dim of a contiguous tensor);
 *   <li>column: when the kept dims are the dense ones (reducing dim 0 of an {@code [N, M]}
 *       tensor, as bias gradients do), whole input rows are accumulated into a vector of outputs;
 *   <li>blocked: a single output over many elements folds blocks in parallel, then the partials.
 * </ul>
 * Float inputs accumulate in double (so float32 sums of millions of elements stay accurate),
 * integer and bool inputs in long. Scans and sorting live in {@link CpuScanSort}.
 */
final class CpuReduce implements ReduceKernels {
    static final CpuReduce INSTANCE = new CpuReduce();

    /** Elements per partial result of a blocked full reduction. */
    private static final int BLOCK = 1 << 14;
    /** Outputs per task of the column plan: the accumulator vector stays in L1. */
    private static final int COLS = 1024;

    private CpuReduce() {}

    @Override
    public void reduce(ReduceOp op, Tensor x, Tensor out) {
        Layout lx = x.layout(), lo = out.layout();
        int[] shape = lx.shape();
        if (lo.numel() == 0) return;
        if (lx.numel() == 0) { // every output folds nothing
            CpuElementwise.INSTANCE.fill(out, identityD(op));
            return;
        }
        Dims outer = new Dims(lx.dim()), inner = new Dims(lx.dim());
        for (int d : byStride(lx, lo)) {
            if (shape[d] == 1) continue;
            if (lo.shape()[d] == 1) inner.add(shape[d], lx.strides()[d], 0);
            else outer.add(shape[d], lx.strides()[d], lo.strides()[d]);
        }
        if (inner.count == 0) {
            // Nothing to fold: a copy with the result's cast (bool results test for non-zero). All and
            // any give 0 or 1 into uint8 too (PyTorch >= 1.10): copy into the bytes viewed as bool.
            boolean logical = (op == ReduceOp.ALL || op == ReduceOp.ANY) && out.dtype() == DType.UINT8;
            CpuElementwise.INSTANCE.copy(x, logical ? new Tensor(Storage.wrapBool(out.storage().bytes()), lo) : out);
            return;
        }
        boolean isFloat = x.dtype().isFloatingPoint();
        Object in = x.storage().data();
        Object res = out.storage().data();
        boolean resBool = out.dtype() == DType.BOOL;
        int numOut = lo.numel(), innerN = inner.numel();
        int xo = lx.offset(), yo = lo.offset();
        if (outer.count > 0 && inner.count > 0 && Math.abs(outer.xs[0]) < Math.abs(inner.xs[0])) {
            columns(op, isFloat, in, xo, res, yo, resBool, outer, inner);
        } else if (numOut == 1) {
            if (isFloat) Elements.setD(res, yo, blockedD(op, in, xo, inner, innerN), resBool);
            else Elements.setL(res, yo, blockedL(op, in, xo, inner, innerN), resBool);
        } else {
            int grain = Math.max(1, StridedLoop.GRAIN / Math.max(1, innerN));
            Parallel.forRange(numOut, grain, (lo0, hi) -> {
                for (int o = lo0; o < hi; o++) {
                    int xb = xo + outer.offsetX(o), yb = yo + outer.offsetY(o);
                    if (isFloat) Elements.setD(res, yb, foldD(op, in, xb, inner, innerN), resBool);
                    else Elements.setL(res, yb, foldL(op, in, xb, inner, innerN), resBool);
                }
            });
        }
    }

    @Override
    public void argReduce(boolean max, Tensor x, int dim, Tensor values, Tensor indices) {
        Layout lx = x.layout();
        int rank = lx.dim();
        int n = rank == 0 ? 1 : lx.shape()[dim], st = rank == 0 ? 0 : lx.strides()[dim];
        // Outputs are contiguous in the keepdim shape: output o walks the other dims row-major.
        Dims rest = new Dims(rank);
        for (int d = rank - 1; d >= 0; d--) {
            if (d != dim && lx.shape()[d] != 1) rest.add(lx.shape()[d], lx.strides()[d], 0);
        }
        int numOut = indices.numel();
        Object in = x.storage().data();
        long[] idx = indices.storage().longs();
        Object vals = values == null ? null : values.storage().data();
        boolean isFloat = x.dtype().isFloatingPoint(), valBool = x.dtype() == DType.BOOL;
        int xo = lx.offset();
        Parallel.forRange(numOut, Math.max(1, StridedLoop.GRAIN / n), (lo, hi) -> {
            for (int o = lo; o < hi; o++) {
                int base = xo + rest.offsetX(o);
                int best = isFloat ? argD(max, in, base, st, n) : argL(max, in, base, st, n);
                idx[o] = best;
                if (vals != null) {
                    int at = base + best * st;
                    if (isFloat) Elements.setD(vals, o, Elements.getD(in, at), false);
                    else Elements.setL(vals, o, Elements.getL(in, at), valBool);
                }
            }
        });
    }

    @Override
    public void scan(ReduceOp op, Tensor x, int dim, boolean reverse, Tensor out) {
        CpuScanSort.scan(op, x, dim, reverse, out);
    }

    @Override
    public void sort(Tensor x, int dim, boolean descending, int k, Tensor values, Tensor indices) {
        CpuScanSort.sort(x, dim, descending, k, values, indices);
    }

    // ------------------------------------------------------------------ plans

    /** Column plan: vectors of outputs accumulate whole input rows (outer.xs[0] is the dense stride). */
    private static void columns(ReduceOp op, boolean isFloat, Object in, int xo, Object res, int yo, boolean resBool,
            Dims outer, Dims inner) {
        int m = outer.sizes[0], sx = outer.xs[0], sy = outer.ys[0];
        int rows = outer.numel() / m;
        int blocks = (m + COLS - 1) / COLS;
        int innerN = inner.numel();
        int innerRows = innerN / inner.sizes[0];
        int grain = Math.max(1, StridedLoop.GRAIN / Math.max(1, Math.min(m, COLS) * innerN));
        Parallel.forRange(rows * blocks, grain, (lo, hi) -> {
            double[] accD = isFloat ? new double[COLS] : null;
            long[] accL = isFloat ? null : new long[COLS];
            for (int t = lo; t < hi; t++) {
                int r = t / blocks, c0 = (t % blocks) * COLS, cn = Math.min(COLS, m - c0);
                int xb = xo + outer.offsetXSkipFirst(r) + c0 * sx;
                int yb = yo + outer.offsetYSkipFirst(r) + c0 * sy;
                if (isFloat) java.util.Arrays.fill(accD, 0, cn, identityD(op));
                else java.util.Arrays.fill(accL, 0, cn, identityL(op));
                for (int ir = 0; ir < innerRows; ir++) {
                    int rb = xb + inner.offsetXSkipFirst(ir);
                    for (int i = 0; i < inner.sizes[0]; i++) {
                        if (isFloat) Folds.accD(op, in, rb + i * inner.xs[0], sx, accD, cn);
                        else Folds.accL(op, in, rb + i * inner.xs[0], sx, accL, cn);
                    }
                }
                for (int c = 0; c < cn; c++) {
                    if (isFloat) Elements.setD(res, yb + c * sy, accD[c], resBool);
                    else Elements.setL(res, yb + c * sy, accL[c], resBool);
                }
            }
        });
    }

    /** One output from all inner elements, in double. */
    private static double foldD(ReduceOp op, Object in, int xb, Dims inner, int innerN) {
        int n0 = inner.sizes[0], s0 = inner.xs[0];
        if (inner.count == 1) return Folds.rowD(op, in, xb, s0, n0);
        double acc = identityD(op);
        for (int r = 0, rows = innerN / n0; r < rows; r++) acc = combineD(op, acc, Folds.rowD(op, in, xb + inner.offsetXSkipFirst(r), s0, n0));
        return acc;
    }

    private static long foldL(ReduceOp op, Object in, int xb, Dims inner, int innerN) {
        int n0 = inner.sizes[0], s0 = inner.xs[0];
        if (inner.count == 1) return Folds.rowL(op, in, xb, s0, n0);
        long acc = identityL(op);
        for (int r = 0, rows = innerN / n0; r < rows; r++) acc = combineL(op, acc, Folds.rowL(op, in, xb + inner.offsetXSkipFirst(r), s0, n0));
        return acc;
    }

    /** A single output: partials over blocks (or inner rows) in parallel, folded in order. */
    private static double blockedD(ReduceOp op, Object in, int xb, Dims inner, int innerN) {
        if (innerN < StridedLoop.GRAIN) return foldD(op, in, xb, inner, innerN);
        int n0 = inner.sizes[0], s0 = inner.xs[0];
        double[] part;
        if (inner.count == 1) {
            part = new double[(n0 + BLOCK - 1) / BLOCK];
            Parallel.forRange(part.length, 1, (lo, hi) -> {
                for (int b = lo; b < hi; b++) part[b] = Folds.rowD(op, in, xb + b * BLOCK * s0, s0, Math.min(BLOCK, n0 - b * BLOCK));
            });
        } else {
            part = new double[innerN / n0];
            Parallel.forRange(part.length, Math.max(1, BLOCK / n0), (lo, hi) -> {
                for (int r = lo; r < hi; r++) part[r] = Folds.rowD(op, in, xb + inner.offsetXSkipFirst(r), s0, n0);
            });
        }
        double acc = identityD(op);
        for (double p : part) acc = combineD(op, acc, p);
        return acc;
    }

    private static long blockedL(ReduceOp op, Object in, int xb, Dims inner, int innerN) {
        if (innerN < StridedLoop.GRAIN) return foldL(op, in, xb, inner, innerN);
        int n0 = inner.sizes[0], s0 = inner.xs[0];
        long[] part;
        if (inner.count == 1) {
            part = new long[(n0 + BLOCK - 1) / BLOCK];
            Parallel.forRange(part.length, 1, (lo, hi) -> {
                for (int b = lo; b < hi; b++) part[b] = Folds.rowL(op, in, xb + b * BLOCK * s0, s0, Math.min(BLOCK, n0 - b * BLOCK));
            });
        } else {
            part = new long[innerN / n0];
            Parallel.forRange(part.length, Math.max(1, BLOCK / n0), (lo, hi) -> {
                for (int r = lo; r < hi; r++) part[r] = Folds.rowL(op, in, xb + inner.offsetXSkipFirst(r), s0, n0);
            });
        }
        long acc = identityL(op);
        for (long p : part) acc = combineL(op, acc, p);
        return acc;
    }

    // ------------------------------------------------------------------ arg max/min

    private static int argD(boolean max, Object in, int base, int st, int n) {
        double best = Elements.getD(in, base);
        int bi = 0;
        if (best != best) return 0;
        if (in instanceof float[] a) {
            for (int j = 1; j < n; j++) {
                float v = a[base + j * st];
                if (v != v) return j;
                if (max ? v > best : v < best) {
                    best = v;
                    bi = j;
                }
            }
            return bi;
        }
        for (int j = 1; j < n; j++) {
            double v = Elements.getD(in, base + j * st);
            if (v != v) return j;
            if (max ? v > best : v < best) {
                best = v;
                bi = j;
            }
        }
        return bi;
    }

    private static int argL(boolean max, Object in, int base, int st, int n) {
        long best = Elements.getL(in, base);
        int bi = 0;
        for (int j = 1; j < n; j++) {
            long v = Elements.getL(in, base + j * st);
            if (max ? v > best : v < best) {
                best = v;
                bi = j;
            }
        }
        return bi;
    }

    // ------------------------------------------------------------------ op algebra

    static double identityD(ReduceOp op) {
        return switch (op) {
            case SUM, ANY -> 0;
            case PROD, ALL -> 1;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
        };
    }

    static long identityL(ReduceOp op) {
        return switch (op) {
            case SUM, ANY -> 0;
            case PROD, ALL -> 1;
            case MAX -> Long.MIN_VALUE;
            case MIN -> Long.MAX_VALUE;
        };
    }

    static double combineD(ReduceOp op, double a, double b) {
        return switch (op) {
            case SUM -> a + b;
            case PROD -> a * b;
            case MAX -> Math.max(a, b); // propagates NaN
            case MIN -> Math.min(a, b);
            case ALL -> a != 0 && b != 0 ? 1 : 0;
            case ANY -> a != 0 || b != 0 ? 1 : 0;
        };
    }

    static long combineL(ReduceOp op, long a, long b) {
        return switch (op) {
            case SUM -> a + b;
            case PROD -> a * b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case ALL -> a != 0 && b != 0 ? 1 : 0;
            case ANY -> a != 0 || b != 0 ? 1 : 0;
        };
    }

    // ------------------------------------------------------------------ dims

    /** Dims of {@code x} from the densest (smallest |stride|) out, ties by output stride. */
    private static int[] byStride(Layout x, Layout out) {
        int nd = x.dim();
        int[] order = new int[nd];
        for (int i = 0; i < nd; i++) order[i] = nd - 1 - i;
        for (int i = 1; i < nd; i++) { // insertion sort: ranks are small
            int d = order[i], j = i - 1;
            while (j >= 0 && denser(x, out, d, order[j])) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = d;
        }
        return order;
    }

    private static boolean denser(Layout x, Layout out, int a, int b) {
        int sa = Math.abs(x.strides()[a]), sb = Math.abs(x.strides()[b]);
        if (sa != sb) return sa < sb;
        return Math.abs(out.strides()[a]) < Math.abs(out.strides()[b]);
    }

    /**
     * A group of dims, innermost (densest) first, merged where one steps over the other exactly
     * in both the input ({@code xs}) and output ({@code ys}) strides.
     */
    static final class Dims {
        final int[] sizes, xs, ys;
        int count;

        Dims(int capacity) {
            sizes = new int[capacity];
            xs = new int[capacity];
            ys = new int[capacity];
        }

        void add(int size, int sx, int sy) {
            int k = count - 1;
            if (k >= 0 && sx == xs[k] * sizes[k] && sy == ys[k] * sizes[k]) {
                sizes[k] *= size;
                return;
            }
            sizes[count] = size;
            xs[count] = sx;
            ys[count] = sy;
            count++;
        }

        int numel() {
            int n = 1;
            for (int i = 0; i < count; i++) n *= sizes[i];
            return n;
        }

        /** Input offset of the {@code i}-th element, innermost dim fastest. */
        int offsetX(int i) {
            int off = 0;
            for (int d = 0; d < count; d++) {
                off += (i % sizes[d]) * xs[d];
                i /= sizes[d];
            }
            return off;
        }

        int offsetY(int i) {
            int off = 0;
            for (int d = 0; d < count; d++) {
                off += (i % sizes[d]) * ys[d];
                i /= sizes[d];
            }
            return off;
        }

        /** Input offset of the {@code r}-th row: dims past the first. */
        int offsetXSkipFirst(int r) {
            int off = 0;
            for (int d = 1; d < count; d++) {
                off += (r % sizes[d]) * xs[d];
                r /= sizes[d];
            }
            return off;
        }

        int offsetYSkipFirst(int r) {
            int off = 0;
            for (int d = 1; d < count; d++) {
                off += (r % sizes[d]) * ys[d];
                r /= sizes[d];
            }
            return off;
        }
    }
}

package torch4j.backend.cpu;

import torch4j.Tensor;
import torch4j.backend.IndexKernels;

/**
 * CPU index kernels. Each walks its operands' strides row by row, works out where every element
 * comes from and goes to as storage positions, and moves the elements with one typed loop per row
 * ({@link #move}, {@link #addMove}), so the per-element work has no dtype dispatch. Kernels whose
 * writes may collide (scatter, scatter-add, masked ops) or whose output order matters run on the
 * calling thread; index-select, index-add and gather split rows over the pool.
 */
final class CpuIndex implements IndexKernels {
    static final CpuIndex INSTANCE = new CpuIndex();

    private CpuIndex() {}

    // ------------------------------------------------------------------ index_select / index_add

    @Override
    public void indexSelect(Tensor x, int dim, Tensor index, Tensor out) {
        int size = x.layout().size(dim);
        int[] idx = readIndex(index, dim, size);
        int xsd = x.layout().stride(dim), osd = out.layout().stride(dim);
        Object xd = x.storage().data(), od = out.storage().data();
        int[] rest = drop(x.layout().shape(), dim);
        int[] xs = drop(x.layout().strides(), dim), os = drop(out.layout().strides(), dim);
        int restNumel = torch4j.Layout.numel(rest);
        if (restNumel == 0 || idx.length == 0) return;
        if (restNumel < StridedLoop.GRAIN && (long) restNumel * idx.length >= StridedLoop.GRAIN) {
            // Few elements per index but many indices (an embedding lookup): split the indices.
            Parallel.forRange(idx.length, Math.max(1, StridedLoop.GRAIN / restNumel), (lo, hi) ->
                    StridedLoop.run(rest, xs, x.layout().offset(), os, out.layout().offset(), null, 0,
                            (o0, s0, o1, s1, o2, s2, n) -> {
                                for (int j = lo; j < hi; j++) copyRun(xd, o0 + idx[j] * xsd, s0, od, o1 + j * osd, s1, n);
                            }));
            return;
        }
        StridedLoop.run(rest, xs, x.layout().offset(), os, out.layout().offset(), null, 0, (o0, s0, o1, s1, o2, s2, n) -> {
            for (int j = 0; j < idx.length; j++) copyRun(xd, o0 + idx[j] * xsd, s0, od, o1 + j * osd, s1, n);
        });
    }

    @Override
    public void indexAdd(Tensor out, int dim, Tensor index, Tensor src) {
        int[] idx = readIndex(index, dim, out.layout().size(dim));
        boolean isBool = out.dtype() == torch4j.DType.BOOL;
        int ssd = src.layout().stride(dim), osd = out.layout().stride(dim);
        Object sd = src.storage().data(), od = out.storage().data();
        int[] rest = drop(src.layout().shape(), dim);
        // Rows are split over threads by rest position only, so repeated indices never race.
        StridedLoop.run(rest, drop(src.layout().strides(), dim), src.layout().offset(), drop(out.layout().strides(), dim),
                out.layout().offset(), null, 0, (o0, s0, o1, s1, o2, s2, n) -> {
                    int[] sp = new int[n], dp = new int[n];
                    for (int j = 0; j < idx.length; j++) {
                        for (int i = 0; i < n; i++) {
                            sp[i] = o0 + j * ssd + i * s0;
                            dp[i] = o1 + idx[j] * osd + i * s1;
                        }
                        addMove(sd, sp, od, dp, n, isBool);
                    }
                });
    }

    // ------------------------------------------------------------------ gather / scatter

    @Override
    public void gather(Tensor x, int dim, Tensor index, Tensor out) {
        int size = x.layout().size(dim), xsd = x.layout().stride(dim);
        int[] xs = x.layout().strides().clone();
        xs[dim] = 0; // the index supplies the position along dim
        Object xd = x.storage().data(), od = out.storage().data(), id = index.storage().data();
        StridedLoop.run(index.layout().shape(), index.layout().strides(), index.layout().offset(), out.layout().strides(),
                out.layout().offset(), xs, x.layout().offset(), (o0, s0, o1, s1, o2, s2, n) -> {
                    int[] sp = new int[n], dp = new int[n];
                    for (int i = 0; i < n; i++) {
                        sp[i] = o2 + i * s2 + checked(indexAt(id, o0 + i * s0), dim, size) * xsd;
                        dp[i] = o1 + i * s1;
                    }
                    move(xd, sp, od, dp, n);
                });
    }

    @Override
    public void scatter(Tensor out, int dim, Tensor index, Tensor src, boolean add) {
        int size = out.layout().size(dim), osd = out.layout().stride(dim);
        int[] os = out.layout().strides().clone();
        os[dim] = 0;
        Object od = out.storage().data(), sd = src.storage().data(), id = index.storage().data();
        boolean isBool = out.dtype() == torch4j.DType.BOOL;
        // Serial: two index entries may name the same element of out.
        serial(index.layout().shape(), index.layout().strides(), index.layout().offset(), src.layout().strides(),
                src.layout().offset(), os, out.layout().offset(), (o0, s0, o1, s1, o2, s2, n) -> {
                    int[] sp = new int[n], dp = new int[n];
                    for (int i = 0; i < n; i++) {
                        sp[i] = o1 + i * s1;
                        dp[i] = o2 + i * s2 + checked(indexAt(id, o0 + i * s0), dim, size) * osd;
                    }
                    if (add) addMove(sd, sp, od, dp, n, isBool);
                    else move(sd, sp, od, dp, n);
                });
    }

    @Override
    public void scatterFill(Tensor out, int dim, Tensor index, double value) {
        int size = out.layout().size(dim), osd = out.layout().stride(dim);
        int[] os = out.layout().strides().clone();
        os[dim] = 0;
        Object od = out.storage().data(), id = index.storage().data();
        boolean isBool = out.dtype() == torch4j.DType.BOOL;
        serial(index.layout().shape(), index.layout().strides(), index.layout().offset(), os, out.layout().offset(), null, 0,
                (o0, s0, o1, s1, o2, s2, n) -> {
                    for (int i = 0; i < n; i++) {
                        int p = o1 + i * s1 + checked(indexAt(id, o0 + i * s0), dim, size) * osd;
                        Elements.setD(od, p, value, isBool);
                    }
                });
    }

    // ------------------------------------------------------------------ masks

    @Override
    public int countNonzero(Tensor x) {
        Object xd = x.storage().data();
        int[] count = {0};
        serial(x.layout().shape(), x.layout().strides(), x.layout().offset(), null, 0, null, 0, (o0, s0, o1, s1, o2, s2, n) -> {
            int c = 0;
            for (int i = 0; i < n; i++) {
                if (Elements.getD(xd, o0 + i * s0) != 0) c++;
            }
            count[0] += c;
        });
        return count[0];
    }

    @Override
    public void maskedSelect(Tensor x, Tensor mask, Tensor out) {
        byte[] md = mask.storage().bytes();
        Object xd = x.storage().data(), od = out.storage().data();
        int os = out.layout().stride(0);
        int[] written = {out.layout().offset()};
        serial(x.layout().shape(), x.layout().strides(), x.layout().offset(), mask.layout().strides(), mask.layout().offset(),
                null, 0, (o0, s0, o1, s1, o2, s2, n) -> {
                    int[] sp = new int[n], dp = new int[n];
                    int c = 0;
                    for (int i = 0; i < n; i++) {
                        if (md[o1 + i * s1] != 0) {
                            sp[c] = o0 + i * s0;
                            dp[c] = written[0] + c * os;
                            c++;
                        }
                    }
                    move(xd, sp, od, dp, c);
                    written[0] += c * os;
                });
    }

    @Override
    public void maskedScatter(Tensor out, Tensor mask, Tensor source) {
        byte[] md = mask.storage().bytes();
        Object od = out.storage().data(), sd = source.storage().data();
        int[] srcPos = rowMajorPositions(source);
        int[] taken = {0};
        serial(out.layout().shape(), out.layout().strides(), out.layout().offset(), mask.layout().strides(),
                mask.layout().offset(), null, 0, (o0, s0, o1, s1, o2, s2, n) -> {
                    int[] sp = new int[n], dp = new int[n];
                    int c = 0;
                    for (int i = 0; i < n; i++) {
                        if (md[o1 + i * s1] != 0) {
                            if (taken[0] + c >= srcPos.length) {
                                throw new IllegalArgumentException("Number of elements of source < number of ones in mask");
                            }
                            sp[c] = srcPos[taken[0] + c];
                            dp[c] = o0 + i * s0;
                            c++;
                        }
                    }
                    move(sd, sp, od, dp, c);
                    taken[0] += c;
                });
    }

    @Override
    public void nonzero(Tensor x, Tensor out) {
        int[] shape = x.layout().shape(), st = x.layout().strides();
        int nd = shape.length;
        Object xd = x.storage().data();
        long[] o = out.storage().longs();
        int w = out.layout().offset();
        if (x.numel() == 0) return;
        int[] coord = new int[nd];
        int pos = x.layout().offset();
        for (int e = 0, total = x.numel(); e < total; e++) {
            if (Elements.getD(xd, pos) != 0) {
                for (int d = 0; d < nd; d++) o[w++] = coord[d];
            }
            for (int d = nd - 1; d >= 0; d--) {
                if (++coord[d] < shape[d]) {
                    pos += st[d];
                    break;
                }
                pos -= st[d] * (shape[d] - 1);
                coord[d] = 0;
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Walks {@code shape} in row-major order on the calling thread, the innermost dim as the row
     * (the same callback as {@link StridedLoop}, for kernels whose order or writes forbid splitting).
     */
    private static void serial(int[] shape, int[] st0, int off0, int[] st1, int off1, int[] st2, int off2, StridedLoop.Row row) {
        int nd = shape.length;
        if (torch4j.Layout.numel(shape) == 0) return;
        if (nd == 0) {
            row.run(off0, 0, off1, 0, off2, 0, 1);
            return;
        }
        int last = nd - 1, n = shape[last];
        int s0 = st0[last], s1 = st1 == null ? 0 : st1[last], s2 = st2 == null ? 0 : st2[last];
        int[] coord = new int[last];
        int o0 = off0, o1 = off1, o2 = off2;
        while (true) {
            row.run(o0, s0, o1, s1, o2, s2, n);
            int d = last - 1;
            for (; d >= 0; d--) {
                if (++coord[d] < shape[d]) {
                    o0 += st0[d];
                    if (st1 != null) o1 += st1[d];
                    if (st2 != null) o2 += st2[d];
                    break;
                }
                o0 -= st0[d] * (shape[d] - 1);
                if (st1 != null) o1 -= st1[d] * (shape[d] - 1);
                if (st2 != null) o2 -= st2[d] * (shape[d] - 1);
                coord[d] = 0;
            }
            if (d < 0) return;
        }
    }

    /** Storage positions of all elements of {@code t} in row-major order. */
    private static int[] rowMajorPositions(Tensor t) {
        int[] pos = new int[t.numel()];
        int[] w = {0};
        serial(t.layout().shape(), t.layout().strides(), t.layout().offset(), null, 0, null, 0, (o0, s0, o1, s1, o2, s2, n) -> {
            for (int i = 0; i < n; i++) pos[w[0]++] = o0 + i * s0;
        });
        return pos;
    }

    /** A 1-D (or 0-d) index as ints, each checked against {@code size} with index_select's message. */
    private static int[] readIndex(Tensor index, int dim, int size) {
        Object id = index.storage().data();
        int n = index.numel();
        int st = index.dim() == 0 ? 0 : index.layout().stride(0), off = index.layout().offset();
        int[] idx = new int[n];
        for (int j = 0; j < n; j++) {
            long v = indexAt(id, off + j * st);
            if (v < 0 || v >= size) {
                throw new IndexOutOfBoundsException("index out of range in self: index " + v
                        + " is out of bounds for dimension " + dim + " with size " + size);
            }
            idx[j] = (int) v;
        }
        return idx;
    }

    private static long indexAt(Object arr, int p) {
        return arr instanceof long[] l ? l[p] : ((int[]) arr)[p];
    }

    private static int checked(long v, int dim, int size) {
        if (v < 0 || v >= size) {
            throw new IndexOutOfBoundsException("index " + v + " is out of bounds for dimension " + dim + " with size " + size);
        }
        return (int) v;
    }

    private static int[] drop(int[] a, int i) {
        int[] r = new int[a.length - 1];
        System.arraycopy(a, 0, r, 0, i);
        System.arraycopy(a, i + 1, r, i, a.length - i - 1);
        return r;
    }

    /** Copies {@code n} elements between two strided runs of the same array type. */
    private static void copyRun(Object src, int so, int ss, Object dst, int dof, int ds, int n) {
        if (ss == 1 && ds == 1) {
            System.arraycopy(src, so, dst, dof, n);
        } else if (src instanceof float[] s) {
            float[] d = (float[]) dst;
            for (int i = 0; i < n; i++) d[dof + i * ds] = s[so + i * ss];
        } else if (src instanceof double[] s) {
            double[] d = (double[]) dst;
            for (int i = 0; i < n; i++) d[dof + i * ds] = s[so + i * ss];
        } else if (src instanceof long[] s) {
            long[] d = (long[]) dst;
            for (int i = 0; i < n; i++) d[dof + i * ds] = s[so + i * ss];
        } else if (src instanceof int[] s) {
            int[] d = (int[]) dst;
            for (int i = 0; i < n; i++) d[dof + i * ds] = s[so + i * ss];
        } else {
            byte[] s = (byte[]) src, d = (byte[]) dst;
            for (int i = 0; i < n; i++) d[dof + i * ds] = s[so + i * ss];
        }
    }

    /** {@code dst[dp[i]] = src[sp[i]]} for {@code i < n}. */
    private static void move(Object src, int[] sp, Object dst, int[] dp, int n) {
        if (src instanceof float[] s) {
            float[] d = (float[]) dst;
            for (int i = 0; i < n; i++) d[dp[i]] = s[sp[i]];
        } else if (src instanceof double[] s) {
            double[] d = (double[]) dst;
            for (int i = 0; i < n; i++) d[dp[i]] = s[sp[i]];
        } else if (src instanceof long[] s) {
            long[] d = (long[]) dst;
            for (int i = 0; i < n; i++) d[dp[i]] = s[sp[i]];
        } else if (src instanceof int[] s) {
            int[] d = (int[]) dst;
            for (int i = 0; i < n; i++) d[dp[i]] = s[sp[i]];
        } else {
            byte[] s = (byte[]) src, d = (byte[]) dst;
            for (int i = 0; i < n; i++) d[dp[i]] = s[sp[i]];
        }
    }

    /** {@code dst[dp[i]] += src[sp[i]]} for {@code i < n}, in order (repeated targets accumulate; bool adds as or). */
    private static void addMove(Object src, int[] sp, Object dst, int[] dp, int n, boolean isBool) {
        if (src instanceof float[] s) {
            float[] d = (float[]) dst;
            for (int i = 0; i < n; i++) d[dp[i]] += s[sp[i]];
        } else if (src instanceof double[] s) {
            double[] d = (double[]) dst;
            for (int i = 0; i < n; i++) d[dp[i]] += s[sp[i]];
        } else if (src instanceof long[] s) {
            long[] d = (long[]) dst;
            for (int i = 0; i < n; i++) d[dp[i]] += s[sp[i]];
        } else if (src instanceof int[] s) {
            int[] d = (int[]) dst;
            for (int i = 0; i < n; i++) d[dp[i]] += s[sp[i]];
        } else {
            byte[] s = (byte[]) src, d = (byte[]) dst;
            if (isBool) {
                for (int i = 0; i < n; i++) d[dp[i]] |= s[sp[i]];
            } else {
                for (int i = 0; i < n; i++) d[dp[i]] += s[sp[i]]; // uint8 wraps, as in PyTorch
            }
        }
    }
}

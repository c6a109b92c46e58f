package torch4j.backend.cpu;

import torch4j.Layout;

/**
 * Walks up to three same-shaped strided operands row by row, after merging dims that are laid out
 * back to back in every operand (so a contiguous tensor is one long row and a broadcast row is a
 * stride-0 row). Large loops are split over the shared pool by rows or, for a single row, by
 * ranges of it. The common case, a contiguous output with contiguous or scalar operands, is
 * recognised first ({@link #flatStride}) and costs no allocation.
 */
final class StridedLoop {
    /** One innermost row: {@code n} elements starting at the offsets, stepping by the strides. */
    @FunctionalInterface
    interface Row {
        void run(int o0, int s0, int o1, int s1, int o2, int s2, int n);
    }

    /** Elements below which a loop stays on the calling thread. */
    static final int GRAIN = 1 << 15;

    private StridedLoop() {}

    /**
     * How {@code layout} can be walked as one flat row: 1 when it is contiguous, 0 when every
     * element is the same one (a broadcast scalar), -1 otherwise.
     */
    static int flatStride(Layout layout) {
        if (layout.isContiguous()) return 1;
        int[] shape = layout.shape(), strides = layout.strides();
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] != 1 && strides[d] != 0) return -1;
        }
        return 0;
    }

    /** {@link #flatStride} of bare strides over {@code shape}; null strides (an unused operand) count as 0. */
    private static int flatStride(int[] shape, int[] strides) {
        if (strides == null) return 0;
        int expected = 1;
        boolean contiguous = true, zero = true;
        for (int d = shape.length - 1; d >= 0; d--) {
            int s = shape[d];
            if (s == 1) continue;
            contiguous &= strides[d] == expected;
            zero &= strides[d] == 0;
            expected *= s;
        }
        return contiguous ? 1 : zero ? 0 : -1;
    }

    /** Runs {@code row} over all elements; unused operands pass null strides. */
    static void run(int[] shape, int[] st0, int off0, int[] st1, int off1, int[] st2, int off2, Row row) {
        int nd = shape.length;
        int f0 = flatStride(shape, st0), f1 = flatStride(shape, st1), f2 = flatStride(shape, st2);
        if (f0 == 1 && f1 >= 0 && f2 >= 0) {
            // One row over all elements, with no coalescing arrays to build.
            int numel = Layout.numel(shape);
            if (numel == 0) return;
            if (numel < GRAIN) row.run(off0, f0, off1, f1, off2, f2, numel);
            else Parallel.forRange(numel, GRAIN, (lo, hi) -> row.run(off0 + lo * f0, f0, off1 + lo * f1, f1, off2 + lo * f2, f2, hi - lo));
            return;
        }
        int[] sh = new int[nd];
        int[] a = new int[nd], b = new int[nd], c = new int[nd];
        int k = 0;
        long numel = 1;
        // Coalesce from the innermost dim outwards, dropping size-1 dims.
        for (int d = nd - 1; d >= 0; d--) {
            int s = shape[d];
            numel *= s;
            if (s == 1) continue;
            int sa = st0[d], sb = st1 == null ? 0 : st1[d], sc = st2 == null ? 0 : st2[d];
            if (k > 0 && sa == a[k - 1] * sh[k - 1] && sb == b[k - 1] * sh[k - 1] && sc == c[k - 1] * sh[k - 1]) {
                sh[k - 1] *= s;
            } else {
                sh[k] = s;
                a[k] = sa;
                b[k] = sb;
                c[k] = sc;
                k++;
            }
        }
        if (numel == 0) return;
        if (k == 0) { // a single element
            row.run(off0, 0, off1, 0, off2, 0, 1);
            return;
        }
        // Dims are now innermost-first: index 0 is the row.
        int n = sh[0];
        int rows = (int) (numel / n);
        if (rows == 1) {
            int s0 = a[0], s1 = b[0], s2 = c[0];
            if (numel < GRAIN) {
                row.run(off0, s0, off1, s1, off2, s2, n);
            } else {
                Parallel.forRange(n, GRAIN, (lo, hi) -> row.run(off0 + lo * s0, s0, off1 + lo * s1, s1, off2 + lo * s2, s2, hi - lo));
            }
            return;
        }
        final int dims = k;
        Parallel.RangeBody body = (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int rem = r, o0 = off0, o1 = off1, o2 = off2;
                for (int d = 1; d < dims; d++) {
                    int i = rem % sh[d];
                    rem /= sh[d];
                    o0 += i * a[d];
                    o1 += i * b[d];
                    o2 += i * c[d];
                }
                row.run(o0, a[0], o1, b[0], o2, c[0], n);
            }
        };
        if (numel < GRAIN) body.run(0, rows);
        else Parallel.forRange(rows, Math.max(1, GRAIN / n), body);
    }
}

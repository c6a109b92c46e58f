package torch4j.backend.cpu;

import torch4j.backend.ReduceOp;

/**
 * The inner loops of the reductions: fold one strided run of elements into a value ({@code row})
 * or into a vector of accumulators ({@code acc}). Float and double sums have dedicated unrolled
 * loops; the other ops and dtypes go through {@link Elements} with the op chosen outside the loop.
 */
final class Folds {
    private Folds() {}

    /** {@code op} over {@code n} elements of a float or double array, in double. */
    static double rowD(ReduceOp op, Object in, int off, int st, int n) {
        if (op == ReduceOp.SUM) {
            if (in instanceof float[] a) return st == 1 ? FloatLoops.FAST.sum(a, off, n) : sumF(a, off, st, n);
            if (in instanceof double[] a) return st == 1 ? sumD(a, off, n) : sumD(a, off, st, n);
        }
        double acc = CpuReduce.identityD(op);
        switch (op) {
            case SUM -> {
                for (int j = 0; j < n; j++) acc += Elements.getD(in, off + j * st);
            }
            case PROD -> {
                for (int j = 0; j < n; j++) acc *= Elements.getD(in, off + j * st);
            }
            case MAX -> {
                if (in instanceof float[] a) {
                    for (int j = 0; j < n; j++) acc = Math.max(acc, a[off + j * st]);
                } else {
                    for (int j = 0; j < n; j++) acc = Math.max(acc, Elements.getD(in, off + j * st));
                }
            }
            case MIN -> {
                if (in instanceof float[] a) {
                    for (int j = 0; j < n; j++) acc = Math.min(acc, a[off + j * st]);
                } else {
                    for (int j = 0; j < n; j++) acc = Math.min(acc, Elements.getD(in, off + j * st));
                }
            }
            case ALL -> {
                for (int j = 0; j < n; j++) if (Elements.getD(in, off + j * st) == 0) return 0;
            }
            case ANY -> {
                for (int j = 0; j < n; j++) if (Elements.getD(in, off + j * st) != 0) return 1; // NaN is non-zero
            }
        }
        return acc;
    }

    /** {@code op} over {@code n} elements of an integer or bool array, in long. */
    static long rowL(ReduceOp op, Object in, int off, int st, int n) {
        long acc = CpuReduce.identityL(op);
        switch (op) {
            case SUM -> {
                if (in instanceof long[] a) {
                    for (int j = 0; j < n; j++) acc += a[off + j * st];
                } else if (in instanceof byte[] a) {
                    for (int j = 0; j < n; j++) acc += a[off + j * st] & 0xFF;
                } else {
                    for (int j = 0; j < n; j++) acc += Elements.getL(in, off + j * st);
                }
            }
            case PROD -> {
                for (int j = 0; j < n; j++) acc *= Elements.getL(in, off + j * st);
            }
            case MAX -> {
                for (int j = 0; j < n; j++) acc = Math.max(acc, Elements.getL(in, off + j * st));
            }
            case MIN -> {
                for (int j = 0; j < n; j++) acc = Math.min(acc, Elements.getL(in, off + j * st));
            }
            case ALL -> {
                for (int j = 0; j < n; j++) if (Elements.getL(in, off + j * st) == 0) return 0;
            }
            case ANY -> {
                for (int j = 0; j < n; j++) if (Elements.getL(in, off + j * st) != 0) return 1;
            }
        }
        return acc;
    }

    /** {@code acc[c] = op(acc[c], in[off + c * st])} for {@code c < n}: one input row into the output vector. */
    static void accD(ReduceOp op, Object in, int off, int st, double[] acc, int n) {
        if (op == ReduceOp.SUM && in instanceof float[] a) {
            if (st == 1) {
                FloatLoops.FAST.accumulate(a, off, acc, n);
            } else {
                for (int c = 0; c < n; c++) acc[c] += a[off + c * st];
            }
            return;
        }
        if (op == ReduceOp.SUM && in instanceof double[] a) {
            for (int c = 0; c < n; c++) acc[c] += a[off + c * st];
            return;
        }
        for (int c = 0; c < n; c++) acc[c] = CpuReduce.combineD(op, acc[c], Elements.getD(in, off + c * st));
    }

    static void accL(ReduceOp op, Object in, int off, int st, long[] acc, int n) {
        if (op == ReduceOp.SUM && in instanceof long[] a) {
            for (int c = 0; c < n; c++) acc[c] += a[off + c * st];
            return;
        }
        for (int c = 0; c < n; c++) acc[c] = CpuReduce.combineL(op, acc[c], Elements.getL(in, off + c * st));
    }

    private static double sumF(float[] a, int off, int st, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) s += a[off + j * st];
        return s;
    }

    // Four accumulators break the add dependency chain (and sum pairwise-ish for accuracy).
    private static double sumD(double[] a, int off, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += a[off + j];
            s1 += a[off + j + 1];
            s2 += a[off + j + 2];
            s3 += a[off + j + 3];
        }
        for (; j < n; j++) s0 += a[off + j];
        return (s0 + s1) + (s2 + s3);
    }

    private static double sumD(double[] a, int off, int st, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) s += a[off + j * st];
        return s;
    }
}

package torch4j.backend.cpu;

import torch4j.DType;
import torch4j.Layout;
import torch4j.Tensor;
import torch4j.backend.BinaryOp;
import torch4j.backend.ElementwiseKernels;
import torch4j.backend.OptimizerScalars;
import torch4j.backend.TernaryOp;
import torch4j.backend.UnaryOp;

/**
 * CPU element-wise kernels: the hot float32 cases (contiguous output, contiguous or scalar
 * operands) go straight to {@link FloatLoops#FAST}, split over the pool when large; strided float32
 * goes row by row through {@link StridedLoop}, as do float32 comparisons into bool, float64
 * ({@link DoubleLoops}), bool masks and the common casts, each with typed loops; the remaining
 * dtype and op pairs take a generic loop in double or long arithmetic.
 */
final class CpuElementwise implements ElementwiseKernels {
    static final CpuElementwise INSTANCE = new CpuElementwise();

    private CpuElementwise() {}

    @Override
    public void copy(Tensor src, Tensor dst) {
        Layout s = src.layout(), d = dst.layout();
        Object in = src.storage().data(), out = dst.storage().data();
        DType sd = src.dtype(), dd = dst.dtype();
        boolean toBool = dd == DType.BOOL;
        if (sd == dd || (sd == DType.BOOL && dd == DType.UINT8)) {
            StridedLoop.run(d.shape(), d.strides(), d.offset(), s.strides(), s.offset(), null, 0,
                    (o0, s0, o1, s1, o2, s2, n) -> copySame(in, o1, s1, out, o0, s0, n));
        } else if (!sd.isFloatingPoint() && !dd.isFloatingPoint()) {
            StridedLoop.run(d.shape(), d.strides(), d.offset(), s.strides(), s.offset(), null, 0, (o0, s0, o1, s1, o2, s2, n) -> {
                for (int j = 0; j < n; j++) Elements.setL(out, o0 + j * s0, Elements.getL(in, o1 + j * s1), toBool);
            });
        } else if (castRow(in, 0, 0, out, 0, 0, 0)) {
            StridedLoop.run(d.shape(), d.strides(), d.offset(), s.strides(), s.offset(), null, 0,
                    (o0, s0, o1, s1, o2, s2, n) -> castRow(in, o1, s1, out, o0, s0, n));
        } else {
            StridedLoop.run(d.shape(), d.strides(), d.offset(), s.strides(), s.offset(), null, 0, (o0, s0, o1, s1, o2, s2, n) -> {
                for (int j = 0; j < n; j++) {
                    double v = Elements.getD(in, o1 + j * s1);
                    if (!toBool && !dd.isFloatingPoint() && Double.isNaN(v)) v = 0; // NaN casts to 0, as in C
                    Elements.setD(out, o0 + j * s0, v, toBool);
                }
            });
        }
    }

    /**
     * The casts autograd and the losses run every step (a bool mask or int64 targets to float,
     * float32 to and from float64) as typed loops; returns false, doing nothing, for other pairs,
     * which take the generic path. Bool arrays hold 0 or 1, so they read as uint8.
     */
    private static boolean castRow(Object in, int io, int is, Object out, int oo, int os, int n) {
        if (out instanceof float[] o) {
            if (in instanceof byte[] a) {
                for (int j = 0; j < n; j++) o[oo + j * os] = a[io + j * is] & 0xFF;
            } else if (in instanceof double[] a) {
                for (int j = 0; j < n; j++) o[oo + j * os] = (float) a[io + j * is];
            } else if (in instanceof long[] a) {
                for (int j = 0; j < n; j++) o[oo + j * os] = a[io + j * is];
            } else if (in instanceof int[] a) {
                for (int j = 0; j < n; j++) o[oo + j * os] = a[io + j * is];
            } else {
                return false;
            }
            return true;
        }
        if (out instanceof double[] o) {
            if (in instanceof float[] a) {
                for (int j = 0; j < n; j++) o[oo + j * os] = a[io + j * is];
            } else if (in instanceof byte[] a) {
                for (int j = 0; j < n; j++) o[oo + j * os] = a[io + j * is] & 0xFF;
            } else if (in instanceof long[] a) {
                for (int j = 0; j < n; j++) o[oo + j * os] = a[io + j * is];
            } else {
                return false;
            }
            return true;
        }
        return false;
    }

    private static void copySame(Object in, int io, int is, Object out, int oo, int os, int n) {
        if (is == 1 && os == 1) {
            System.arraycopy(in, io, out, oo, n);
            return;
        }
        if (in instanceof float[] a) {
            float[] o = (float[]) out;
            for (int j = 0; j < n; j++) o[oo + j * os] = a[io + j * is];
        } else if (in instanceof double[] a) {
            double[] o = (double[]) out;
            for (int j = 0; j < n; j++) o[oo + j * os] = a[io + j * is];
        } else if (in instanceof long[] a) {
            long[] o = (long[]) out;
            for (int j = 0; j < n; j++) o[oo + j * os] = a[io + j * is];
        } else if (in instanceof int[] a) {
            int[] o = (int[]) out;
            for (int j = 0; j < n; j++) o[oo + j * os] = a[io + j * is];
        } else {
            byte[] a = (byte[]) in, o = (byte[]) out;
            for (int j = 0; j < n; j++) o[oo + j * os] = a[io + j * is];
        }
    }

    @Override
    public void fill(Tensor dst, double value) {
        Layout d = dst.layout();
        Object out = dst.storage().data();
        boolean isBool = dst.dtype() == DType.BOOL;
        StridedLoop.run(d.shape(), d.strides(), d.offset(), null, 0, null, 0, (o0, s0, o1, s1, o2, s2, n) -> {
            if (out instanceof float[] f && s0 == 1) {
                java.util.Arrays.fill(f, o0, o0 + n, (float) value);
            } else if (out instanceof double[] f && s0 == 1) {
                java.util.Arrays.fill(f, o0, o0 + n, value);
            } else {
                for (int j = 0; j < n; j++) Elements.setD(out, o0 + j * s0, value, isBool);
            }
        });
    }

    @Override
    public void fill(Tensor dst, long value) {
        if (dst.dtype().isFloatingPoint()) {
            fill(dst, (double) value);
            return;
        }
        Layout d = dst.layout();
        Object out = dst.storage().data();
        boolean isBool = dst.dtype() == DType.BOOL;
        StridedLoop.run(d.shape(), d.strides(), d.offset(), null, 0, null, 0, (o0, s0, o1, s1, o2, s2, n) -> {
            for (int j = 0; j < n; j++) Elements.setL(out, o0 + j * s0, value, isBool);
        });
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        Layout lx = x.layout(), lo = out.layout();
        Object in = x.storage().data(), o = out.storage().data();
        boolean isBool = out.dtype() == DType.BOOL;
        if (in instanceof float[] a && o instanceof float[] r) {
            if (lo.isContiguous() && lx.isContiguous()) {
                int n = lo.numel(), ox = lx.offset(), oo = lo.offset();
                if (n < StridedLoop.GRAIN) FloatLoops.FAST.unary(op, a, ox, r, oo, n);
                else Parallel.forRange(n, StridedLoop.GRAIN, (lo0, hi) -> FloatLoops.FAST.unary(op, a, ox + lo0, r, oo + lo0, hi - lo0));
                return;
            }
            StridedLoop.run(lo.shape(), lo.strides(), lo.offset(), lx.strides(), lx.offset(), null, 0,
                    (o0, s0, o1, s1, o2, s2, n) -> FloatLoops.strided(op, a, o1, s1, r, o0, s0, n));
        } else if (in instanceof double[] a && o instanceof double[] r) {
            StridedLoop.run(lo.shape(), lo.strides(), lo.offset(), lx.strides(), lx.offset(), null, 0,
                    (o0, s0, o1, s1, o2, s2, n) -> DoubleLoops.unary(op, a, o1, s1, r, o0, s0, n));
        } else if (in instanceof float[] a && o instanceof byte[] r) {
            StridedLoop.run(lo.shape(), lo.strides(), lo.offset(), lx.strides(), lx.offset(), null, 0,
                    (o0, s0, o1, s1, o2, s2, n) -> floatPredicate(op, a, o1, s1, r, o0, s0, n));
        } else if (in instanceof byte[] a && o instanceof byte[] r && op == UnaryOp.LOGICAL_NOT) {
            StridedLoop.run(lo.shape(), lo.strides(), lo.offset(), lx.strides(), lx.offset(), null, 0, (o0, s0, o1, s1, o2, s2, n) -> {
                for (int j = 0; j < n; j++) r[o0 + j * s0] = a[o1 + j * s1] == 0 ? (byte) 1 : 0;
            });
        } else if (x.dtype().isFloatingPoint()) {
            StridedLoop.run(lo.shape(), lo.strides(), lo.offset(), lx.strides(), lx.offset(), null, 0, (o0, s0, o1, s1, o2, s2, n) -> {
                for (int j = 0; j < n; j++) Elements.setD(o, o0 + j * s0, op.apply(Elements.getD(in, o1 + j * s1)), isBool);
            });
        } else {
            StridedLoop.run(lo.shape(), lo.strides(), lo.offset(), lx.strides(), lx.offset(), null, 0, (o0, s0, o1, s1, o2, s2, n) -> {
                for (int j = 0; j < n; j++) Elements.setL(o, o0 + j * s0, op.apply(Elements.getL(in, o1 + j * s1)), isBool);
            });
        }
    }

    /** {@code r[o0 + j*s0] = op(a[o1 + j*s1])} for the float predicates (isnan, isinf, isfinite, logical not). */
    private static void floatPredicate(UnaryOp op, float[] a, int o1, int s1, byte[] r, int o0, int s0, int n) {
        switch (op) {
            case ISNAN: for (int j = 0; j < n; j++) r[o0 + j * s0] = Float.isNaN(a[o1 + j * s1]) ? (byte) 1 : 0; return;
            case ISINF: for (int j = 0; j < n; j++) r[o0 + j * s0] = Float.isInfinite(a[o1 + j * s1]) ? (byte) 1 : 0; return;
            case ISFINITE: for (int j = 0; j < n; j++) r[o0 + j * s0] = Float.isFinite(a[o1 + j * s1]) ? (byte) 1 : 0; return;
            default: for (int j = 0; j < n; j++) r[o0 + j * s0] = op.apply((double) a[o1 + j * s1]) != 0 ? (byte) 1 : 0;
        }
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        Layout la = a.layout(), lb = b.layout(), lo = out.layout();
        Object x = a.storage().data(), y = b.storage().data(), o = out.storage().data();
        boolean isBool = out.dtype() == DType.BOOL;
        if (x instanceof float[] fx && y instanceof float[] fy && o instanceof float[] fo) {
            int sx = StridedLoop.flatStride(la), sy = StridedLoop.flatStride(lb);
            if (sx >= 0 && sy >= 0 && lo.isContiguous()) {
                // The hot case: no coalescing, and below the grain no lambda either.
                int n = lo.numel(), ox = la.offset(), oy = lb.offset(), oo = lo.offset();
                if (n < StridedLoop.GRAIN) {
                    FloatLoops.FAST.binary(op, fx, ox, sx, fy, oy, sy, fo, oo, n);
                } else {
                    Parallel.forRange(n, StridedLoop.GRAIN,
                            (lo0, hi) -> FloatLoops.FAST.binary(op, fx, ox + lo0 * sx, sx, fy, oy + lo0 * sy, sy, fo, oo + lo0, hi - lo0));
                }
                return;
            }
            StridedLoop.run(lo.shape(), lo.strides(), lo.offset(), la.strides(), la.offset(), lb.strides(), lb.offset(),
                    (o0, s0, o1, s1, o2, s2, n) -> {
                        // Rows of a broadcast (a bias added to each row of a batch) are contiguous or scalar.
                        if (s0 == 1 && (s1 | s2) >>> 1 == 0) FloatLoops.FAST.binary(op, fx, o1, s1, fy, o2, s2, fo, o0, n);
                        else FloatLoops.strided(op, fx, o1, s1, fy, o2, s2, fo, o0, s0, n);
                    });
        } else if (x instanceof float[] fx && y instanceof float[] fy && o instanceof byte[] bo) {
            // Float comparisons into bool: exact in float, so no detour through double and no per-element dispatch.
            int sx = StridedLoop.flatStride(la), sy = StridedLoop.flatStride(lb);
            if (sx >= 0 && sy >= 0 && lo.isContiguous()) {
                int n = lo.numel(), ox = la.offset(), oy = lb.offset(), oo = lo.offset();
                if (n < StridedLoop.GRAIN) {
                    FloatLoops.FAST.compare(op, fx, ox, sx, fy, oy, sy, bo, oo, n);
                } else {
                    Parallel.forRange(n, StridedLoop.GRAIN,
                            (lo0, hi) -> FloatLoops.FAST.compare(op, fx, ox + lo0 * sx, sx, fy, oy + lo0 * sy, sy, bo, oo + lo0, hi - lo0));
                }
                return;
            }
            StridedLoop.run(lo.shape(), lo.strides(), lo.offset(), la.strides(), la.offset(), lb.strides(), lb.offset(),
                    (o0, s0, o1, s1, o2, s2, n) -> {
                        if (s0 == 1 && (s1 | s2) >>> 1 == 0) FloatLoops.FAST.compare(op, fx, o1, s1, fy, o2, s2, bo, o0, n);
                        else FloatLoops.compareStrided(op, fx, o1, s1, fy, o2, s2, bo, o0, s0, n);
                    });
        } else if (x instanceof double[] dx && y instanceof double[] dy && o instanceof double[] d) {
            StridedLoop.run(lo.shape(), lo.strides(), lo.offset(), la.strides(), la.offset(), lb.strides(), lb.offset(),
                    (o0, s0, o1, s1, o2, s2, n) -> DoubleLoops.binary(op, dx, o1, s1, dy, o2, s2, d, o0, s0, n));
        } else if (x instanceof double[] dx && y instanceof double[] dy && o instanceof byte[] bo) {
            StridedLoop.run(lo.shape(), lo.strides(), lo.offset(), la.strides(), la.offset(), lb.strides(), lb.offset(),
                    (o0, s0, o1, s1, o2, s2, n) -> DoubleLoops.compare(op, dx, o1, s1, dy, o2, s2, bo, o0, s0, n));
        } else if (x instanceof byte[] bx && y instanceof byte[] by && o instanceof byte[] bo && isBool && a.dtype() == DType.BOOL
                && b.dtype() == DType.BOOL && boolRow(op, bx, 0, 0, by, 0, 0, bo, 0, 0, 0)) {
            // Masks combined with logical ops: bool arrays hold 0 or 1, so these are bitwise.
            StridedLoop.run(lo.shape(), lo.strides(), lo.offset(), la.strides(), la.offset(), lb.strides(), lb.offset(),
                    (o0, s0, o1, s1, o2, s2, n) -> boolRow(op, bx, o1, s1, by, o2, s2, bo, o0, s0, n));
        } else if (a.dtype().isFloatingPoint()) {
            StridedLoop.run(lo.shape(), lo.strides(), lo.offset(), la.strides(), la.offset(), lb.strides(), lb.offset(),
                    (o0, s0, o1, s1, o2, s2, n) -> {
                        for (int j = 0; j < n; j++) {
                            double v = op.apply(Elements.getD(x, o1 + j * s1), Elements.getD(y, o2 + j * s2));
                            Elements.setD(o, o0 + j * s0, v, isBool);
                        }
                    });
        } else {
            StridedLoop.run(lo.shape(), lo.strides(), lo.offset(), la.strides(), la.offset(), lb.strides(), lb.offset(),
                    (o0, s0, o1, s1, o2, s2, n) -> {
                        for (int j = 0; j < n; j++) {
                            long v = op.apply(Elements.getL(x, o1 + j * s1), Elements.getL(y, o2 + j * s2));
                            Elements.setL(o, o0 + j * s0, v, isBool);
                        }
                    });
        }
    }

    /** {@code o = op(x, y)} on 0/1 bytes for the logical ops and equality; false (doing nothing) for other ops. */
    private static boolean boolRow(BinaryOp op, byte[] x, int o1, int s1, byte[] y, int o2, int s2, byte[] o, int o0, int s0, int n) {
        switch (op) {
            case LOGICAL_AND: case MUL: case MINIMUM: for (int j = 0; j < n; j++) o[o0 + j * s0] = (byte) (x[o1 + j * s1] & y[o2 + j * s2]); return true;
            case LOGICAL_OR: case ADD: case MAXIMUM: for (int j = 0; j < n; j++) o[o0 + j * s0] = (byte) (x[o1 + j * s1] | y[o2 + j * s2]); return true;
            case LOGICAL_XOR: case NE: for (int j = 0; j < n; j++) o[o0 + j * s0] = (byte) (x[o1 + j * s1] ^ y[o2 + j * s2]); return true;
            case EQ: for (int j = 0; j < n; j++) o[o0 + j * s0] = (byte) (1 ^ x[o1 + j * s1] ^ y[o2 + j * s2]); return true;
            default: return false;
        }
    }

    @Override
    public void ternary(TernaryOp op, Tensor self, Tensor a, Tensor b, double c) {
        Layout ls = self.layout(), la = a.layout(), lb = b.layout();
        Object s = self.storage().data(), x = a.storage().data(), y = b.storage().data();
        if (s instanceof float[] fs && x instanceof float[] fa && y instanceof float[] fb) {
            float cf = (float) c; // PyTorch casts the scalar to the tensors' type first
            int sa = StridedLoop.flatStride(la), sb = StridedLoop.flatStride(lb);
            if (sa >= 0 && sb >= 0 && ls.isContiguous()) {
                int n = ls.numel(), os = ls.offset(), oa = la.offset(), ob = lb.offset();
                if (n < StridedLoop.GRAIN) {
                    FloatLoops.FAST.ternary(op, fs, os, fa, oa, sa, fb, ob, sb, cf, n);
                } else {
                    Parallel.forRange(n, StridedLoop.GRAIN,
                            (lo, hi) -> FloatLoops.FAST.ternary(op, fs, os + lo, fa, oa + lo * sa, sa, fb, ob + lo * sb, sb, cf, hi - lo));
                }
                return;
            }
            StridedLoop.run(ls.shape(), ls.strides(), ls.offset(), la.strides(), la.offset(), lb.strides(), lb.offset(),
                    (o0, s0, o1, s1, o2, s2, n) -> FloatLoops.strided(op, fs, o0, s0, fa, o1, s1, fb, o2, s2, cf, n));
        } else if (s instanceof double[] ds && x instanceof double[] da && y instanceof double[] db) {
            StridedLoop.run(ls.shape(), ls.strides(), ls.offset(), la.strides(), la.offset(), lb.strides(), lb.offset(),
                    (o0, s0, o1, s1, o2, s2, n) -> {
                        for (int j = 0; j < n; j++) ds[o0 + j * s0] = op.apply(ds[o0 + j * s0], da[o1 + j * s1], db[o2 + j * s2], c);
                    });
        } else {
            throw new IllegalArgumentException(op + ": expected float32 or float64 tensors of one dtype but got "
                    + self.dtype() + ", " + a.dtype() + " and " + b.dtype());
        }
    }

    /**
     * Elements below which an optimizer step stays on the calling thread: a quarter of {@link
     * StridedLoop#GRAIN}, since each element reads three or four arrays and writes two or three (and
     * Adam takes a square root and a division), so that a 32,768-element weight (the MLP's second
     * layer) is split too: 7 us less per Adam step, waking the team costing about 1.
     */
    static final int OPTIMIZER_GRAIN = StridedLoop.GRAIN / 4;

    @Override
    public boolean adamStep(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq, double lr,
            double beta1, double beta2, double eps, double weightDecay, boolean decoupled, int step, boolean amsgrad,
            boolean maximize) {
        Tensor max = amsgrad ? maxExpAvgSq : null;
        if (expAvg == null || expAvgSq == null || (amsgrad && max == null) || !fusable(param, grad, expAvg, expAvgSq, max)) {
            return false;
        }
        OptimizerScalars.Adam c = OptimizerScalars.Adam.of(lr, beta1, beta2, eps, weightDecay, decoupled, step, maximize);
        int n = param.numel(), op = offset(param), og = offset(grad), om = offset(expAvg), ov = offset(expAvgSq), ox = offset(max);
        if (param.storage().data() instanceof float[] p) {
            float[] g = grad.storage().floats(), m = expAvg.storage().floats(), v = expAvgSq.storage().floats();
            float[] x = max == null ? null : max.storage().floats();
            if (n < OPTIMIZER_GRAIN) FloatLoops.FAST.adam(c, p, op, g, og, m, om, v, ov, x, ox, n);
            else Parallel.forRange(n, OPTIMIZER_GRAIN,
                    (lo, hi) -> FloatLoops.FAST.adam(c, p, op + lo, g, og + lo, m, om + lo, v, ov + lo, x, ox + lo, hi - lo));
        } else {
            double[] p = param.storage().doubles(), g = grad.storage().doubles(), m = expAvg.storage().doubles();
            double[] v = expAvgSq.storage().doubles(), x = max == null ? null : max.storage().doubles();
            Parallel.forRange(n, OPTIMIZER_GRAIN,
                    (lo, hi) -> DoubleLoops.adam(c, p, op + lo, g, og + lo, m, om + lo, v, ov + lo, x, ox + lo, hi - lo));
        }
        return true;
    }

    @Override
    public boolean sgdStep(Tensor param, Tensor grad, Tensor momentumBuf, double lr, double momentum, double dampening,
            double weightDecay, boolean nesterov, boolean maximize, boolean firstStep) {
        if ((momentum != 0) != (momentumBuf != null) || !fusable(param, grad, momentumBuf)) return false;
        OptimizerScalars.Sgd c = OptimizerScalars.Sgd.of(lr, momentum, dampening, weightDecay, nesterov, maximize, firstStep);
        int n = param.numel(), op = offset(param), og = offset(grad), ob = offset(momentumBuf);
        if (param.storage().data() instanceof float[] p) {
            float[] g = grad.storage().floats(), b = momentumBuf == null ? null : momentumBuf.storage().floats();
            if (n < OPTIMIZER_GRAIN) FloatLoops.FAST.sgd(c, p, op, g, og, b, ob, n);
            else Parallel.forRange(n, OPTIMIZER_GRAIN, (lo, hi) -> FloatLoops.FAST.sgd(c, p, op + lo, g, og + lo, b, ob + lo, hi - lo));
        } else {
            double[] p = param.storage().doubles(), g = grad.storage().doubles();
            double[] b = momentumBuf == null ? null : momentumBuf.storage().doubles();
            Parallel.forRange(n, OPTIMIZER_GRAIN, (lo, hi) -> DoubleLoops.sgd(c, p, op + lo, g, og + lo, b, ob + lo, hi - lo));
        }
        return true;
    }

    /**
     * True when the optimizer loops can take these tensors (the nulls skipped) as flat arrays: one
     * floating dtype, the parameter's shape, contiguous, and each in its own storage, so that no
     * write is seen by another operand's read.
     */
    private static boolean fusable(Tensor param, Tensor... others) {
        if (param == null || others[0] == null) return false;
        DType dt = param.dtype();
        if (dt != DType.FLOAT32 && dt != DType.FLOAT64) return false;
        if (!param.layout().isContiguous()) return false;
        int[] shape = param.layout().shape();
        for (int i = 0; i < others.length; i++) {
            Tensor t = others[i];
            if (t == null) continue;
            if (t.dtype() != dt || !t.device().equals(param.device()) || !t.layout().isContiguous()
                    || !java.util.Arrays.equals(t.layout().shape(), shape) || t.storage() == param.storage()) {
                return false;
            }
            for (int k = 0; k < i; k++) if (others[k] != null && others[k].storage() == t.storage()) return false;
        }
        return true;
    }

    private static int offset(Tensor t) {
        return t == null ? 0 : t.layout().offset();
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        // Two passes keep the loop to three operands: out = b, then out = a where cond.
        copy(b, out);
        Layout lc = cond.layout(), la = a.layout(), lo = out.layout();
        byte[] c = cond.storage().bytes();
        Object x = a.storage().data(), o = out.storage().data();
        boolean isBool = out.dtype() == DType.BOOL;
        boolean isFloat = out.dtype().isFloatingPoint();
        if (x instanceof float[] fx && o instanceof float[] fo) {
            StridedLoop.run(lo.shape(), lo.strides(), lo.offset(), lc.strides(), lc.offset(), la.strides(), la.offset(),
                    (o0, s0, o1, s1, o2, s2, n) -> {
                        for (int j = 0; j < n; j++) if (c[o1 + j * s1] != 0) fo[o0 + j * s0] = fx[o2 + j * s2];
                    });
            return;
        }
        StridedLoop.run(lo.shape(), lo.strides(), lo.offset(), lc.strides(), lc.offset(), la.strides(), la.offset(),
                (o0, s0, o1, s1, o2, s2, n) -> {
                    for (int j = 0; j < n; j++) {
                        if (c[o1 + j * s1] == 0) continue;
                        if (isFloat) Elements.setD(o, o0 + j * s0, Elements.getD(x, o2 + j * s2), false);
                        else Elements.setL(o, o0 + j * s0, Elements.getL(x, o2 + j * s2), isBool);
                    }
                });
    }
}

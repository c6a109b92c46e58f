package torch4j.backend.cpu;

import torch4j.DType;
import torch4j.Layout;
import torch4j.Tensor;
import torch4j.backend.BinaryOp;
import torch4j.backend.ElementwiseKernels;
import torch4j.backend.UnaryOp;

/**
 * CPU element-wise kernels: a dedicated loop for the hot float32 cases (contiguous, scalar
 * operand, strided), a generic loop in double or long arithmetic for the rest.
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
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        Layout lx = x.layout(), lo = out.layout();
        Object in = x.storage().data(), o = out.storage().data();
        boolean isBool = out.dtype() == DType.BOOL;
        if (in instanceof float[] a && o instanceof float[] r) {
            StridedLoop.run(lo.shape(), lo.strides(), lo.offset(), lx.strides(), lx.offset(), null, 0,
                    (o0, s0, o1, s1, o2, s2, n) -> FloatLoops.unary(op, a, o1, s1, r, o0, s0, n));
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

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        Layout la = a.layout(), lb = b.layout(), lo = out.layout();
        Object x = a.storage().data(), y = b.storage().data(), o = out.storage().data();
        boolean isBool = out.dtype() == DType.BOOL;
        if (x instanceof float[] fx && y instanceof float[] fy && o instanceof float[] fo) {
            StridedLoop.run(lo.shape(), lo.strides(), lo.offset(), la.strides(), la.offset(), lb.strides(), lb.offset(),
                    (o0, s0, o1, s1, o2, s2, n) -> FloatLoops.binary(op, fx, o1, s1, fy, o2, s2, fo, o0, s0, n));
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

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        // Two passes keep the loop to three operands: out = b, then out = a where cond.
        copy(b, out);
        Layout lc = cond.layout(), la = a.layout(), lo = out.layout();
        byte[] c = cond.storage().bytes();
        Object x = a.storage().data(), o = out.storage().data();
        boolean isBool = out.dtype() == DType.BOOL;
        boolean isFloat = out.dtype().isFloatingPoint();
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

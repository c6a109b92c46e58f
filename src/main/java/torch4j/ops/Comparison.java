package torch4j.ops;

import java.util.Arrays;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.backend.BinaryOp;
import torch4j.backend.UnaryOp;

/** Comparisons, logical ops and floating-point classification; all give bool tensors and no gradient. */
public final class Comparison {
    private Comparison() {}

    public static Tensor eq(Tensor a, Tensor b) {
        return Elementwise.binary(BinaryOp.EQ, a, b);
    }

    public static Tensor eq(Tensor a, Number b) {
        return Elementwise.binary(BinaryOp.EQ, a, b);
    }

    public static Tensor ne(Tensor a, Tensor b) {
        return Elementwise.binary(BinaryOp.NE, a, b);
    }

    public static Tensor ne(Tensor a, Number b) {
        return Elementwise.binary(BinaryOp.NE, a, b);
    }

    public static Tensor lt(Tensor a, Tensor b) {
        return Elementwise.binary(BinaryOp.LT, a, b);
    }

    public static Tensor lt(Tensor a, Number b) {
        return Elementwise.binary(BinaryOp.LT, a, b);
    }

    public static Tensor le(Tensor a, Tensor b) {
        return Elementwise.binary(BinaryOp.LE, a, b);
    }

    public static Tensor le(Tensor a, Number b) {
        return Elementwise.binary(BinaryOp.LE, a, b);
    }

    public static Tensor gt(Tensor a, Tensor b) {
        return Elementwise.binary(BinaryOp.GT, a, b);
    }

    public static Tensor gt(Tensor a, Number b) {
        return Elementwise.binary(BinaryOp.GT, a, b);
    }

    public static Tensor ge(Tensor a, Tensor b) {
        return Elementwise.binary(BinaryOp.GE, a, b);
    }

    public static Tensor ge(Tensor a, Number b) {
        return Elementwise.binary(BinaryOp.GE, a, b);
    }

    public static Tensor logicalAnd(Tensor a, Tensor b) {
        return Elementwise.binary(BinaryOp.LOGICAL_AND, a, b);
    }

    public static Tensor logicalOr(Tensor a, Tensor b) {
        return Elementwise.binary(BinaryOp.LOGICAL_OR, a, b);
    }

    public static Tensor logicalXor(Tensor a, Tensor b) {
        return Elementwise.binary(BinaryOp.LOGICAL_XOR, a, b);
    }

    public static Tensor logicalNot(Tensor a) {
        return Elementwise.unary(UnaryOp.LOGICAL_NOT, a);
    }

    public static Tensor isnan(Tensor a) {
        return Elementwise.unary(UnaryOp.ISNAN, a);
    }

    public static Tensor isinf(Tensor a) {
        return Elementwise.unary(UnaryOp.ISINF, a);
    }

    public static Tensor isfinite(Tensor a) {
        return Elementwise.unary(UnaryOp.ISFINITE, a);
    }

    /** NaN to {@code nan}, +inf to {@code posinf}, -inf to {@code neginf} (null: the dtype's largest finite values). */
    public static Tensor nanToNum(Tensor a, double nan, Double posinf, Double neginf) {
        if (!a.dtype().isFloatingPoint()) return a.clone();
        double max = a.dtype() == DType.FLOAT32 ? Float.MAX_VALUE : Double.MAX_VALUE;
        double pos = posinf == null ? max : posinf;
        double neg = neginf == null ? -max : neginf;
        Tensor out = Arithmetic.where(a.isnan(), Elementwise.scalar(nan, a.dtype(), a.device()), a);
        out = Arithmetic.where(out.eq(Double.POSITIVE_INFINITY), Elementwise.scalar(pos, a.dtype(), a.device()), out);
        return Arithmetic.where(out.eq(Double.NEGATIVE_INFINITY), Elementwise.scalar(neg, a.dtype(), a.device()), out);
    }

    /** {@code torch.equal}: same shape and the same values. */
    public static boolean equal(Tensor a, Tensor b) {
        if (!Arrays.equals(a.layout().shape(), b.layout().shape())) return false;
        return a.numel() == 0 || eq(a, b).all().itemBool();
    }

    /** {@code torch.allclose}: {@code |a - b| <= atol + rtol * |b|} everywhere, NaNs unequal. */
    public static boolean allclose(Tensor a, Tensor b, double rtol, double atol) {
        Tensor x = a.to(DType.FLOAT64), y = b.to(DType.FLOAT64);
        Tensor ok = Elementwise.binary(BinaryOp.LE, x.sub(y).abs(), y.abs().mul(rtol).add(atol));
        // Equal infinities are close even though their difference is NaN.
        ok = ok.logicalOr(x.eq(y));
        return ok.numel() == 0 || ok.all().itemBool();
    }
}

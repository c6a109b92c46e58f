package torch4j.ops;

import torch4j.Tensor;
import torch4j.autograd.Graph;
import torch4j.backend.BinaryOp;
import torch4j.backend.UnaryOp;

/** Element-wise math functions, each with its derivative written in Tensor ops beside it. */
public final class UnaryMath {
    private UnaryMath() {}

    /** Applies {@code op} and records {@code backward(g, x, out)} as the op's node. */
    private static Tensor unary(UnaryOp op, String name, Tensor x, Derivative d) {
        Tensor out = Elementwise.unary(op, x);
        if (Graph.needsGrad(x) && out.dtype().isFloatingPoint()) {
            Graph.record(name, out, new Tensor[] {x}, new Tensor[] {x, out},
                    (n, g) -> new Tensor[] {d == null ? Arithmetic.mul(g[0], 0) : d.apply(g[0], n.saved(0), n.saved(1))});
        }
        return out;
    }

    /** The gradient of the input from the output gradient {@code g}, the input and the output. */
    @FunctionalInterface
    private interface Derivative {
        Tensor apply(Tensor g, Tensor x, Tensor out);
    }

    public static Tensor abs(Tensor x) {
        // sign(0) = 0: the subgradient PyTorch picks at the kink.
        return unary(UnaryOp.ABS, "AbsBackward0", x, (g, in, out) -> g.mul(in.sign()));
    }

    public static Tensor exp(Tensor x) {
        return unary(UnaryOp.EXP, "ExpBackward0", x, (g, in, out) -> g.mul(out));
    }

    public static Tensor log(Tensor x) {
        return unary(UnaryOp.LOG, "LogBackward0", x, (g, in, out) -> g.div(in));
    }

    public static Tensor log1p(Tensor x) {
        return unary(UnaryOp.LOG1P, "Log1PBackward0", x, (g, in, out) -> g.div(in.add(1)));
    }

    public static Tensor expm1(Tensor x) {
        return unary(UnaryOp.EXPM1, "Expm1Backward0", x, (g, in, out) -> g.mul(out.add(1)));
    }

    public static Tensor log2(Tensor x) {
        return unary(UnaryOp.LOG2, "Log2Backward0", x, (g, in, out) -> g.div(in.mul(Math.log(2))));
    }

    public static Tensor sqrt(Tensor x) {
        return unary(UnaryOp.SQRT, "SqrtBackward0", x, (g, in, out) -> g.div(out.mul(2)));
    }

    public static Tensor rsqrt(Tensor x) {
        return unary(UnaryOp.RSQRT, "RsqrtBackward0", x, (g, in, out) -> g.mul(out.pow(3)).mul(-0.5));
    }

    public static Tensor square(Tensor x) {
        return unary(UnaryOp.SQUARE, "PowBackward0", x, (g, in, out) -> g.mul(in).mul(2));
    }

    public static Tensor reciprocal(Tensor x) {
        return unary(UnaryOp.RECIPROCAL, "ReciprocalBackward0", x, (g, in, out) -> g.mul(out.square()).neg());
    }

    public static Tensor sin(Tensor x) {
        return unary(UnaryOp.SIN, "SinBackward0", x, (g, in, out) -> g.mul(in.cos()));
    }

    public static Tensor cos(Tensor x) {
        return unary(UnaryOp.COS, "CosBackward0", x, (g, in, out) -> g.mul(in.sin()).neg());
    }

    public static Tensor tanh(Tensor x) {
        return unary(UnaryOp.TANH, "TanhBackward0", x, (g, in, out) -> g.mul(out.square().rsub(1)));
    }

    public static Tensor sigmoid(Tensor x) {
        return unary(UnaryOp.SIGMOID, "SigmoidBackward0", x, (g, in, out) -> g.mul(out).mul(out.rsub(1)));
    }

    public static Tensor relu(Tensor x) {
        Tensor out = Elementwise.unary(UnaryOp.RELU, x);
        if (Graph.needsGrad(x) && out.dtype().isFloatingPoint()) {
            // Only the output is saved, as in PyTorch: the mask is out > 0.
            Graph.record("ReluBackward0", out, new Tensor[] {x}, new Tensor[] {out},
                    (n, g) -> new Tensor[] {reluBackward(g[0], n.saved(0))});
        }
        return out;
    }

    /**
     * ReLU's gradient, PyTorch's {@code threshold_backward(grad, out, 0)}: {@code out <= 0 ? 0 :
     * grad} in one fused pass (zero at 0, passed through where {@code out} is NaN). It is an op of
     * its own so that double backward works: its gradient for {@code grad} is itself again, and for
     * {@code out} zero.
     *
     * <pre>{@code Tensor gx = UnaryMath.reluBackward(gy, y);  // y = x.relu() }</pre>
     */
    public static Tensor reluBackward(Tensor grad, Tensor out) {
        Tensor r = Elementwise.binary(BinaryOp.RELU_BACKWARD, grad, out);
        if (Graph.needsGrad(grad, out)) {
            Graph.record("ThresholdBackwardBackward0", r, new Tensor[] {grad, out}, new Tensor[] {out}, (n, g) -> new Tensor[] {
                n.needsInputGrad(0) ? reluBackward(g[0], n.saved(0)) : null,
                n.needsInputGrad(1) ? Creation.zerosLike(n.saved(0)) : null});
        }
        return r;
    }

    public static Tensor erf(Tensor x) {
        return unary(UnaryOp.ERF, "ErfBackward0", x,
                (g, in, out) -> g.mul(in.square().neg().exp()).mul(2.0 / Math.sqrt(Math.PI)));
    }

    public static Tensor sign(Tensor x) {
        return unary(UnaryOp.SIGN, "SignBackward0", x, null);
    }

    public static Tensor floor(Tensor x) {
        return unary(UnaryOp.FLOOR, "FloorBackward0", x, null);
    }

    public static Tensor ceil(Tensor x) {
        return unary(UnaryOp.CEIL, "CeilBackward0", x, null);
    }

    public static Tensor round(Tensor x) {
        return unary(UnaryOp.ROUND, "RoundBackward0", x, null);
    }

    public static Tensor trunc(Tensor x) {
        return unary(UnaryOp.TRUNC, "TruncBackward0", x, null);
    }
}

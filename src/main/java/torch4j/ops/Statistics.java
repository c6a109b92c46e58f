package torch4j.ops;

import torch4j.DType;
import torch4j.Layout;
import torch4j.Tensor;
import torch4j.autograd.Graph;
import torch4j.backend.BinaryOp;
import torch4j.backend.ReduceOp;
import torch4j.backend.UnaryOp;
import torch4j.ops.Reductions.Reduced;

/**
 * Reductions composed from the basic ones: variance, standard deviation, logsumexp and norms.
 * Each forward runs on kernels directly (no graph), then records one node whose backward is
 * PyTorch's formula in differentiable Tensor ops.
 */
public final class Statistics {
    private Statistics() {}

    /**
     * {@code x.var(dims, unbiased, keepdim)}: two-pass (mean, then squared deviations), divided by
     * {@code n - 1} when unbiased. Null or empty {@code dims} reduce everything.
     *
     * <pre>{@code Tensor v = x.var(1, true, false); }</pre>
     */
    public static Tensor var(Tensor x, int[] dims, boolean unbiased, boolean keepdim) {
        checkVarType(x);
        Reduced r = Reductions.reduced(x, dims, keepdim);
        int correction = unbiased ? 1 : 0;
        Tensor out = varForward(x, r, correction);
        if (Graph.needsGrad(x)) {
            Graph.record("VarBackward0", out, new Tensor[] {x}, new Tensor[] {x},
                    (n, g) -> new Tensor[] {varBackward(g[0], n.saved(0), r, correction)});
        }
        return out;
    }

    /** {@code x.std(dims, unbiased, keepdim)}: the square root of {@link #var}. */
    public static Tensor std(Tensor x, int[] dims, boolean unbiased, boolean keepdim) {
        checkVarType(x);
        Reduced r = Reductions.reduced(x, dims, keepdim);
        int correction = unbiased ? 1 : 0;
        Tensor out = Elementwise.unary(UnaryOp.SQRT, varForward(x, r, correction));
        if (Graph.needsGrad(x)) {
            Graph.record("StdBackward0", out, new Tensor[] {x}, new Tensor[] {x, out}, (n, g) -> {
                Tensor std = n.saved(1);
                // d std = d var / (2 std); PyTorch gives 0 where std is 0 rather than NaN.
                Tensor gVar = Arithmetic.where(std.eq(0), Reductions.zero(std), Arithmetic.div(g[0], Arithmetic.mul(std, 2)));
                return new Tensor[] {varBackward(gVar, n.saved(0), r, correction)};
            });
        }
        return out;
    }

    private static void checkVarType(Tensor x) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("std and var only support floating point and complex dtypes");
        }
    }

    private static Tensor varForward(Tensor x, Reduced r, int correction) {
        Reduced keep = keepAll(r);
        Tensor mean = Reductions.run(ReduceOp.SUM, x, keep, x.dtype());
        divideInPlace(mean, r.count());
        Tensor dev = Elementwise.binary(BinaryOp.SUB, x, mean);
        Tensor out = Reductions.run(ReduceOp.SUM, Elementwise.binary(BinaryOp.MUL, dev, dev), r, x.dtype());
        divideInPlace(out, Math.max(0, r.count() - correction));
        return out;
    }

    private static Tensor varBackward(Tensor g, Tensor x, Reduced r, int correction) {
        Tensor mean = Reductions.mean(x, keepAll(r), "MeanBackward1");
        double scale = 2.0 / (r.count() - correction);
        return Arithmetic.mul(Arithmetic.mul(Reductions.expandBack(g, r), Arithmetic.sub(x, mean)), scale);
    }

    /**
     * {@code x.logsumexp(dims, keepdim)}: the max is subtracted before exponentiating, and slices
     * that are all {@code -inf} give {@code -inf}. Integer inputs compute in float32.
     */
    public static Tensor logsumexp(Tensor x, int[] dims, boolean keepdim) {
        Tensor xf = x.dtype().isFloatingPoint() ? x : Elementwise.cast(x, DType.FLOAT32);
        Reduced r = Reductions.reduced(xf, dims, keepdim);
        Reduced keep = keepAll(r);
        Tensor max = Reductions.run(ReduceOp.MAX, xf, keep, xf.dtype());
        // An infinite max would make x - max NaN: shift by 0 instead (all -inf sums to 0, log to -inf).
        max = Arithmetic.where(Comparison.isinf(max), Reductions.zero(max), max);
        Tensor sum = Reductions.run(ReduceOp.SUM, Elementwise.unary(UnaryOp.EXP, Elementwise.binary(BinaryOp.SUB, xf, max)), keep, xf.dtype());
        Tensor kept = Elementwise.binary(BinaryOp.ADD, Elementwise.unary(UnaryOp.LOG, sum), max);
        Tensor out = new Tensor(kept.storage(), Layout.contiguous(r.outShape()));
        if (Graph.needsGrad(x)) {
            Graph.record("LogsumexpBackward0", out, new Tensor[] {x}, new Tensor[] {x, out}, (n, g) -> {
                Tensor soft = UnaryMath.exp(Arithmetic.sub(n.saved(0), Reductions.expandBack(n.saved(1), r)));
                return new Tensor[] {Arithmetic.mul(Reductions.expandBack(g[0], r), soft)};
            });
        }
        return out;
    }

    /**
     * {@code x.norm(p, dims, keepdim)}: {@code (sum |x|^p)^(1/p)}; {@code p = 0} counts non-zeros,
     * {@code p = ±inf} is the largest/smallest {@code |x|}. Null or empty {@code dims} reduce all.
     *
     * <pre>{@code Tensor rowNorms = x.norm(2, 1, false); }</pre>
     */
    public static Tensor norm(Tensor x, double p, int[] dims, boolean keepdim) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("norm(): input dtype should be either floating point or complex. Got "
                    + Reductions.typeName(x.dtype()) + " instead.");
        }
        Reduced r = Reductions.reduced(x, dims, keepdim);
        DType dt = x.dtype();
        Tensor out;
        if (p == 2) {
            out = Elementwise.unary(UnaryOp.SQRT, Reductions.run(ReduceOp.SUM, Elementwise.binary(BinaryOp.MUL, x, x), r, dt));
        } else if (p == 1) {
            out = Reductions.run(ReduceOp.SUM, Elementwise.unary(UnaryOp.ABS, x), r, dt);
        } else if (Double.isInfinite(p)) {
            out = Reductions.run(p > 0 ? ReduceOp.MAX : ReduceOp.MIN, Elementwise.unary(UnaryOp.ABS, x), r, dt);
        } else if (p == 0) {
            out = Reductions.run(ReduceOp.SUM, Elementwise.binary(BinaryOp.NE, x, 0), r, dt);
        } else {
            Tensor powSum = Reductions.run(ReduceOp.SUM, Elementwise.binary(BinaryOp.POW, Elementwise.unary(UnaryOp.ABS, x), p), r, dt);
            out = Elementwise.binary(BinaryOp.POW, powSum, 1.0 / p);
        }
        if (Graph.needsGrad(x)) {
            Graph.record("NormBackward1", out, new Tensor[] {x}, new Tensor[] {x, out},
                    (n, g) -> new Tensor[] {normBackward(g[0], n.saved(0), n.saved(1), p, r)});
        }
        return out;
    }

    /** PyTorch's {@code norm_backward}: zero gradient where the norm is 0 (p >= 1) or x is 0 (p < 1). */
    private static Tensor normBackward(Tensor g, Tensor x, Tensor norm, double p, Reduced r) {
        Tensor gx = Reductions.expandBack(g, r), nx = Reductions.expandBack(norm, r);
        Tensor zero = Reductions.zero(x);
        if (p == 0) return Tensor.zeros(x.dtype(), x.device(), x.layout().shape());
        if (p == 1) return Arithmetic.mul(UnaryMath.sign(x), gx);
        if (p == 2) return Arithmetic.mul(x, Arithmetic.where(nx.eq(0), zero, Arithmetic.div(gx, nx)));
        if (Double.isInfinite(p)) {
            // Split evenly among the elements whose |x| is the norm (or NaN), as amax's gradient.
            Tensor abs = UnaryMath.abs(x);
            Tensor mask = abs.eq(nx).logicalOr(abs.isnan());
            Tensor count = Reductions.expandBack(Reductions.run(ReduceOp.SUM, mask, r, DType.INT64), r);
            return Arithmetic.where(mask, Arithmetic.mul(UnaryMath.sign(x), Arithmetic.div(gx, count)), zero);
        }
        if (p < 1) {
            Tensor scaled = Arithmetic.where(x.eq(0), zero, Arithmetic.mul(UnaryMath.sign(x), Arithmetic.pow(UnaryMath.abs(x), p - 1)));
            return Arithmetic.mul(Arithmetic.mul(scaled, gx), Arithmetic.pow(nx, 1 - p));
        }
        Tensor scaled = p < 2
                ? Arithmetic.mul(UnaryMath.sign(x), Arithmetic.pow(UnaryMath.abs(x), p - 1))
                : Arithmetic.mul(x, Arithmetic.pow(UnaryMath.abs(x), p - 2));
        Tensor scale = Arithmetic.where(nx.eq(0), zero, Arithmetic.div(gx, Arithmetic.pow(nx, p - 1)));
        return Arithmetic.mul(scaled, scale);
    }

    // ------------------------------------------------------------------ helpers

    /** The same reduction with every folded dim kept as size 1. */
    static Reduced keepAll(Reduced r) {
        return new Reduced(r.shape(), r.mask(), new boolean[r.shape().length]);
    }

    /** {@code t /= divisor} on a fresh result (no autograd yet). */
    private static void divideInPlace(Tensor t, int divisor) {
        Elementwise.binaryInto(BinaryOp.DIV, t, Elementwise.scalar(divisor, t.dtype(), t.device()), t);
    }
}

package torch4j.ops;

import torch4j.DType;
import torch4j.Tensor;
import torch4j.autograd.Graph;
import torch4j.backend.Backend;
import torch4j.backend.ReduceOp;
import torch4j.internal.Shapes;

/**
 * Cumulative sums and products along a dim. Integer and bool inputs give int64, as in PyTorch.
 * The gradient of a cumsum is a cumsum from the other end ({@link #reverseCumsum}); the two are
 * each other's backward, so gradients of any order work.
 */
public final class Scans {
    private Scans() {}

    /** {@code x.cumsum(dim)}: {@code out[i] = x[0] + ... + x[i]} along {@code dim}. */
    public static Tensor cumsum(Tensor x, int dim) {
        int d = Shapes.wrapDim(dim, x.dim());
        Tensor out = scan(ReduceOp.SUM, x, d, false);
        if (Graph.needsGrad(x)) {
            Graph.record("CumsumBackward0", out, new Tensor[] {x}, new Tensor[0], (n, g) -> new Tensor[] {reverseCumsum(g[0], d)});
        }
        return out;
    }

    /** {@code out[i] = x[i] + ... + x[n-1]} along {@code dim}: cumsum's backward (PyTorch flips, cumsums and flips). */
    static Tensor reverseCumsum(Tensor x, int d) {
        Tensor out = scan(ReduceOp.SUM, x, d, true);
        if (Graph.needsGrad(x)) {
            Graph.record("ReverseCumsumBackward0", out, new Tensor[] {x}, new Tensor[0], (n, g) -> new Tensor[] {cumsum(g[0], d)});
        }
        return out;
    }

    /** {@code x.cumprod(dim)}: {@code out[i] = x[0] * ... * x[i]} along {@code dim}. */
    public static Tensor cumprod(Tensor x, int dim) {
        int d = Shapes.wrapDim(dim, x.dim());
        Tensor out = scan(ReduceOp.PROD, x, d, false);
        if (Graph.needsGrad(x)) {
            Graph.record("CumprodBackward0", out, new Tensor[] {x}, new Tensor[] {x, out},
                    (n, g) -> new Tensor[] {cumprodBackward(g[0], n.saved(0), n.saved(1), d)});
        }
        return out;
    }

    /**
     * {@code grad[i] = sum_{k >= i} g[k] * prod_{j <= k, j != i} x[j]}, exact with zeros as in
     * PyTorch: before a line's first zero it is {@code revcumsum(g * out) / x}; at the first zero
     * it is {@code prod(x before it) * sum_{k >= z} g[k] * prod(x after it up to k)}; past it, 0.
     */
    private static Tensor cumprodBackward(Tensor g, Tensor x, Tensor out, int d) {
        Tensor isZero = x.eq(0);
        Tensor viaOut = reverseCumsum(Arithmetic.mul(g, out), d);
        if (!Reductions.any(isZero).itemBool()) return Arithmetic.div(viaOut, x);
        Tensor zerosSoFar = scan(ReduceOp.SUM, isZero, d, false);
        Tensor before = zerosSoFar.eq(0), first = isZero.logicalAnd(zerosSoFar.eq(1)), from = zerosSoFar.ge(1);
        Tensor one = Reductions.one(x), zero = Reductions.zero(x);
        Tensor xBefore = Arithmetic.where(before, x, one);
        Tensor atBefore = Arithmetic.div(viaOut, xBefore);
        Tensor left = cumprod(xBefore, d);
        Tensor right = cumprod(Arithmetic.where(from.logicalAnd(first.logicalNot()), x, one), d);
        Tensor atFirst = Arithmetic.mul(left, reverseCumsum(Arithmetic.where(from, Arithmetic.mul(g, right), zero), d));
        return Arithmetic.where(before, atBefore, Arithmetic.where(first, atFirst, zero));
    }

    /** Runs the scan kernel into a new tensor (int64 for integer and bool inputs). */
    private static Tensor scan(ReduceOp op, Tensor x, int d, boolean reverse) {
        DType dt = x.dtype().isFloatingPoint() ? x.dtype() : DType.INT64;
        Tensor out = Tensor.zeros(dt, x.device(), x.layout().shape());
        if (out.numel() > 0) Backend.of(x.device()).reduce().scan(op, x, d, reverse, out);
        return out;
    }
}

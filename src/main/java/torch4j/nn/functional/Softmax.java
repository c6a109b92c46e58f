package torch4j.nn.functional;

import torch4j.Tensor;
import torch4j.autograd.GradMode;
import torch4j.autograd.Graph;
import torch4j.autograd.Scope;
import torch4j.internal.Shapes;
import torch4j.ops.Reductions;

/**
 * Softmax and log-softmax along a dim, each one node with its own backward. The forward subtracts
 * the maximum first, so logits of 1e4 neither overflow nor lose the answer.
 */
public final class Softmax {
    private Softmax() {}

    /** {@code F.softmax(x, dim)}: {@code exp(x - max) / sum(exp(x - max))}. */
    public static Tensor softmax(Tensor x, int dim) {
        int d = check("softmax", x, dim);
        Tensor out;
        try (Scope s = GradMode.set(false)) {
            Tensor e = x.sub(max(x, d)).exp();
            out = e.div(e.sum(d, true));
        }
        if (Graph.needsGrad(x)) {
            Graph.record("SoftmaxBackward0", out, new Tensor[] {x}, new Tensor[] {out}, (n, g) -> {
                Tensor y = n.saved(0);
                return new Tensor[] {y.mul(g[0].sub(g[0].mul(y).sum(d, true)))};
            });
        }
        return out;
    }

    /** {@code F.log_softmax(x, dim)}: {@code x - max - log(sum(exp(x - max)))}. */
    public static Tensor logSoftmax(Tensor x, int dim) {
        int d = check("log_softmax", x, dim);
        Tensor out;
        try (Scope s = GradMode.set(false)) {
            Tensor shifted = x.sub(max(x, d));
            out = shifted.sub(shifted.exp().sum(d, true).log());
        }
        if (Graph.needsGrad(x)) {
            Graph.record("LogSoftmaxBackward0", out, new Tensor[] {x}, new Tensor[] {out}, (n, g) -> {
                Tensor y = n.saved(0);
                return new Tensor[] {g[0].sub(y.exp().mul(g[0].sum(d, true)))};
            });
        }
        return out;
    }

    /**
     * The maximum along {@code d}, kept as a size-1 dim: one reduce pass, no indices. A row whose
     * maximum is infinite turns NaN in {@code x - max}, which is what PyTorch's CPU kernels give
     * for such rows too ({@code log_softmax([inf, 1])} and {@code log_softmax([-inf, -inf])} are
     * all NaN); a row with some {@code -inf} and a finite maximum is exact.
     */
    private static Tensor max(Tensor x, int d) {
        return Reductions.amax(x, new int[] {d}, true);
    }

    private static int check(String op, Tensor x, int dim) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"" + op + "_lastdim_kernel_impl\" not implemented for '"
                    + Convolution.typeName(x.dtype()) + "'");
        }
        return Shapes.wrapDim(dim, Math.max(1, x.dim()));
    }
}

package torch4j.nn.functional;

import torch4j.Tensor;
import torch4j.autograd.GradMode;
import torch4j.autograd.Graph;
import torch4j.autograd.Scope;

/**
 * The activation functions, written in Tensor ops so their gradients come from autograd. Where a
 * branch could overflow (exp of a large input) it is clamped first, so that the branch {@code
 * where} discards cannot poison the gradient with {@code 0 * inf}.
 */
public final class Activations {
    private Activations() {}

    /** {@code F.leaky_relu(x, negative_slope)}. */
    public static Tensor leakyRelu(Tensor x, double negativeSlope) {
        return x.where(x.gt(0), x.mul(negativeSlope));
    }

    /** {@code F.elu(x, alpha)}: {@code x} for {@code x > 0}, else {@code alpha * (exp(x) - 1)}. */
    public static Tensor elu(Tensor x, double alpha) {
        return x.where(x.gt(0), x.clampMax(0).expm1().mul(alpha));
    }

    /** {@code F.gelu(x, approximate)}: "none" (exact, with erf) or "tanh". */
    public static Tensor gelu(Tensor x, String approximate) {
        if (approximate.equals("none")) return x.mul(x.mul(1 / Math.sqrt(2)).erf().add(1)).mul(0.5);
        if (approximate.equals("tanh")) {
            Tensor inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
            return x.mul(inner.tanh().add(1)).mul(0.5);
        }
        throw new IllegalArgumentException("approximate argument must be either none or tanh.");
    }

    /** {@code F.silu(x)}: {@code x * sigmoid(x)}. */
    public static Tensor silu(Tensor x) {
        return x.mul(x.sigmoid());
    }

    /** {@code F.softplus(x, beta, threshold)}: {@code log(1 + exp(beta x)) / beta}, linear where {@code beta x > threshold}. */
    public static Tensor softplus(Tensor x, double beta, double threshold) {
        Tensor bx = x.mul(beta);
        Tensor soft = bx.clampMax(threshold).exp().log1p().div(beta);
        return x.where(bx.gt(threshold), soft);
    }

    /**
     * {@code F.hardtanh(x, min, max)}: the clamp, with PyTorch's gradient that is zero at the
     * edges too (clamp's own passes there).
     */
    public static Tensor hardtanh(Tensor x, double min, double max) {
        if (min > max) throw new IllegalArgumentException("min_val cannot be greater than max_val");
        Tensor out;
        try (Scope s = GradMode.set(false)) {
            out = x.clamp(min, max);
        }
        if (Graph.needsGrad(x)) {
            Graph.record("HardtanhBackward0", out, new Tensor[] {x}, new Tensor[] {x}, (n, g) -> {
                Tensor in = n.saved(0);
                return new Tensor[] {g[0].mul(in.gt(min).logicalAnd(in.lt(max)))};
            });
        }
        return out;
    }
}

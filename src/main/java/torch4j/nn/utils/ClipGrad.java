package torch4j.nn.utils;

import java.util.ArrayList;
import java.util.List;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.autograd.GradMode;
import torch4j.autograd.Scope;

/**
 * PyTorch's {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}: rescale or clamp
 * gradients in place between {@code backward()} and the optimizer step.
 *
 * <pre>{@code
 * loss.backward();
 * ClipGrad.clipGradNorm_(net.parameters(), 1.0, 2.0);
 * optimizer.step();
 * }</pre>
 */
public final class ClipGrad {
    private ClipGrad() {}

    /**
     * Scales all gradients by {@code maxNorm / (totalNorm + 1e-6)} when that is below 1, where
     * {@code totalNorm} is the {@code normType}-norm of all gradients together (infinity: the
     * largest magnitude). Returns the total norm (before clipping) as a 0-d tensor.
     */
    public static Tensor clipGradNorm_(Iterable<Tensor> parameters, double maxNorm, double normType) {
        List<Tensor> grads = grads(parameters);
        if (grads.isEmpty()) return Torch.scalarTensor(0.0);
        try (Scope s = GradMode.set(false)) {
            List<Tensor> norms = new ArrayList<>();
            for (Tensor g : grads) norms.add(Double.isInfinite(normType) ? g.abs().max() : g.norm(normType));
            Tensor stacked = Torch.stack(norms, 0);
            Tensor total = Double.isInfinite(normType) ? stacked.max() : stacked.norm(normType);
            double coef = maxNorm / (total.item() + 1e-6);
            if (coef < 1) {
                for (Tensor g : grads) g.mul_(coef);
            }
            return total;
        }
    }

    /** {@code clip_grad_norm_(parameters, maxNorm)} with the 2-norm. */
    public static Tensor clipGradNorm_(Iterable<Tensor> parameters, double maxNorm) {
        return clipGradNorm_(parameters, maxNorm, 2.0);
    }

    /** Clamps every gradient element to {@code [-clipValue, clipValue]}. */
    public static void clipGradValue_(Iterable<Tensor> parameters, double clipValue) {
        try (Scope s = GradMode.set(false)) {
            for (Tensor g : grads(parameters)) g.clamp_(-clipValue, clipValue);
        }
    }

    private static List<Tensor> grads(Iterable<Tensor> parameters) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : parameters) {
            if (p.grad() != null) out.add(p.grad());
        }
        return out;
    }
}

package torch4j.nn.functional;

import java.util.Arrays;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.autograd.GradMode;
import torch4j.autograd.Graph;
import torch4j.autograd.Scope;

/**
 * The loss functions, matching PyTorch's formulas including their edge cases: weighted means
 * divide by the summed weights of the counted targets, BCE clamps its logs at -100, and
 * logit-based losses are written so that no intermediate overflows.
 */
public final class Losses {
    private Losses() {}

    public static Tensor mseLoss(Tensor input, Tensor target, Reduction r) {
        checkSameSize(input, target);
        return r.apply(input.sub(target).square());
    }

    public static Tensor l1Loss(Tensor input, Tensor target, Reduction r) {
        checkSameSize(input, target);
        return r.apply(input.sub(target).abs());
    }

    /** Quadratic below {@code beta} ({@code 0.5 d^2 / beta}), linear above ({@code d - 0.5 beta}). */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, Reduction r, double beta) {
        if (beta < 0) throw new IllegalArgumentException("smooth_l1_loss does not support negative values for beta.");
        checkSameSize(input, target);
        Tensor d = input.sub(target).abs();
        if (beta == 0) return r.apply(d);
        return r.apply(d.square().mul(0.5 / beta).where(d.lt(beta), d.sub(0.5 * beta)));
    }

    /** Quadratic below {@code delta} ({@code 0.5 d^2}), linear above ({@code delta (d - 0.5 delta)}). */
    public static Tensor huberLoss(Tensor input, Tensor target, Reduction r, double delta) {
        if (delta <= 0) throw new IllegalArgumentException("huber_loss does not support non-positive values for delta.");
        checkSameSize(input, target);
        Tensor d = input.sub(target).abs();
        return r.apply(d.square().mul(0.5).where(d.lt(delta), d.sub(0.5 * delta).mul(delta)));
    }

    /**
     * {@code F.cross_entropy}: class indices (int64 {@code [N]} or {@code [N, d...]}) or class
     * probabilities (float, the input's shape) as target; input {@code [N, C, ...]} or {@code [C]}.
     */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, int ignoreIndex, Reduction r,
                                      double labelSmoothing) {
        if (labelSmoothing < 0 || labelSmoothing > 1) {
            throw new IllegalArgumentException("label_smoothing must be between 0.0 and 1.0. Got: " + labelSmoothing);
        }
        int classDim = input.dim() == 1 ? 0 : 1;
        Tensor logp = Softmax.logSoftmax(input, classDim);
        int classes = input.size(classDim);
        if (target.dtype().isFloatingPoint()) {
            if (!Arrays.equals(input.shape(), target.shape())) {
                throw new IllegalArgumentException("Expected target size " + input.shapeString() + ", got " + target.shapeString());
            }
            Tensor t = labelSmoothing > 0 ? target.mul(1 - labelSmoothing).add(labelSmoothing / classes) : target;
            Tensor prod = logp.mul(t);
            if (weight != null) prod = prod.mul(classWeights(weight, input.dim(), classDim, classes));
            Tensor loss = prod.sum(classDim, false).neg();
            return switch (r) {
                case NONE -> loss;
                case SUM -> loss.sum();
                case MEAN -> loss.sum().div(input.numel() / Math.max(1, classes));
                case BATCHMEAN -> throw new IllegalArgumentException("batchmean is not a valid value for reduction");
            };
        }
        Tensor nll = nllLoss(logp, target, weight, ignoreIndex, r);
        if (labelSmoothing == 0) return nll;
        Tensor ignored = target.eq(ignoreIndex);
        Tensor smooth = weight != null ? logp.mul(classWeights(weight, input.dim(), classDim, classes)) : logp;
        smooth = smooth.sum(classDim, false).neg().maskedFill(ignored, 0);
        Tensor ret = switch (r) {
            case NONE -> smooth;
            case SUM -> smooth.sum();
            case MEAN -> weight != null
                    ? smooth.sum().div(targetWeights(weight, target, ignored).sum())
                    : smooth.sum().div(ignored.logicalNot().sum());
            case BATCHMEAN -> throw new IllegalArgumentException("batchmean is not a valid value for reduction");
        };
        return nll.mul(1 - labelSmoothing).add(ret.mul(labelSmoothing / classes));
    }

    /** {@code F.nll_loss}: {@code -w[t] * input[t]}; a weighted mean divides by the weights of the counted targets. */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, int ignoreIndex, Reduction r) {
        if (input.dim() < 1) throw new IllegalArgumentException("input tensor should be 1D or more, got 0D");
        if (target.dtype().isFloatingPoint() || target.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("expected scalar type Long but found " + Convolution.typeName(target.dtype()));
        }
        boolean unbatched = input.dim() == 1;
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        Tensor t = unbatched ? target.reshape(1) : target;
        int[] expected = new int[x.dim() - 1];
        expected[0] = x.size(0);
        for (int d = 2; d < x.dim(); d++) expected[d - 1] = x.size(d);
        if (!Arrays.equals(t.shape(), expected)) {
            if (t.dim() >= 1 && t.size(0) != x.size(0)) {
                throw new IllegalArgumentException("Expected input batch_size (" + x.size(0) + ") to match target batch_size ("
                        + t.size(0) + ").");
            }
            throw new IllegalArgumentException("Expected target size " + Arrays.toString(expected) + ", got " + t.shapeString());
        }
        int classes = x.size(1);
        if (weight != null && (weight.dim() != 1 || weight.numel() != classes)) {
            throw new IllegalArgumentException("weight tensor should be defined either for all " + classes
                    + " classes or no classes but got weight tensor of shape: " + weight.shapeString());
        }
        t = t.long_();
        boolean anyIgnored = false;
        for (long v : t.toLongArray()) {
            if (v == ignoreIndex) anyIgnored = true;
            else if (v < 0 || v >= classes) throw new IndexOutOfBoundsException("Target " + v + " is out of bounds.");
        }
        if (weight == null && !anyIgnored && r != Reduction.BATCHMEAN) {
            // The training-loop case: every target counts with weight 1, so the loss is the picked
            // log-probabilities negated and averaged; four ops instead of a dozen, each way.
            Tensor picked = x.gather(1, t.unsqueeze(1)).squeeze(1);
            return switch (r) {
                case NONE -> unbatched ? picked.neg().squeeze(0) : picked.neg();
                case SUM -> picked.sum().neg();
                default -> picked.sum().neg().div(picked.numel());
            };
        }
        Tensor ignored = t.eq(ignoreIndex);
        Tensor safe = t.maskedFill(ignored, 0);
        Tensor picked = x.gather(1, safe.unsqueeze(1)).squeeze(1);
        Tensor w = weight != null ? targetWeights(weight, safe, null) : Torch.onesLike(picked);
        w = w.maskedFill(ignored, 0).to(x.dtype());
        Tensor loss = picked.mul(w).neg();
        return switch (r) {
            case NONE -> unbatched ? loss.squeeze(0) : loss;
            case SUM -> loss.sum();
            case MEAN -> loss.sum().div(w.sum());
            case BATCHMEAN -> throw new IllegalArgumentException("batchmean is not a valid value for reduction");
        };
    }

    /**
     * {@code F.binary_cross_entropy} on probabilities: logs clamped at -100 as PyTorch, and
     * PyTorch's gradient {@code (x - t) / max(x (1 - x), 1e-12)}.
     */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction r) {
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException("Using a target size (" + target.size() + ") that is different to the input size ("
                    + input.size() + ") is deprecated. Please ensure they have the same size.");
        }
        Tensor loss;
        try (Scope s = GradMode.set(false)) {
            if (input.lt(0).logicalOr(input.gt(1)).any().itemBool()) {
                throw new IllegalArgumentException("all elements of input should be between 0 and 1");
            }
            Tensor logx = input.log().clampMin(-100), log1mx = input.rsub(1).log().clampMin(-100);
            loss = target.mul(logx).add(target.rsub(1).mul(log1mx)).neg();
        }
        if (Graph.needsGrad(input)) {
            Graph.record("BinaryCrossEntropyBackward0", loss, new Tensor[] {input}, new Tensor[] {input, target}, (n, g) -> {
                Tensor x = n.saved(0), t = n.saved(1);
                return new Tensor[] {g[0].mul(x.sub(t)).div(x.mul(x.rsub(1)).clampMin(1e-12))};
            });
        }
        if (weight != null) loss = loss.mul(weight);
        return r.apply(loss);
    }

    /**
     * {@code F.binary_cross_entropy_with_logits}: {@code (1 - t) x + lw (log(exp(-m) + exp(-x - m)) + m)}
     * with {@code m = max(-x, 0)} and {@code lw = 1 + (posWeight - 1) t}, which never overflows.
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight,
                                                      Reduction r) {
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException("Target size (" + target.size() + ") must be the same as input size ("
                    + input.size() + ")");
        }
        Tensor m = input.neg().clampMin(0);
        Tensor softplus = m.neg().exp().add(input.neg().sub(m).exp()).log().add(m);
        Tensor loss;
        if (posWeight != null) {
            Tensor lw = posWeight.sub(1).mul(target).add(1);
            loss = target.rsub(1).mul(input).add(lw.mul(softplus));
        } else {
            loss = target.rsub(1).mul(input).add(softplus);
        }
        if (weight != null) loss = loss.mul(weight);
        return r.apply(loss);
    }

    /**
     * {@code F.kl_div(input, target)} with {@code input} log-probabilities: {@code t (log t - input)}
     * (0 where {@code t = 0}), or {@code exp(t) (t - input)} with {@code logTarget}.
     */
    public static Tensor klDiv(Tensor input, Tensor target, Reduction r, boolean logTarget) {
        Tensor loss;
        if (logTarget) {
            loss = target.exp().mul(target.sub(input));
        } else {
            Tensor positive = target.gt(0);
            Tensor logt = target.where(positive, Torch.onesLike(target)).log();
            loss = target.mul(logt).sub(target.mul(input));
        }
        if (r == Reduction.BATCHMEAN) return input.dim() == 0 ? loss.sum() : loss.sum().div(input.size(0));
        return r.apply(loss);
    }

    /** The class weights shaped to broadcast along {@code classDim}. */
    private static Tensor classWeights(Tensor weight, int dims, int classDim, int classes) {
        int[] shape = new int[dims];
        Arrays.fill(shape, 1);
        shape[classDim] = classes;
        return weight.reshape(shape);
    }

    /** {@code weight[target]} with ignored positions zeroed (ignored may be null when target is already safe). */
    private static Tensor targetWeights(Tensor weight, Tensor target, Tensor ignored) {
        Tensor safe = ignored == null ? target : target.maskedFill(ignored, 0);
        Tensor w = weight.indexSelect(0, safe.reshape(-1).long_()).reshape(safe.shape());
        return ignored == null ? w : w.maskedFill(ignored, 0);
    }

    private static void checkSameSize(Tensor input, Tensor target) {
        torch4j.internal.Shapes.broadcast(input.layout().shape(), target.layout().shape());
    }
}

package torch4j.nn.functional;

import torch4j.Tensor;

/**
 * How a loss reduces its per-element values: PyTorch's {@code reduction=} strings. {@code
 * BATCHMEAN} (sum divided by the batch size) is only for {@code kl_div}.
 */
public enum Reduction {
    NONE, MEAN, SUM, BATCHMEAN;

    /** Parses PyTorch's spelling: {@code "none"}, {@code "mean"}, {@code "sum"}, {@code "batchmean"}. */
    public static Reduction of(String s) {
        return switch (s) {
            case "none" -> NONE;
            case "mean" -> MEAN;
            case "sum" -> SUM;
            case "batchmean" -> BATCHMEAN;
            default -> throw new IllegalArgumentException(s + " is not a valid value for reduction");
        };
    }

    /** PyTorch's spelling. */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Applies this reduction to per-element losses (mean or sum of all; batchmean is the loss's own). */
    Tensor apply(Tensor loss) {
        return switch (this) {
            case NONE -> loss;
            case MEAN -> loss.mean();
            case SUM -> loss.sum();
            case BATCHMEAN -> throw new IllegalArgumentException("batchmean is not a valid value for reduction");
        };
    }
}

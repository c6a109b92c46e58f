package torch4j.nn;

import torch4j.Tensor;

/**
 * {@code nn.BatchNorm2d} over {@code [N, C, H, W]}: per-channel batch statistics in training,
 * running statistics in eval.
 */
public class BatchNorm2d extends BatchNorm {
    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    /** {@code BatchNorm2d(num_features, eps, momentum, affine, track_running_stats)}; momentum null = cumulative average. */
    public BatchNorm2d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    void checkInput(Tensor input) {
        if (input.dim() != 4) throw new IllegalArgumentException("BatchNorm2d: expected 4D input (got " + input.dim() + "D input)");
    }
}

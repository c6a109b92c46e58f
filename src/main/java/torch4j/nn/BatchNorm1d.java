package torch4j.nn;

import torch4j.Tensor;

/** {@code nn.BatchNorm1d} over {@code [N, C]} or {@code [N, C, L]} inputs. */
public class BatchNorm1d extends BatchNorm {
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    /** {@code BatchNorm1d(num_features, eps, momentum, affine, track_running_stats)}; momentum null = cumulative average. */
    public BatchNorm1d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    void checkInput(Tensor input) {
        if (input.dim() != 2 && input.dim() != 3) {
            throw new IllegalArgumentException("BatchNorm1d: expected 2D or 3D input (got " + input.dim() + "D input)");
        }
    }
}

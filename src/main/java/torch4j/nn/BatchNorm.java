package torch4j.nn;

import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.functional.F;

/**
 * What {@link BatchNorm1d} and {@link BatchNorm2d} share (PyTorch's {@code _BatchNorm}): affine
 * weight/bias (ones/zeros), running mean/var buffers (zeros/ones) and {@code num_batches_tracked}.
 * A null momentum means a cumulative moving average.
 */
public abstract class BatchNorm extends Module {
    public final int numFeatures;
    public final double eps;
    /** null: cumulative average ({@code 1 / num_batches_tracked}). */
    public final Double momentum;
    public final boolean affine;
    public final boolean trackRunningStats;
    public final Tensor weight;
    public final Tensor bias;
    public final Tensor runningMean;
    public final Tensor runningVar;
    public final Tensor numBatchesTracked;

    BatchNorm(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
        DType dt = Torch.getDefaultDType();
        this.weight = registerParameter("weight", affine ? Torch.ones(dt, numFeatures) : null);
        this.bias = registerParameter("bias", affine ? Torch.zeros(dt, numFeatures) : null);
        this.runningMean = registerBuffer("running_mean", trackRunningStats ? Torch.zeros(dt, numFeatures) : null);
        this.runningVar = registerBuffer("running_var", trackRunningStats ? Torch.ones(dt, numFeatures) : null);
        this.numBatchesTracked = registerBuffer("num_batches_tracked",
                trackRunningStats ? Torch.zeros(DType.INT64) : null);
    }

    /** Resets the running statistics to mean 0, variance 1 and no batches. */
    public void resetRunningStats() {
        if (!trackRunningStats) return;
        try (var s = Torch.noGrad()) {
            runningMean.zero_();
            runningVar.fill_(1);
            numBatchesTracked.zero_();
        }
    }

    /** Throws unless {@code input} has a rank this layer accepts. */
    abstract void checkInput(Tensor input);

    @Override
    public Tensor forward(Tensor input) {
        checkInput(input);
        if (input.size(1) != numFeatures) {
            throw new IllegalArgumentException(name() + ": expected input with " + numFeatures + " channels (dim 1), got "
                    + input.shapeString());
        }
        double factor = momentum == null ? 0 : momentum;
        if (isTraining() && trackRunningStats) {
            try (var s = Torch.noGrad()) {
                numBatchesTracked.add_(1);
            }
            if (momentum == null) factor = 1.0 / numBatchesTracked.item();
        }
        boolean useBatchStats = isTraining() || runningMean == null;
        boolean updateRunning = !isTraining() || trackRunningStats;
        return F.batchNorm(input, updateRunning ? runningMean : null, updateRunning ? runningVar : null, weight, bias,
                useBatchStats, factor, eps);
    }

    @Override
    public String extraRepr() {
        return numFeatures + ", eps=" + Repr.pyFloat(eps) + ", momentum=" + (momentum == null ? "None" : Repr.pyFloat(momentum))
                + ", affine=" + py(affine) + ", track_running_stats=" + py(trackRunningStats);
    }
}

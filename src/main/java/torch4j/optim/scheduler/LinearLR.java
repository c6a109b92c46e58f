package torch4j.optim.scheduler;

import torch4j.optim.Optimizer;

/**
 * Scales each group's rate by a factor moving linearly from {@code startFactor} to {@code
 * endFactor} over {@code totalIters} epochs, then keeps it ({@code
 * torch.optim.lr_scheduler.LinearLR}): a warm-up when {@code startFactor < endFactor}.
 *
 * <pre>{@code var sched = new LinearLR(opt, 0.5, 1.0, 4);  // 0.025, 0.03125, 0.0375, 0.04375, 0.05 ... }</pre>
 */
public class LinearLR extends LRScheduler {
    private final double startFactor;
    private final double endFactor;
    private final int totalIters;

    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        super(optimizer, -1);
        if (startFactor > 1.0 || startFactor < 0) {
            throw new IllegalArgumentException("Starting multiplicative factor expected to be between 0 and 1.");
        }
        if (endFactor > 1.0 || endFactor < 0) {
            throw new IllegalArgumentException("Ending multiplicative factor expected to be between 0 and 1.");
        }
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        initialStep();
    }

    /** PyTorch's defaults: from 1/3 to 1 over 5 epochs. */
    public LinearLR(Optimizer optimizer) {
        this(optimizer, 1.0 / 3, 1.0, 5);
    }

    @Override
    protected double[] getLr() {
        if (lastEpoch == 0) return scaledLrs(startFactor);
        if (lastEpoch > totalIters) return groupLrs();
        return scaledLrs(1. + (endFactor - startFactor)
                / (totalIters * startFactor + (lastEpoch - 1) * (endFactor - startFactor)));
    }
}

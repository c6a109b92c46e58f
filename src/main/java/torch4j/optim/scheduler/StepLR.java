package torch4j.optim.scheduler;

import torch4j.optim.Optimizer;

/**
 * Multiplies each group's rate by {@code gamma} every {@code stepSize} epochs ({@code
 * torch.optim.lr_scheduler.StepLR}).
 *
 * <pre>{@code var sched = new StepLR(opt, 30, 0.1);  // 0.05 until epoch 30, 0.005 until 60, ... }</pre>
 */
public class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer, -1);
        if (stepSize <= 0) throw new IllegalArgumentException("step_size must be positive, got " + stepSize);
        this.stepSize = stepSize;
        this.gamma = gamma;
        initialStep();
    }

    /** {@code gamma} 0.1. */
    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1);
    }

    @Override
    protected double[] getLr() {
        if (lastEpoch == 0 || lastEpoch % stepSize != 0) return groupLrs();
        return scaledLrs(gamma);
    }
}

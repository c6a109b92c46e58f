package torch4j.optim.scheduler;

import torch4j.optim.Optimizer;

/**
 * Multiplies each group's rate by {@code gamma} every epoch ({@code
 * torch.optim.lr_scheduler.ExponentialLR}).
 *
 * <pre>{@code var sched = new ExponentialLR(opt, 0.9); }</pre>
 */
public class ExponentialLR extends LRScheduler {
    private final double gamma;

    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer, -1);
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected double[] getLr() {
        return lastEpoch == 0 ? groupLrs() : scaledLrs(gamma);
    }
}

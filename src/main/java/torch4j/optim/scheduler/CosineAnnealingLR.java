package torch4j.optim.scheduler;

import torch4j.optim.Optimizer;

/**
 * Cosine annealing from each group's initial rate down to {@code etaMin} over {@code tMax} epochs,
 * and back up over the next {@code tMax} ({@code torch.optim.lr_scheduler.CosineAnnealingLR}).
 * Uses PyTorch's recursive form, so sequences match PyTorch's exactly and rates changed by others
 * in between are taken into account.
 *
 * <pre>{@code var sched = new CosineAnnealingLR(opt, 100, 1e-5); }</pre>
 */
public class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer, -1);
        this.tMax = tMax;
        this.etaMin = etaMin;
        initialStep();
    }

    /** {@code etaMin} 0. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0);
    }

    @Override
    protected double[] getLr() {
        double[] lrs = groupLrs();
        if (lastEpoch == 0) return lrs;
        for (int i = 0; i < lrs.length; i++) {
            if (stepCount == 1 && lastEpoch > 0) {
                lrs[i] = etaMin + (baseLrs[i] - etaMin) * (1 + Math.cos(lastEpoch * Math.PI / tMax)) / 2;
            } else if (Math.floorMod(lastEpoch - 1 - tMax, 2 * tMax) == 0) {
                lrs[i] = lrs[i] + (baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
            } else {
                lrs[i] = (1 + Math.cos(Math.PI * lastEpoch / tMax)) / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax))
                        * (lrs[i] - etaMin) + etaMin;
            }
        }
        return lrs;
    }
}

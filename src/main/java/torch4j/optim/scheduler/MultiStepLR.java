package torch4j.optim.scheduler;

import java.util.HashMap;
import java.util.Map;
import torch4j.optim.Optimizer;

/**
 * Multiplies each group's rate by {@code gamma} at each milestone epoch; a milestone listed twice
 * applies {@code gamma} twice ({@code torch.optim.lr_scheduler.MultiStepLR}).
 *
 * <pre>{@code var sched = new MultiStepLR(opt, new int[] {30, 80}, 0.1); }</pre>
 */
public class MultiStepLR extends LRScheduler {
    private final Map<Integer, Integer> milestones = new HashMap<>();
    private final double gamma;

    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
        super(optimizer, -1);
        for (int m : milestones) this.milestones.merge(m, 1, Integer::sum);
        this.gamma = gamma;
        initialStep();
    }

    /** {@code gamma} 0.1. */
    public MultiStepLR(Optimizer optimizer, int[] milestones) {
        this(optimizer, milestones, 0.1);
    }

    @Override
    protected double[] getLr() {
        Integer times = milestones.get(lastEpoch);
        if (times == null) return groupLrs();
        return scaledLrs(Math.pow(gamma, times));
    }
}

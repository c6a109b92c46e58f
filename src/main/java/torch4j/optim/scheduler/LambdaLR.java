package torch4j.optim.scheduler;

import java.util.Collections;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import torch4j.optim.Optimizer;

/**
 * Sets each group's rate to its initial rate times {@code lambda(epoch)} ({@code
 * torch.optim.lr_scheduler.LambdaLR}); one function for all groups or one per group.
 *
 * <pre>{@code var sched = new LambdaLR(opt, epoch -> Math.pow(0.95, epoch)); }</pre>
 */
public class LambdaLR extends LRScheduler {
    private final List<IntToDoubleFunction> lambdas;

    /** The same factor function for every group. */
    public LambdaLR(Optimizer optimizer, IntToDoubleFunction lrLambda) {
        this(optimizer, Collections.nCopies(optimizer.paramGroups().size(), lrLambda));
    }

    /** One factor function per group. */
    public LambdaLR(Optimizer optimizer, List<IntToDoubleFunction> lrLambdas) {
        super(optimizer, -1);
        if (lrLambdas.size() != optimizer.paramGroups().size()) {
            throw new IllegalArgumentException("Expected " + optimizer.paramGroups().size() + " lr_lambdas, but got "
                    + lrLambdas.size());
        }
        this.lambdas = List.copyOf(lrLambdas);
        initialStep();
    }

    @Override
    protected double[] getLr() {
        double[] lrs = new double[baseLrs.length];
        for (int i = 0; i < lrs.length; i++) lrs[i] = baseLrs[i] * lambdas.get(i).applyAsDouble(lastEpoch);
        return lrs;
    }
}

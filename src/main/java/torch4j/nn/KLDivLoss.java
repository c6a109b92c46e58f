package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** {@code nn.KLDivLoss}: KL divergence with log-probability input; use reduction "batchmean" for the true KL. */
public class KLDivLoss extends Loss {
    public final boolean logTarget;

    public KLDivLoss() {
        this("mean", false);
    }

    public KLDivLoss(String reduction, boolean logTarget) {
        super(reduction);
        this.logTarget = logTarget;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.klDiv(input, target, reduction.toString(), logTarget);
    }
}

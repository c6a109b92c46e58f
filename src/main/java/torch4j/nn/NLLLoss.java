package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** {@code nn.NLLLoss}: negative log-likelihood of log-probabilities at the target classes. */
public class NLLLoss extends Loss {
    /** Per-class weights, or null. */
    public final Tensor weight;
    public final int ignoreIndex;

    public NLLLoss() {
        this(null, -100, "mean");
    }

    public NLLLoss(Tensor weight, int ignoreIndex, String reduction) {
        super(reduction);
        this.weight = registerBuffer("weight", weight);
        this.ignoreIndex = ignoreIndex;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.nllLoss(input, target, weight, ignoreIndex, reduction.toString());
    }
}

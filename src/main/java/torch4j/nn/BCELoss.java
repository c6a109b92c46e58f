package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** {@code nn.BCELoss}: binary cross-entropy on probabilities (logs clamped at -100). */
public class BCELoss extends Loss {
    /** Element weights (broadcast to the input), or null. */
    public final Tensor weight;

    public BCELoss() {
        this(null, "mean");
    }

    public BCELoss(Tensor weight, String reduction) {
        super(reduction);
        this.weight = registerBuffer("weight", weight);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.binaryCrossEntropy(input, target, weight, reduction.toString());
    }
}

package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** {@code nn.BCEWithLogitsLoss}: sigmoid plus binary cross-entropy in one stable formula; {@code posWeight} weighs positives per class. */
public class BCEWithLogitsLoss extends Loss {
    /** Element weights, or null. */
    public final Tensor weight;
    /** Weight of the positive examples per class, or null. */
    public final Tensor posWeight;

    public BCEWithLogitsLoss() {
        this(null, "mean", null);
    }

    public BCEWithLogitsLoss(Tensor weight, String reduction, Tensor posWeight) {
        super(reduction);
        this.weight = registerBuffer("weight", weight);
        this.posWeight = registerBuffer("pos_weight", posWeight);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.binaryCrossEntropyWithLogits(input, target, weight, reduction.toString(), posWeight);
    }
}

package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** {@code nn.CrossEntropyLoss}: log-softmax plus NLL over class indices or class probabilities; optional class weights, ignore index and label smoothing. */
public class CrossEntropyLoss extends Loss {
    /** Per-class weights, or null. */
    public final Tensor weight;
    public final int ignoreIndex;
    public final double labelSmoothing;

    public CrossEntropyLoss() {
        this(null, -100, "mean", 0.0);
    }

    /** {@code CrossEntropyLoss(weight, ignore_index, reduction, label_smoothing)}; weight may be null. */
    public CrossEntropyLoss(Tensor weight, int ignoreIndex, String reduction, double labelSmoothing) {
        super(reduction);
        this.weight = registerBuffer("weight", weight);
        this.ignoreIndex = ignoreIndex;
        this.labelSmoothing = labelSmoothing;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.crossEntropy(input, target, weight, ignoreIndex, reduction.toString(), labelSmoothing);
    }
}

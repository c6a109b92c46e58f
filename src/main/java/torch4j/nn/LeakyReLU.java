package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** {@code nn.LeakyReLU}: {@code x} for positive inputs, {@code negativeSlope * x} otherwise. */
public class LeakyReLU extends Module {
    public final double negativeSlope;

    public LeakyReLU() {
        this(0.01);
    }

    public LeakyReLU(double negativeSlope) {
        this.negativeSlope = negativeSlope;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.leakyRelu(input, negativeSlope);
    }

    @Override
    public String extraRepr() {
        return "negative_slope=" + Repr.pyFloat(negativeSlope);
    }
}

package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** {@code nn.ELU}: {@code x} for positive inputs, {@code alpha (exp(x) - 1)} otherwise. */
public class ELU extends Module {
    public final double alpha;

    public ELU() {
        this(1.0);
    }

    public ELU(double alpha) {
        this.alpha = alpha;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.elu(input, alpha);
    }

    @Override
    public String extraRepr() {
        return "alpha=" + Repr.pyFloat(alpha);
    }
}

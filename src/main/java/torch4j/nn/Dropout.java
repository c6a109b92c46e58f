package torch4j.nn;

import torch4j.Generator;
import torch4j.Tensor;
import torch4j.nn.functional.F;

/**
 * {@code nn.Dropout}: in training, zeroes each element with probability {@code p} and scales the
 * rest by {@code 1 / (1 - p)}; the identity in eval mode.
 */
public class Dropout extends Module {
    public final double p;
    private final Generator generator;

    public Dropout() {
        this(0.5);
    }

    public Dropout(double p) {
        this(p, null);
    }

    /** Draws its masks from {@code generator} (null: the default generator). */
    public Dropout(double p, Generator generator) {
        if (p < 0 || p > 1) throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
        this.p = p;
        this.generator = generator;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.dropout(input, p, isTraining(), generator);
    }

    @Override
    public String extraRepr() {
        return "p=" + Repr.pyFloat(p) + ", inplace=False";
    }
}

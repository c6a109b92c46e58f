package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** {@code nn.Softplus}: {@code log(1 + exp(beta x)) / beta}, linear where {@code beta x > threshold}. */
public class Softplus extends Module {
    public final double beta;
    public final double threshold;

    public Softplus() {
        this(1, 20);
    }

    public Softplus(double beta, double threshold) {
        this.beta = beta;
        this.threshold = threshold;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.softplus(input, beta, threshold);
    }

    @Override
    public String extraRepr() {
        return "beta=" + Repr.pyNumber(beta) + ", threshold=" + Repr.pyNumber(threshold);
    }
}

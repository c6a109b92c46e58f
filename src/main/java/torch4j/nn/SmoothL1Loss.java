package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** {@code nn.SmoothL1Loss}: quadratic for errors below {@code beta}, linear above. */
public class SmoothL1Loss extends Loss {
    public final double beta;

    public SmoothL1Loss() {
        this("mean", 1.0);
    }

    public SmoothL1Loss(String reduction, double beta) {
        super(reduction);
        this.beta = beta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.smoothL1Loss(input, target, reduction.toString(), beta);
    }
}

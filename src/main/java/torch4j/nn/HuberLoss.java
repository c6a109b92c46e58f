package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** {@code nn.HuberLoss}: quadratic for errors below {@code delta}, {@code delta}-scaled linear above. */
public class HuberLoss extends Loss {
    public final double delta;

    public HuberLoss() {
        this("mean", 1.0);
    }

    public HuberLoss(String reduction, double delta) {
        super(reduction);
        this.delta = delta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.huberLoss(input, target, reduction.toString(), delta);
    }
}

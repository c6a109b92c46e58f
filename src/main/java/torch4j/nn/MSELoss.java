package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** {@code nn.MSELoss}: squared error, reduced by mean (default), sum or none. */
public class MSELoss extends Loss {
    public MSELoss() {
        this("mean");
    }

    public MSELoss(String reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.mseLoss(input, target, reduction.toString());
    }
}

package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** {@code nn.L1Loss}: absolute error, reduced by mean (default), sum or none. */
public class L1Loss extends Loss {
    public L1Loss() {
        this("mean");
    }

    public L1Loss(String reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.l1Loss(input, target, reduction.toString());
    }
}

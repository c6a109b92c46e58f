package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** {@code nn.SiLU}: {@code x * sigmoid(x)}. */
public class SiLU extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return F.silu(input);
    }
}

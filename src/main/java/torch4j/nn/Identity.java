package torch4j.nn;

import torch4j.Tensor;

/** {@code nn.Identity}: returns its input (a placeholder, e.g. to remove a layer from a model). */
public class Identity extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input;
    }
}

package torch4j.nn;

import torch4j.Tensor;

/** {@code nn.Unflatten(dim, sizes)}: splits one dim into {@code sizes}. */
public class Unflatten extends Module {
    public final int dim;
    public final int[] unflattenedSize;

    public Unflatten(int dim, int... unflattenedSize) {
        this.dim = dim;
        this.unflattenedSize = unflattenedSize.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.unflatten(dim, unflattenedSize);
    }

    @Override
    public String extraRepr() {
        return "dim=" + dim + ", unflattened_size=" + tuple(unflattenedSize);
    }
}

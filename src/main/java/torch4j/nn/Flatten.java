package torch4j.nn;

import torch4j.Tensor;

/** {@code nn.Flatten}: merges dims {@code startDim..endDim} (default 1..-1, keeping the batch dim). */
public class Flatten extends Module {
    public final int startDim;
    public final int endDim;

    public Flatten() {
        this(1, -1);
    }

    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.flatten(startDim, endDim);
    }

    @Override
    public String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=" + endDim;
    }
}

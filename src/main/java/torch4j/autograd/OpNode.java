package torch4j.autograd;

import torch4j.Tensor;

/** The node of a built-in op: a name and a backward written in differentiable Tensor ops. */
final class OpNode extends Node {
    private final String name;
    private final Backward backward;

    OpNode(String name, Edge[] next, Tensor[] saved, Tensor[] outputs, Backward backward) {
        super(next, saved, outputs);
        this.name = name;
        this.backward = backward;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    protected Tensor[] apply(Tensor[] gradOutputs) {
        return backward.apply(this, gradOutputs);
    }
}

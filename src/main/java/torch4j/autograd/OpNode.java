package torch4j.autograd;

import java.util.function.UnaryOperator;
import torch4j.Tensor;

/** The node of a built-in op: a name and a backward written in differentiable Tensor ops. */
final class OpNode extends Node {
    private final String name;
    private final Backward backward;
    /** For a one-to-one view op, the view itself, applied to a target for the input's gradient; else null. */
    private final UnaryOperator<Tensor> view;

    OpNode(String name, Edge[] next, Tensor[] saved, Tensor[] outputs, Backward backward, UnaryOperator<Tensor> view) {
        super(next, saved, outputs);
        this.name = name;
        this.backward = backward;
        this.view = view;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * A view maps its input's elements one to one onto its output's, so the same view of the input's
     * target is a target for the output's gradient: adding into it is this node's backward done in place.
     */
    @Override
    Tensor inPlaceTarget(int outputNr) {
        if (view == null || hasHooks(outputNr)) return null;
        Edge e = edge(0);
        Tensor target = e == null ? null : e.node().inPlaceTarget(e.inputNr());
        return target == null ? null : view.apply(target);
    }

    @Override
    protected Tensor[] apply(Tensor[] gradOutputs) {
        return backward.apply(this, gradOutputs);
    }
}

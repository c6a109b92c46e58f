package torch4j.autograd;

import torch4j.Tensor;

/** The node at a leaf that requires grad: adds incoming gradients into the leaf's {@code grad}. */
public final class AccumulateGrad extends Node {
    private final Tensor variable;

    AccumulateGrad(Tensor variable) {
        super(new Edge[0], new Tensor[0], new Tensor[] {variable});
        this.variable = variable;
    }

    /** The leaf this node accumulates into. */
    public Tensor variable() {
        return variable;
    }

    @Override
    public String name() {
        return "AccumulateGrad";
    }

    /** The leaf's grad, when it is there to add into: dense and unhooked (see {@link Node#gradTarget}). */
    @Override
    Tensor inPlaceTarget(int outputNr) {
        Tensor grad = variable.autogradMeta().grad;
        return grad != null && !hasHooks(0) && grad.isContiguous() ? grad : null;
    }

    @Override
    protected Tensor[] apply(Tensor[] gradOutputs) {
        Tensor g = gradOutputs[0];
        AutogradMeta meta = variable.autogradMeta();
        if (GradMode.isEnabled()) {
            // create_graph: the accumulated gradient stays differentiable. A clone, because the
            // incoming tensor may also be another leaf's gradient (add sends one tensor to both).
            meta.grad = meta.grad == null ? g.clone() : meta.grad.add(g);
        } else if (meta.grad == null) {
            // Our own copy: the incoming tensor may be shared with other branches or the caller.
            meta.grad = g.detach().clone();
        } else {
            meta.grad.add_(g);
        }
        return new Tensor[0];
    }
}

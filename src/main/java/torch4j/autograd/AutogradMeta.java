package torch4j.autograd;

import torch4j.Tensor;

/**
 * Autograd state of one tensor: whether it requires grad, its accumulated {@code grad}, and the
 * node that produced it. Tensors that never took part in autograd have none.
 */
public final class AutogradMeta {
    boolean requiresGrad;
    Tensor grad;
    Node gradFn;
    int outputNr;
    boolean retainsGrad;
    AccumulateGrad accumulator;

    public boolean requiresGrad() {
        return requiresGrad;
    }

    public Tensor grad() {
        return grad;
    }

    public Node gradFn() {
        return gradFn;
    }

    public int outputNr() {
        return outputNr;
    }

    public boolean retainsGrad() {
        return retainsGrad;
    }

    /** Replaces the accumulated gradient (as assigning {@code x.grad = ...} does). */
    public void setGrad(Tensor g) {
        this.grad = g;
    }

    /** Marks the tensor a leaf that requires grad (or not). */
    public void setRequiresGrad(boolean r) {
        this.requiresGrad = r;
    }

    /** Makes the tensor a leaf: drops its node (detach_). */
    public void clearGradFn() {
        this.gradFn = null;
        this.outputNr = 0;
    }

    /** Marks a non-leaf to keep its gradient in {@code grad} after backward. */
    void setRetainsGrad() {
        this.retainsGrad = true;
    }

    /** The (cached) accumulator node of a leaf. */
    synchronized AccumulateGrad accumulator(Tensor self) {
        if (accumulator == null) accumulator = new AccumulateGrad(self);
        return accumulator;
    }
}

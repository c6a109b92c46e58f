package torch4j.autograd;

import torch4j.Tensor;

/**
 * The backward of a built-in op, written next to its forward. It reads saved tensors through
 * {@code node.saved(i)} (never by capturing them, so they can be freed after backward) and returns
 * one gradient per forward input, null where {@code node.needsInputGrad(i)} is false. Gradients of
 * a broadcast input may keep the broadcast shape: the engine sums them back to the input's shape.
 */
@FunctionalInterface
public interface Backward {
    Tensor[] apply(Node node, Tensor[] gradOutputs);
}

package torch4j.autograd;

import torch4j.Tensor;

/**
 * {@code torch.autograd}: backward from several roots, and {@link #grad} which returns gradients
 * without touching {@code .grad}.
 *
 * <pre>{@code Tensor dydx = Autograd.grad(y, x, true)[0];  // create_graph for higher order }</pre>
 */
public final class Autograd {
    private Autograd() {}

    /** {@code tensor.backward(gradient, retainGraph, createGraph)}; a null gradient needs a one-element tensor. */
    public static void backward(Tensor tensor, Tensor gradient, boolean retainGraph, boolean createGraph) {
        Tensor g = rootGradient(tensor, gradient);
        Engine.run(new Tensor[] {tensor}, new Tensor[] {g}, retainGraph || createGraph, createGraph, null);
    }

    /** Gradients of {@code outputs} (each with a gradient, or null for one-element outputs) w.r.t. {@code inputs}. */
    public static Tensor[] grad(Tensor[] outputs, Tensor[] inputs, Tensor[] gradOutputs, boolean retainGraph,
            boolean createGraph, boolean allowUnused) {
        if (outputs.length == 0) throw new IllegalArgumentException("grad requires at least one output");
        Tensor[] grads = new Tensor[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            grads[i] = rootGradient(outputs[i], gradOutputs == null ? null : gradOutputs[i]);
        }
        Edge[] targets = new Edge[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (!inputs[i].requiresGrad()) {
                throw new IllegalArgumentException("One of the differentiated Tensors (input " + i + ") does not require grad");
            }
            targets[i] = Graph.gradientEdge(inputs[i]);
        }
        Tensor[] result = Engine.run(outputs, grads, retainGraph || createGraph, createGraph, targets);
        for (int i = 0; i < result.length; i++) {
            if (result[i] == null && !allowUnused) {
                throw new IllegalStateException("One of the differentiated Tensors appears to not have been used in the graph."
                        + " Set allow_unused=True if this is the desired behavior.");
            }
            if (result[i] != null && !createGraph) result[i] = result[i].detach();
        }
        return result;
    }

    /** {@code torch.autograd.grad(output, input, create_graph=createGraph)} for one scalar output. */
    public static Tensor[] grad(Tensor output, Tensor input, boolean createGraph) {
        return grad(new Tensor[] {output}, new Tensor[] {input}, null, createGraph, createGraph, false);
    }

    /** {@code torch.autograd.grad(outputs, inputs)} for scalar outputs. */
    public static Tensor[] grad(Tensor[] outputs, Tensor[] inputs) {
        return grad(outputs, inputs, null, false, false, false);
    }

    private static Tensor rootGradient(Tensor t, Tensor gradient) {
        if (!t.requiresGrad()) {
            throw new IllegalStateException("element 0 of tensors does not require grad and does not have a grad_fn");
        }
        if (gradient == null) {
            if (t.numel() != 1) throw new IllegalStateException("grad can be implicitly created only for scalar outputs");
            return Tensor.onesLike(t);
        }
        if (!java.util.Arrays.equals(gradient.layout().shape(), t.layout().shape())) {
            throw new IllegalArgumentException("Mismatch in shape: grad_output[0] has a shape of " + gradient.size()
                    + " and output[0] has a shape of " + t.size() + ".");
        }
        return gradient;
    }

    /** Registers {@code hook} on {@code t}'s gradient (see {@code Tensor.registerHook}). */
    public static void registerHook(Tensor t, java.util.function.UnaryOperator<Tensor> hook) {
        if (!t.requiresGrad()) {
            throw new IllegalStateException("cannot register a hook on a tensor that doesn't require gradient");
        }
        Edge e = Graph.gradientEdge(t);
        e.node().registerPreHook(e.inputNr(), hook);
    }

    /** {@code retain_grad()}: keeps a non-leaf's gradient in its {@code grad} after backward. */
    public static void retainGrad(Tensor t) {
        if (!t.requiresGrad()) throw new IllegalStateException("can't retain_grad on Tensor that has requires_grad=False");
        AutogradMeta m = t.autogradMeta();
        if (m.gradFn == null || m.retainsGrad) return;
        m.setRetainsGrad();
        installRetainHook(m);
    }

    /** Puts the {@code retain_grad()} hook on the tensor's current node (again after an in-place op). */
    static void installRetainHook(AutogradMeta m) {
        // Holds the meta, not the tensor: the graph must not keep the tensor's storage alive.
        m.gradFn.setRetainHook(m.outputNr, g -> {
            try (Scope s = GradMode.set(false)) {
                m.grad = m.grad == null ? g.detach().clone() : m.grad.add(g);
            }
            return null;
        });
    }

    /** Makes {@code out} the differentiable output {@code nr} of {@code node} (for user-defined functions). */
    static void setHistory(Tensor out, Node node, int nr) {
        Graph.attach(out, node, nr);
    }
}

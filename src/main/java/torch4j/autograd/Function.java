package torch4j.autograd;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import torch4j.Tensor;

/**
 * A user-defined differentiable function, as PyTorch's {@code torch.autograd.Function}: {@code
 * forward} computes the outputs (with grad mode off), {@code backward} maps output gradients to
 * input gradients. Non-tensor arguments go in the subclass's constructor; per-call state goes in the
 * {@link FunctionCtx}.
 *
 * <pre>{@code
 * class MyExp extends Function {
 *     protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
 *         Tensor r = in[0].exp();
 *         ctx.saveForBackward(r);
 *         return new Tensor[] {r};
 *     }
 *     protected Tensor[] backward(FunctionCtx ctx, Tensor... g) {
 *         return new Tensor[] {g[0].mul(ctx.savedTensors()[0])};
 *     }
 * }
 * Tensor y = new MyExp().applyOne(x);   // y.gradFn() prints <MyExpBackward object>
 * }</pre>
 */
public abstract class Function {
    /**
     * Computes the outputs from the inputs. Runs under no-grad: nothing done here is recorded, the
     * outputs get one node that calls {@link #backward}.
     */
    protected abstract Tensor[] forward(FunctionCtx ctx, Tensor... inputs);

    /**
     * Gradients of the inputs (one per input, null where none) from the gradients of the outputs.
     * An output that received no gradient is given zeros. Runs with grad mode on exactly when the
     * backward was called with {@code createGraph}, so writing it in Tensor ops makes it twice
     * differentiable.
     */
    protected abstract Tensor[] backward(FunctionCtx ctx, Tensor... gradOutputs);

    /** Runs {@link #forward} and, when an input requires grad, records the node. */
    public Tensor[] apply(Tensor... inputs) {
        boolean gradOn = GradMode.isEnabled();
        boolean[] needs = new boolean[inputs.length];
        boolean any = false;
        for (int i = 0; i < inputs.length; i++) {
            needs[i] = gradOn && inputs[i] != null && inputs[i].requiresGrad();
            any |= needs[i];
        }
        FunctionCtx ctx = new FunctionCtx(needs);
        Tensor[] outputs;
        try (Scope s = GradMode.set(false)) {
            outputs = forward(ctx, inputs.clone());
        }
        if (outputs == null) throw new IllegalStateException(getClass().getName() + ".forward returned null");
        outputs = outputs.clone();
        for (int i = 0; i < outputs.length; i++) {
            if (outputs[i] == null) {
                throw new IllegalStateException(getClass().getName() + ".forward returned null as output " + i);
            }
        }
        if (!any) return outputs;

        Tensor[] differentiable = new Tensor[outputs.length];
        Map<Tensor, Boolean> taken = new IdentityHashMap<>();
        for (Tensor in : inputs) {
            if (in != null) taken.put(in, Boolean.TRUE);
        }
        for (int i = 0; i < outputs.length; i++) {
            Tensor out = outputs[i];
            boolean diff = out.dtype().isFloatingPoint() && !ctx.isNonDifferentiable(out);
            // An input returned as is, an output returned twice, or a tensor with a history of its
            // own gets a fresh alias (same storage), so that no other tensor's history is rewritten.
            if (taken.put(out, Boolean.TRUE) != null || out.requiresGrad()) outputs[i] = Tensor.view(out, out.layout());
            if (diff) differentiable[i] = outputs[i];
        }
        FunctionNode node = new FunctionNode(this, ctx, Graph.edges(inputs), ctx.takeSaved(), outputs, inputs);
        ctx.bind(node);
        for (int i = 0; i < outputs.length; i++) {
            if (differentiable[i] != null) Graph.attach(differentiable[i], node, i);
        }
        return outputs;
    }

    /** {@link #apply} for a function with exactly one output. */
    public Tensor applyOne(Tensor... inputs) {
        Tensor[] out = apply(inputs);
        if (out.length != 1) {
            throw new IllegalStateException(getClass().getName() + " returned " + out.length + " outputs; use apply()");
        }
        return out[0];
    }

    /** The name of the node, PyTorch-style: class {@code MyExp} gives {@code MyExpBackward}. */
    String backwardName() {
        String n = getClass().getSimpleName();
        return (n.isEmpty() ? "Function" : n) + "Backward";
    }

    /** The node of one call: it runs the user's backward and checks what it returns. */
    private static final class FunctionNode extends Node {
        private final Function fn;
        private final FunctionCtx ctx;
        private final String name;
        private final int[][] inShapes;
        private final torch4j.DType[] inTypes;
        private final torch4j.Device[] inDevices;

        FunctionNode(Function fn, FunctionCtx ctx, Edge[] next, Tensor[] saved, Tensor[] outputs, Tensor[] inputs) {
            super(next, saved, outputs);
            this.fn = fn;
            this.ctx = ctx;
            this.name = fn.backwardName();
            this.inShapes = new int[inputs.length][];
            this.inTypes = new torch4j.DType[inputs.length];
            this.inDevices = new torch4j.Device[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i] == null) continue;
                inShapes[i] = inputs[i].layout().shape();
                inTypes[i] = inputs[i].dtype();
                inDevices[i] = inputs[i].device();
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        protected Tensor[] apply(Tensor[] gradOutputs) {
            Tensor[] res = fn.backward(ctx, gradOutputs.clone());
            int n = numInputs();
            if (res == null) res = new Tensor[n];
            if (res.length != n) {
                boolean extrasNull = res.length > n && Arrays.stream(res, n, res.length).allMatch(t -> t == null);
                if (!extrasNull) {
                    throw new IllegalStateException("function " + name + " returned an incorrect number of gradients"
                            + " (expected " + n + ", got " + res.length + ")");
                }
            }
            Tensor[] out = new Tensor[n];
            for (int i = 0; i < n; i++) {
                Tensor g = res[i];
                // PyTorch drops gradients for inputs that do not need one.
                if (g == null || !needsInputGrad(i)) continue;
                if (!g.device().equals(inDevices[i])) {
                    throw new IllegalArgumentException("Function " + name + " returned an invalid gradient at index " + i
                            + " - expected device " + inDevices[i] + " but got " + g.device());
                }
                if (!Arrays.equals(g.layout().shape(), inShapes[i]) && !expandable(inShapes[i], g.layout().shape())) {
                    throw new IllegalArgumentException("Function " + name + " returned an invalid gradient at index " + i
                            + " - got " + g.shapeString() + " but expected shape compatible with "
                            + Arrays.toString(inShapes[i]));
                }
                out[i] = g.dtype() == inTypes[i] ? g : g.to(inTypes[i]);
            }
            return out;
        }

        /** True when {@code shape} broadcasts to {@code target} (the engine then sums back). */
        private static boolean expandable(int[] shape, int[] target) {
            if (shape.length > target.length) return false;
            for (int i = 1; i <= shape.length; i++) {
                int s = shape[shape.length - i], t = target[target.length - i];
                if (s != t && s != 1) return false;
            }
            return true;
        }
    }
}

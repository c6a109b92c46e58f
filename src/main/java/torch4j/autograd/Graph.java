package torch4j.autograd;

import java.util.function.UnaryOperator;
import torch4j.Tensor;

/**
 * How ops record themselves on the tape. An op computes its result with kernels, then, when
 * {@link #needsGrad} says so, attaches a node whose backward is written beside the forward:
 *
 * <pre>{@code
 * Tensor out = ...kernel...;
 * if (Graph.needsGrad(a, b))
 *     Graph.record("MulBackward0", out, new Tensor[] {a, b}, new Tensor[] {a, b},
 *             (n, g) -> new Tensor[] {g[0].mul(n.saved(1)), g[0].mul(n.saved(0))});
 * }</pre>
 */
public final class Graph {
    private Graph() {}

    /** True when grad mode is on and any input requires grad. */
    public static boolean needsGrad(Tensor... inputs) {
        if (!GradMode.isEnabled()) return false;
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) return true;
        }
        return false;
    }

    /** True when grad mode is on and {@code a} or {@code b} requires grad (no varargs array). */
    public static boolean needsGrad(Tensor a, Tensor b) {
        return ((a != null && a.requiresGrad()) || (b != null && b.requiresGrad())) && GradMode.isEnabled();
    }

    /** True when grad mode is on and {@code a} requires grad (the one-input fast check). */
    public static boolean needsGrad(Tensor a) {
        return a.requiresGrad() && GradMode.isEnabled();
    }

    /** Attaches a node producing {@code out} from {@code inputs}; returns {@code out}. */
    public static Tensor record(String name, Tensor out, Tensor[] inputs, Tensor[] saved, Backward backward) {
        recordAll(name, new Tensor[] {out}, inputs, saved, backward);
        return out;
    }

    /** Attaches one node producing all of {@code outputs} (max with indices, split, unbind ...). */
    public static Node recordAll(String name, Tensor[] outputs, Tensor[] inputs, Tensor[] saved, Backward backward) {
        return attachAll(new OpNode(name, edges(inputs), saved, outputs, backward, null), outputs);
    }

    /**
     * Attaches the node of a view that maps {@code x}'s elements one to one onto {@code out}'s (t,
     * transpose, permute); {@code view} is that view, applied without recording (see {@link
     * Node#gradTarget}). Not for views that repeat or drop elements (expand, narrow).
     */
    public static Tensor recordView(String name, Tensor out, Tensor x, Backward backward, UnaryOperator<Tensor> view) {
        attachAll(new OpNode(name, edges(new Tensor[] {x}), new Tensor[0], new Tensor[] {out}, backward, view), new Tensor[] {out});
        return out;
    }

    private static Node attachAll(Node node, Tensor[] outputs) {
        for (int i = 0; i < outputs.length; i++) {
            if (outputs[i].dtype().isFloatingPoint()) attach(outputs[i], node, i);
        }
        return node;
    }

    /** The edges to the inputs' nodes; null for inputs that need no gradient. */
    static Edge[] edges(Tensor[] inputs) {
        Edge[] next = new Edge[inputs.length];
        for (int i = 0; i < inputs.length; i++) next[i] = gradientEdge(inputs[i]);
        return next;
    }

    /** Where a gradient for {@code t} must go: its node, or its leaf accumulator. */
    static Edge gradientEdge(Tensor t) {
        if (t == null || !t.requiresGrad()) return null;
        AutogradMeta m = t.autogradMeta();
        if (m.gradFn != null) return new Edge(m.gradFn, m.outputNr);
        return new Edge(m.accumulator(t), 0);
    }

    /** Gives {@code t} the history of another tensor (in-place ops take over their result's node). */
    public static void adopt(Tensor t, Node node, int outputNr) {
        AutogradMeta m = t.autogradMeta();
        boolean retained = m != null && m.retainsGrad && m.gradFn != null;
        // retain_grad() follows the tensor to its new node: .grad is the gradient of the new value.
        if (retained) m.gradFn.setRetainHook(m.outputNr, null);
        attach(t, node, outputNr);
        if (retained) Autograd.installRetainHook(m);
    }

    /** Makes {@code t} the output {@code outputNr} of {@code node}. */
    static void attach(Tensor t, Node node, int outputNr) {
        AutogradMeta m = t.autogradMetaOrCreate();
        m.requiresGrad = true;
        m.gradFn = node;
        m.outputNr = outputNr;
    }
}

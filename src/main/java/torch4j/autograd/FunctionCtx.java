package torch4j.autograd;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import torch4j.Tensor;

/**
 * The {@code ctx} of a user-defined {@link Function}: what {@code forward} leaves for {@code
 * backward}. Tensors go through {@link #saveForBackward} (checked against later in-place writes and
 * freed after backward, like the saved tensors of built-in ops); other values through {@link #put}.
 *
 * <pre>{@code
 * ctx.saveForBackward(result);          // in forward
 * Tensor result = ctx.savedTensors()[0]; // in backward
 * }</pre>
 */
public final class FunctionCtx {
    private final boolean[] needsInputGrad;
    private Tensor[] toSave = new Tensor[0];
    private int savedCount;
    private final Set<Tensor> nonDifferentiable = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private final Map<String, Object> state = new HashMap<>();
    /** The node once forward has returned; from then on saved tensors live (and die) there. */
    private Node node;

    FunctionCtx(boolean[] needsInputGrad) {
        this.needsInputGrad = needsInputGrad;
    }

    /** Keeps tensors (inputs or outputs of forward) for backward; call it once, in forward. */
    public void saveForBackward(Tensor... tensors) {
        if (node != null) throw new IllegalStateException("saveForBackward can only be called from forward");
        toSave = tensors.clone();
    }

    /**
     * The tensors given to {@link #saveForBackward}. In backward they are checked against in-place
     * modification since they were saved, and they are gone after a backward without {@code
     * retainGraph} ("Trying to backward through the graph a second time").
     */
    public Tensor[] savedTensors() {
        if (node == null) return toSave.clone();
        Tensor[] out = new Tensor[savedCount];
        for (int i = 0; i < out.length; i++) out[i] = node.saved(i);
        return out;
    }

    /** Declares outputs that have no gradient (indices, masks): they will not require grad. */
    public void markNonDifferentiable(Tensor... outputs) {
        for (Tensor t : outputs) nonDifferentiable.add(t);
    }

    /** True when forward input {@code i} requires a gradient ({@code ctx.needs_input_grad[i]}). */
    public boolean needsInputGrad(int i) {
        if (i < 0 || i >= needsInputGrad.length) {
            throw new IndexOutOfBoundsException("needsInputGrad index " + i + " out of range for " + needsInputGrad.length
                    + " inputs");
        }
        return needsInputGrad[i];
    }

    /** Stores a non-tensor value for backward ({@code ctx.dim = dim}). */
    public void put(String key, Object value) {
        state.put(key, value);
    }

    /** A value stored with {@link #put}, or null. */
    @SuppressWarnings("unchecked")
    public <T> T get(String key) {
        return (T) state.get(key);
    }

    boolean isNonDifferentiable(Tensor t) {
        return nonDifferentiable.contains(t);
    }

    Tensor[] takeSaved() {
        Tensor[] s = toSave;
        toSave = new Tensor[0];
        savedCount = s.length;
        return s;
    }

    void bind(Node n) {
        this.node = n;
        nonDifferentiable.clear();
    }
}

package torch4j.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;

/**
 * A node of the backward graph: the {@code grad_fn} of a tensor that an op produced.
 *
 * <p>It holds one {@link Edge} per input of the forward op (null where that input needs no
 * gradient), the tensors the backward needs ({@link #saved}), and the shapes of its outputs, so an
 * output that received no gradient can be given zeros. {@link #apply} maps output gradients to
 * input gradients. Nodes print as PyTorch's ({@code MulBackward0}) and expose {@link
 * #nextFunctions()} for walking the graph from a loss back to the leaves.
 */
public abstract class Node {
    private final Edge[] next;
    private SavedTensor[] saved;
    private boolean released;
    private final int[][] outShapes;
    private final DType[] outDTypes;
    private final Device[] outDevices;
    private List<UnaryOperator<Tensor>>[] preHooks;
    /** {@code retain_grad()} hooks: they run after the other hooks, so they see the final gradient. */
    private UnaryOperator<Tensor>[] retainHooks;
    /** Stack of the forward call, kept only under {@code detectAnomaly()}. */
    final Throwable forwardTrace;
    /**
     * The node whose {@link #apply} the engine is running on this thread in a backward that may add
     * into leaves' grads in place; per thread, so that another thread's backward (or a nested one)
     * through a shared node cannot switch it on for this one.
     */
    static final ThreadLocal<Node> IN_PLACE = new ThreadLocal<>();

    protected Node(Edge[] next, Tensor[] saved, Tensor[] outputs) {
        this.next = next;
        this.saved = new SavedTensor[saved.length];
        for (int i = 0; i < saved.length; i++) this.saved[i] = new SavedTensor(saved[i]);
        this.outShapes = new int[outputs.length][];
        this.outDTypes = new DType[outputs.length];
        this.outDevices = new Device[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            this.outShapes[i] = outputs[i].layout().shape();
            this.outDTypes[i] = outputs[i].dtype();
            this.outDevices[i] = outputs[i].device();
        }
        // The name is not known yet (subclass fields are unset); the engine names the op when it reports.
        this.forwardTrace = AnomalyMode.isEnabled() ? new Throwable("forward call") : null;
    }

    /** The op's name as PyTorch prints it, e.g. {@code MulBackward0}. */
    public abstract String name();

    /**
     * Gradients of the forward inputs given the gradients of the outputs. Entries for inputs that
     * need no gradient may be null; so may be the whole result's entries for unused paths.
     */
    protected abstract Tensor[] apply(Tensor[] gradOutputs);

    /**
     * A tensor into which this node's backward may add the gradient of input {@code i} itself,
     * instead of returning it (it must then return null for that input); null when there is none.
     * It is the {@code .grad} of the leaf the gradient would reach, seen through the views in
     * between (a weight used as {@code w.t()}), offered only where nothing could observe the
     * gradient on the way: during {@code backward()} (not {@code autograd.grad}) without {@code
     * create_graph} or anomaly mode, the leaf's grad already allocated, no hooks on the path.
     * A Linear layer's weight gradient then costs one GEMM with beta = 1, not a fresh product, its
     * zeroed allocation and AccumulateGrad's add: three passes over the weight fewer.
     */
    public Tensor gradTarget(int i) {
        Edge e = next[i];
        return e != null && IN_PLACE.get() == this ? e.node().inPlaceTarget(e.inputNr()) : null;
    }

    /** The tensor a gradient for output {@code outputNr} may be added into, skipping this node (see {@link #gradTarget}). */
    Tensor inPlaceTarget(int outputNr) {
        return null;
    }

    /** True when a hook (or {@code retain_grad()}) would see the gradient of output {@code outputNr}. */
    boolean hasHooks(int outputNr) {
        return (preHooks != null && preHooks[outputNr] != null) || (retainHooks != null && retainHooks[outputNr] != null);
    }

    /** The edges to the nodes of this op's inputs, as PyTorch's {@code next_functions}. */
    public List<Edge> nextFunctions() {
        return java.util.Collections.unmodifiableList(Arrays.asList(next));
    }

    /** Number of forward inputs. */
    public int numInputs() {
        return next.length;
    }

    /** Number of forward outputs. */
    public int numOutputs() {
        return outShapes.length;
    }

    /** True when the forward's input {@code i} needs a gradient. */
    public boolean needsInputGrad(int i) {
        return next[i] != null;
    }

    /** The saved tensor {@code i}, checked against in-place modification and release. */
    public Tensor saved(int i) {
        if (released) {
            throw new IllegalStateException("Trying to backward through the graph a second time (or directly access saved"
                    + " tensors after they have already been freed). Saved intermediate values of the graph are freed when"
                    + " you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through"
                    + " the graph a second time or if you need to access saved tensors after calling backward.");
        }
        if (i < 0 || i >= saved.length) {
            throw new IndexOutOfBoundsException(name() + " saved " + saved.length + " tensors, asked for index " + i);
        }
        return saved[i].unpack(this, i);
    }

    /** Registers a hook on the gradient of output {@code outputNr}; it may return a replacement. */
    @SuppressWarnings("unchecked")
    public synchronized void registerPreHook(int outputNr, UnaryOperator<Tensor> hook) {
        if (preHooks == null) preHooks = new List[outShapes.length];
        if (preHooks[outputNr] == null) preHooks[outputNr] = new ArrayList<>();
        preHooks[outputNr].add(hook);
    }

    /** Sets the {@code retain_grad()} hook of output {@code outputNr} (one per output). */
    @SuppressWarnings("unchecked")
    synchronized void setRetainHook(int outputNr, UnaryOperator<Tensor> hook) {
        if (retainHooks == null) retainHooks = new UnaryOperator[outShapes.length];
        retainHooks[outputNr] = hook;
    }

    Edge edge(int i) {
        return next[i];
    }

    Tensor runPreHooks(int outputNr, Tensor grad) {
        if (preHooks != null && preHooks[outputNr] != null) {
            for (UnaryOperator<Tensor> h : preHooks[outputNr]) {
                Tensor r = h.apply(grad);
                if (r != null) {
                    checkHookResult(outputNr, r);
                    grad = r;
                }
            }
        }
        if (retainHooks != null && retainHooks[outputNr] != null) retainHooks[outputNr].apply(grad);
        return grad;
    }

    private void checkHookResult(int outputNr, Tensor r) {
        if (!Arrays.equals(r.layout().shape(), outShapes[outputNr])) {
            throw new IllegalArgumentException("hook 'hook' has changed the size of value: expected "
                    + Arrays.toString(outShapes[outputNr]) + " but got " + r.shapeString());
        }
    }

    Tensor zerosForOutput(int i) {
        return Tensor.zeros(outDTypes[i], outDevices[i], outShapes[i]);
    }

    int[] outputShape(int i) {
        return outShapes[i];
    }

    DType outputDType(int i) {
        return outDTypes[i];
    }

    /** Frees the saved tensors after a backward without {@code retainGraph}. */
    void release() {
        if (saved.length > 0) {
            saved = new SavedTensor[0];
            released = true;
        }
        releaseState();
    }

    /** Drops whatever else a subclass keeps for its backward (called with {@link #release}). */
    protected void releaseState() {}

    /** True once the saved tensors were freed by a backward without {@code retainGraph}. */
    boolean isReleased() {
        return released;
    }

    @Override
    public String toString() {
        return "<" + name() + " object>";
    }
}

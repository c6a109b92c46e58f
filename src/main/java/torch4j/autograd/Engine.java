package torch4j.autograd;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import torch4j.Tensor;

/**
 * Runs backward from root tensors through the recorded nodes in dependency order: a node runs once
 * the gradients from all its consumers have been summed. Leaves accumulate into {@code grad}; in
 * {@link Autograd#grad} mode the gradients of the requested inputs are captured instead, and only
 * the nodes on a path to them run (as PyTorch prunes the graph).
 */
final class Engine {
    private Engine() {}

    /**
     * @param captureFor edges whose gradient to capture and return (null: accumulate into leaves)
     */
    static Tensor[] run(Tensor[] roots, Tensor[] rootGrads, boolean retainGraph, boolean createGraph, Edge[] captureFor) {
        ArrayDeque<Node> ready = new ArrayDeque<>();
        Edge[] rootEdges = new Edge[roots.length];
        for (int i = 0; i < roots.length; i++) {
            Edge e = Graph.gradientEdge(roots[i]);
            if (e == null) {
                throw new IllegalStateException("element " + i + " of tensors does not require grad and does not have a grad_fn");
            }
            rootEdges[i] = e;
        }
        Map<Node, Task> tasks = countDependencies(rootEdges);
        Set<Node> needed = captureFor == null ? null : neededNodes(rootEdges, captureFor);
        for (int i = 0; i < roots.length; i++) accumulate(tasks.get(rootEdges[i].node()), rootEdges[i], rootGrads[i]);
        for (Edge e : rootEdges) {
            if (tasks.get(e.node()).deps == 0 && !ready.contains(e.node())) ready.push(e.node());
        }
        Tensor[] captured = captureFor == null ? null : new Tensor[captureFor.length];
        try (Scope mode = GradMode.set(createGraph)) {
            while (!ready.isEmpty()) {
                Node node = ready.pop();
                Task task = tasks.get(node);
                Tensor[] grads = task.grads;
                task.grads = null;
                // Nodes off every path to the requested inputs are neither run nor freed.
                if (needed != null && !needed.contains(node)) continue;
                Tensor[] inputGrads;
                if (grads != null) {
                    inputGrads = execute(node, grads, retainGraph, captureFor, captured);
                } else {
                    // No consumer sent a gradient: nothing flows on, but the graph is still used up.
                    if (!retainGraph) node.release();
                    inputGrads = NO_GRADS;
                }
                for (int i = 0; i < node.numInputs(); i++) {
                    Edge e = node.edge(i);
                    if (e == null) continue;
                    Task next = tasks.get(e.node());
                    Tensor g = i < inputGrads.length ? inputGrads[i] : null;
                    if (g != null) accumulate(next, e, fitToInput(g, e));
                    // A node runs once every consumer is done, even if none sent it a gradient,
                    // so that the nodes past it are released in turn.
                    if (--next.deps == 0) ready.push(e.node());
                }
            }
        }
        return captured;
    }

    private static final Tensor[] NO_GRADS = new Tensor[0];

    /** A node's state during one run: consumers still to report, and the gradients summed so far. */
    private static final class Task {
        int deps;
        Tensor[] grads;
    }

    private static Tensor[] execute(Node node, Tensor[] grads, boolean retainGraph, Edge[] captureFor, Tensor[] captured) {
        for (int k = 0; k < grads.length; k++) {
            if (grads[k] != null) grads[k] = node.runPreHooks(k, grads[k]);
        }
        if (captureFor != null) {
            capture(node, grads, captureFor, captured);
            // autograd.grad() never writes into .grad.
            if (node instanceof AccumulateGrad) return NO_GRADS;
        }
        for (int k = 0; k < grads.length; k++) {
            if (grads[k] == null) grads[k] = node.zerosForOutput(k);
        }
        // autograd.grad captures gradients and anomaly mode checks them: neither may be bypassed.
        boolean inPlace = captureFor == null && !GradMode.isEnabled() && !AnomalyMode.isEnabled();
        Node outer = Node.IN_PLACE.get();
        Node.IN_PLACE.set(inPlace ? node : null);
        Tensor[] inputGrads;
        try {
            inputGrads = node.apply(grads);
        } finally {
            Node.IN_PLACE.set(outer);
        }
        if (!retainGraph) node.release();
        if (AnomalyMode.isEnabled()) checkFinite(node, inputGrads);
        return inputGrads;
    }

    private static void capture(Node node, Tensor[] grads, Edge[] targets, Tensor[] captured) {
        for (int t = 0; t < targets.length; t++) {
            Edge e = targets[t];
            if (e != null && e.node() == node && grads[e.inputNr()] != null) {
                captured[t] = captured[t] == null ? grads[e.inputNr()] : captured[t].add(grads[e.inputNr()]);
            }
        }
    }

    /** A task per node reachable from the roots, holding how many edges point at it. */
    private static Map<Node, Task> countDependencies(Edge[] roots) {
        Map<Node, Task> tasks = new IdentityHashMap<>(64);
        ArrayDeque<Node> stack = new ArrayDeque<>();
        for (Edge e : roots) {
            if (!tasks.containsKey(e.node())) {
                tasks.put(e.node(), new Task());
                stack.push(e.node());
            }
        }
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            for (int i = 0; i < n.numInputs(); i++) {
                Edge e = n.edge(i);
                if (e == null) continue;
                Task t = tasks.get(e.node());
                if (t == null) {
                    t = new Task();
                    tasks.put(e.node(), t);
                    stack.push(e.node());
                }
                t.deps++;
            }
        }
        return tasks;
    }

    /**
     * The nodes from which some capture target can be reached (targets included): an iterative
     * post-order walk, so deep graphs do not overflow the stack.
     */
    private static Set<Node> neededNodes(Edge[] roots, Edge[] targets) {
        Map<Node, Boolean> needed = new IdentityHashMap<>();
        for (Edge t : targets) {
            if (t != null) needed.put(t.node(), Boolean.TRUE);
        }
        Map<Node, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Node> stack = new ArrayDeque<>();
        ArrayDeque<Integer> nextChild = new ArrayDeque<>();
        for (Edge r : roots) {
            if (visited.put(r.node(), Boolean.TRUE) != null) continue;
            stack.push(r.node());
            nextChild.push(0);
            while (!stack.isEmpty()) {
                Node n = stack.peek();
                int i = nextChild.pop();
                if (i < n.numInputs()) {
                    nextChild.push(i + 1);
                    Edge e = n.edge(i);
                    if (e != null && visited.put(e.node(), Boolean.TRUE) == null) {
                        stack.push(e.node());
                        nextChild.push(0);
                    }
                    continue;
                }
                stack.pop();
                for (int k = 0; k < n.numInputs(); k++) {
                    Edge e = n.edge(k);
                    if (e != null && needed.containsKey(e.node())) {
                        needed.put(n, Boolean.TRUE);
                        break;
                    }
                }
            }
        }
        return needed.keySet();
    }

    private static void accumulate(Task task, Edge e, Tensor g) {
        if (task.grads == null) task.grads = new Tensor[e.node().numOutputs()];
        Tensor[] buf = task.grads;
        int k = e.inputNr();
        buf[k] = buf[k] == null ? g : buf[k].add(g);
    }

    /**
     * Broadcasting's backward, in one place: a gradient of broadcast shape is summed back; and a
     * gradient of a promoted dtype (float32 + float64 gives float64) is cast back to the input's.
     */
    private static Tensor fitToInput(Tensor g, Edge e) {
        Node n = e.node();
        int[] want = n.outputShape(e.inputNr());
        if (!Arrays.equals(g.layout().shape(), want)) g = g.sumToSize(want);
        torch4j.DType dtype = n.outputDType(e.inputNr());
        return g.dtype() == dtype ? g : g.to(dtype);
    }

    private static void checkFinite(Node node, Tensor[] grads) {
        for (int i = 0; i < grads.length; i++) {
            Tensor g = grads[i];
            if (g == null || !g.dtype().isFloatingPoint() || g.numel() == 0) continue;
            Tensor bad;
            try (Scope s = GradMode.set(false)) {
                bad = g.isfinite().logicalNot();
            }
            if (!bad.any().itemBool()) continue;
            boolean nan;
            try (Scope s = GradMode.set(false)) {
                nan = g.isnan().any().itemBool();
            }
            IllegalStateException ex = new IllegalStateException("Function '" + node.name() + "' returned "
                    + (nan ? "nan" : "inf") + " values in its " + i + "th output.");
            if (node.forwardTrace != null) {
                // PyTorch prints this trace as a warning; here it travels with the error.
                Throwable trace = new Throwable("Error detected in " + node.name()
                        + ". Traceback of forward call that caused the error:");
                trace.setStackTrace(node.forwardTrace.getStackTrace());
                ex.addSuppressed(trace);
            }
            throw ex;
        }
    }
}

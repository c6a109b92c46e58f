package torch4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import torch4j.DType;
import torch4j.Device;
import torch4j.Size;
import torch4j.Tensor;
import torch4j.autograd.GradMode;
import torch4j.autograd.Scope;
import torch4j.ops.Arithmetic;

/**
 * Base class of every layer and model, PyTorch's {@code nn.Module}: it owns named parameters,
 * buffers and child modules in registration order, and walks them for {@link #parameters()},
 * {@link #stateDict()}, {@link #train()}, {@link #to(DType)} and printing.
 *
 * <pre>{@code
 * class Net extends Module {
 *     final Conv2d conv1 = registerModule("conv1", new Conv2d(1, 6, 5));
 *     final Linear fc1 = registerModule("fc1", new Linear(16 * 5 * 5, 120));
 *     public Tensor forward(Tensor x) { ... }
 * }
 * System.out.println(new Net());   // Net(\n  (conv1): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))\n ...)
 * }</pre>
 *
 * <p>Conversions ({@link #to(DType)}, {@link #to(Device)}) swap each parameter's data in place,
 * so the tensor objects held in fields and by optimizers stay the module's parameters.
 */
public abstract class Module {
    private final LinkedHashMap<String, Tensor> params = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tensor> bufs = new LinkedHashMap<>();
    private final Set<String> nonPersistent = new LinkedHashSet<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    // ------------------------------------------------------------------ registration

    /**
     * Registers {@code t} as a parameter (it is made to require grad) and returns it; null
     * registers an absent parameter (as {@code bias=False} does).
     */
    public Tensor registerParameter(String name, Tensor t) {
        checkName(name);
        if (t != null) {
            if (!t.isLeaf()) {
                throw new IllegalArgumentException("Cannot assign non-leaf Tensor to parameter '" + name + "'. Model parameters"
                        + " must be created explicitly. To express '" + name + "' as a function of another Tensor, compute"
                        + " the value in the forward() method.");
            }
            if (t.dtype().isFloatingPoint() && !t.requiresGrad()) t.requiresGrad_(true);
        }
        params.put(name, t);
        return t;
    }

    /** Registers a persistent buffer (saved in {@link #stateDict()}, not trained) and returns it. */
    public Tensor registerBuffer(String name, Tensor t) {
        return registerBuffer(name, t, true);
    }

    /** Registers a buffer; a non-persistent one is left out of {@link #stateDict()}. */
    public Tensor registerBuffer(String name, Tensor t, boolean persistent) {
        checkName(name);
        bufs.put(name, t);
        if (!persistent) nonPersistent.add(name);
        return t;
    }

    /** Registers a child module under {@code name} and returns it: {@code fc = registerModule("fc", new Linear(4, 2));}. */
    public <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("name can't be empty string \"\"");
        if (name.contains(".")) throw new IllegalArgumentException("name can't contain \".\", got: " + name);
        // PyTorch lets a registration replace one of the same kind; here fields would still hold the
        // old tensor or module, so every name is registered once.
        if (params.containsKey(name) || bufs.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("attribute '" + name + "' already exists");
        }
    }

    /** The parameter registered here (not in children) under {@code name}, or null. */
    public Tensor getParameter(String name) {
        return params.get(name);
    }

    /** The buffer registered here under {@code name}, or null. */
    public Tensor getBuffer(String name) {
        return bufs.get(name);
    }

    /** The child registered under {@code name}, or null. */
    public Module getModule(String name) {
        return children.get(name);
    }

    // ------------------------------------------------------------------ forward

    /** The computation; modules with other inputs (losses, bilinear) have their own {@code forward} overloads. */
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("Module [" + name() + "] is missing the required \"forward\" function");
    }

    // ------------------------------------------------------------------ traversal

    /** All parameters of this module and its descendants, each once. */
    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Parameters by dotted name ({@code "features.0.bias"}), each tensor once (the first name wins). */
    public LinkedHashMap<String, Tensor> namedParameters() {
        return collect(true);
    }

    public List<Tensor> buffers() {
        return new ArrayList<>(namedBuffers().values());
    }

    public LinkedHashMap<String, Tensor> namedBuffers() {
        return collect(false);
    }

    private LinkedHashMap<String, Tensor> collect(boolean parameters) {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, Module> e : namedModules().entrySet()) {
            String prefix = e.getKey().isEmpty() ? "" : e.getKey() + ".";
            Map<String, Tensor> own = parameters ? e.getValue().params : e.getValue().bufs;
            for (Map.Entry<String, Tensor> p : own.entrySet()) {
                if (p.getValue() != null && seen.add(p.getValue())) out.put(prefix + p.getKey(), p.getValue());
            }
        }
        return out;
    }

    /** The direct children, in registration order. */
    public List<Module> children() {
        return new ArrayList<>(namedChildren().values());
    }

    public LinkedHashMap<String, Module> namedChildren() {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, Module> e : children.entrySet()) {
            if (e.getValue() != null && seen.add(e.getValue())) out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** This module and all descendants, depth first, each once. */
    public List<Module> modules() {
        return new ArrayList<>(namedModules().values());
    }

    /** This module (under "") and all descendants by dotted name, each once. */
    public LinkedHashMap<String, Module> namedModules() {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        addModules("", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private void addModules(String prefix, Map<String, Module> out, Set<Module> seen) {
        if (!seen.add(this)) return;
        out.put(prefix, this);
        for (Map.Entry<String, Module> e : children.entrySet()) {
            if (e.getValue() != null) e.getValue().addModules(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out, seen);
        }
    }

    /** Calls {@code fn} on every descendant, then on this module (as PyTorch's {@code apply}). */
    public Module apply(Consumer<Module> fn) {
        for (Module m : children.values()) {
            if (m != null) m.apply(fn);
        }
        fn.accept(this);
        return this;
    }

    // ------------------------------------------------------------------ modes and gradients

    /** Training mode, for this module and all descendants. */
    public Module train() {
        return train(true);
    }

    public Module train(boolean mode) {
        training = mode;
        for (Module m : children.values()) {
            if (m != null) m.train(mode);
        }
        return this;
    }

    /** Evaluation mode: dropout is the identity, batch norm uses its running statistics. */
    public Module eval() {
        return train(false);
    }

    public boolean isTraining() {
        return training;
    }

    /** Zeroes the gradients in place (PyTorch 1.13's default {@code set_to_none=False}). */
    public void zeroGrad() {
        zeroGrad(false);
    }

    /** Zeroes the gradients, or drops them ({@code setToNone}) so the next backward assigns fresh ones. */
    public void zeroGrad(boolean setToNone) {
        for (Tensor p : parameters()) {
            Tensor g = p.grad();
            if (g == null) continue;
            if (setToNone) {
                p.setGrad(null);
            } else {
                if (g.gradFn() != null) g.detach_();
                else if (g.requiresGrad()) g.requiresGrad_(false);
                try (Scope s = GradMode.set(false)) {
                    Arithmetic.zeroGrad_(g);
                }
            }
        }
    }

    /** Sets {@code requiresGrad} on every parameter (freezing with false). */
    public Module requiresGrad_(boolean flag) {
        for (Tensor p : parameters()) p.requiresGrad_(flag);
        return this;
    }

    // ------------------------------------------------------------------ conversion

    /** Converts the floating-point parameters and buffers (and gradients) to {@code dtype}, in place. */
    public Module to(DType dtype) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("nn.Module.to only accepts floating point dtypes, but got desired dtype="
                    + dtype);
        }
        return convert(t -> t.dtype().isFloatingPoint() ? t.to(dtype) : t);
    }

    /** Moves parameters, buffers and gradients to {@code device}, in place. */
    public Module to(Device device) {
        return convert(t -> t.to(device));
    }

    public Module cpu() {
        return to(Device.CPU);
    }

    public Module cuda() {
        return to(Device.CUDA);
    }

    public Module double_() {
        return to(DType.FLOAT64);
    }

    public Module float_() {
        return to(DType.FLOAT32);
    }

    /**
     * Replaces the data of every parameter, buffer and gradient with {@code fn}'s result while
     * keeping the tensor objects, as PyTorch's {@code param.data = fn(param.data)}.
     */
    private Module convert(UnaryOperator<Tensor> fn) {
        for (Module m : modules()) {
            for (Tensor p : m.params.values()) {
                if (p == null) continue;
                swapData(p, fn);
                if (p.grad() != null) swapData(p.grad(), fn);
            }
            for (Tensor b : m.bufs.values()) {
                if (b != null) swapData(b, fn);
            }
        }
        return this;
    }

    private static void swapData(Tensor t, UnaryOperator<Tensor> fn) {
        Tensor c;
        try (Scope s = GradMode.set(false)) {
            c = fn.apply(t.detach());
        }
        if (c.storage() == t.storage() && c.layout() == t.layout()) return;
        if (!c.isContiguous()) c = c.contiguous();
        t.setData(c.storage(), c.layout());
    }

    // ------------------------------------------------------------------ state dict

    /** Parameters and persistent buffers by dotted name, detached (they share storage with the module). */
    public LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> e : namedModulesWithDuplicates().entrySet()) {
            String prefix = e.getKey().isEmpty() ? "" : e.getKey() + ".";
            Module m = e.getValue();
            for (Map.Entry<String, Tensor> p : m.params.entrySet()) {
                if (p.getValue() != null) out.put(prefix + p.getKey(), p.getValue().detach());
            }
            for (Map.Entry<String, Tensor> b : m.bufs.entrySet()) {
                if (b.getValue() != null && !m.nonPersistent.contains(b.getKey())) out.put(prefix + b.getKey(), b.getValue().detach());
            }
        }
        return out;
    }

    /** What {@link #loadStateDict} could not match, as PyTorch's {@code _IncompatibleKeys}. */
    public record IncompatibleKeys(List<String> missingKeys, List<String> unexpectedKeys) {}

    /** {@code load_state_dict(state_dict, strict=True)}. */
    public IncompatibleKeys loadStateDict(Map<String, Tensor> stateDict) {
        return loadStateDict(stateDict, true);
    }

    /**
     * Copies the tensors of {@code stateDict} into this module's parameters and buffers (in
     * place, without recording gradients). Shape mismatches always fail; with {@code strict},
     * missing and unexpected keys fail too, with PyTorch's message listing every problem.
     */
    public IncompatibleKeys loadStateDict(Map<String, Tensor> stateDict, boolean strict) {
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), errors = new ArrayList<>();
        List<Tensor[]> copies = new ArrayList<>();
        for (Map.Entry<String, Module> e : namedModulesWithDuplicates().entrySet()) {
            String prefix = e.getKey().isEmpty() ? "" : e.getKey() + ".";
            Module m = e.getValue();
            Map<String, Tensor> local = new LinkedHashMap<>();
            m.params.forEach((k, v) -> {
                if (v != null) local.put(k, v);
            });
            m.bufs.forEach((k, v) -> {
                if (v != null && !m.nonPersistent.contains(k)) local.put(k, v);
            });
            for (Map.Entry<String, Tensor> l : local.entrySet()) {
                String key = prefix + l.getKey();
                Tensor src = stateDict.get(key);
                if (src == null) {
                    missing.add(key);
                    continue;
                }
                Tensor dst = l.getValue();
                if (!Arrays.equals(src.shape(), dst.shape())) {
                    errors.add("size mismatch for " + key + ": copying a param with shape " + new Size(src.shape())
                            + " from checkpoint, the shape in current model is " + new Size(dst.shape()) + ".");
                    continue;
                }
                copies.add(new Tensor[] {dst, src});
            }
            if (strict) {
                for (String key : stateDict.keySet()) {
                    if (!key.startsWith(prefix)) continue;
                    String head = key.substring(prefix.length()).split("\\.", 2)[0];
                    if (!m.children.containsKey(head) && !local.containsKey(head)) unexpected.add(key);
                }
            }
        }
        if (strict) {
            if (!unexpected.isEmpty()) errors.add(0, "Unexpected key(s) in state_dict: " + quoted(unexpected) + ". ");
            if (!missing.isEmpty()) errors.add(0, "Missing key(s) in state_dict: " + quoted(missing) + ". ");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("Error(s) in loading state_dict for " + name() + ":\n\t"
                    + String.join("\n\t", errors));
        }
        try (Scope s = GradMode.set(false)) {
            for (Tensor[] c : copies) c[0].copy_(c[1]);
        }
        return new IncompatibleKeys(missing, unexpected);
    }

    private static String quoted(List<String> keys) {
        StringBuilder sb = new StringBuilder();
        for (String k : keys) {
            if (sb.length() > 0) sb.append(", ");
            sb.append('"').append(k).append('"');
        }
        return sb.toString();
    }

    /** Like {@link #namedModules()} but a module shared under two names appears under both (for state dicts). */
    private LinkedHashMap<String, Module> namedModulesWithDuplicates() {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        addAll("", out);
        return out;
    }

    private void addAll(String prefix, Map<String, Module> out) {
        out.put(prefix, this);
        for (Map.Entry<String, Module> e : children.entrySet()) {
            if (e.getValue() != null) e.getValue().addAll(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out);
        }
    }

    // ------------------------------------------------------------------ printing

    /** The layer's settings inside its parentheses, e.g. {@code in_features=4, out_features=2, bias=True}. */
    public String extraRepr() {
        return "";
    }

    /** The class name as printed: the simple name, or "Module" for anonymous classes. */
    protected String name() {
        String n = getClass().getSimpleName();
        return n.isEmpty() ? "Module" : n;
    }

    /** The module tree exactly as PyTorch's {@code print(net)}. */
    @Override
    public String toString() {
        List<String> extra = new ArrayList<>();
        String er = extraRepr();
        if (!er.isEmpty()) extra.addAll(Arrays.asList(er.split("\n", -1)));
        List<String> childLines = new ArrayList<>();
        for (Map.Entry<String, Module> e : children.entrySet()) {
            String s = e.getValue() == null ? "None" : e.getValue().toString();
            childLines.add("(" + e.getKey() + "): " + indent(s, 2));
        }
        List<String> lines = new ArrayList<>(extra);
        lines.addAll(childLines);
        StringBuilder sb = new StringBuilder(name()).append('(');
        if (!lines.isEmpty()) {
            if (extra.size() == 1 && childLines.isEmpty()) sb.append(extra.get(0));
            else sb.append("\n  ").append(String.join("\n  ", lines)).append('\n');
        }
        return sb.append(')').toString();
    }

    /** PyTorch's {@code _addindent}: every line but the first gets {@code n} more spaces. */
    static String indent(String s, int n) {
        String[] lines = s.split("\n", -1);
        if (lines.length == 1) return s;
        StringBuilder sb = new StringBuilder(lines[0]);
        String pad = " ".repeat(n);
        for (int i = 1; i < lines.length; i++) sb.append('\n').append(pad).append(lines[i]);
        return sb.toString();
    }

    /** Python's {@code True}/{@code False}, for {@link #extraRepr()}. */
    static String py(boolean b) {
        return b ? "True" : "False";
    }

    /** Python's tuple of ints: {@code (5, 5)} or {@code (3,)}. */
    static String tuple(int... v) {
        if (v.length == 1) return "(" + v[0] + ",)";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? ", " : "").append(v[i]);
        return sb.append(')').toString();
    }
}

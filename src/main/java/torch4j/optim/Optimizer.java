package torch4j.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.ops.Arithmetic;

/**
 * Base of all optimizers, PyTorch's {@code torch.optim.Optimizer}: parameter groups with per-group
 * options over shared defaults, per-parameter state, {@link #zeroGrad()}, {@link #step()} and a
 * state dict that refers to parameters by index.
 *
 * <pre>{@code
 * Optimizer opt = new SGD(net.parameters(), 0.01);
 * for (...) {
 *     opt.zeroGrad();
 *     lossFn.apply(net.forward(x), y).backward();
 *     opt.step();
 * }
 * }</pre>
 *
 * <p>Updates run in place under {@link Torch#noGrad()}: parameters stay leaves and no graph is
 * recorded. Parameters whose {@code grad()} is null are skipped.
 */
public abstract class Optimizer {
    /** The default of an option every group must set itself (SGD's {@code lr}). */
    public static final Object REQUIRED = new Object() {
        @Override
        public String toString() {
            return "<required parameter>";
        }
    };

    private final Map<String, Object> defaults;
    private final List<ParamGroup> paramGroups = new ArrayList<>();
    private final Map<Tensor, Map<String, Object>> state = new IdentityHashMap<>();

    /** One group holding {@code params}, with {@code defaults} for every option. */
    protected Optimizer(Iterable<Tensor> params, OptimizerOptions<?> defaults) {
        this.defaults = defaults.toMap();
        ParamGroup group = new ParamGroup(params);
        if (group.params().isEmpty()) throw new IllegalArgumentException("optimizer got an empty parameter list");
        addParamGroup(group);
    }

    /** Several groups; options a group does not set come from {@code defaults}. */
    protected Optimizer(List<ParamGroup> groups, OptimizerOptions<?> defaults) {
        this.defaults = defaults.toMap();
        if (groups == null || groups.isEmpty()) throw new IllegalArgumentException("optimizer got an empty parameter list");
        for (ParamGroup g : groups) addParamGroup(g);
    }

    /** The groups, in order; schedulers change {@code "lr"} through them. */
    public List<ParamGroup> paramGroups() {
        return Collections.unmodifiableList(paramGroups);
    }

    /** The default options (read-only). */
    public Map<String, Object> defaults() {
        return Collections.unmodifiableMap(defaults);
    }

    /** Per-parameter state, keyed by parameter identity ({@code optimizer.state}). */
    public Map<Tensor, Map<String, Object>> state() {
        return state;
    }

    /** The state of one parameter, created empty on first use ({@code optimizer.state[p]}). */
    public Map<String, Object> state(Tensor param) {
        return state.computeIfAbsent(param, p -> new LinkedHashMap<>());
    }

    /**
     * Adds a group, e.g. to train layers unfrozen during fine-tuning: missing options are taken
     * from the defaults; a parameter may be in one group only.
     */
    public void addParamGroup(ParamGroup group) {
        for (Tensor p : group.params()) {
            if (!p.isLeaf() && (p.autogradMeta() == null || !p.autogradMeta().retainsGrad())) {
                throw new IllegalArgumentException("can't optimize a non-leaf Tensor");
            }
        }
        for (var e : defaults.entrySet()) {
            if (group.has(e.getKey())) continue;
            if (e.getValue() == REQUIRED) {
                throw new IllegalArgumentException("parameter group didn't specify a value of required optimization parameter "
                        + e.getKey());
            }
            group.set(e.getKey(), copyValue(e.getValue()));
        }
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        for (ParamGroup g : paramGroups) {
            for (Tensor p : g.params()) seen.put(p, true);
        }
        for (Tensor p : group.params()) {
            if (seen.containsKey(p)) throw new IllegalArgumentException("some parameters appear in more than one parameter group");
        }
        paramGroups.add(group);
    }

    /**
     * Resets the gradients of all parameters: zeroed in place (PyTorch 1.13's default), or set to
     * null with {@code setToNone}, which then makes {@link #step()} skip those parameters.
     */
    public void zeroGrad(boolean setToNone) {
        try (var s = Torch.noGrad()) {
            for (ParamGroup g : paramGroups) {
                for (Tensor p : g.params()) {
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    if (setToNone) {
                        p.setGrad(null);
                    } else {
                        grad.detach_();
                        Arithmetic.zeroGrad_(grad);
                    }
                }
            }
        }
    }

    /** {@code zero_grad()}: zeroes the gradients in place. */
    public void zeroGrad() {
        zeroGrad(false);
    }

    /** One optimization step with the current gradients. */
    public Tensor step() {
        return step(null);
    }

    /**
     * One optimization step. {@code closure} (may be null) re-evaluates the model with grad mode on,
     * calls backward and returns the loss, which this method returns.
     */
    public abstract Tensor step(Supplier<Tensor> closure);

    /** Runs the closure with grad enabled, then {@code update} on each group under no-grad. */
    protected final Tensor stepEachGroup(Supplier<Tensor> closure, Consumer<ParamGroup> update) {
        Tensor loss = evaluate(closure);
        try (var s = Torch.noGrad()) {
            for (ParamGroup g : paramGroups) update.accept(g);
        }
        return loss;
    }

    /** {@code closure()} under {@code enable_grad}, or null without a closure. */
    protected static Tensor evaluate(Supplier<Tensor> closure) {
        if (closure == null) return null;
        try (var s = Torch.enableGrad()) {
            return closure.get();
        }
    }

    // ---------------------------------------------------------------- state dict

    /**
     * The optimizer's state as PyTorch lays it out: {@code "state"} maps a parameter's index (its
     * position across all groups) to its state map, and {@code "paramGroups"} lists each group's
     * options with {@code "params"} holding indices. Tensors are shared, not copied (as in PyTorch);
     * {@link #loadStateDict} copies them.
     */
    public Map<String, Object> stateDict() {
        Map<Tensor, Integer> index = new IdentityHashMap<>();
        List<Map<String, Object>> groups = new ArrayList<>();
        Map<Integer, Map<String, Object>> packedState = new LinkedHashMap<>();
        int next = 0;
        for (ParamGroup g : paramGroups) {
            Map<String, Object> packed = new LinkedHashMap<>(g.options());
            List<Integer> ids = new ArrayList<>();
            for (Tensor p : g.params()) {
                Integer id = index.get(p);
                if (id == null) {
                    id = next++;
                    index.put(p, id);
                    Map<String, Object> st = state.get(p);
                    if (st != null) packedState.put(id, st);
                }
                ids.add(id);
            }
            packed.put("params", ids);
            groups.add(packed);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", packedState);
        out.put("paramGroups", groups);
        return out;
    }

    /**
     * Loads a state dict made by {@link #stateDict()} of an optimizer with the same group sizes:
     * group options are replaced by the saved ones, and state tensors are copied onto each
     * parameter's device and, when floating point, its dtype (the {@code "step"} count stays as it is).
     */
    @SuppressWarnings("unchecked")
    public void loadStateDict(Map<String, Object> stateDict) {
        Object rawGroups = stateDict.get("paramGroups");
        Object rawState = stateDict.get("state");
        if (!(rawGroups instanceof List<?>) || !(rawState instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("state dict must hold \"state\" (a map) and \"paramGroups\" (a list)");
        }
        List<Map<String, Object>> saved = (List<Map<String, Object>>) rawGroups;
        if (saved.size() != paramGroups.size()) {
            throw new IllegalArgumentException("loaded state dict has a different number of parameter groups");
        }
        Map<Integer, Tensor> idMap = new LinkedHashMap<>();
        for (int gi = 0; gi < saved.size(); gi++) {
            List<?> ids = (List<?>) saved.get(gi).get("params");
            List<Tensor> params = paramGroups.get(gi).params();
            if (ids == null || ids.size() != params.size()) {
                throw new IllegalArgumentException("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
            }
            for (int i = 0; i < ids.size(); i++) idMap.put(((Number) ids.get(i)).intValue(), params.get(i));
        }
        // Validate everything before changing anything.
        Map<Tensor, Map<String, Object>> newState = new IdentityHashMap<>();
        for (var e : ((Map<?, ?>) rawState).entrySet()) {
            Tensor p = idMap.get(((Number) e.getKey()).intValue());
            if (p == null) continue; // state of no parameter of ours; PyTorch keeps it under its key, which we cannot
            Map<String, Object> st = new LinkedHashMap<>();
            for (var se : ((Map<String, Object>) e.getValue()).entrySet()) st.put(se.getKey(), castValue(p, se.getKey(), se.getValue()));
            newState.put(p, st);
        }
        state.clear();
        state.putAll(newState);
        for (int gi = 0; gi < saved.size(); gi++) {
            ParamGroup g = paramGroups.get(gi);
            g.options().clear();
            for (var e : saved.get(gi).entrySet()) {
                if (!e.getKey().equals("params")) g.options().put(e.getKey(), copyValue(e.getValue()));
            }
        }
    }

    /** A deep copy of a state value, tensors moved to {@code param}'s device and float dtype. */
    private static Object castValue(Tensor param, String key, Object value) {
        if (value instanceof Tensor t) {
            Tensor c = t;
            if (!key.equals("step")) {
                if (param.isFloatingPoint() && t.isFloatingPoint()) c = c.to(param.dtype());
                c = c.to(param.device());
            }
            return c == t ? t.detach().clone() : c.detach();
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(castValue(param, "", o));
            return out;
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (var e : m.entrySet()) out.put(e.getKey(), castValue(param, String.valueOf(e.getKey()), e.getValue()));
            return out;
        }
        return copyValue(value);
    }

    private static Object copyValue(Object value) {
        if (value instanceof double[] d) return d.clone();
        if (value instanceof List<?> l) return new ArrayList<>(l);
        return value;
    }

    /** Reads a step count stored as a number or a 0-d tensor. */
    static double count(Object step) {
        return step instanceof Tensor t ? t.item() : ((Number) step).doubleValue();
    }

    static String format(Object v) {
        return v instanceof double[] d ? Arrays.toString(d) : String.valueOf(v);
    }

    /** Like PyTorch's {@code print(optimizer)}: the class and each group's options. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append(" (");
        for (int i = 0; i < paramGroups.size(); i++) {
            sb.append("\nParameter Group ").append(i).append('\n');
            paramGroups.get(i).options().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> sb.append("    ").append(e.getKey()).append(": ").append(format(e.getValue())).append('\n'));
        }
        return sb.append(')').toString();
    }
}

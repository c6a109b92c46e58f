package torch4j.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import torch4j.Tensor;

/**
 * One parameter group of an {@link Optimizer}: its parameters and its options ({@code "lr"},
 * {@code "momentum"}, {@code "weightDecay"}, {@code "betas"} ...), PyTorch's {@code {'params': ...,
 * 'lr': ...}} dict. Options a group does not set are filled from the optimizer's defaults when the
 * group is added; schedulers read and write {@code "lr"} here.
 *
 * <pre>{@code
 * var opt = new SGD(List.of(new ParamGroup(base.parameters()),
 *                           new ParamGroup(head.parameters()).set("lr", 1e-3)),
 *                   SGD.options().lr(1e-2).momentum(0.9));
 * for (ParamGroup g : opt.paramGroups()) g.set("lr", g.lr() * 0.1);
 * }</pre>
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final Map<String, Object> options = new LinkedHashMap<>();

    /** A group of {@code params} with no options of its own yet. */
    public ParamGroup(Iterable<Tensor> params) {
        if (params == null) throw new IllegalArgumentException("params argument given to the optimizer should be an iterable of Tensors, but got null");
        List<Tensor> list = new ArrayList<>();
        for (Tensor p : params) {
            if (p == null) throw new IllegalArgumentException("optimizer can only optimize Tensors, but one of the params is null");
            list.add(p);
        }
        this.params = Collections.unmodifiableList(list);
    }

    /** A group of the given parameters: {@code ParamGroup.of(w, b).set("lr", 0.1)}. */
    public static ParamGroup of(Tensor... params) {
        return new ParamGroup(List.of(params));
    }

    /** The parameters, in order (unmodifiable). */
    public List<Tensor> params() {
        return params;
    }

    /** The live option map (PyTorch's group dict without {@code 'params'}). */
    public Map<String, Object> options() {
        return options;
    }

    /** Sets an option and returns this group, e.g. {@code group.set("lr", 0.01)}. */
    public ParamGroup set(String key, Object value) {
        if (key == null || key.equals("params")) throw new IllegalArgumentException("invalid option name: " + key);
        options.put(key, value);
        return this;
    }

    /** The option's value, or null if the group has none. */
    public Object get(String key) {
        return options.get(key);
    }

    /** True when the group has this option. */
    public boolean has(String key) {
        return options.containsKey(key);
    }

    /** A numeric option as a double. */
    public double getDouble(String key) {
        Object v = require(key);
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof Tensor t) return t.item();
        throw new IllegalArgumentException("option '" + key + "' is not a number: " + v);
    }

    /** An integer option. */
    public int getInt(String key) {
        return (int) getDouble(key);
    }

    /** A boolean option. */
    public boolean getBoolean(String key) {
        Object v = require(key);
        if (v instanceof Boolean b) return b;
        throw new IllegalArgumentException("option '" + key + "' is not a boolean: " + v);
    }

    /** A pair or list option such as {@code "betas"}, as a new array. */
    public double[] getDoubles(String key) {
        Object v = require(key);
        if (v instanceof double[] d) return d.clone();
        if (v instanceof List<?> l) {
            double[] d = new double[l.size()];
            for (int i = 0; i < d.length; i++) d[i] = ((Number) l.get(i)).doubleValue();
            return d;
        }
        throw new IllegalArgumentException("option '" + key + "' is not a list of numbers: " + v);
    }

    /** The learning rate, {@code group['lr']}. */
    public double lr() {
        return getDouble("lr");
    }

    /** Sets the learning rate. */
    public void setLr(double lr) {
        options.put("lr", lr);
    }

    private Object require(String key) {
        Object v = options.get(key);
        if (v == null) throw new IllegalArgumentException("parameter group has no option '" + key + "'");
        return v;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ParamGroup(params=").append(params.size());
        for (var e : options.entrySet()) sb.append(", ").append(e.getKey()).append('=').append(Optimizer.format(e.getValue()));
        return sb.append(')').toString();
    }
}

package torch4j.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The default options of an optimizer, built fluently: each algorithm's {@code options()} starts
 * from PyTorch's defaults, e.g. {@code Adam.options().lr(1e-3).betas(0.9, 0.999).amsgrad(true)}.
 * Keys are PyTorch's option names camelCased ({@code "weightDecay"}, {@code "lrDecay"}).
 *
 * @param <T> the concrete options type, so setters chain
 */
public abstract class OptimizerOptions<T extends OptimizerOptions<T>> {
    private final Map<String, Object> values = new LinkedHashMap<>();

    protected OptimizerOptions() {}

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    /** Sets any option by name (numbers, booleans, {@code double[]} pairs ...). */
    public T set(String key, Object value) {
        if (key == null || key.equals("params")) throw new IllegalArgumentException("invalid option name: " + key);
        values.put(key, value);
        return self();
    }

    /** The learning rate. */
    public T lr(double lr) {
        return set("lr", lr);
    }

    /** L2 penalty (decoupled for AdamW). */
    public T weightDecay(double weightDecay) {
        return set("weightDecay", weightDecay);
    }

    /** A copy of the options as a map. */
    public Map<String, Object> toMap() {
        return new LinkedHashMap<>(values);
    }

    /** A numeric option; {@link Optimizer#REQUIRED} and missing options read as NaN. */
    double number(String key) {
        return values.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    Object get(String key) {
        return values.get(key);
    }
}

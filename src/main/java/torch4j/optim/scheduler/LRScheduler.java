package torch4j.optim.scheduler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import torch4j.optim.Optimizer;
import torch4j.optim.ParamGroup;

/**
 * Base of the epoch-based learning-rate schedulers, PyTorch's {@code _LRScheduler}: each {@link
 * #step()} advances {@link #lastEpoch()} and writes the new rates into the optimizer's groups.
 * Construction performs the first step (epoch 0), as in PyTorch; call {@code step()} after {@code
 * optimizer.step()}.
 *
 * <pre>{@code
 * var sched = new StepLR(opt, 30, 0.1);
 * for (int epoch = 0; epoch < 100; epoch++) {
 *     train(...);
 *     sched.step();
 * }
 * }</pre>
 *
 * <p>Each group remembers its starting rate as {@code "initialLr"}; {@link #baseLrs()} are those.
 */
public abstract class LRScheduler {
    protected final Optimizer optimizer;
    protected final double[] baseLrs;
    protected int lastEpoch;
    /** Calls of {@link #step()} so far, the initial one included. */
    protected int stepCount;
    private List<Double> lastLr = List.of();

    /**
     * Records each group's {@code "initialLr"} (from {@code "lr"} when {@code lastEpoch == -1};
     * resuming with another {@code lastEpoch} requires it already). Subclasses set their fields,
     * then call {@link #initialStep()}.
     */
    protected LRScheduler(Optimizer optimizer, int lastEpoch) {
        if (optimizer == null) throw new IllegalArgumentException("optimizer must not be null");
        this.optimizer = optimizer;
        List<ParamGroup> groups = optimizer.paramGroups();
        baseLrs = new double[groups.size()];
        for (int i = 0; i < groups.size(); i++) {
            ParamGroup g = groups.get(i);
            if (lastEpoch == -1) {
                if (!g.has("initialLr")) g.set("initialLr", g.lr());
            } else if (!g.has("initialLr")) {
                throw new IllegalArgumentException("param 'initial_lr' is not specified in param_groups[" + i
                        + "] when resuming an optimizer");
            }
            baseLrs[i] = g.getDouble("initialLr");
        }
        this.lastEpoch = lastEpoch;
    }

    /** The first step, done at the end of each subclass constructor (PyTorch's {@code _initial_step}). */
    protected final void initialStep() {
        stepCount = 0;
        step();
    }

    /** The rates for {@link #lastEpoch}, one per group (PyTorch's chainable {@code get_lr}). */
    protected abstract double[] getLr();

    /** Advances one epoch and sets each group's {@code "lr"}. */
    public void step() {
        stepCount++;
        lastEpoch++;
        double[] values = getLr();
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < groups.size(); i++) groups.get(i).setLr(values[i]);
        List<Double> lrs = new ArrayList<>(groups.size());
        for (ParamGroup g : groups) lrs.add(g.lr());
        lastLr = Collections.unmodifiableList(lrs);
    }

    /** The rates the last {@link #step()} set, one per group ({@code get_last_lr()}). */
    public List<Double> getLastLr() {
        return lastLr;
    }

    /** The index of the last epoch (-1 before the initial step). */
    public int lastEpoch() {
        return lastEpoch;
    }

    /** Each group's starting rate. */
    public double[] baseLrs() {
        return baseLrs.clone();
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** The current rate of each group. */
    protected final double[] groupLrs() {
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] lrs = new double[groups.size()];
        for (int i = 0; i < lrs.length; i++) lrs[i] = groups.get(i).lr();
        return lrs;
    }

    /** The current rates times {@code factor}. */
    protected final double[] scaledLrs(double factor) {
        double[] lrs = groupLrs();
        for (int i = 0; i < lrs.length; i++) lrs[i] *= factor;
        return lrs;
    }

    /** {@code lastEpoch}, the step count, base and last rates, for resuming with {@link #loadStateDict}. */
    public Map<String, Object> stateDict() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("lastEpoch", lastEpoch);
        out.put("stepCount", stepCount);
        out.put("baseLrs", baseLrs.clone());
        out.put("lastLr", lastLr);
        return out;
    }

    /** Restores what {@link #stateDict()} saved (load the optimizer's state dict too). */
    @SuppressWarnings("unchecked")
    public void loadStateDict(Map<String, Object> state) {
        double[] base = (double[]) state.get("baseLrs");
        if (base == null || base.length != baseLrs.length) {
            throw new IllegalArgumentException("scheduler state dict has " + (base == null ? "no" : base.length)
                    + " base learning rates, expected " + baseLrs.length);
        }
        System.arraycopy(base, 0, baseLrs, 0, base.length);
        lastEpoch = ((Number) state.get("lastEpoch")).intValue();
        stepCount = ((Number) state.get("stepCount")).intValue();
        lastLr = List.copyOf((List<Double>) state.get("lastLr"));
    }
}

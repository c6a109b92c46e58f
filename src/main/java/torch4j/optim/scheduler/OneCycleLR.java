package torch4j.optim.scheduler;

import java.util.List;
import torch4j.optim.Optimizer;
import torch4j.optim.ParamGroup;

/**
 * The 1cycle policy (Smith and Topin), PyTorch's {@code torch.optim.lr_scheduler.OneCycleLR}: the
 * rate rises from {@code maxLr / divFactor} to {@code maxLr}, then anneals to {@code initialLr /
 * finalDivFactor} (cosine or linear), stepping once per batch for {@code totalSteps} steps. With
 * {@code cycleMomentum}, momentum (or Adam's {@code beta1}) moves inversely between {@code
 * maxMomentum} and {@code baseMomentum}. {@code threePhase} adds a symmetric descent back to the
 * initial rate before the final annealing.
 *
 * <pre>{@code
 * var sched = new OneCycleLR(opt, 0.01, epochs * batchesPerEpoch);
 * var sched2 = new OneCycleLR(opt, 0.01, 1000, OneCycleLR.options().annealStrategy("linear").threePhase(true));
 * }</pre>
 */
public class OneCycleLR extends LRScheduler {
    /** The policy's settings, starting from PyTorch's defaults. */
    public static final class Options {
        private double pctStart = 0.3;
        private String annealStrategy = "cos";
        private boolean cycleMomentum = true;
        private double[] baseMomentum = {0.85};
        private double[] maxMomentum = {0.95};
        private double divFactor = 25.;
        private double finalDivFactor = 1e4;
        private boolean threePhase;

        Options() {}

        /** The fraction of steps spent increasing the rate (default 0.3). */
        public Options pctStart(double pctStart) {
            this.pctStart = pctStart;
            return this;
        }

        /** {@code "cos"} (default) or {@code "linear"}. */
        public Options annealStrategy(String annealStrategy) {
            this.annealStrategy = annealStrategy;
            return this;
        }

        public Options cycleMomentum(boolean cycleMomentum) {
            this.cycleMomentum = cycleMomentum;
            return this;
        }

        /** The lowest momentum, reached at the peak rate; one value or one per group (default 0.85). */
        public Options baseMomentum(double... baseMomentum) {
            this.baseMomentum = baseMomentum.clone();
            return this;
        }

        /** The highest momentum, at the start and the end; one value or one per group (default 0.95). */
        public Options maxMomentum(double... maxMomentum) {
            this.maxMomentum = maxMomentum.clone();
            return this;
        }

        /** {@code initialLr = maxLr / divFactor} (default 25). */
        public Options divFactor(double divFactor) {
            this.divFactor = divFactor;
            return this;
        }

        /** {@code minLr = initialLr / finalDivFactor} (default 1e4). */
        public Options finalDivFactor(double finalDivFactor) {
            this.finalDivFactor = finalDivFactor;
            return this;
        }

        public Options threePhase(boolean threePhase) {
            this.threePhase = threePhase;
            return this;
        }
    }

    /** PyTorch's defaults. */
    public static Options options() {
        return new Options();
    }

    /** One phase: ends at {@code endStep}, annealing between two group options. */
    private record Phase(double endStep, String startLr, String endLr, String startMomentum, String endMomentum) {}

    private final int totalSteps;
    private final Phase[] phases;
    private final boolean linear;
    private final boolean cycleMomentum;
    private final boolean useBeta1;

    /** Cosine 1cycle with PyTorch's defaults. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) {
        this(optimizer, new double[] {maxLr}, totalSteps, options());
    }

    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, Options options) {
        this(optimizer, new double[] {maxLr}, totalSteps, options);
    }

    /** {@code totalSteps = epochs * stepsPerEpoch}. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int epochs, int stepsPerEpoch, Options options) {
        this(optimizer, new double[] {maxLr}, checkPositive("epochs", epochs) * checkPositive("steps_per_epoch", stepsPerEpoch),
                options);
    }

    /** {@code maxLrs}: one value for all groups, or one per group. */
    public OneCycleLR(Optimizer optimizer, double[] maxLrs, int totalSteps, Options options) {
        super(prepare(optimizer, maxLrs, checkPositive("total_steps", totalSteps), options), -1);
        this.totalSteps = totalSteps;
        double pct = options.pctStart;
        if (options.threePhase) {
            phases = new Phase[] {
                new Phase(pct * totalSteps - 1, "initialLr", "maxLr", "maxMomentum", "baseMomentum"),
                new Phase(2 * pct * totalSteps - 2, "maxLr", "initialLr", "baseMomentum", "maxMomentum"),
                new Phase(totalSteps - 1, "initialLr", "minLr", "maxMomentum", "maxMomentum")};
        } else {
            phases = new Phase[] {
                new Phase(pct * totalSteps - 1, "initialLr", "maxLr", "maxMomentum", "baseMomentum"),
                new Phase(totalSteps - 1, "maxLr", "minLr", "baseMomentum", "maxMomentum")};
        }
        linear = options.annealStrategy.equals("linear");
        cycleMomentum = options.cycleMomentum;
        useBeta1 = optimizer.defaults().containsKey("betas");
        initialStep();
    }

    private static int checkPositive(String name, int value) {
        if (value <= 0) throw new IllegalArgumentException("Expected positive integer " + name + ", but got " + value);
        return value;
    }

    /** Validates and writes the per-group options before the base constructor reads "initialLr". */
    private static Optimizer prepare(Optimizer optimizer, double[] maxLrs, int totalSteps, Options o) {
        if (o.pctStart < 0 || o.pctStart > 1) {
            throw new IllegalArgumentException("Expected float between 0 and 1 pct_start, but got " + o.pctStart);
        }
        if (!o.annealStrategy.equals("cos") && !o.annealStrategy.equals("linear")) {
            throw new IllegalArgumentException("anneal_strategy must by one of 'cos' or 'linear', instead got " + o.annealStrategy);
        }
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] max = perGroup("max_lr", maxLrs, groups.size());
        for (int i = 0; i < groups.size(); i++) {
            ParamGroup g = groups.get(i);
            g.set("initialLr", max[i] / o.divFactor);
            g.set("maxLr", max[i]);
            g.set("minLr", g.getDouble("initialLr") / o.finalDivFactor);
        }
        if (o.cycleMomentum) {
            boolean betas = optimizer.defaults().containsKey("betas");
            if (!optimizer.defaults().containsKey("momentum") && !betas) {
                throw new IllegalArgumentException("optimizer must support momentum with `cycle_momentum` option enabled");
            }
            double[] maxM = perGroup("max_momentum", o.maxMomentum, groups.size());
            double[] baseM = perGroup("base_momentum", o.baseMomentum, groups.size());
            for (int i = 0; i < groups.size(); i++) {
                ParamGroup g = groups.get(i);
                setMomentum(g, betas, maxM[i]);
                g.set("maxMomentum", maxM[i]);
                g.set("baseMomentum", baseM[i]);
            }
        }
        return optimizer;
    }

    private static double[] perGroup(String name, double[] values, int groups) {
        if (values.length == 1) {
            double[] out = new double[groups];
            java.util.Arrays.fill(out, values[0]);
            return out;
        }
        if (values.length != groups) {
            throw new IllegalArgumentException("expected " + groups + " values for " + name + ", got " + values.length);
        }
        return values.clone();
    }

    private static void setMomentum(ParamGroup g, boolean betas, double momentum) {
        if (betas) {
            double[] b = g.getDoubles("betas");
            b[0] = momentum;
            g.set("betas", b);
        } else {
            g.set("momentum", momentum);
        }
    }

    private double anneal(double start, double end, double pct) {
        if (linear) return (end - start) * pct + start;
        double cosOut = Math.cos(Math.PI * pct) + 1;
        return end + (start - end) / 2.0 * cosOut;
    }

    @Override
    protected double[] getLr() {
        int stepNum = lastEpoch;
        if (stepNum > totalSteps) {
            throw new IllegalStateException("Tried to step " + (stepNum + 1) + " times. The specified number of total steps is "
                    + totalSteps);
        }
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] lrs = new double[groups.size()];
        for (int gi = 0; gi < lrs.length; gi++) {
            ParamGroup g = groups.get(gi);
            double startStep = 0;
            for (int i = 0; i < phases.length; i++) {
                Phase ph = phases[i];
                if (stepNum <= ph.endStep() || i == phases.length - 1) {
                    double pct = (stepNum - startStep) / (ph.endStep() - startStep);
                    lrs[gi] = anneal(g.getDouble(ph.startLr()), g.getDouble(ph.endLr()), pct);
                    if (cycleMomentum) {
                        setMomentum(g, useBeta1, anneal(g.getDouble(ph.startMomentum()), g.getDouble(ph.endMomentum()), pct));
                    }
                    break;
                }
                startStep = ph.endStep();
            }
        }
        return lrs;
    }
}

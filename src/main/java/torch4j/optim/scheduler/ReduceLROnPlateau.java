package torch4j.optim.scheduler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import torch4j.optim.Optimizer;
import torch4j.optim.ParamGroup;

/**
 * Reduces the rates by {@code factor} when a metric has stopped improving for more than {@code
 * patience} epochs ({@code torch.optim.lr_scheduler.ReduceLROnPlateau}). Improvement is relative
 * ({@code "rel"}: better than {@code best * (1 -/+ threshold)}) or absolute ({@code "abs"});
 * after a reduction, {@code cooldown} epochs pass before bad epochs count again.
 *
 * <pre>{@code
 * var sched = new ReduceLROnPlateau(opt, ReduceLROnPlateau.options().mode("min").factor(0.5).patience(5));
 * for (...) { train(...); sched.step(validationLoss); }
 * }</pre>
 */
public class ReduceLROnPlateau {
    /** The scheduler's settings, starting from PyTorch's defaults. */
    public static final class Options {
        private String mode = "min";
        private double factor = 0.1;
        private int patience = 10;
        private double threshold = 1e-4;
        private String thresholdMode = "rel";
        private int cooldown;
        private double[] minLr = {0};
        private double eps = 1e-8;

        Options() {}

        /** {@code "min"} (default): the metric should fall; {@code "max"}: it should rise. */
        public Options mode(String mode) {
            this.mode = mode;
            return this;
        }

        /** {@code newLr = lr * factor} (default 0.1). */
        public Options factor(double factor) {
            this.factor = factor;
            return this;
        }

        /** Epochs without improvement tolerated before reducing (default 10). */
        public Options patience(int patience) {
            this.patience = patience;
            return this;
        }

        /** The margin an improvement must beat (default 1e-4). */
        public Options threshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /** {@code "rel"} (default) or {@code "abs"}. */
        public Options thresholdMode(String thresholdMode) {
            this.thresholdMode = thresholdMode;
            return this;
        }

        /** Epochs to wait after a reduction (default 0). */
        public Options cooldown(int cooldown) {
            this.cooldown = cooldown;
            return this;
        }

        /** Lower bound of the rates; one value or one per group (default 0). */
        public Options minLr(double... minLr) {
            this.minLr = minLr.clone();
            return this;
        }

        /** Reductions smaller than this are skipped (default 1e-8). */
        public Options eps(double eps) {
            this.eps = eps;
            return this;
        }
    }

    /** PyTorch's defaults. */
    public static Options options() {
        return new Options();
    }

    private final Optimizer optimizer;
    private final boolean minMode;
    private final boolean relative;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final int cooldown;
    private final double[] minLrs;
    private final double eps;
    private double best;
    private int numBadEpochs;
    private int cooldownCounter;
    private int lastEpoch;
    private List<Double> lastLr = List.of();

    /** PyTorch's defaults: mode min, factor 0.1, patience 10. */
    public ReduceLROnPlateau(Optimizer optimizer) {
        this(optimizer, options());
    }

    public ReduceLROnPlateau(Optimizer optimizer, Options o) {
        if (o.factor >= 1.0) throw new IllegalArgumentException("Factor should be < 1.0.");
        if (!o.mode.equals("min") && !o.mode.equals("max")) throw new IllegalArgumentException("mode " + o.mode + " is unknown!");
        if (!o.thresholdMode.equals("rel") && !o.thresholdMode.equals("abs")) {
            throw new IllegalArgumentException("threshold mode " + o.thresholdMode + " is unknown!");
        }
        int groups = optimizer.paramGroups().size();
        if (o.minLr.length == 1) {
            minLrs = new double[groups];
            java.util.Arrays.fill(minLrs, o.minLr[0]);
        } else if (o.minLr.length == groups) {
            minLrs = o.minLr.clone();
        } else {
            throw new IllegalArgumentException("expected " + groups + " min_lrs, got " + o.minLr.length);
        }
        this.optimizer = optimizer;
        this.minMode = o.mode.equals("min");
        this.relative = o.thresholdMode.equals("rel");
        this.factor = o.factor;
        this.patience = o.patience;
        this.threshold = o.threshold;
        this.cooldown = o.cooldown;
        this.eps = o.eps;
        reset();
    }

    private void reset() {
        best = minMode ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        cooldownCounter = 0;
        numBadEpochs = 0;
    }

    /** Records this epoch's metric and reduces the rates if it has plateaued. */
    public void step(double metric) {
        lastEpoch++;
        if (isBetter(metric, best)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (inCooldown()) {
            cooldownCounter--;
            numBadEpochs = 0; // bad epochs in cooldown do not count
        }
        if (numBadEpochs > patience) {
            reduceLr();
            cooldownCounter = cooldown;
            numBadEpochs = 0;
        }
        List<Double> lrs = new ArrayList<>();
        for (ParamGroup g : optimizer.paramGroups()) lrs.add(g.lr());
        lastLr = Collections.unmodifiableList(lrs);
    }

    private void reduceLr() {
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < groups.size(); i++) {
            double oldLr = groups.get(i).lr();
            double newLr = Math.max(oldLr * factor, minLrs[i]);
            if (oldLr - newLr > eps) groups.get(i).setLr(newLr);
        }
    }

    private boolean inCooldown() {
        return cooldownCounter > 0;
    }

    private boolean isBetter(double a, double best) {
        if (minMode) return relative ? a < best * (1. - threshold) : a < best - threshold;
        return relative ? a > best * (threshold + 1.) : a > best + threshold;
    }

    /** The best metric so far. */
    public double best() {
        return best;
    }

    /** Epochs stepped so far. */
    public int lastEpoch() {
        return lastEpoch;
    }

    /** The rates after the last {@link #step(double)}, one per group. */
    public List<Double> getLastLr() {
        return lastLr;
    }
}

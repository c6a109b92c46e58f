package torch4j.optim;

import java.util.List;
import java.util.function.Supplier;
import torch4j.Tensor;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter): PyTorch 1.13's {@code
 * torch.optim.AdamW}. Each step first shrinks the weights, {@code p *= 1 - lr * weightDecay}, then
 * applies Adam's update to the undecayed gradient. The default weight decay is 0.01.
 *
 * <pre>{@code
 * var opt = new AdamW(net.parameters(), AdamW.options().lr(1e-3).weightDecay(0.05));
 * }</pre>
 */
public final class AdamW extends Optimizer {
    /** AdamW's options: Adam's defaults with weight decay 0.01. */
    public static final class Options extends OptimizerOptions<Options> {
        Options() {
            set("lr", 1e-3).set("betas", new double[] {0.9, 0.999}).set("eps", 1e-8).set("weightDecay", 1e-2)
                    .set("amsgrad", false).set("maximize", false);
        }

        /** Decay rates of the first and second moment averages. */
        public Options betas(double beta1, double beta2) {
            return set("betas", new double[] {beta1, beta2});
        }

        /** Added to the denominator for numerical stability. */
        public Options eps(double eps) {
            return set("eps", eps);
        }

        /** Use the maximum of past second moments (AMSGrad). */
        public Options amsgrad(boolean amsgrad) {
            return set("amsgrad", amsgrad);
        }

        /** Maximize the objective instead of minimizing it. */
        public Options maximize(boolean maximize) {
            return set("maximize", maximize);
        }
    }

    /** PyTorch's defaults. */
    public static Options options() {
        return new Options();
    }

    public AdamW(Iterable<Tensor> params, double lr) {
        this(params, options().lr(lr));
    }

    public AdamW(Iterable<Tensor> params, Options options) {
        super(params, Adam.check(options));
    }

    /** Several groups; each may override the defaults in {@code options}. */
    public AdamW(List<ParamGroup> groups, Options options) {
        super(groups, Adam.check(options));
    }

    @Override
    public Tensor step(Supplier<Tensor> closure) {
        return stepEachGroup(closure, g -> Adam.update(this, g, true));
    }
}

package torch4j.optim;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;

/**
 * Adagrad (Duchi et al.): PyTorch 1.13's {@code torch.optim.Adagrad}. Each parameter accumulates
 * its squared gradients; the step is {@code p -= clr * g / (sqrt(sum) + eps)} with
 * {@code clr = lr / (1 + (step - 1) * lrDecay)}.
 *
 * <pre>{@code
 * var opt = new Adagrad(params, Adagrad.options().lr(0.1).lrDecay(1e-3).initialAccumulatorValue(0.1));
 * }</pre>
 *
 * <p>State ({@code "step"}, a 0-d float tensor, and {@code "sum"}) exists from construction, as
 * in PyTorch.
 */
public final class Adagrad extends Optimizer {
    /** Adagrad's options, starting from PyTorch's defaults (lr 0.01, eps 1e-10). */
    public static final class Options extends OptimizerOptions<Options> {
        Options() {
            set("lr", 1e-2).set("lrDecay", 0.0).set("eps", 1e-10).set("weightDecay", 0.0)
                    .set("initialAccumulatorValue", 0.0).set("maximize", false);
        }

        /** Learning-rate decay per step. */
        public Options lrDecay(double lrDecay) {
            return set("lrDecay", lrDecay);
        }

        public Options eps(double eps) {
            return set("eps", eps);
        }

        /** The starting value of the squared-gradient sums. */
        public Options initialAccumulatorValue(double value) {
            return set("initialAccumulatorValue", value);
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

    public Adagrad(Iterable<Tensor> params, double lr) {
        this(params, options().lr(lr));
    }

    public Adagrad(Iterable<Tensor> params, Options options) {
        super(params, check(options));
        initState();
    }

    /** Several groups; each may override the defaults in {@code options}. */
    public Adagrad(List<ParamGroup> groups, Options options) {
        super(groups, check(options));
        initState();
    }

    private static Options check(Options o) {
        if (!(o.number("lr") >= 0)) throw new IllegalArgumentException("Invalid learning rate: " + o.number("lr"));
        if (!(o.number("lrDecay") >= 0)) throw new IllegalArgumentException("Invalid lr_decay value: " + o.number("lrDecay"));
        if (!(o.number("weightDecay") >= 0)) throw new IllegalArgumentException("Invalid weight_decay value: " + o.number("weightDecay"));
        if (!(o.number("initialAccumulatorValue") >= 0)) {
            throw new IllegalArgumentException("Invalid initial_accumulator_value value: " + o.number("initialAccumulatorValue"));
        }
        if (!(o.number("eps") >= 0)) throw new IllegalArgumentException("Invalid epsilon value: " + o.number("eps"));
        return o;
    }

    private void initState() {
        for (ParamGroup g : paramGroups()) {
            for (Tensor p : g.params()) ensureState(p, g);
        }
    }

    private Map<String, Object> ensureState(Tensor p, ParamGroup g) {
        Map<String, Object> st = state(p);
        if (st.isEmpty()) {
            st.put("step", Tensor.zeros(DType.FLOAT32, Device.CPU)); // on the CPU, as PyTorch: item() needs no device sync
            st.put("sum", Adam.zerosLike(p).fill_(g.getDouble("initialAccumulatorValue")));
        }
        return st;
    }

    @Override
    public Tensor step(Supplier<Tensor> closure) {
        return stepEachGroup(closure, this::update);
    }

    private void update(ParamGroup group) {
        double lr = group.lr();
        double lrDecay = group.getDouble("lrDecay");
        double eps = group.getDouble("eps");
        double weightDecay = group.getDouble("weightDecay");
        boolean maximize = group.getBoolean("maximize");
        for (Tensor p : group.params()) {
            Tensor grad = p.grad();
            if (grad == null) continue;
            // Groups added after construction get their state here (PyTorch would fail on them).
            Map<String, Object> st = ensureState(p, group);
            Tensor stepT = (Tensor) st.get("step");
            stepT.add_(1);
            double step = stepT.item();
            if (maximize) grad = grad.neg();
            if (weightDecay != 0) grad = grad.add(p, weightDecay);
            double clr = lr / (1 + (step - 1) * lrDecay);
            Tensor sum = (Tensor) st.get("sum");
            sum.addcmul_(grad, grad, 1);
            Tensor std = sum.sqrt().add_(eps);
            p.addcdiv_(grad, std, -clr);
        }
    }
}

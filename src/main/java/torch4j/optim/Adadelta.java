package torch4j.optim;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import torch4j.Tensor;

/**
 * Adadelta (Zeiler): PyTorch 1.13's {@code torch.optim.Adadelta}. Steps are scaled by the ratio of
 * running RMS of past updates to running RMS of gradients, times {@code lr} (default 1).
 *
 * <pre>{@code
 * var opt = new Adadelta(params, Adadelta.options().rho(0.9).eps(1e-6));
 * }</pre>
 *
 * <p>State: {@code "step"}, {@code "squareAvg"}, {@code "accDelta"}.
 */
public final class Adadelta extends Optimizer {
    /** Adadelta's options, starting from PyTorch's defaults (lr 1, rho 0.9, eps 1e-6). */
    public static final class Options extends OptimizerOptions<Options> {
        Options() {
            set("lr", 1.0).set("rho", 0.9).set("eps", 1e-6).set("weightDecay", 0.0).set("maximize", false);
        }

        /** Decay rate of the running averages. */
        public Options rho(double rho) {
            return set("rho", rho);
        }

        public Options eps(double eps) {
            return set("eps", eps);
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

    public Adadelta(Iterable<Tensor> params) {
        this(params, options());
    }

    public Adadelta(Iterable<Tensor> params, double lr) {
        this(params, options().lr(lr));
    }

    public Adadelta(Iterable<Tensor> params, Options options) {
        super(params, check(options));
    }

    /** Several groups; each may override the defaults in {@code options}. */
    public Adadelta(List<ParamGroup> groups, Options options) {
        super(groups, check(options));
    }

    private static Options check(Options o) {
        if (!(o.number("lr") >= 0)) throw new IllegalArgumentException("Invalid learning rate: " + o.number("lr"));
        if (!(o.number("rho") >= 0 && o.number("rho") <= 1)) throw new IllegalArgumentException("Invalid rho value: " + o.number("rho"));
        if (!(o.number("eps") >= 0)) throw new IllegalArgumentException("Invalid epsilon value: " + o.number("eps"));
        if (!(o.number("weightDecay") >= 0)) throw new IllegalArgumentException("Invalid weight_decay value: " + o.number("weightDecay"));
        return o;
    }

    @Override
    public Tensor step(Supplier<Tensor> closure) {
        return stepEachGroup(closure, this::update);
    }

    private void update(ParamGroup group) {
        double lr = group.lr();
        double rho = group.getDouble("rho");
        double eps = group.getDouble("eps");
        double weightDecay = group.getDouble("weightDecay");
        boolean maximize = group.getBoolean("maximize");
        for (Tensor p : group.params()) {
            Tensor grad = p.grad();
            if (grad == null) continue;
            Map<String, Object> st = state(p);
            if (st.isEmpty()) {
                st.put("step", 0);
                st.put("squareAvg", Adam.zerosLike(p));
                st.put("accDelta", Adam.zerosLike(p));
            }
            st.put("step", (int) count(st.get("step")) + 1);
            if (maximize) grad = grad.neg();
            if (weightDecay != 0) grad = grad.add(p, weightDecay);
            Tensor squareAvg = (Tensor) st.get("squareAvg");
            Tensor accDelta = (Tensor) st.get("accDelta");
            squareAvg.mul_(rho).addcmul_(grad, grad, 1 - rho);
            Tensor std = squareAvg.add(eps).sqrt();
            Tensor delta = accDelta.add(eps).sqrt().div_(std).mul_(grad);
            accDelta.mul_(rho).addcmul_(delta, delta, 1 - rho);
            p.add_(delta, -lr);
        }
    }
}

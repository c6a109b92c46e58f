package torch4j.optim;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import torch4j.Tensor;

/**
 * RMSprop (Hinton), optionally centered and with momentum: PyTorch 1.13's {@code
 * torch.optim.RMSprop}.
 *
 * <pre>{@code
 * var opt = new RMSprop(params, RMSprop.options().lr(1e-3).alpha(0.9).centered(true).momentum(0.9));
 * }</pre>
 *
 * <p>{@code v = alpha*v + (1-alpha)*g*g}; the denominator is {@code sqrt(v) + eps}, or
 * {@code sqrt(v - gAvg^2) + eps} when centered; with momentum {@code buf = momentum*buf + g/denom}
 * and {@code p -= lr*buf}, else {@code p -= lr * g/denom}. State: {@code "step"}, {@code
 * "squareAvg"}, {@code "momentumBuffer"}, {@code "gradAvg"}.
 */
public final class RMSprop extends Optimizer {
    /** RMSprop's options, starting from PyTorch's defaults (lr 0.01, alpha 0.99, eps 1e-8). */
    public static final class Options extends OptimizerOptions<Options> {
        Options() {
            set("lr", 1e-2).set("momentum", 0.0).set("alpha", 0.99).set("eps", 1e-8).set("centered", false)
                    .set("weightDecay", 0.0).set("maximize", false);
        }

        /** Smoothing constant of the squared-gradient average. */
        public Options alpha(double alpha) {
            return set("alpha", alpha);
        }

        public Options eps(double eps) {
            return set("eps", eps);
        }

        public Options momentum(double momentum) {
            return set("momentum", momentum);
        }

        /** Normalize by an estimate of the gradient's variance instead of its second moment. */
        public Options centered(boolean centered) {
            return set("centered", centered);
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

    public RMSprop(Iterable<Tensor> params, double lr) {
        this(params, options().lr(lr));
    }

    public RMSprop(Iterable<Tensor> params, Options options) {
        super(params, check(options));
    }

    /** Several groups; each may override the defaults in {@code options}. */
    public RMSprop(List<ParamGroup> groups, Options options) {
        super(groups, check(options));
    }

    private static Options check(Options o) {
        if (!(o.number("lr") >= 0)) throw new IllegalArgumentException("Invalid learning rate: " + o.number("lr"));
        if (!(o.number("eps") >= 0)) throw new IllegalArgumentException("Invalid epsilon value: " + o.number("eps"));
        if (!(o.number("momentum") >= 0)) throw new IllegalArgumentException("Invalid momentum value: " + o.number("momentum"));
        if (!(o.number("weightDecay") >= 0)) throw new IllegalArgumentException("Invalid weight_decay value: " + o.number("weightDecay"));
        if (!(o.number("alpha") >= 0)) throw new IllegalArgumentException("Invalid alpha value: " + o.number("alpha"));
        return o;
    }

    @Override
    public Tensor step(Supplier<Tensor> closure) {
        return stepEachGroup(closure, this::update);
    }

    private void update(ParamGroup group) {
        double lr = group.lr();
        double alpha = group.getDouble("alpha");
        double eps = group.getDouble("eps");
        double weightDecay = group.getDouble("weightDecay");
        double momentum = group.getDouble("momentum");
        boolean centered = group.getBoolean("centered");
        boolean maximize = group.getBoolean("maximize");
        for (Tensor p : group.params()) {
            Tensor grad = p.grad();
            if (grad == null) continue;
            Map<String, Object> st = state(p);
            if (st.isEmpty()) {
                st.put("step", 0);
                st.put("squareAvg", Adam.zerosLike(p));
                if (momentum > 0) st.put("momentumBuffer", Adam.zerosLike(p));
                if (centered) st.put("gradAvg", Adam.zerosLike(p));
            }
            st.put("step", (int) count(st.get("step")) + 1);
            if (maximize) grad = grad.neg();
            if (weightDecay != 0) grad = grad.add(p, weightDecay);
            Tensor squareAvg = (Tensor) st.get("squareAvg");
            squareAvg.mul_(alpha).addcmul_(grad, grad, 1 - alpha);
            Tensor avg;
            if (centered) {
                Tensor gradAvg = (Tensor) st.get("gradAvg");
                gradAvg.mul_(alpha).add_(grad, 1 - alpha);
                // square_avg.addcmul(grad_avg, grad_avg, value=-1): (-1 * a) * a is exactly -(a * a)
                avg = squareAvg.sub(gradAvg.mul(gradAvg)).sqrt();
            } else {
                avg = squareAvg.sqrt();
            }
            avg.add_(eps);
            if (momentum > 0) {
                Tensor buf = (Tensor) st.get("momentumBuffer");
                buf.mul_(momentum).addcdiv_(grad, avg, 1);
                p.add_(buf, -lr);
            } else {
                p.addcdiv_(grad, avg, -lr);
            }
        }
    }
}

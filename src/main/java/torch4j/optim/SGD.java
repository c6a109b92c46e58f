package torch4j.optim;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import torch4j.Tensor;
import torch4j.backend.Backend;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum, L2 weight
 * decay and maximization: PyTorch 1.13's {@code torch.optim.SGD}, update for update.
 *
 * <pre>{@code
 * var opt = new SGD(net.parameters(), 0.01);
 * var opt2 = new SGD(params, SGD.options().lr(0.1).momentum(0.9).nesterov(true).weightDecay(1e-4));
 * }</pre>
 *
 * <p>With momentum, the buffer starts as a copy of the first (decayed) gradient, then follows
 * {@code buf = momentum * buf + (1 - dampening) * g}; the step is {@code p -= lr * buf}, or
 * {@code p -= lr * (g + momentum * buf)} with Nesterov. State: {@code "momentumBuffer"}.
 */
public final class SGD extends Optimizer {
    /** SGD's options; {@code lr} has no default and must be given. */
    public static final class Options extends OptimizerOptions<Options> {
        Options() {
            set("lr", REQUIRED).set("momentum", 0.0).set("dampening", 0.0).set("weightDecay", 0.0)
                    .set("nesterov", false).set("maximize", false);
        }

        public Options momentum(double momentum) {
            return set("momentum", momentum);
        }

        public Options dampening(double dampening) {
            return set("dampening", dampening);
        }

        public Options nesterov(boolean nesterov) {
            return set("nesterov", nesterov);
        }

        /** Maximize the objective instead of minimizing it. */
        public Options maximize(boolean maximize) {
            return set("maximize", maximize);
        }
    }

    /** PyTorch's defaults, without a learning rate. */
    public static Options options() {
        return new Options();
    }

    /** Plain SGD with learning rate {@code lr}. */
    public SGD(Iterable<Tensor> params, double lr) {
        this(params, options().lr(lr));
    }

    public SGD(Iterable<Tensor> params, Options options) {
        super(params, check(options));
    }

    /** Several groups; each may override the defaults in {@code options}. */
    public SGD(List<ParamGroup> groups, Options options) {
        super(groups, check(options));
    }

    private static Options check(Options o) {
        double lr = o.number("lr");
        if (lr < 0) throw new IllegalArgumentException("Invalid learning rate: " + lr);
        if (o.number("momentum") < 0) throw new IllegalArgumentException("Invalid momentum value: " + o.number("momentum"));
        if (o.number("weightDecay") < 0) throw new IllegalArgumentException("Invalid weight_decay value: " + o.number("weightDecay"));
        if (Boolean.TRUE.equals(o.get("nesterov")) && (o.number("momentum") <= 0 || o.number("dampening") != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
        }
        return o;
    }

    @Override
    public Tensor step(Supplier<Tensor> closure) {
        return stepEachGroup(closure, this::update);
    }

    private void update(ParamGroup group) {
        double lr = group.lr();
        double momentum = group.getDouble("momentum");
        double dampening = group.getDouble("dampening");
        double weightDecay = group.getDouble("weightDecay");
        boolean nesterov = group.getBoolean("nesterov");
        boolean maximize = group.getBoolean("maximize");
        for (Tensor p : group.params()) {
            Tensor dp = p.grad();
            if (dp == null) continue;
            if (fusedStep(p, dp, lr, momentum, dampening, weightDecay, nesterov, maximize)) continue;
            if (maximize) dp = dp.neg();
            if (weightDecay != 0) dp = dp.add(p, weightDecay);
            if (momentum != 0) {
                Map<String, Object> st = state(p);
                Tensor buf = (Tensor) st.get("momentumBuffer");
                if (buf == null) {
                    buf = dp.clone();
                    st.put("momentumBuffer", buf);
                } else {
                    buf.mul_(momentum).add_(dp, 1 - dampening);
                }
                dp = nesterov ? dp.add(buf, momentum) : buf;
            }
            p.add_(dp, -lr);
        }
    }

    /**
     * The whole update in one pass over memory, where the parameter's backend has a kernel for it
     * (contiguous tensors of one dtype); false, changing nothing, otherwise. The first momentum
     * step fills a fresh buffer, as PyTorch's clone of the gradient would.
     */
    private boolean fusedStep(Tensor p, Tensor dp, double lr, double momentum, double dampening, double weightDecay,
            boolean nesterov, boolean maximize) {
        Map<String, Object> st = momentum != 0 ? state(p) : null;
        Tensor buf = st == null ? null : (Tensor) st.get("momentumBuffer");
        boolean first = st != null && buf == null;
        if (first) buf = Tensor.zeros(dp.dtype(), dp.device(), dp.layout().shape());
        if (!Backend.of(p.device()).elementwise().sgdStep(p, dp, buf, lr, momentum, dampening, weightDecay, nesterov, maximize,
                first)) {
            return false;
        }
        p.storage().bumpVersion();
        if (buf != null) buf.storage().bumpVersion();
        if (first) st.put("momentumBuffer", buf);
        return true;
    }
}

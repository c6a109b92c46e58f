package torch4j.optim;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.backend.Backend;
import torch4j.backend.BinaryOp;
import torch4j.ops.Arithmetic;

/**
 * Adam (Kingma and Ba), optionally AMSGrad: PyTorch 1.13's {@code torch.optim.Adam}. Weight decay
 * is L2 (added to the gradient before the moments); see {@link AdamW} for decoupled decay.
 *
 * <pre>{@code
 * var opt = new Adam(net.parameters(), 1e-3);
 * var opt2 = new Adam(params, Adam.options().lr(1e-3).betas(0.9, 0.999).eps(1e-8).amsgrad(true));
 * }</pre>
 *
 * <p>Per parameter: {@code m = b1*m + (1-b1)*g}, {@code v = b2*v + (1-b2)*g*g}, then
 * {@code p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)} (with {@code max(v)} for
 * AMSGrad). State: {@code "step"} (a 0-d float tensor), {@code "expAvg"}, {@code "expAvgSq"},
 * {@code "maxExpAvgSq"}.
 */
public final class Adam extends Optimizer {
    /** Adam's options, starting from PyTorch's defaults (lr 1e-3, betas (0.9, 0.999), eps 1e-8). */
    public static final class Options extends OptimizerOptions<Options> {
        Options() {
            set("lr", 1e-3).set("betas", new double[] {0.9, 0.999}).set("eps", 1e-8).set("weightDecay", 0.0)
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

    public Adam(Iterable<Tensor> params, double lr) {
        this(params, options().lr(lr));
    }

    public Adam(Iterable<Tensor> params) {
        this(params, options());
    }

    public Adam(Iterable<Tensor> params, Options options) {
        super(params, check(options));
    }

    /** Several groups; each may override the defaults in {@code options}. */
    public Adam(List<ParamGroup> groups, Options options) {
        super(groups, check(options));
    }

    static <T extends OptimizerOptions<T>> T check(T o) {
        if (!(o.number("lr") >= 0)) throw new IllegalArgumentException("Invalid learning rate: " + o.number("lr"));
        if (!(o.number("eps") >= 0)) throw new IllegalArgumentException("Invalid epsilon value: " + o.number("eps"));
        Object b = o.get("betas");
        if (!(b instanceof double[] betas) || betas.length != 2) throw new IllegalArgumentException("betas must be a pair of numbers");
        for (int i = 0; i < 2; i++) {
            if (!(betas[i] >= 0 && betas[i] < 1)) {
                throw new IllegalArgumentException("Invalid beta parameter at index " + i + ": " + betas[i]);
            }
        }
        if (!(o.number("weightDecay") >= 0)) throw new IllegalArgumentException("Invalid weight_decay value: " + o.number("weightDecay"));
        return o;
    }

    @Override
    public Tensor step(Supplier<Tensor> closure) {
        return stepEachGroup(closure, g -> update(this, g, false));
    }

    /** One Adam step over a group; {@code decoupled} is AdamW's decay of the weights themselves. */
    static void update(Optimizer opt, ParamGroup group, boolean decoupled) {
        double lr = group.lr();
        double[] betas = group.getDoubles("betas");
        double beta1 = betas[0], beta2 = betas[1];
        double eps = group.getDouble("eps");
        double weightDecay = group.getDouble("weightDecay");
        boolean amsgrad = group.getBoolean("amsgrad");
        boolean maximize = group.getBoolean("maximize");
        for (Tensor p : group.params()) {
            Tensor grad = p.grad();
            if (grad == null) continue;
            Map<String, Object> st = opt.state(p);
            if (st.isEmpty()) {
                st.put("step", Tensor.zeros(DType.FLOAT32, Device.CPU)); // on the CPU, as PyTorch: item() needs no device sync
                st.put("expAvg", zerosLike(p));
                st.put("expAvgSq", zerosLike(p));
                if (amsgrad) st.put("maxExpAvgSq", zerosLike(p));
            }
            Tensor stepT = (Tensor) st.get("step");
            stepT.add_(1);
            double step = stepT.item();
            Tensor expAvg = (Tensor) st.get("expAvg");
            Tensor expAvgSq = (Tensor) st.get("expAvgSq");
            Tensor max = amsgrad ? (Tensor) st.get("maxExpAvgSq") : null;
            // One pass over memory where the backend can (contiguous state of the parameter's dtype).
            if (Backend.of(p.device()).elementwise().adamStep(p, grad, expAvg, expAvgSq, max, lr, beta1, beta2, eps,
                    weightDecay, decoupled, (int) step, amsgrad, maximize)) {
                p.storage().bumpVersion();
                expAvg.storage().bumpVersion();
                expAvgSq.storage().bumpVersion();
                if (max != null) max.storage().bumpVersion();
                continue;
            }
            if (maximize) grad = grad.neg();
            if (decoupled) {
                if (weightDecay != 0) p.mul_(1 - lr * weightDecay);
            } else if (weightDecay != 0) {
                grad = grad.add(p, weightDecay);
            }
            // One fused pass, as PyTorch 2's Adam (1.13 composes mul_ and add_, equal up to rounding).
            expAvg.lerp_(grad, 1 - beta1);
            expAvgSq.mul_(beta2).addcmul_(grad, grad, 1 - beta2);
            double biasCorrection1 = 1 - Math.pow(beta1, step);
            double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
            double stepSize = lr / biasCorrection1;
            Tensor second = expAvgSq;
            if (amsgrad) {
                // torch.maximum(max, exp_avg_sq, out=max), without a temporary
                Arithmetic.binary_(max, BinaryOp.MAXIMUM, expAvgSq);
                second = max;
            }
            // m / (sqrt(v) / c2 + eps) as c2 * m / (sqrt(v) + eps * c2): one pass fewer over the
            // denominator, the form PyTorch's capturable Adam uses too (equal up to rounding).
            Tensor denom = second.sqrt().add_(eps * biasCorrection2Sqrt);
            p.addcdiv_(expAvg, denom, -stepSize * biasCorrection2Sqrt);
        }
    }

    static Tensor zerosLike(Tensor p) {
        return Tensor.zeros(p.dtype(), p.device(), p.layout().shape());
    }
}

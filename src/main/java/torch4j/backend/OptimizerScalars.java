package torch4j.backend;

/**
 * The scalars of one fused optimizer step, worked out once per parameter in double, the same for
 * every backend so that they round alike. The float32 kernels round each to float before use, as
 * PyTorch rounds a Python scalar applied to a float tensor; the float64 kernels use them as they are.
 */
public final class OptimizerScalars {
    private OptimizerScalars() {}

    /**
     * One Adam or AdamW step. Per element: {@code g = sign * grad}, then {@code g += weightDecay *
     * p} when {@code l2} (Adam's L2 decay) or {@code p *= decay} (AdamW's decoupled decay; 1
     * otherwise, which is exact); {@code m = beta1 * m + oneMinusBeta1 * g}; {@code v = beta2 * v
     * + oneMinusBeta2 * g * g}; with AMSGrad {@code vmax = max(vmax, v)}; and {@code p += stepSize
     * * m / (sqrt(v or vmax) + eps)}.
     *
     * <p>PyTorch 1.13 writes the last line {@code p -= lr / c1 * m / (sqrt(v) / sqrt(c2) + eps)}
     * with the bias corrections {@code c1 = 1 - beta1^t}, {@code c2 = 1 - beta2^t}; multiplying
     * through by {@code sqrt(c2)} gives the form here (PyTorch's capturable Adam's), equal up to
     * rounding and one division per element cheaper.
     */
    public record Adam(double sign, double decay, boolean l2, double weightDecay, double beta1, double oneMinusBeta1,
            double beta2, double oneMinusBeta2, double stepSize, double eps) {

        public static Adam of(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled, int step,
                boolean maximize) {
            double c2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
            double stepSize = -lr / (1 - Math.pow(beta1, step)) * c2Sqrt;
            double decay = decoupled && weightDecay != 0 ? 1 - lr * weightDecay : 1;
            return new Adam(maximize ? -1 : 1, decay, !decoupled && weightDecay != 0, weightDecay, beta1, 1 - beta1,
                    beta2, 1 - beta2, stepSize, eps * c2Sqrt);
        }
    }

    /**
     * One SGD step. Per element: {@code g = sign * grad}, {@code g += weightDecay * p} when {@code
     * l2}; with momentum (a buffer present) {@code buf = g} on the first step and {@code buf =
     * momentum * buf + dampened * g} after, then {@code g = nesterov ? g + momentum * buf : buf};
     * finally {@code p += negLr * g}.
     */
    public record Sgd(double sign, boolean l2, double weightDecay, double momentum, double dampened, boolean nesterov,
            boolean firstStep, double negLr) {

        public static Sgd of(double lr, double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize,
                boolean firstStep) {
            return new Sgd(maximize ? -1 : 1, weightDecay != 0, weightDecay, momentum, 1 - dampening, nesterov, firstStep, -lr);
        }
    }
}

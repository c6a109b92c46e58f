package torch4j.backend;

import torch4j.Tensor;

/**
 * Element-wise kernels. Operands have the output's shape (broadcasting is a stride-0 view made by
 * the op) and any strides; the output may be a non-contiguous view too (in-place and {@code out=}
 * forms).
 */
public interface ElementwiseKernels {
    /** {@code dst[i] = (dst.dtype) src[i]}: copy with cast. */
    void copy(Tensor src, Tensor dst);

    /** {@code dst[i] = value} (cast to dst's dtype). */
    void fill(Tensor dst, double value);

    /** {@code dst[i] = value} for an integral value, exact in int64 beyond 2^53 (cast for other dtypes). */
    void fill(Tensor dst, long value);

    /** {@code out[i] = op(x[i])}; x has the compute dtype, out has it too or bool for predicates. */
    void unary(UnaryOp op, Tensor x, Tensor out);

    /** {@code out[i] = op(a[i], b[i])}; a and b share the compute dtype, out has it too or bool. */
    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

    /**
     * {@code self[i] = op(self[i], a[i], b[i]; c)} in place: the fused optimizer updates. All three
     * share a floating dtype; a and b may be stride-0 views but must not overlap self except at the
     * same element.
     */
    void ternary(TernaryOp op, Tensor self, Tensor a, Tensor b, double c);

    /** {@code out[i] = cond[i] ? a[i] : b[i]}; cond is bool, a, b and out share a dtype. */
    void where(Tensor cond, Tensor a, Tensor b, Tensor out);

    /**
     * One step of PyTorch 1.13's Adam ({@code decoupled == false}, weight decay added to the
     * gradient) or AdamW ({@code decoupled}, {@code param *= 1 - lr * weightDecay}) on one
     * parameter, in place and in one pass: each element of {@code param}, {@code grad}, {@code
     * expAvg}, {@code expAvgSq} and, with {@code amsgrad}, {@code maxExpAvgSq} (null otherwise) is
     * read once and the updated ones written once, with no temporaries. {@code step} is the step
     * number after this update's increment (1 on the first call). Results equal the composed
     * update's up to rounding; the caller bumps the version counters.
     *
     * <p>Returns false, touching nothing, where this backend has no fused kernel for these tensors
     * (the CPU's needs them contiguous, of one floating dtype and one shape, in distinct storages);
     * the optimizer then composes the step from tensor ops. A backend without fused optimizers
     * need not override it.
     *
     * <pre>{@code
     * if (!Backend.of(p.device()).elementwise().adamStep(p, p.grad(), m, v, null, 1e-3, 0.9, 0.999, 1e-8, 0, false, t, false, false)) {
     *     // composed fallback
     * }
     * }</pre>
     */
    default boolean adamStep(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq, double lr,
            double beta1, double beta2, double eps, double weightDecay, boolean decoupled, int step, boolean amsgrad,
            boolean maximize) {
        return false;
    }

    /**
     * One step of PyTorch 1.13's SGD on one parameter, in place and in one pass, as {@link
     * #adamStep}: {@code d = grad} (negated when {@code maximize}) {@code + weightDecay * param};
     * with a {@code momentumBuf} (null without momentum) {@code buf = d} when {@code firstStep},
     * else {@code buf = momentum * buf + (1 - dampening) * d}, then {@code d = nesterov ? d +
     * momentum * buf : buf}; finally {@code param -= lr * d}. Returns false, touching nothing, where
     * this backend has no fused kernel for these tensors.
     */
    default boolean sgdStep(Tensor param, Tensor grad, Tensor momentumBuf, double lr, double momentum, double dampening,
            double weightDecay, boolean nesterov, boolean maximize, boolean firstStep) {
        return false;
    }
}

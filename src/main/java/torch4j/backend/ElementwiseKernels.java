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
}

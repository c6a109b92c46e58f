package torch4j.backend;

import torch4j.Tensor;

/** Matrix products: one batched GEMM that every matmul-like op (dot, mv, mm, bmm, matmul, addmm, outer) reduces to. */
public interface LinalgKernels {
    /**
     * {@code out = beta * out + alpha * (a @ b)} for every batch index: {@code a} is {@code [..., M, K]},
     * {@code b} is {@code [..., K, N]} and {@code out} is a contiguous {@code [..., M, N]}, all with
     * the same leading batch dims and the same dtype. {@code a} and {@code b} may have any strides
     * (transposed views and stride-0 broadcast batch dims are read in place, never copied). When
     * {@code beta == 0} the old contents of {@code out} are ignored, NaN included, as BLAS does.
     * Bool is not supported.
     */
    void matmul(Tensor a, Tensor b, Tensor out, double alpha, double beta);
}

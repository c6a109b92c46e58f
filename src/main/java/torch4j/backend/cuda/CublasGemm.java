package torch4j.backend.cuda;

import jcuda.Pointer;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasOperation;
import jcuda.jcublas.cublasStatus;
import torch4j.DType;
import torch4j.Tensor;

/**
 * Row-major matrix products on cuBLAS, for {@link CudaLinalg} and {@link CudaConv}. cuBLAS is
 * column-major: a row-major {@code [r, c]} matrix with leading dimension {@code ld} is the
 * column-major {@code [c, r]} one, so {@code C = op(A) op(B)} is computed as {@code C^T = op(B)^T
 * op(A)^T} by swapping the operands, with no transposition of the data.
 */
final class CublasGemm {
    private CublasGemm() {}

    /** A raw device address as the {@link Pointer} JCublas takes (its address constructor is protected). */
    private static final class DevicePointer extends Pointer {
        DevicePointer(long address) {
            super(address);
        }
    }

    /**
     * True when {@code t}'s elements lie densely in row-major order from its element 0 (the strides
     * of size-1 dims, which are never stepped, do not matter), so it can be a GEMM's C.
     */
    static boolean isDenseRowMajor(Tensor t) {
        return t.numel() == 0 || t.layout().isContiguous(); // an empty tensor has nothing to place
    }

    /**
     * {@code C_i = alpha * op(A_i) @ op(B_i) + beta * C_i} for {@code i < batch}, every matrix
     * row-major: {@code op(A_i)} is {@code [m, k]}, stored {@code [k, m]} when {@code transA};
     * {@code op(B_i)} is {@code [k, n]}, stored {@code [n, k]} when {@code transB}; {@code C_i} is
     * {@code [m, n]}. Addresses are in bytes, leading dimensions and batch strides in elements (a
     * stride of 0 reuses one input matrix for every batch). Float32 or float64 only. {@code beta ==
     * 0} ignores C's old contents, NaN included.
     */
    static void gemm(CudaDevice device, DType dtype, boolean transA, boolean transB, int m, int n, int k, double alpha,
                     long a, int lda, long strideA, long b, int ldb, long strideB,
                     double beta, long c, int ldc, long strideC, int batch) {
        if (m == 0 || n == 0 || batch == 0) return;
        int opA = transA ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
        int opB = transB ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
        Pointer pa = new DevicePointer(a), pb = new DevicePointer(b), pc = new DevicePointer(c);
        int status;
        if (dtype == DType.FLOAT32) {
            Pointer al = Pointer.to(new float[] {(float) alpha}), be = Pointer.to(new float[] {(float) beta});
            status = batch == 1
                    ? JCublas2.cublasSgemm(device.cublas(), opB, opA, n, m, k, al, pb, ldb, pa, lda, be, pc, ldc)
                    : JCublas2.cublasSgemmStridedBatched(device.cublas(), opB, opA, n, m, k, al, pb, ldb, strideB,
                            pa, lda, strideA, be, pc, ldc, strideC, batch);
        } else if (dtype == DType.FLOAT64) {
            Pointer al = Pointer.to(new double[] {alpha}), be = Pointer.to(new double[] {beta});
            status = batch == 1
                    ? JCublas2.cublasDgemm(device.cublas(), opB, opA, n, m, k, al, pb, ldb, pa, lda, be, pc, ldc)
                    : JCublas2.cublasDgemmStridedBatched(device.cublas(), opB, opA, n, m, k, al, pb, ldb, strideB,
                            pa, lda, strideA, be, pc, ldc, strideC, batch);
        } else {
            throw new IllegalArgumentException("cuBLAS GEMM takes torch.float32 or torch.float64, got " + dtype);
        }
        if (status != cublasStatus.CUBLAS_STATUS_SUCCESS) {
            throw new IllegalStateException("cuBLAS " + (dtype == DType.FLOAT32 ? "S" : "D") + "gemm" + (batch == 1 ? "" : "StridedBatched")
                    + " failed: " + cublasStatus.stringFor(status) + " (m=" + m + ", n=" + n + ", k=" + k + ", lda=" + lda
                    + ", ldb=" + ldb + ", ldc=" + ldc + ", transA=" + transA + ", transB=" + transB + ", batch=" + batch + ")");
        }
    }
}

package torch4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Device;
import torch4j.Generator;
import torch4j.Layout;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.backend.Backend;
import torch4j.cuda.CudaVsCpu.Pair;
import torch4j.testing.Assertions;

/**
 * The CUDA GEMM (cuBLAS, operand layouts, batching) against the CPU backend's matmul on the same
 * random operands: odd sizes, transposed and sliced views, views that need a copy, broadcast and
 * non-collapsible batch dims, alpha/beta, beta = 0 over NaN, an empty inner dim, integer dtypes.
 */
class CudaLinalgTest {
    private final Generator g = new Generator().manualSeed(7);

    @BeforeEach
    void needsCuda() {
        assumeTrue(Cuda.isAvailable(), "no CUDA device");
    }

    /** Random values on the host, as {@code dtype}. */
    private Tensor rand(DType dtype, int... shape) {
        return Torch.randn(g, shape).cpu().to(dtype);
    }

    /** The same view of a host base and of its device copy. */
    private static Pair view(Tensor base, int[] shape, int[] strides, int offset) {
        return Pair.of(base).view(new Layout(shape, strides, offset));
    }

    /** Runs both backends on the pair's operands and compares; out starts as {@code init} on both. */
    private static void check(Pair a, Pair b, Tensor init, double alpha, double beta, double tol) {
        Tensor outHost = init.clone(), outDev = init.to(Device.CUDA);
        Backend.of(Device.CPU).linalg().matmul(a.cpu(), b.cpu(), outHost, alpha, beta);
        Backend.of(Device.CUDA).linalg().matmul(a.gpu(), b.gpu(), outDev, alpha, beta);
        Assertions.assertClose(outHost, outDev.cpu(), tol, tol);
    }

    private static double tol(DType dt) {
        return dt == DType.FLOAT32 ? 2e-4 : dt == DType.FLOAT64 ? 1e-10 : 0;
    }

    @Test
    void rowMajorOperandsOfOddSizes() {
        int[] sizes = {1, 7, 33, 129};
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int m : sizes) {
                for (int k : sizes) {
                    for (int n : new int[] {1, 33}) {
                        check(Pair.of(rand(dt, m, k)), Pair.of(rand(dt, k, n)), Tensor.zeros(dt, Device.CPU, m, n), 1, 0, tol(dt));
                    }
                }
            }
        }
    }

    @Test
    void transposedSlicedAndCopiedOperands() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            int m = 33, k = 7, n = 129;
            // a as a transposed view of [k, m]: column-major, read with cuBLAS's transpose flag
            Pair at = view(rand(dt, k, m), new int[] {m, k}, new int[] {1, m}, 0);
            // b as columns 3 .. 3+n of a wider [k, n + 5] matrix: row-major with ld n + 5, offset 3
            Pair bs = view(rand(dt, k, n + 5), new int[] {k, n}, new int[] {n + 5, 1}, 3);
            // b with every other column: no unit stride, copied first
            Pair b2 = view(rand(dt, k, 2 * n), new int[] {k, n}, new int[] {2 * n, 2}, 1);
            // b transposed and sliced: column-major with ld k + 2
            Pair bt = view(rand(dt, n, k + 2), new int[] {k, n}, new int[] {1, k + 2}, 1);
            for (Pair a : new Pair[] {Pair.of(rand(dt, m, k)), at}) {
                for (Pair b : new Pair[] {bs, b2, bt}) check(a, b, Tensor.zeros(dt, Device.CPU, m, n), 1, 0, tol(dt));
            }
        }
    }

    @Test
    void batchesStridedBroadcastAndLooped() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            int m = 7, k = 33, n = 5;
            // [3, m, k] @ [k, n] broadcast over the batch (stride 0): one strided-batched call
            Pair a = Pair.of(rand(dt, 3, m, k));
            Pair bShared = view(rand(dt, k, n), new int[] {3, k, n}, new int[] {0, n, 1}, 0);
            check(a, bShared, Tensor.zeros(dt, Device.CPU, 3, m, n), 1, 0, tol(dt));
            // batch [2, 3] where a repeats along dim 0 only: batch strides do not collapse, one call per batch
            Pair aRep = view(rand(dt, 3, m, k), new int[] {2, 3, m, k}, new int[] {0, m * k, k, 1}, 0);
            Pair b = Pair.of(rand(dt, 2, 3, k, n));
            check(aRep, b, Tensor.zeros(dt, Device.CPU, 2, 3, m, n), 1, 0, tol(dt));
            // transposed matrices inside a batch: [2, m, k] from a [2, k, m] tensor
            Pair aT = view(rand(dt, 2, k, m), new int[] {2, m, k}, new int[] {m * k, 1, m}, 0);
            check(aT, Pair.of(rand(dt, 2, k, n)), Tensor.zeros(dt, Device.CPU, 2, m, n), 1, 0, tol(dt));
        }
    }

    @Test
    void alphaBetaAndNanUnderBetaZero() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            int m = 33, k = 7, n = 1;
            Pair a = Pair.of(rand(dt, m, k)), b = Pair.of(rand(dt, k, n));
            check(a, b, rand(dt, m, n), 2.0, 0.5, tol(dt));
            check(a, b, rand(dt, m, n), 1.0, 1.0, tol(dt));
            Tensor nan = Torch.full(new int[] {m, n}, Double.NaN, dt).cpu();
            check(a, b, nan, 1.0, 0.0, tol(dt));
            Tensor out = nan.to(Device.CUDA);
            Backend.of(Device.CUDA).linalg().matmul(a.gpu(), b.gpu(), out, 1.0, 0.0);
            for (double v : out.cpu().toDoubleArray()) assertFalse(Double.isNaN(v), "beta = 0 must drop NaN");
        }
    }

    @Test
    void emptyInnerDimScalesOut() {
        for (double beta : new double[] {0, 1, 2.5}) {
            Tensor init = Torch.full(new int[] {7, 5}, Double.NaN, DType.FLOAT32).cpu();
            if (beta != 0) init = rand(DType.FLOAT32, 7, 5);
            check(Pair.of(rand(DType.FLOAT32, 7, 0)), Pair.of(rand(DType.FLOAT32, 0, 5)), init, 1.0, beta, 1e-6);
        }
    }

    @Test
    void integerDtypesTakeTheHostPath() {
        for (DType dt : new DType[] {DType.INT64, DType.INT32}) {
            Tensor a = Torch.randint(-5, 5, g, 2, 7, 33).cpu().to(dt), b = Torch.randint(-5, 5, g, 33, 5).cpu().to(dt);
            Pair bT = view(b, new int[] {2, 33, 5}, new int[] {0, 5, 1}, 0);
            check(Pair.of(a), bT, Tensor.zeros(dt, Device.CPU, 2, 7, 5), 1, 0, 0);
        }
    }

    @Test
    void boolIsRejectedAsOnTheCpu() {
        Tensor t = Tensor.zeros(DType.BOOL, Device.CPU, 2, 2).to(Device.CUDA);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backend.of(Device.CUDA).linalg().matmul(t, t, Tensor.zeros(DType.BOOL, Device.CPU, 2, 2).to(Device.CUDA), 1, 0));
        assertEquals("\"bmm\" not implemented for 'Bool'", e.getMessage());
    }
}

package torch4j.backend.cuda;

import java.lang.ref.Reference;
import java.util.Arrays;
import torch4j.DType;
import torch4j.Device;
import torch4j.Layout;
import torch4j.Tensor;
import torch4j.backend.Backend;
import torch4j.backend.BinaryOp;
import torch4j.backend.LinalgKernels;

/**
 * Matrix products on cuBLAS for float32 and float64 (default math mode: no TF32). Each operand is
 * passed in place when its matrices are row-major ({@code [.., r, c]} with unit column stride) or
 * transposed views (unit row stride, cuBLAS's transpose flag); anything else is first copied to a
 * contiguous tensor on the device. Batches go to one strided-batched call when every operand's
 * batch dims collapse to one stride (0 for a broadcast input), else to one call per batch.
 *
 * <p>Integer dtypes have no cuBLAS GEMM: they run on the CPU kernel through {@link HostFallback}
 * (a documented slow path: two copies each way).
 */
final class CudaLinalg implements LinalgKernels {
    final CudaDevice device;

    CudaLinalg(CudaDevice device) {
        this.device = device;
    }

    @Override
    public void matmul(Tensor a, Tensor b, Tensor out, double alpha, double beta) {
        DType dt = out.dtype();
        if (dt == DType.BOOL) throw new IllegalArgumentException("\"bmm\" not implemented for 'Bool'");
        checkOperands(a, b, out);
        if (out.numel() == 0) return;
        if (!dt.isFloatingPoint()) {
            HostFallback.onHost(out, host ->
                    Backend.of(Device.CPU).linalg().matmul(HostFallback.toHost(a), HostFallback.toHost(b), host, alpha, beta));
            return;
        }
        int nd = out.dim();
        int m = out.layout().size(nd - 2), n = out.layout().size(nd - 1), k = a.layout().size(nd - 1);
        if (k == 0) {
            scale(out, beta); // an empty sum: only beta * out remains
            return;
        }
        Operand pa = Operand.of(a, m, k), pb = Operand.of(b, k, n);
        int nb = nd - 2;
        int[] batchShape = Arrays.copyOf(out.layout().shape(), nb);
        int batches = Layout.numel(batchShape);
        Long sa = collapse(batchShape, pa.tensor.layout().strides()), sb = collapse(batchShape, pb.tensor.layout().strides());
        long c = TensorRef.dataAddress(out);
        if (batches == 1 || (sa != null && sb != null)) {
            CublasGemm.gemm(device, dt, pa.trans, pb.trans, m, n, k, alpha, pa.address, pa.ld, sa == null ? 0 : sa,
                    pb.address, pb.ld, sb == null ? 0 : sb, beta, c, n, (long) m * n, batches);
        } else {
            // Batch dims that do not collapse (a broadcast dim between two real ones): one call per batch.
            long[] offA = batchOffsets(batchShape, pa.tensor.layout().strides());
            long[] offB = batchOffsets(batchShape, pb.tensor.layout().strides());
            long item = dt.itemSize();
            for (int i = 0; i < batches; i++) {
                CublasGemm.gemm(device, dt, pa.trans, pb.trans, m, n, k, alpha, pa.address + offA[i] * item, pa.ld, 0,
                        pb.address + offB[i] * item, pb.ld, 0, beta, c + (long) i * m * n * item, n, 0, 1);
            }
        }
        // The GEMMs are queued: copies may go back to the allocator (the stream orders later reuse),
        // and nothing whose address cuBLAS holds may be cleaned before the calls above.
        pa.releaseCopy(a);
        pb.releaseCopy(b);
        Reference.reachabilityFence(a);
        Reference.reachabilityFence(b);
        Reference.reachabilityFence(out);
    }

    private static void checkOperands(Tensor a, Tensor b, Tensor out) {
        if (a.dtype() != out.dtype() || b.dtype() != out.dtype()) {
            throw new IllegalArgumentException("expected a, b and out to have the same dtype, but got: " + a.dtype() + ", "
                    + b.dtype() + " and " + out.dtype());
        }
        int nd = out.dim();
        if (nd < 2 || a.dim() != nd || b.dim() != nd) {
            throw new IllegalArgumentException("matmul kernel expects a, b and out of one rank >= 2, got " + a.shapeString()
                    + ", " + b.shapeString() + " and " + out.shapeString());
        }
        int[] as = a.layout().shape(), bs = b.layout().shape(), os = out.layout().shape();
        boolean ok = as[nd - 2] == os[nd - 2] && bs[nd - 1] == os[nd - 1] && as[nd - 1] == bs[nd - 2];
        for (int d = 0; d < nd - 2; d++) ok &= as[d] == os[d] && bs[d] == os[d];
        if (!ok) {
            throw new IllegalArgumentException("matmul kernel expects [..., M, K] @ [..., K, N] -> [..., M, N], got "
                    + a.shapeString() + " @ " + b.shapeString() + " -> " + out.shapeString());
        }
        if (!CublasGemm.isDenseRowMajor(out)) {
            throw new IllegalArgumentException("matmul kernel expects a contiguous out, got strides "
                    + Arrays.toString(out.layout().strides()) + " for shape " + out.shapeString());
        }
    }

    /**
     * An operand as cuBLAS reads it: its matrices row-major ({@code trans} false) or column-major
     * ({@code trans} true) with leading dimension {@code ld}; {@code tensor} is the input itself
     * or its contiguous copy.
     */
    private record Operand(Tensor tensor, long address, boolean trans, int ld) {
        static Operand of(Tensor t, int rows, int cols) {
            int nd = t.dim();
            int rs = t.layout().stride(nd - 2), cs = t.layout().stride(nd - 1);
            // A dim of size 1 is never stepped, so its stride does not matter.
            if (cols == 1 || cs == 1) {
                int ld = rows == 1 ? Math.max(1, cols) : rs;
                if (ld >= Math.max(1, cols)) return new Operand(t, TensorRef.dataAddress(t), false, ld);
            }
            if (rows == 1 || rs == 1) {
                int ld = cols == 1 ? Math.max(1, rows) : cs;
                if (ld >= Math.max(1, rows)) return new Operand(t, TensorRef.dataAddress(t), true, ld);
            }
            Tensor c = HostFallback.copyOnDevice(t, t.dtype());
            return new Operand(c, TensorRef.dataAddress(c), false, Math.max(1, cols));
        }

        /** Returns the block of a copy made for {@code original} to the allocator. */
        void releaseCopy(Tensor original) {
            if (tensor != original) HostFallback.release(tensor);
        }
    }

    /**
     * The one stride that steps through the batch dims ({@code shape}, row-major order) of a
     * tensor with {@code strides}, or null when its batches are not evenly spaced.
     */
    private static Long collapse(int[] shape, int[] strides) {
        Long step = null;
        long inner = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] == 1) continue;
            if (step == null) step = (long) strides[d];
            else if (strides[d] != step * inner) return null;
            inner *= shape[d];
        }
        return step == null ? 0L : step;
    }

    /** Element offsets (from the tensor's element 0) of every batch, in row-major order. */
    private static long[] batchOffsets(int[] shape, int[] strides) {
        int batches = Layout.numel(shape);
        long[] offs = new long[batches];
        int[] idx = new int[shape.length];
        long cur = 0;
        for (int i = 0; i < batches; i++) {
            offs[i] = cur;
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    cur += strides[d];
                    break;
                }
                cur -= (long) strides[d] * (shape[d] - 1);
                idx[d] = 0;
            }
        }
        return offs;
    }

    /** {@code out *= beta}, where {@code beta == 0} writes zeros so that NaN does not survive. */
    private static void scale(Tensor out, double beta) {
        if (beta == 1) return;
        var ew = Backend.of(out.device()).elementwise();
        if (beta == 0) {
            ew.fill(out, 0.0);
            return;
        }
        Tensor s = Tensor.zeros(out.dtype(), out.device(), 1);
        ew.fill(s, beta);
        int[] shape = out.layout().shape();
        ew.binary(BinaryOp.MUL, out, Tensor.view(s, new Layout(shape, new int[shape.length], 0)), out);
    }
}

package torch4j.backend.cuda;

import java.lang.ref.Reference;
import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.backend.Backend;
import torch4j.backend.IndexKernels;

/**
 * Index kernels on the GPU (src/main/cuda/index.cu). Before anything is written, one kernel
 * counts the indices out of range into a device flag and the host reads it back (a sync per
 * call, which PyTorch avoids with device-side asserts but which lets us throw its exception);
 * when some are bad the index is copied to the host to name the first one, as the CPU does.
 * Adding forms use atomicAdd, so float sums with repeated indices may round differently from
 * the CPU's serial order; with repeated targets scatter keeps one of the writes.
 *
 * <p>Documented slow paths through {@link HostFallback} (the CPU kernel on host copies):
 * countNonzero, maskedSelect, maskedScatter and nonzero (their output size or order needs a
 * scan we do not write for the GPU); adding into uint8 or bool (no atomic add); tensors of rank
 * above 8 (a {@code TensorRef} holds 8 dims).
 */
final class CudaIndex implements IndexKernels {
    final CudaDevice device;

    CudaIndex(CudaDevice device) {
        this.device = device;
    }

    private static IndexKernels cpu() {
        return Backend.of(Device.CPU).index();
    }

    @Override
    public void indexSelect(Tensor x, int dim, Tensor index, Tensor out) {
        checkData(x, out, "index_select");
        if (TensorRef.tooWide(x, index, out)) {
            HostFallback.onHost(out, host -> cpu().indexSelect(HostFallback.toHost(x), dim, HostFallback.toHost(index), host));
            return;
        }
        Tensor idx = longIndex(index, "index_select");
        checkRange(idx, dim, x.layout().size(dim), true);
        if (out.numel() == 0) {
            finished(idx, index);
            return;
        }
        device.launch("idx_select_" + TensorRef.suffix(x.dtype()), out.numel(), TensorRef.exact(out),
                acrossDim(x, out.layout().shape(), dim), TensorRef.exact(idx), dim, (long) x.layout().stride(dim));
        finished(idx, index, x, out);
    }

    @Override
    public void indexAdd(Tensor out, int dim, Tensor index, Tensor src) {
        checkData(src, out, "index_add_");
        if (TensorRef.tooWide(out, index, src) || !hasAtomicAdd(out.dtype())) {
            HostFallback.onHost(out, host -> cpu().indexAdd(host, dim, HostFallback.toHost(index), HostFallback.toHost(src)));
            return;
        }
        Tensor idx = longIndex(index, "index_add_");
        checkRange(idx, dim, out.layout().size(dim), true);
        if (src.numel() == 0) {
            finished(idx, index);
            return;
        }
        device.launch("idx_add_" + TensorRef.suffix(out.dtype()), src.numel(), TensorRef.exact(src),
                acrossDim(out, src.layout().shape(), dim), TensorRef.exact(idx), dim, (long) out.layout().stride(dim));
        finished(idx, index, out, src);
    }

    @Override
    public void gather(Tensor x, int dim, Tensor index, Tensor out) {
        checkData(x, out, "gather");
        if (TensorRef.tooWide(x, index, out)) {
            HostFallback.onHost(out, host -> cpu().gather(HostFallback.toHost(x), dim, HostFallback.toHost(index), host));
            return;
        }
        Tensor idx = longIndex(index, "gather");
        checkRange(idx, dim, x.layout().size(dim), false);
        if (idx.numel() == 0) return;
        int[] shape = idx.layout().shape();
        device.launch("idx_gather_" + TensorRef.suffix(x.dtype()), idx.numel(), TensorRef.exact(idx),
                TensorRef.of(out, shape, out.layout().strides()), acrossDim(x, shape, dim), dim, (long) x.layout().stride(dim));
        finished(idx, index, x, out);
    }

    @Override
    public void scatter(Tensor out, int dim, Tensor index, Tensor src, boolean add) {
        checkData(src, out, add ? "scatter_add_" : "scatter_");
        if (TensorRef.tooWide(out, index, src) || (add && !hasAtomicAdd(out.dtype()))) {
            HostFallback.onHost(out, host -> cpu().scatter(host, dim, HostFallback.toHost(index), HostFallback.toHost(src), add));
            return;
        }
        Tensor idx = longIndex(index, "scatter");
        checkRange(idx, dim, out.layout().size(dim), false);
        if (idx.numel() == 0) return;
        int[] shape = idx.layout().shape();
        device.launch((add ? "idx_scatter_add_" : "idx_scatter_") + TensorRef.suffix(out.dtype()), idx.numel(),
                TensorRef.exact(idx), TensorRef.of(src, shape, src.layout().strides()), acrossDim(out, shape, dim), dim,
                (long) out.layout().stride(dim));
        finished(idx, index, out, src);
    }

    @Override
    public void scatterFill(Tensor out, int dim, Tensor index, double value) {
        if (TensorRef.tooWide(out, index)) {
            HostFallback.onHost(out, host -> cpu().scatterFill(host, dim, HostFallback.toHost(index), value));
            return;
        }
        Tensor idx = longIndex(index, "scatter");
        checkRange(idx, dim, out.layout().size(dim), false);
        if (idx.numel() == 0) return;
        device.launch("idx_scatter_fill_" + TensorRef.suffix(out.dtype()), idx.numel(), TensorRef.exact(idx),
                acrossDim(out, idx.layout().shape(), dim), dim, (long) out.layout().stride(dim), fillValue(out.dtype(), value));
        finished(idx, index, out);
    }

    // ------------------------------------------------------------------ host fallbacks

    @Override
    public int countNonzero(Tensor x) {
        return cpu().countNonzero(HostFallback.toHost(x));
    }

    @Override
    public void maskedSelect(Tensor x, Tensor mask, Tensor out) {
        HostFallback.fillOnHost(out, host -> cpu().maskedSelect(HostFallback.toHost(x), HostFallback.toHost(mask), host));
    }

    @Override
    public void maskedScatter(Tensor out, Tensor mask, Tensor source) {
        HostFallback.onHost(out, host -> cpu().maskedScatter(host, HostFallback.toHost(mask), HostFallback.toHost(source)));
    }

    @Override
    public void nonzero(Tensor x, Tensor out) {
        HostFallback.fillOnHost(out, host -> cpu().nonzero(HostFallback.toHost(x), host));
    }

    // ------------------------------------------------------------------ helpers

    private static void checkData(Tensor src, Tensor out, String op) {
        if (src.dtype() != out.dtype()) {
            throw new IllegalArgumentException(op + "(): self and source expected to have the same dtype, but got self: "
                    + out.dtype() + ", source: " + src.dtype());
        }
    }

    private static boolean hasAtomicAdd(DType dt) {
        return dt != DType.UINT8 && dt != DType.BOOL;
    }

    /** The index as int64 on the device: int32 indices are cast into a new tensor. */
    private static Tensor longIndex(Tensor index, String op) {
        if (index.dtype() == DType.INT64) return index;
        if (index.dtype() != DType.INT32) {
            throw new IllegalArgumentException(op + "(): Expected dtype int32/int64 for index, but got " + index.dtype());
        }
        return HostFallback.copyOnDevice(index, DType.INT64);
    }

    /**
     * After the launch is queued: returns an int64 copy of the index to the allocator (the stream
     * orders later reuse) and keeps the operands, whose addresses the kernel holds, reachable until now.
     */
    private static void finished(Tensor idx, Tensor index, Tensor... operands) {
        if (idx != index) HostFallback.release(idx);
        Reference.reachabilityFence(index);
        Reference.reachabilityFence(operands);
    }

    /**
     * {@code t} seen through {@code shape} with dim {@code dim}'s stride zeroed: the index supplies
     * the position along dim (the kernel adds {@code index * stride(dim)}).
     */
    private static TensorRef acrossDim(Tensor t, int[] shape, int dim) {
        int[] strides = t.layout().strides().clone();
        strides[dim] = 0;
        return TensorRef.of(t, shape, strides);
    }

    /**
     * Throws PyTorch's IndexOutOfBoundsException for the first index (row-major) outside {@code
     * [0, size)}; {@code selfPrefix} gives index_select's and index_add's wording.
     */
    private void checkRange(Tensor idx, int dim, int size, boolean selfPrefix) {
        if (idx.numel() == 0) return;
        Tensor flag = Tensor.zeros(DType.INT64, idx.device(), 1);
        device.launch("idx_check_i64", idx.numel(), TensorRef.of(idx), (long) size, TensorRef.dataAddress(flag));
        long bad = HostFallback.toHost(flag).storage().longs()[0];
        HostFallback.release(flag);
        if (bad == 0) return;
        for (long v : HostFallback.toHost(idx).storage().longs()) {
            if (v < 0 || v >= size) {
                throw new IndexOutOfBoundsException((selfPrefix ? "index out of range in self: " : "") + "index " + v
                        + " is out of bounds for dimension " + dim + " with size " + size);
            }
        }
        throw new IllegalStateException("idx_check_i64 flagged an index out of range in [0, " + size
                + ") but the host copy has none");
    }

    /** {@code value} converted as the CPU's scatter_ does, boxed as the kernel's parameter type. */
    private static Object fillValue(DType dt, double value) {
        return switch (dt) {
            case FLOAT32 -> (float) value;
            case FLOAT64 -> value;
            case INT64 -> (long) value;
            case INT32 -> (int) (long) value;
            case UINT8 -> ((byte) (long) value) & 0xff;
            case BOOL -> value != 0 ? 1 : 0;
        };
    }
}

package torch4j.backend.cuda;

import java.util.Arrays;
import torch4j.DType;
import torch4j.Tensor;

/**
 * A strided view as a kernel receives it: common.cuh's {@code struct TensorRef}, 18 int64 words
 * (byte address of element 0, ndim, sizes[8], strides[8] in elements), passed by value.
 *
 * <p>{@link #of(Tensor)} merges dims that can be walked as one (and drops size-1 dims) while
 * keeping the row-major element order, so element-wise kernels index fewer dims and any tensor
 * whose merged rank is at most 8 fits. The packing itself ({@link #pack}, {@link #collapse}) is a
 * pure function of an address and a layout, tested without a GPU.
 */
final class TensorRef {
    static final int MAX_DIMS = 8;
    /** Words in the packed struct: data, ndim, sizes[8], strides[8]. */
    static final int WORDS = 2 + 2 * MAX_DIMS;

    private final long[] words;

    private TensorRef(long[] words) {
        this.words = words;
    }

    /** True when some tensor has more dims than a TensorRef holds ({@link #exact} would refuse it). */
    static boolean tooWide(Tensor... ts) {
        for (Tensor t : ts) if (t.dim() > MAX_DIMS) return true;
        return false;
    }

    /** {@code t} with dims merged where the row-major order allows: for element-wise kernels. */
    static TensorRef of(Tensor t) {
        return collapse(dataAddress(t), t.layout().shape(), t.layout().strides());
    }

    /** {@code t}'s own dims, for kernels that need them (reductions over a dim, indexing). */
    static TensorRef exact(Tensor t) {
        if (t.dim() > MAX_DIMS) {
            throw new IllegalArgumentException("CUDA kernels take tensors of at most " + MAX_DIMS
                    + " dimensions here, got a tensor of shape " + t.shapeString() + " (" + t.dim() + " dimensions)");
        }
        return pack(dataAddress(t), toLongs(t.layout().shape()), toLongs(t.layout().strides()));
    }

    /** An explicit view of {@code t}'s storage, starting at {@code t}'s offset. */
    static TensorRef of(Tensor t, int[] shape, int[] strides) {
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("a TensorRef needs as many strides as sizes, got shape "
                    + Arrays.toString(shape) + " and strides " + Arrays.toString(strides));
        }
        if (shape.length > MAX_DIMS) {
            throw new IllegalArgumentException("CUDA kernels take views of at most " + MAX_DIMS + " dimensions, got shape "
                    + Arrays.toString(shape));
        }
        return pack(dataAddress(t), toLongs(shape), toLongs(strides));
    }

    /** The byte address of {@code t}'s element 0: its buffer plus its storage offset. */
    static long dataAddress(Tensor t) {
        if (!(t.storage().data() instanceof CudaBuffer buffer)) {
            throw new IllegalArgumentException("expected a CUDA tensor, but got a tensor on " + t.device());
        }
        return buffer.address() + (long) t.layout().offset() * t.dtype().itemSize();
    }

    /** Packs sizes and strides as given (at most 8 dims). */
    static TensorRef pack(long data, long[] sizes, long[] strides) {
        if (sizes.length != strides.length || sizes.length > MAX_DIMS) {
            throw new IllegalArgumentException("cannot pack " + sizes.length + " sizes and " + strides.length
                    + " strides into a TensorRef of at most " + MAX_DIMS + " dims");
        }
        long[] w = new long[WORDS];
        w[0] = data;
        w[1] = sizes.length;
        System.arraycopy(sizes, 0, w, 2, sizes.length);
        System.arraycopy(strides, 0, w, 2 + MAX_DIMS, strides.length);
        return new TensorRef(w);
    }

    /**
     * Packs a layout with size-1 dims dropped and each dim merged into the one before it when
     * {@code stride[outer] == stride[inner] * size[inner]}; an empty tensor packs as one dim of size 0.
     */
    static TensorRef collapse(long data, int[] shape, int[] strides) {
        long[] sizes = new long[shape.length];
        long[] st = new long[shape.length];
        int n = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 0) return pack(data, new long[] {0}, new long[] {1});
            if (shape[d] == 1) continue;
            if (n > 0 && st[n - 1] == (long) strides[d] * shape[d]) {
                sizes[n - 1] *= shape[d];
                st[n - 1] = strides[d];
            } else {
                sizes[n] = shape[d];
                st[n] = strides[d];
                n++;
            }
        }
        if (n > MAX_DIMS) {
            throw new IllegalArgumentException("CUDA kernels take tensors of at most " + MAX_DIMS
                    + " dimensions after merging contiguous ones; shape " + Arrays.toString(shape) + " with strides "
                    + Arrays.toString(strides) + " keeps " + n + " (call contiguous() first)");
        }
        return pack(data, Arrays.copyOf(sizes, n), Arrays.copyOf(st, n));
    }

    /** common.cuh's T4_F32 ... T4_BOOL. */
    static int dtypeCode(DType d) {
        return switch (d) {
            case FLOAT32 -> 0;
            case FLOAT64 -> 1;
            case INT64 -> 2;
            case INT32 -> 3;
            case UINT8 -> 4;
            case BOOL -> 5;
        };
    }

    /** The kernel-name suffix of a dtype: {@code ew_binary_f32}. */
    static String suffix(DType d) {
        return switch (d) {
            case FLOAT32 -> "f32";
            case FLOAT64 -> "f64";
            case INT64 -> "i64";
            case INT32 -> "i32";
            case UINT8 -> "u8";
            case BOOL -> "b8";
        };
    }

    /** The packed words, passed to cuLaunchKernel as the struct's bytes (not to be modified). */
    long[] words() {
        return words;
    }

    long data() {
        return words[0];
    }

    int ndim() {
        return (int) words[1];
    }

    long size(int d) {
        return words[2 + checkDim(d)];
    }

    long stride(int d) {
        return words[2 + MAX_DIMS + checkDim(d)];
    }

    private int checkDim(int d) {
        if (d < 0 || d >= ndim()) throw new IndexOutOfBoundsException("dim " + d + " of a TensorRef with " + ndim() + " dims");
        return d;
    }

    private static long[] toLongs(int[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i];
        return out;
    }

    @Override
    public String toString() {
        long[] sizes = Arrays.copyOfRange(words, 2, 2 + ndim());
        long[] strides = Arrays.copyOfRange(words, 2 + MAX_DIMS, 2 + MAX_DIMS + ndim());
        return "TensorRef[data=0x" + Long.toHexString(data()) + ", sizes=" + Arrays.toString(sizes) + ", strides="
                + Arrays.toString(strides) + "]";
    }
}

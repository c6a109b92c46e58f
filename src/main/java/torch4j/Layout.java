package torch4j;

import java.util.Arrays;

/**
 * Where a tensor's elements sit in its storage: shape, strides (in elements) and offset.
 *
 * <p>A layout is immutable; every movement op (view, transpose, slice, expand ...) makes a new
 * layout over the same storage. Broadcasting is a stride of 0. The arrays returned by {@link
 * #shape()} and {@link #strides()} are the layout's own, for kernels that read them in hot loops:
 * they must never be written.
 */
public final class Layout {
    private final int[] shape;
    private final int[] strides;
    private final int offset;
    private final int numel;

    /** Wraps the arrays as they are: callers pass arrays nobody else holds. */
    public Layout(int[] shape, int[] strides, int offset) {
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.numel = numel(shape);
    }

    /** The row-major contiguous layout of {@code shape} at offset 0. */
    public static Layout contiguous(int... shape) {
        return new Layout(shape, contiguousStrides(shape), 0);
    }

    public int[] shape() {
        return shape;
    }

    public int[] strides() {
        return strides;
    }

    public int offset() {
        return offset;
    }

    public int dim() {
        return shape.length;
    }

    public int numel() {
        return numel;
    }

    public int size(int d) {
        return shape[d];
    }

    public int stride(int d) {
        return strides[d];
    }

    /** True when elements are in row-major order with no gaps (size-1 dims may have any stride). */
    public boolean isContiguous() {
        int expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] == 1) continue;
            if (strides[d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }

    /** Storage index of the element at {@code index}. */
    public int indexOf(int... index) {
        int at = offset;
        for (int d = 0; d < index.length; d++) at += index[d] * strides[d];
        return at;
    }

    /** Product of {@code shape}; 1 for a 0-d shape. */
    public static int numel(int[] shape) {
        long n = 1;
        for (int s : shape) n *= s;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Tensor of shape " + Arrays.toString(shape)
                    + " has " + n + " elements; at most " + Integer.MAX_VALUE + " are supported");
        }
        return (int) n;
    }

    /** Row-major strides of {@code shape}. */
    public static int[] contiguousStrides(int[] shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            st[d] = s;
            s *= Math.max(shape[d], 1);
        }
        return st;
    }

    @Override
    public String toString() {
        return "Layout(shape=" + Arrays.toString(shape) + ", strides=" + Arrays.toString(strides)
                + ", offset=" + offset + ")";
    }
}

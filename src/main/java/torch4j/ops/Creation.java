package torch4j.ops;

import java.util.Arrays;
import torch4j.DType;
import torch4j.Device;
import torch4j.Layout;
import torch4j.Storage;
import torch4j.Tensor;
import torch4j.internal.Shapes;

/** Tensors made from sizes, values and Java arrays. */
public final class Creation {
    private Creation() {}

    /** Uninitialised in PyTorch; zero-filled here, since a JVM array is zeroed anyway. */
    public static Tensor empty(DType dtype, Device device, int... shape) {
        return Tensor.zeros(dtype, device, shape);
    }

    public static Tensor full(DType dtype, Device device, Number value, int... shape) {
        Tensor t = Tensor.zeros(dtype, device, shape);
        // New storage is zeroed already.
        if (value.doubleValue() != 0 || value.longValue() != 0) Elementwise.fill(t, value);
        return t;
    }

    /** The dtype {@code torch.full} infers from a fill value: float32, int64 or bool. */
    public static DType inferDType(Number value) {
        return value instanceof Double || value instanceof Float ? DType.FLOAT32 : DType.INT64;
    }

    public static Tensor onesLike(Tensor t) {
        return full(t.dtype(), t.device(), 1, t.layout().shape());
    }

    public static Tensor zerosLike(Tensor t) {
        return Tensor.zeros(t.dtype(), t.device(), t.layout().shape());
    }

    public static Tensor fullLike(Tensor t, Number value) {
        return full(t.dtype(), t.device(), value, t.layout().shape());
    }

    public static Tensor eye(DType dtype, Device device, int n, int m) {
        if (n < 0 || m < 0) throw new IllegalArgumentException("eye: n and m must be non-negative, got n=" + n + ", m=" + m);
        double[] v = new double[n * m];
        for (int i = 0; i < Math.min(n, m); i++) v[i * m + i] = 1;
        return Conversion.to(Elementwise.cast(fromArray(v, n, m), dtype), device);
    }

    /** {@code arange(start, end, step)}; integral arguments give int64, fractional ones float32. */
    public static Tensor arange(Number start, Number end, Number step, DType dtype) {
        double s = start.doubleValue(), e = end.doubleValue(), st = step.doubleValue();
        if (st == 0) throw new IllegalArgumentException("step must be nonzero");
        if ((st > 0 && e < s) || (st < 0 && e > s)) {
            throw new IllegalArgumentException("upper bound and larger bound inconsistent with step sign");
        }
        boolean integral = !(start instanceof Double || start instanceof Float || end instanceof Double
                || end instanceof Float || step instanceof Double || step instanceof Float);
        DType dt = dtype != null ? dtype : integral ? DType.INT64 : DType.FLOAT32;
        int n = (int) Math.ceil((e - s) / st);
        if (dt == DType.INT64 || dt == DType.INT32) {
            long[] v = new long[n];
            for (int i = 0; i < n; i++) v[i] = start.longValue() + i * step.longValue();
            return Elementwise.cast(fromArray(v, n), dt);
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = s + i * st;
        return Elementwise.cast(fromArray(v, n), dt);
    }

    /** {@code steps} evenly spaced values from {@code start} to {@code end} inclusive. */
    public static Tensor linspace(double start, double end, int steps, DType dtype) {
        if (steps < 0) throw new IllegalArgumentException("number of steps must be non-negative");
        double[] v = new double[steps];
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        // Fill from both ends, as PyTorch does, so the last value is exactly `end`.
        int half = steps / 2;
        for (int i = 0; i < steps; i++) v[i] = i < half ? start + step * i : end - step * (steps - 1 - i);
        return Elementwise.cast(fromArray(v, steps), dtype);
    }

    /**
     * A tensor over a caller's array ({@code torch.from_numpy}): no copy, writes through either
     * side are visible to the other. The shape defaults to 1-D.
     */
    public static Tensor fromArray(Object array, int... shape) {
        Storage s = Storage.wrap(array);
        int[] sh = shape.length == 0 && s.size() != 1 ? new int[] {s.size()} : Shapes.checkShape(shape);
        if (shape.length == 0 && s.size() == 1) sh = new int[] {1};
        if (Layout.numel(sh) != s.size()) {
            throw new IllegalArgumentException("shape " + Arrays.toString(sh) + " is invalid for an array of " + s.size() + " elements");
        }
        return new Tensor(s, Layout.contiguous(sh));
    }

    /** A bool tensor over a caller's {@code boolean[]} (copied: Java booleans cannot be shared as bytes). */
    public static Tensor fromBooleans(boolean[] values, int... shape) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (values[i] ? 1 : 0);
        int[] sh = shape.length == 0 ? new int[] {b.length} : shape;
        if (Layout.numel(sh) != b.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(sh) + " is invalid for an array of " + b.length + " elements");
        }
        return new Tensor(Storage.wrapBool(b), Layout.contiguous(sh.clone()));
    }

    /** A copy of nested (rectangular) Java arrays: {@code float[][]}, {@code double[][][]}, {@code long[][]} .... */
    public static Tensor fromNested(Object nested) {
        int[] shape = nestedShape(nested);
        Class<?> leaf = nested.getClass();
        while (leaf.isArray()) leaf = leaf.getComponentType();
        Object flat = java.lang.reflect.Array.newInstance(leaf == boolean.class ? byte.class : leaf, Layout.numel(shape));
        flatten(nested, flat, new int[] {0}, shape, 0);
        if (leaf == boolean.class) return new Tensor(Storage.wrapBool((byte[]) flat), Layout.contiguous(shape));
        return new Tensor(Storage.wrap(flat), Layout.contiguous(shape));
    }

    private static int[] nestedShape(Object a) {
        java.util.List<Integer> dims = new java.util.ArrayList<>();
        Object cur = a;
        while (cur != null && cur.getClass().isArray()) {
            int n = java.lang.reflect.Array.getLength(cur);
            dims.add(n);
            if (n == 0 || !cur.getClass().getComponentType().isArray()) break;
            cur = java.lang.reflect.Array.get(cur, 0);
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void flatten(Object a, Object flat, int[] pos, int[] shape, int d) {
        int n = java.lang.reflect.Array.getLength(a);
        if (n != shape[d]) {
            throw new IllegalArgumentException("expected sequence of length " + shape[d] + " at dim " + d + " (got " + n + ")");
        }
        if (d == shape.length - 1) {
            if (flat instanceof byte[] b && a instanceof boolean[] z) {
                for (int i = 0; i < n; i++) b[pos[0] + i] = (byte) (z[i] ? 1 : 0);
            } else {
                System.arraycopy(a, 0, flat, pos[0], n);
            }
            pos[0] += n;
            return;
        }
        for (int i = 0; i < n; i++) flatten(java.lang.reflect.Array.get(a, i), flat, pos, shape, d + 1);
    }
}

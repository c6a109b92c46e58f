package torch4j.ops;

import java.lang.reflect.Array;
import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.autograd.Graph;
import torch4j.backend.Backend;
import torch4j.backend.Backends;
import torch4j.backend.CudaRuntime;

/** Casts, copies and the ways out of a tensor into Java values. */
public final class Conversion {
    private Conversion() {}

    public static Tensor to(Tensor x, DType dtype) {
        if (x.dtype() == dtype) return x;
        Tensor out = Elementwise.cast(x, dtype);
        if (Graph.needsGrad(x) && dtype.isFloatingPoint()) {
            DType from = x.dtype();
            Graph.record("ToCopyBackward0", out, new Tensor[] {x}, new Tensor[0], (n, g) -> new Tensor[] {to(g[0], from)});
        }
        return out;
    }

    /**
     * {@code x} itself if it is on {@code device}, else a contiguous copy there. The gradient flows
     * back to {@code x}'s device (ToCopyBackward0). Reading a CUDA tensor on the host waits for
     * the device's queued work.
     */
    public static Tensor to(Tensor x, Device device) {
        if (device == null) throw new IllegalArgumentException("to(): expected a device, got null");
        if (x.device().equals(device)) return x;
        if (device.isCuda()) Backend.of(device); // fails with what is missing when CUDA cannot be used
        CudaRuntime cuda = Backends.cudaRuntime();
        // Between two GPUs the copy goes through the host: simple, and rare in the single-GPU use torch4j targets.
        Tensor host = x.device().isCuda() ? cuda.toHost(x) : x;
        Tensor out = device.isCuda() ? cuda.toDevice(host, device.index()) : host;
        if (Graph.needsGrad(x)) {
            Device from = x.device();
            Graph.record("ToCopyBackward0", out, new Tensor[] {x}, new Tensor[0], (n, g) -> new Tensor[] {to(g[0], from)});
        }
        return out;
    }

    /** A contiguous copy; autograd passes the gradient straight through. */
    public static Tensor clone(Tensor x) {
        Tensor out = Tensor.zeros(x.dtype(), x.device(), x.layout().shape());
        Backend.of(x.device()).elementwise().copy(x, out);
        if (Graph.needsGrad(x)) {
            Graph.record("CloneBackward0", out, new Tensor[] {x}, new Tensor[0], (n, g) -> new Tensor[] {g[0]});
        }
        return out;
    }

    public static Tensor contiguous(Tensor x) {
        return x.isContiguous() ? x : clone(x);
    }

    /** Copies {@code src} (broadcast to self's shape, cast to self's dtype) into {@code self}. */
    public static Tensor copy_(Tensor self, Tensor src) {
        Elementwise.sameDevice(self, src);
        Arithmetic.checkInPlaceAllowed(self);
        int[] shape = self.layout().shape();
        Tensor view = Elementwise.expand(src, shape);
        if (src.storage() == self.storage()) view = clone(view); // overlapping copy: go through a temporary
        Backend.of(self.device()).elementwise().copy(view, self);
        self.storage().bumpVersion();
        if (Graph.needsGrad(src) || self.requiresGrad() && torch4j.autograd.GradMode.isEnabled()) {
            DType srcType = src.dtype();
            Graph.record("CopyBackwards", self, new Tensor[] {self.detach(), src}, new Tensor[0],
                    (n, g) -> new Tensor[] {null, to(g[0], srcType)});
        }
        return self;
    }

    public static double item(Tensor x) {
        if (x.numel() != 1) {
            throw new IllegalArgumentException("a Tensor with " + x.numel() + " elements cannot be converted to Scalar");
        }
        Tensor c = cpu(x);
        Object data = c.storage().data();
        int i = c.layout().offset();
        if (data instanceof float[] f) return f[i];
        if (data instanceof double[] d) return d[i];
        if (data instanceof long[] l) return l[i];
        if (data instanceof int[] n) return n[i];
        return ((byte[]) data)[i] & 0xFF;
    }

    /** The single element as a long, exact for int64 values beyond 2^53. */
    public static long itemLong(Tensor x) {
        if (x.dtype() == DType.INT64) {
            if (x.numel() != 1) {
                throw new IllegalArgumentException("a Tensor with " + x.numel() + " elements cannot be converted to Scalar");
            }
            Tensor c = cpu(x);
            return c.storage().longs()[c.layout().offset()];
        }
        return (long) item(x);
    }

    public static float[] toFloatArray(Tensor x) {
        return (float[]) contiguousCopy(x, DType.FLOAT32).storage().data();
    }

    public static double[] toDoubleArray(Tensor x) {
        return (double[]) contiguousCopy(x, DType.FLOAT64).storage().data();
    }

    public static long[] toLongArray(Tensor x) {
        return (long[]) contiguousCopy(x, DType.INT64).storage().data();
    }

    public static int[] toIntArray(Tensor x) {
        return (int[]) contiguousCopy(x, DType.INT32).storage().data();
    }

    public static boolean[] toBooleanArray(Tensor x) {
        byte[] b = (byte[]) contiguousCopy(x, DType.BOOL).storage().data();
        boolean[] out = new boolean[b.length];
        for (int i = 0; i < b.length; i++) out[i] = b[i] != 0;
        return out;
    }

    /** Nested arrays of the tensor's element type; a 0-d tensor gives a boxed scalar. */
    public static Object toNestedArray(Tensor x) {
        Tensor c = contiguousCopy(x, x.dtype() == DType.UINT8 ? DType.INT32 : x.dtype());
        Object flat = c.dtype() == DType.BOOL ? toBooleanArray(c) : c.storage().data();
        int[] shape = x.layout().shape();
        if (shape.length == 0) return Array.get(flat, 0);
        return nest(flat, shape, 0, 0);
    }

    private static Object nest(Object flat, int[] shape, int d, int offset) {
        int n = shape[d];
        if (d == shape.length - 1) {
            Object row = Array.newInstance(flat.getClass().getComponentType(), n);
            System.arraycopy(flat, offset, row, 0, n);
            return row;
        }
        int inner = 1;
        for (int k = d + 1; k < shape.length; k++) inner *= shape[k];
        Object first = null;
        Object[] rows = null;
        for (int i = 0; i < n; i++) {
            Object r = nest(flat, shape, d + 1, offset + i * inner);
            if (rows == null) {
                rows = (Object[]) Array.newInstance(r.getClass(), n);
                first = r;
            }
            rows[i] = r;
        }
        if (rows == null) {
            Class<?> leaf = flat.getClass();
            for (int k = d + 1; k < shape.length; k++) leaf = leaf.arrayType();
            return Array.newInstance(leaf, 0);
        }
        return first == null ? null : rows;
    }

    /** A fresh contiguous CPU copy in {@code dtype} (never aliasing {@code x}). */
    static Tensor contiguousCopy(Tensor x, DType dtype) {
        Tensor c = cpu(x);
        Tensor out = Tensor.zeros(dtype, Device.CPU, c.layout().shape());
        Backend.of(Device.CPU).elementwise().copy(c, out);
        return out;
    }

    private static Tensor cpu(Tensor x) {
        return x.device().equals(Device.CPU) ? x : to(x, Device.CPU);
    }
}

package torch4j.ops;

import java.util.Arrays;
import torch4j.DType;
import torch4j.Device;
import torch4j.Layout;
import torch4j.Tensor;
import torch4j.backend.Backend;
import torch4j.backend.BinaryOp;
import torch4j.backend.UnaryOp;
import torch4j.internal.Broadcast;
import torch4j.internal.Shapes;

/**
 * The forward half shared by all element-wise ops: device check, type promotion, broadcasting to
 * a common shape (stride-0 views, no copies), output allocation, and the kernel call. Autograd is
 * recorded by the callers in {@link Arithmetic}, {@link UnaryMath} and {@link Comparison}.
 */
public final class Elementwise {
    private Elementwise() {}

    /** {@code op(a, b)} into a new tensor of the broadcast shape. */
    public static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        Device device = sameDevice(a, b);
        DType compute = computeType(op, resultType(a, b));
        int[] shape = Shapes.broadcast(a.layout().shape(), b.layout().shape());
        Tensor out = newOutput(op.isPredicate() ? DType.BOOL : compute, device, shape, a, b);
        Backend.of(device).elementwise().binary(op, expand(cast(a, compute), shape), expand(cast(b, compute), shape), out);
        return out;
    }

    /**
     * A new zero-filled contiguous tensor of {@code shape}. Layouts are immutable, so an operand's
     * plain contiguous layout of that shape is shared rather than rebuilt: small ops then allocate
     * only the storage and the tensor.
     */
    static Tensor newOutput(DType dtype, Device device, int[] shape, Tensor a, Tensor b) {
        Layout l = reusable(a.layout(), shape) ? a.layout()
                : reusable(b.layout(), shape) ? b.layout() : Layout.contiguous(shape.clone());
        return new Tensor(Backend.of(device).allocate(dtype, l.numel()), l);
    }

    private static boolean reusable(Layout l, int[] shape) {
        return l.offset() == 0 && (l.shape() == shape || Arrays.equals(l.shape(), shape)) && l.isContiguous();
    }

    /** {@code op(a, scalar)}, with PyTorch's scalar promotion. */
    public static Tensor binary(BinaryOp op, Tensor a, Number b) {
        return binary(op, a, scalar(b, DType.promoteWithScalar(a.dtype(), b), a.device()));
    }

    /** {@code op(scalar, b)}. */
    public static Tensor binary(BinaryOp op, Number a, Tensor b) {
        return binary(op, scalar(a, DType.promoteWithScalar(b.dtype(), a), b.device()), b);
    }

    /**
     * {@code out = op(a, b)} written into an existing tensor whose shape must be the broadcast
     * shape and whose dtype must hold the result: the in-place and {@code out=} forms.
     */
    public static void binaryInto(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        Device device = sameDevice(a, b);
        sameDevice(a, out);
        DType compute = computeType(op, resultType(a, b));
        DType result = op.isPredicate() ? DType.BOOL : compute;
        checkCastable(result, out.dtype());
        int[] shape = out.layout().shape();
        int[] bshape = Shapes.broadcast(a.layout().shape(), b.layout().shape());
        if (!Arrays.equals(Shapes.broadcast(bshape, shape), shape)) {
            throw new IllegalArgumentException("output with shape " + Arrays.toString(shape)
                    + " doesn't match the broadcast shape " + Arrays.toString(Shapes.broadcast(bshape, shape)));
        }
        if (result != out.dtype() || overlapsDifferently(a, out) || overlapsDifferently(b, out)) {
            // Compute aside, then copy: the kernel must not read elements it already overwrote.
            Tensor tmp = binary(op, a, b);
            Backend.of(device).elementwise().copy(expand(tmp, shape), out);
        } else {
            Backend.of(device).elementwise().binary(op, expand(cast(a, compute), shape), expand(cast(b, compute), shape), out);
        }
        out.storage().bumpVersion();
    }

    /**
     * PyTorch's {@code result_type} of two tensors: a 0-d tensor (or a scalar, which arrives as one)
     * decides the dtype only when it is of a higher category (bool &lt; integer &lt; float) than
     * the dimensioned operand; so float32 + 0-d float64 stays float32, int64 + 0-d float64 is float64.
     */
    public static DType resultType(Tensor a, Tensor b) {
        boolean za = a.dim() == 0, zb = b.dim() == 0;
        if (za == zb) return DType.promote(a.dtype(), b.dtype());
        DType dim = za ? b.dtype() : a.dtype(), zero = za ? a.dtype() : b.dtype();
        return category(zero) > category(dim) ? zero : dim;
    }

    private static int category(DType d) {
        return d.isFloatingPoint() ? 2 : d.isIntegral() ? 1 : 0;
    }

    /** {@code op(x)} into a new tensor. Integer inputs of float-only ops compute in float32. */
    public static Tensor unary(UnaryOp op, Tensor x) {
        DType compute = x.dtype().isFloatingPoint() || op.keepsIntegers() || op.isPredicate() ? x.dtype() : DType.FLOAT32;
        // sign keeps bool, as in PyTorch; other arithmetic on bool counts in int64.
        if (compute == DType.BOOL && !op.isPredicate()) {
            compute = op == UnaryOp.NEG || op == UnaryOp.SIGN ? DType.BOOL : DType.INT64;
        }
        Tensor out = newOutput(op.isPredicate() ? DType.BOOL : compute, x.device(), x.layout().shape(), x, x);
        Backend.of(x.device()).elementwise().unary(op, cast(x, compute), out);
        return out;
    }

    /** A 0-d tensor holding {@code value}. */
    public static Tensor scalar(Number value, DType dtype, Device device) {
        Tensor t = Tensor.zeros(dtype, device);
        fill(t, value);
        return t;
    }

    /** Fills {@code t} with {@code value}; integral Java numbers stay exact (long values beyond 2^53). */
    public static void fill(Tensor t, Number value) {
        if (value instanceof Double || value instanceof Float) Backend.of(t.device()).elementwise().fill(t, value.doubleValue());
        else Backend.of(t.device()).elementwise().fill(t, value.longValue());
    }

    /** {@code x} as {@code dtype}: the same tensor if it already is, else a converted copy. */
    public static Tensor cast(Tensor x, DType dtype) {
        if (x.dtype() == dtype) return x;
        Tensor out = newOutput(dtype, x.device(), x.layout().shape(), x, x);
        Backend.of(x.device()).elementwise().copy(x, out);
        return out;
    }

    /** A stride-0 view of {@code x} with {@code shape} (no autograd: for kernels only). */
    public static Tensor expand(Tensor x, int[] shape) {
        Layout l = Broadcast.expand(x.layout(), shape);
        return l == x.layout() ? x : new Tensor(x.storage(), l);
    }

    /** The device shared by both operands, or PyTorch's error. */
    public static Device sameDevice(Tensor a, Tensor b) {
        Device da = a.device(), db = b.device();
        if (!da.equals(db)) {
            throw new IllegalArgumentException("Expected all tensors to be on the same device, but found at least two devices, "
                    + da + " and " + db + "!");
        }
        return da;
    }

    /** PyTorch's same-kind casting rule for writing a {@code result} into an {@code out} tensor. */
    public static void checkCastable(DType result, DType out) {
        boolean ok = result == out
                || out.isFloatingPoint()
                || (out.isIntegral() && !result.isFloatingPoint())
                || (out == DType.BOOL && result == DType.BOOL);
        if (!ok) {
            throw new IllegalArgumentException("result type " + typeName(result) + " can't be cast to the desired output type "
                    + typeName(out));
        }
    }

    private static String typeName(DType d) {
        return switch (d) {
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
            case INT64 -> "Long";
            case INT32 -> "Int";
            case UINT8 -> "Byte";
            case BOOL -> "Bool";
        };
    }

    private static DType computeType(BinaryOp op, DType promoted) {
        if (op == BinaryOp.DIV || op == BinaryOp.ATAN2) return promoted.isFloatingPoint() ? promoted : DType.FLOAT32;
        if (promoted == DType.BOOL && (op == BinaryOp.ADD || op == BinaryOp.MUL || op == BinaryOp.MAXIMUM
                || op == BinaryOp.MINIMUM)) {
            return DType.BOOL; // bool + bool stays bool (logical or), as in PyTorch
        }
        if (promoted == DType.BOOL && !op.isPredicate()) return DType.INT64;
        return promoted;
    }

    /** True when {@code in} shares storage with {@code out} but reads other elements than it writes. */
    static boolean overlapsDifferently(Tensor in, Tensor out) {
        return in.storage() == out.storage() && !(in.layout().offset() == out.layout().offset()
                && Arrays.equals(in.layout().strides(), out.layout().strides()));
    }
}

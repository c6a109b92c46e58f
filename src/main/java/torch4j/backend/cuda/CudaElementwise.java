package torch4j.backend.cuda;

import java.util.Arrays;
import torch4j.DType;
import torch4j.Device;
import torch4j.Layout;
import torch4j.Tensor;
import torch4j.backend.Backend;
import torch4j.backend.BinaryOp;
import torch4j.backend.ElementwiseKernels;
import torch4j.backend.OptimizerScalars;
import torch4j.backend.TernaryOp;
import torch4j.backend.UnaryOp;

/**
 * Element-wise kernels on the GPU (src/main/cuda/elementwise.cu), one launch per call. Results
 * are the CPU backend's: float32 in float where its loops compute in float, otherwise in double
 * then rounded; integers in wrapping int64; Java's casts (NaN to 0, saturation) into integers.
 *
 * <p>Each operand is passed with a layout mode (contiguous, broadcast scalar or strided) so the
 * common cases skip the per-element index arithmetic. Integer {@code remainder}, {@code fmod}
 * and {@code pow} read an error flag back (a sync) to throw what the CPU throws for a zero
 * divisor or a negative exponent. Tensors of rank above 8 (a {@code TensorRef} holds 8 dims) run
 * the CPU kernel on host copies: a known slow path.
 */
final class CudaElementwise implements ElementwiseKernels {
    /** Layout modes, as elements.cuh's T4E_CONTIG, T4E_SCALAR and T4E_STRIDED. */
    private static final int CONTIG = 0, SCALAR = 1, STRIDED = 2;
    /** Error codes the integer binary kernel writes into its flag (elementwise.cu's EW_ERR_*). */
    private static final int ERR_ZERO_DIVISION = 1, ERR_NEGATIVE_POWER = 2;

    final CudaDevice device;

    CudaElementwise(CudaDevice device) {
        this.device = device;
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        sameShape("copy", dst, src, "src");
        if (TensorRef.tooWide(dst, src)) {
            HostFallback.onHost(dst, host -> cpu().copy(HostFallback.toHost(src), host));
            return;
        }
        device.launch("ew_copy_" + TensorRef.suffix(src.dtype()), dst.numel(), dst, src,
                TensorRef.dtypeCode(dst.dtype()), modes(dst, src), (long) dst.numel());
    }

    @Override
    public void fill(Tensor dst, double value) {
        fill(dst, value, 0, false);
    }

    @Override
    public void fill(Tensor dst, long value) {
        // Floating destinations take the value through double, as the CPU's fill does.
        if (dst.dtype().isFloatingPoint()) fill(dst, (double) value, 0, false);
        else fill(dst, 0, value, true);
    }

    private void fill(Tensor dst, double dv, long lv, boolean isLong) {
        if (TensorRef.tooWide(dst)) {
            HostFallback.onHost(dst, host -> {
                if (isLong) cpu().fill(host, lv);
                else cpu().fill(host, dv);
            });
            return;
        }
        device.launch("ew_fill_" + TensorRef.suffix(dst.dtype()), dst.numel(), dst, dv, lv, isLong ? 1 : 0, mode(dst),
                (long) dst.numel());
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        sameShape(op.name().toLowerCase(), out, x, "input");
        DType expected = op.isPredicate() ? DType.BOOL : x.dtype();
        if (out.dtype() != expected) {
            throw new IllegalArgumentException(op + ": expected an output of dtype " + expected + " for input of dtype "
                    + x.dtype() + " but got " + out.dtype());
        }
        if (!x.dtype().isFloatingPoint() && !op.keepsIntegers() && !op.isPredicate()) {
            throw new IllegalArgumentException(op + " is not defined for integer tensors (got " + x.dtype() + ")");
        }
        if (TensorRef.tooWide(out, x)) {
            HostFallback.onHost(out, host -> cpu().unary(op, HostFallback.toHost(x), host));
            return;
        }
        device.launch("ew_unary_" + TensorRef.suffix(x.dtype()), out.numel(), out, x, op.ordinal(), modes(out, x),
                (long) out.numel());
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        String name = op.name().toLowerCase();
        sameShape(name, out, a, "a");
        sameShape(name, out, b, "b");
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": expected operands of one dtype but got " + a.dtype() + " and " + b.dtype());
        }
        DType expected = op.isPredicate() ? DType.BOOL : a.dtype();
        if (out.dtype() != expected) {
            throw new IllegalArgumentException(op + ": expected an output of dtype " + expected + " for operands of dtype "
                    + a.dtype() + " but got " + out.dtype());
        }
        boolean integral = !a.dtype().isFloatingPoint();
        if (integral && (op == BinaryOp.DIV || op == BinaryOp.ATAN2)) {
            throw new IllegalArgumentException(op + " is not defined for integer tensors (got " + a.dtype() + ")");
        }
        if (TensorRef.tooWide(out, a, b)) {
            HostFallback.onHost(out, host -> cpu().binary(op, HostFallback.toHost(a), HostFallback.toHost(b), host));
            return;
        }
        int modes = modes(out, a, b);
        if (isArith(op, a.dtype(), modes)) {
            // Four elements per thread (see elementwise.cu's ew_arith_run).
            device.launch("ew_arith_" + TensorRef.suffix(a.dtype()), (out.numel() + 3) / 4, out, a, b, op.ordinal(), modes,
                    (long) out.numel());
            return;
        }
        boolean checked = integral && (op == BinaryOp.REMAINDER || op == BinaryOp.FMOD || op == BinaryOp.POW);
        Tensor flag = checked ? Tensor.zeros(DType.INT32, out.device(), 1) : out; // unused when unchecked
        device.launch("ew_binary_" + TensorRef.suffix(a.dtype()), out.numel(), out, a, b, op.ordinal(), modes,
                (long) out.numel(), flag, checked ? 1 : 0);
        if (checked && out.numel() > 0) {
            int err = HostFallback.toHost(flag).storage().ints()[0];
            HostFallback.release(flag);
            if (err == ERR_ZERO_DIVISION) throw new ArithmeticException("ZeroDivisionError");
            if (err == ERR_NEGATIVE_POWER) throw new IllegalArgumentException("Integers to negative integer powers are not allowed.");
        }
    }

    @Override
    public void ternary(TernaryOp op, Tensor self, Tensor a, Tensor b, double c) {
        DType dt = self.dtype();
        if (!dt.isFloatingPoint() || a.dtype() != dt || b.dtype() != dt) {
            throw new IllegalArgumentException(op + ": expected float32 or float64 tensors of one dtype but got "
                    + self.dtype() + ", " + a.dtype() + " and " + b.dtype());
        }
        String name = op.name().toLowerCase();
        sameShape(name, self, a, "a");
        sameShape(name, self, b, "b");
        if (TensorRef.tooWide(self, a, b)) {
            HostFallback.onHost(self, host -> cpu().ternary(op, host, HostFallback.toHost(a), HostFallback.toHost(b), c));
            return;
        }
        device.launch("ew_ternary_" + TensorRef.suffix(dt), self.numel(), self, a, b, op.ordinal(), c, modes(self, a, b),
                (long) self.numel());
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        if (cond.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("where expected condition to be a boolean tensor, but got a tensor with dtype "
                    + cond.dtype());
        }
        if (a.dtype() != out.dtype() || b.dtype() != out.dtype()) {
            throw new IllegalArgumentException("where: expected a, b and out of one dtype but got " + a.dtype() + ", "
                    + b.dtype() + " and " + out.dtype());
        }
        sameShape("where", out, cond, "condition");
        sameShape("where", out, a, "a");
        sameShape("where", out, b, "b");
        if (TensorRef.tooWide(out, cond, a, b)) {
            HostFallback.onHost(out, host -> cpu().where(HostFallback.toHost(cond), HostFallback.toHost(a), HostFallback.toHost(b), host));
            return;
        }
        device.launch("ew_where_" + TensorRef.suffix(out.dtype()), out.numel(), out, cond, a, b, modes(out, cond, a, b),
                (long) out.numel());
    }

    @Override
    public boolean adamStep(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq, double lr,
            double beta1, double beta2, double eps, double weightDecay, boolean decoupled, int step, boolean amsgrad,
            boolean maximize) {
        Tensor max = amsgrad ? maxExpAvgSq : null;
        if (expAvg == null || expAvgSq == null || (amsgrad && max == null) || !fusable(param, grad, expAvg, expAvgSq, max)) {
            return false;
        }
        OptimizerScalars.Adam c = OptimizerScalars.Adam.of(lr, beta1, beta2, eps, weightDecay, decoupled, step, maximize);
        device.launch("ew_adam_" + TensorRef.suffix(param.dtype()), param.numel(), param, grad, expAvg, expAvgSq,
                max == null ? param : max, amsgrad ? 1 : 0, c.sign(), c.decay(), c.l2() ? 1 : 0, c.weightDecay(),
                c.beta1(), c.oneMinusBeta1(), c.beta2(), c.oneMinusBeta2(), c.stepSize(), c.eps(), (long) param.numel());
        return true;
    }

    @Override
    public boolean sgdStep(Tensor param, Tensor grad, Tensor momentumBuf, double lr, double momentum, double dampening,
            double weightDecay, boolean nesterov, boolean maximize, boolean firstStep) {
        if ((momentum != 0) != (momentumBuf != null) || !fusable(param, grad, momentumBuf)) return false;
        OptimizerScalars.Sgd c = OptimizerScalars.Sgd.of(lr, momentum, dampening, weightDecay, nesterov, maximize, firstStep);
        device.launch("ew_sgd_" + TensorRef.suffix(param.dtype()), param.numel(), param, grad,
                momentumBuf == null ? param : momentumBuf, momentumBuf == null ? 0 : 1, c.sign(), c.l2() ? 1 : 0,
                c.weightDecay(), c.momentum(), c.dampened(), c.nesterov() ? 1 : 0, c.firstStep() ? 1 : 0, c.negLr(),
                (long) param.numel());
        return true;
    }

    /**
     * True when the fused optimizer kernels can take these tensors (the nulls skipped) as flat
     * arrays, as the CPU's: one floating dtype, the parameter's shape, contiguous, each in its own
     * storage, so that no write is seen by another operand's read.
     */
    private static boolean fusable(Tensor param, Tensor... others) {
        if (param == null || others[0] == null) return false;
        DType dt = param.dtype();
        if (!dt.isFloatingPoint() || !param.layout().isContiguous()) return false;
        int[] shape = param.layout().shape();
        for (int i = 0; i < others.length; i++) {
            Tensor t = others[i];
            if (t == null) continue;
            if (t.dtype() != dt || !t.device().equals(param.device()) || !t.layout().isContiguous()
                    || !Arrays.equals(t.layout().shape(), shape) || t.storage() == param.storage()) {
                return false;
            }
            for (int k = 0; k < i; k++) if (others[k] != null && others[k].storage() == t.storage()) return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ layout modes

    /** How the kernel finds {@code t}'s i-th element: at i, at 0 (every stride 0), or through its strides. */
    static int mode(Tensor t) {
        Layout l = t.layout();
        if (l.isContiguous()) return CONTIG;
        for (int d = 0; d < l.dim(); d++) if (l.size(d) != 1 && l.stride(d) != 0) return STRIDED;
        return SCALAR;
    }

    /** The operands' modes, two bits each, the first operand's lowest (elements.cuh's T4E_MODE). */
    static int modes(Tensor... ts) {
        int m = 0;
        for (int k = 0; k < ts.length; k++) m |= mode(ts[k]) << (2 * k);
        return m;
    }

    /** True for the hot case with a lean kernel: + - * / or relu backward on floats, contiguous output, no strided operand. */
    private static boolean isArith(BinaryOp op, DType dt, int modes) {
        boolean arith = op == BinaryOp.ADD || op == BinaryOp.SUB || op == BinaryOp.MUL || op == BinaryOp.DIV
                || op == BinaryOp.RELU_BACKWARD;
        return arith && dt.isFloatingPoint() && (modes & 3) == CONTIG && (modes >> 2 & 3) != STRIDED
                && (modes >> 4 & 3) != STRIDED;
    }

    // ------------------------------------------------------------------ checks and fallbacks

    private static void sameShape(String op, Tensor out, Tensor operand, String what) {
        if (!Arrays.equals(out.layout().shape(), operand.layout().shape())) {
            throw new IllegalArgumentException(op + ": expected " + what + " of the output's shape "
                    + Arrays.toString(out.layout().shape()) + " but got " + Arrays.toString(operand.layout().shape()));
        }
    }

    private static ElementwiseKernels cpu() {
        return Backend.of(Device.CPU).elementwise();
    }
}

package torch4j.ops;

import java.util.Arrays;
import java.util.function.UnaryOperator;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.autograd.GradMode;
import torch4j.autograd.Graph;
import torch4j.backend.Backend;
import torch4j.backend.BinaryOp;
import torch4j.backend.TernaryOp;
import torch4j.internal.Broadcast;

/**
 * Arithmetic ops with their backward beside them, and the in-place machinery every {@code op_}
 * shares. Broadcasting's backward (summing back to each input's shape) is done once by the engine.
 */
public final class Arithmetic {
    private Arithmetic() {}

    public static Tensor add(Tensor a, Tensor b) {
        Tensor out = Elementwise.binary(BinaryOp.ADD, a, b);
        if (Graph.needsGrad(a, b)) {
            Graph.record("AddBackward0", out, new Tensor[] {a, b}, new Tensor[0], (n, g) -> new Tensor[] {g[0], g[0]});
        }
        return out;
    }

    /** {@code a + alpha * b}. */
    public static Tensor add(Tensor a, Tensor b, Number alpha) {
        return isOne(alpha) ? add(a, b) : add(a, mul(b, alpha));
    }

    public static Tensor add(Tensor a, Number b) {
        Tensor out = Elementwise.binary(BinaryOp.ADD, a, b);
        if (Graph.needsGrad(a)) {
            Graph.record("AddBackward0", out, new Tensor[] {a}, new Tensor[0], (n, g) -> new Tensor[] {g[0]});
        }
        return out;
    }

    public static Tensor sub(Tensor a, Tensor b) {
        Tensor out = Elementwise.binary(BinaryOp.SUB, a, b);
        if (Graph.needsGrad(a, b)) {
            Graph.record("SubBackward0", out, new Tensor[] {a, b}, new Tensor[0],
                    (n, g) -> new Tensor[] {g[0], n.needsInputGrad(1) ? neg(g[0]) : null});
        }
        return out;
    }

    public static Tensor sub(Tensor a, Tensor b, Number alpha) {
        return isOne(alpha) ? sub(a, b) : sub(a, mul(b, alpha));
    }

    public static Tensor sub(Tensor a, Number b) {
        Tensor out = Elementwise.binary(BinaryOp.SUB, a, b);
        if (Graph.needsGrad(a)) {
            Graph.record("SubBackward0", out, new Tensor[] {a}, new Tensor[0], (n, g) -> new Tensor[] {g[0]});
        }
        return out;
    }

    /** {@code b - a}. */
    public static Tensor rsub(Tensor a, Number b) {
        Tensor out = Elementwise.binary(BinaryOp.SUB, b, a);
        if (Graph.needsGrad(a)) {
            Graph.record("RsubBackward1", out, new Tensor[] {a}, new Tensor[0], (n, g) -> new Tensor[] {neg(g[0])});
        }
        return out;
    }

    public static Tensor mul(Tensor a, Tensor b) {
        Tensor out = Elementwise.binary(BinaryOp.MUL, a, b);
        if (Graph.needsGrad(a, b)) {
            Graph.record("MulBackward0", out, new Tensor[] {a, b}, new Tensor[] {a, b}, (n, g) -> new Tensor[] {
                n.needsInputGrad(0) ? mul(g[0], n.saved(1)) : null,
                n.needsInputGrad(1) ? mul(g[0], n.saved(0)) : null});
        }
        return out;
    }

    public static Tensor mul(Tensor a, Number b) {
        Tensor out = Elementwise.binary(BinaryOp.MUL, a, b);
        if (Graph.needsGrad(a)) {
            Graph.record("MulBackward0", out, new Tensor[] {a}, new Tensor[0], (n, g) -> new Tensor[] {mul(g[0], b)});
        }
        return out;
    }

    public static Tensor div(Tensor a, Tensor b) {
        Tensor out = Elementwise.binary(BinaryOp.DIV, a, b);
        if (Graph.needsGrad(a, b)) {
            Graph.record("DivBackward0", out, new Tensor[] {a, b}, new Tensor[] {a, b}, (n, g) -> new Tensor[] {
                n.needsInputGrad(0) ? div(g[0], n.saved(1)) : null,
                // d(a/b)/db = -a / b^2
                n.needsInputGrad(1) ? neg(mul(g[0], div(div(n.saved(0), n.saved(1)), n.saved(1)))) : null});
        }
        return out;
    }

    public static Tensor div(Tensor a, Number b) {
        Tensor out = Elementwise.binary(BinaryOp.DIV, a, b);
        if (Graph.needsGrad(a)) {
            Graph.record("DivBackward0", out, new Tensor[] {a}, new Tensor[0], (n, g) -> new Tensor[] {div(g[0], b)});
        }
        return out;
    }

    /** {@code b / a}. */
    public static Tensor rdiv(Tensor a, Number b) {
        Tensor out = Elementwise.binary(BinaryOp.DIV, b, a);
        if (Graph.needsGrad(a)) {
            Graph.record("DivBackward0", out, new Tensor[] {a}, new Tensor[] {a, out},
                    (n, g) -> new Tensor[] {neg(mul(g[0], div(n.saved(1), n.saved(0))))});
        }
        return out;
    }

    public static Tensor pow(Tensor a, Number e) {
        Tensor out = Elementwise.binary(BinaryOp.POW, a, e);
        if (Graph.needsGrad(a)) {
            double ed = e.doubleValue();
            Graph.record("PowBackward0", out, new Tensor[] {a}, new Tensor[] {a}, (n, g) -> {
                // PyTorch: exponent 0 gives a zero gradient even where a^-1 is infinite.
                if (ed == 0.0) return new Tensor[] {mul(g[0], 0)};
                return new Tensor[] {mul(mul(g[0], pow(n.saved(0), ed - 1)), ed)};
            });
        }
        return out;
    }

    public static Tensor pow(Tensor a, Tensor e) {
        Tensor out = Elementwise.binary(BinaryOp.POW, a, e);
        if (Graph.needsGrad(a, e)) {
            Graph.record("PowBackward1", out, new Tensor[] {a, e}, new Tensor[] {a, e, out}, (n, g) -> {
                Tensor x = n.saved(0), y = n.saved(1);
                Tensor ga = null, gb = null;
                if (n.needsInputGrad(0)) {
                    Tensor d = mul(mul(g[0], y), pow(x, sub(y, 1)));
                    ga = where(y.eq(0), zerosLike(d), d);
                }
                if (n.needsInputGrad(1)) {
                    Tensor d = mul(mul(g[0], n.saved(2)), UnaryMath.log(x));
                    // 0^y with y >= 0 has derivative 0 in y (PyTorch masks the -inf * 0 there).
                    gb = where(x.eq(0).logicalAnd(y.ge(0)), zerosLike(d), d);
                }
                return new Tensor[] {ga, gb};
            });
        }
        return out;
    }

    public static Tensor remainder(Tensor a, Number b) {
        Tensor out = Elementwise.binary(BinaryOp.REMAINDER, a, b);
        if (Graph.needsGrad(a)) {
            Graph.record("RemainderBackward0", out, new Tensor[] {a}, new Tensor[0], (n, g) -> new Tensor[] {g[0]});
        }
        return out;
    }

    public static Tensor remainder(Tensor a, Tensor b) {
        Tensor out = Elementwise.binary(BinaryOp.REMAINDER, a, b);
        if (Graph.needsGrad(a, b)) {
            Graph.record("RemainderBackward1", out, new Tensor[] {a, b}, new Tensor[] {a, b}, (n, g) -> new Tensor[] {
                g[0],
                n.needsInputGrad(1) ? neg(mul(g[0], UnaryMath.floor(div(n.saved(0), n.saved(1))))) : null});
        }
        return out;
    }

    public static Tensor neg(Tensor a) {
        if (a.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("Negation, the `-` operator, on a bool tensor is not supported. If you are"
                    + " trying to invert a mask, use the `~` or `logical_not()` operator instead.");
        }
        Tensor out = Elementwise.unary(torch4j.backend.UnaryOp.NEG, a);
        if (Graph.needsGrad(a)) {
            Graph.record("NegBackward0", out, new Tensor[] {a}, new Tensor[0], (n, g) -> new Tensor[] {neg(g[0])});
        }
        return out;
    }

    public static Tensor maximum(Tensor a, Tensor b) {
        return extremum(BinaryOp.MAXIMUM, "MaximumBackward0", a, b);
    }

    public static Tensor minimum(Tensor a, Tensor b) {
        return extremum(BinaryOp.MINIMUM, "MinimumBackward0", a, b);
    }

    private static Tensor extremum(BinaryOp op, String name, Tensor a, Tensor b) {
        Tensor out = Elementwise.binary(op, a, b);
        if (Graph.needsGrad(a, b)) {
            Graph.record(name, out, new Tensor[] {a, b}, new Tensor[] {a, b}, (n, g) -> {
                Tensor x = n.saved(0), y = n.saved(1);
                // Ties split the gradient in half, as PyTorch does.
                Tensor half = where(x.eq(y), div(g[0], 2), g[0]);
                Tensor xWins = op == BinaryOp.MAXIMUM ? x.gt(y) : x.lt(y);
                Tensor yWins = op == BinaryOp.MAXIMUM ? y.gt(x) : y.lt(x);
                Tensor zero = zerosLike(half);
                return new Tensor[] {
                    n.needsInputGrad(0) ? where(yWins, zero, half) : null,
                    n.needsInputGrad(1) ? where(xWins, zero, half) : null};
            });
        }
        return out;
    }

    /** {@code clamp(min, max)}; the gradient passes where {@code min <= x <= max}, edges included. */
    public static Tensor clamp(Tensor a, Number min, Number max) {
        if (min == null && max == null) throw new IllegalArgumentException("torch.clamp: At least one of 'min' or 'max' must not be None");
        Tensor out = a;
        try (var s = GradMode.set(false)) {
            if (min != null) out = Elementwise.binary(BinaryOp.MAXIMUM, out, min);
            if (max != null) out = Elementwise.binary(BinaryOp.MINIMUM, out, max);
        }
        if (out == a) out = a.clone();
        if (Graph.needsGrad(a)) {
            Graph.record("ClampBackward1", out, new Tensor[] {a}, new Tensor[] {a}, (n, g) -> {
                Tensor x = n.saved(0);
                Tensor keep = min != null ? x.ge(min) : null;
                if (max != null) keep = keep == null ? x.le(max) : keep.logicalAnd(x.le(max));
                return new Tensor[] {mul(g[0], keep)};
            });
        }
        return out;
    }

    /** {@code torch.where(cond, a, b)}. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        if (cond.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("where expected condition to be a boolean tensor, but got a tensor with dtype "
                    + cond.dtype());
        }
        Elementwise.sameDevice(cond, a);
        Elementwise.sameDevice(a, b);
        DType dt = Elementwise.resultType(a, b);
        int[] shape = torch4j.internal.Shapes.broadcast(cond.layout().shape(),
                torch4j.internal.Shapes.broadcast(a.layout().shape(), b.layout().shape()));
        Tensor out = Tensor.zeros(dt, a.device(), shape);
        Backend.of(a.device()).elementwise().where(Elementwise.expand(cond, shape),
                Elementwise.expand(Elementwise.cast(a, dt), shape), Elementwise.expand(Elementwise.cast(b, dt), shape), out);
        if (Graph.needsGrad(a, b)) {
            Graph.record("WhereBackward0", out, new Tensor[] {a, b}, new Tensor[] {cond}, (n, g) -> {
                Tensor c = n.saved(0);
                Tensor zero = zerosLike(g[0]);
                return new Tensor[] {
                    n.needsInputGrad(0) ? where(c, g[0], zero) : null,
                    n.needsInputGrad(1) ? where(c, zero, g[0]) : null};
            });
        }
        return out;
    }

    // ------------------------------------------------------------------ in place

    /**
     * Runs an op in place: computes {@code op(self)}, checks its shape and dtype fit {@code self},
     * writes it into {@code self}'s storage (views see it) and bumps the version counter. Under
     * autograd the op runs on a copy of {@code self}, so the values it saves for backward are the
     * old ones, and {@code self} takes over the op's node as PyTorch's in-place ops do.
     */
    public static Tensor inPlace(Tensor self, UnaryOperator<Tensor> op) {
        checkInPlaceAllowed(self);
        Tensor result = op.apply(self);
        if (result.requiresGrad()) result = op.apply(self.clone());
        writeResult(self, result);
        return self;
    }

    /** {@code self op= other} without a temporary when autograd need not record it. */
    public static Tensor binary_(Tensor self, BinaryOp op, Tensor other) {
        if (!Graph.needsGrad(self, other)) {
            Elementwise.binaryInto(op, self, other, self);
            return self;
        }
        return inPlace(self, s -> apply(op, s, other));
    }

    public static Tensor binary_(Tensor self, BinaryOp op, Number other) {
        if (!Graph.needsGrad(self)) {
            Tensor s = Elementwise.scalar(other, DType.promoteWithScalar(self.dtype(), other), self.device());
            Elementwise.binaryInto(op, self, s, self);
            return self;
        }
        return inPlace(self, s -> apply(op, s, other));
    }

    /** {@code self += alpha * other}. */
    public static Tensor add_(Tensor self, Tensor other, Number alpha) {
        return isOne(alpha) ? binary_(self, BinaryOp.ADD, other) : binary_(self, BinaryOp.ADD, mul(other, alpha));
    }

    /**
     * {@code addcmul_}: {@code self += value * t1 * t2}, PyTorch's order of rounding. One fused
     * pass when no graph is recorded (an optimizer step), composed ops otherwise.
     *
     * <pre>{@code expAvgSq.addcmul_(grad, grad, 1 - beta2); }</pre>
     */
    public static Tensor addcmul_(Tensor self, Tensor t1, Tensor t2, Number value) {
        if (fusable(self, t1, t2)) return fused(TernaryOp.ADDCMUL, self, t1, t2, value);
        return inPlace(self, s -> add(s, mul(isOne(value) ? t1 : mul(t1, value), t2)));
    }

    /** {@code addcdiv_}: {@code self += value * t1 / t2}; fused like {@link #addcmul_}. */
    public static Tensor addcdiv_(Tensor self, Tensor t1, Tensor t2, Number value) {
        if (fusable(self, t1, t2)) return fused(TernaryOp.ADDCDIV, self, t1, t2, value);
        return inPlace(self, s -> add(s, div(isOne(value) ? t1 : mul(t1, value), t2)));
    }

    /**
     * {@code lerp_(end, weight)}: {@code self + weight * (end - self)}, computed from the nearer end
     * as PyTorch does ({@code end - (end - self) * (1 - weight)} when {@code |weight| >= 0.5}).
     */
    public static Tensor lerp_(Tensor self, Tensor end, Number weight) {
        if (fusable(self, end, end)) return fused(TernaryOp.LERP, self, end, end, weight);
        double w = weight.doubleValue();
        if (Math.abs(w) < 0.5) return inPlace(self, s -> add(s, mul(sub(end, s), weight)));
        return inPlace(self, s -> sub(end, mul(sub(end, s), 1 - w)));
    }

    /** {@code maximum_(other)}: {@code self = max(self, other)}, NaN propagating. */
    public static Tensor maximum_(Tensor self, Tensor other) {
        return binary_(self, BinaryOp.MAXIMUM, other);
    }

    /**
     * True when an {@code addcmul_}-style update can run as one kernel: no graph to record, one
     * floating dtype and device, operands that broadcast to self's shape, and no operand that
     * overlaps self at other elements. Anything else takes the composed ops, with their checks.
     */
    private static boolean fusable(Tensor self, Tensor a, Tensor b) {
        DType dt = self.dtype();
        if ((dt != DType.FLOAT32 && dt != DType.FLOAT64) || a.dtype() != dt || b.dtype() != dt) return false;
        if (!self.device().equals(a.device()) || !self.device().equals(b.device())) return false;
        if (Graph.needsGrad(self, a, b)) return false;
        int[] shape = self.layout().shape();
        if (!fitsShape(a, shape) || !fitsShape(b, shape)) return false;
        return !Elementwise.overlapsDifferently(a, self) && !Elementwise.overlapsDifferently(b, self);
    }

    /** True when {@code t} broadcasts to exactly {@code shape}. */
    private static boolean fitsShape(Tensor t, int[] shape) {
        int[] ts = t.layout().shape();
        if (Arrays.equals(ts, shape)) return true;
        if (ts.length > shape.length) return false;
        for (int i = 1; i <= ts.length; i++) {
            int d = ts[ts.length - i];
            if (d != 1 && d != shape[shape.length - i]) return false;
        }
        return true;
    }

    private static Tensor fused(TernaryOp op, Tensor self, Tensor a, Tensor b, Number c) {
        int[] shape = self.layout().shape();
        Backend.of(self.device()).elementwise().ternary(op, self, Elementwise.expand(a, shape), Elementwise.expand(b, shape),
                c.doubleValue());
        self.storage().bumpVersion();
        return self;
    }

    public static Tensor fill_(Tensor self, Number value) {
        checkInPlaceAllowed(self);
        if (!self.dtype().isFloatingPoint() && (value instanceof Double || value instanceof Float)
                && value.doubleValue() != Math.rint(value.doubleValue())) {
            throw new IllegalArgumentException("value cannot be converted to type " + self.dtype() + " without overflow");
        }
        Elementwise.fill(self, value);
        self.storage().bumpVersion();
        if (Double.compare(value.doubleValue(), 0.0) == 0 && coversStorage(self)) self.storage().markZeroed();
        if (self.requiresGrad() && GradMode.isEnabled()) {
            // The old values no longer matter: the gradient through fill_ is zero.
            Graph.record("FillBackward0", self, new Tensor[] {self.detach()}, new Tensor[0], (n, g) -> new Tensor[] {null});
        }
        return self;
    }

    /**
     * {@code grad.zero_()} as {@code zeroGrad()} does it: where the gradient covers its CPU storage,
     * the fill waits for the next access ({@link torch4j.Storage#zeroLater}), and a weight gradient
     * then written straight into it never reads or writes the zeros. An array taken earlier from
     * {@code grad.storage()} may keep the old values, as a reference to the old gradient does after
     * PyTorch 2's {@code zero_grad()}, which drops the gradients instead of zeroing them.
     */
    public static Tensor zeroGrad_(Tensor grad) {
        if (grad.requiresGrad() || !coversStorage(grad) || !grad.storage().zeroLater()) return fill_(grad, 0);
        grad.storage().bumpVersion();
        grad.storage().markZeroed();
        return grad;
    }

    /** True for a contiguous tensor over every element of its storage. */
    private static boolean coversStorage(Tensor t) {
        return t.numel() == t.storage().size() && t.layout().isContiguous();
    }

    static void checkInPlaceAllowed(Tensor self) {
        if (self.requiresGrad() && self.isLeaf() && GradMode.isEnabled()) {
            throw new IllegalStateException("a leaf Variable that requires grad is being used in an in-place operation.");
        }
        // Only differentiable views count: detach() and .data() share storage yet may be written freely.
        if (GradMode.isEnabled() && self.requiresGrad() && self.base() != null && self.base().requiresGrad()) {
            if (self.base().isLeaf()) {
                throw new IllegalStateException("a view of a leaf Variable that requires grad is being used in an in-place"
                        + " operation.");
            }
            throw new UnsupportedOperationException("in-place operation on a view of a tensor that requires grad is not"
                    + " supported; apply the op out of place (e.g. add instead of add_)");
        }
    }

    static void writeResult(Tensor self, Tensor result) {
        Elementwise.checkCastable(result.dtype(), self.dtype());
        int[] shape = self.layout().shape();
        if (!Arrays.equals(result.layout().shape(), shape)) {
            int[] b = torch4j.internal.Shapes.broadcast(result.layout().shape(), shape);
            if (!Arrays.equals(b, shape)) {
                throw new IllegalArgumentException("output with shape " + Arrays.toString(shape)
                        + " doesn't match the broadcast shape " + Arrays.toString(b));
            }
        }
        Tensor src = new Tensor(result.storage(), Broadcast.expand(result.layout(), shape));
        Backend.of(self.device()).elementwise().copy(src, self);
        self.storage().bumpVersion();
        if (result.requiresGrad()) {
            var m = self.autogradMetaOrCreate();
            var rm = result.autogradMeta();
            Graph.adopt(self, rm.gradFn(), rm.outputNr());
            m.setRequiresGrad(true);
        }
    }

    static Tensor apply(BinaryOp op, Tensor a, Tensor b) {
        return switch (op) {
            case ADD -> add(a, b);
            case SUB -> sub(a, b);
            case MUL -> mul(a, b);
            case DIV -> div(a, b);
            case MAXIMUM -> maximum(a, b);
            default -> throw new IllegalArgumentException("no in-place form of " + op);
        };
    }

    static Tensor apply(BinaryOp op, Tensor a, Number b) {
        return switch (op) {
            case ADD -> add(a, b);
            case SUB -> sub(a, b);
            case MUL -> mul(a, b);
            case DIV -> div(a, b);
            default -> throw new IllegalArgumentException("no in-place form of " + op);
        };
    }

    /** {@code -alpha}, keeping an integral Number integral. */
    public static Number negate(Number alpha) {
        return alpha instanceof Double || alpha instanceof Float ? (Number) (-alpha.doubleValue()) : (Number) (-alpha.longValue());
    }

    static boolean isOne(Number n) {
        return n.doubleValue() == 1.0;
    }

    static Tensor zerosLike(Tensor t) {
        return Tensor.zeros(t.dtype(), t.device(), t.layout().shape());
    }
}

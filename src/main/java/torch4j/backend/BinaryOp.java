package torch4j.backend;

/** Element-wise binary operations the kernels implement, in double and in long arithmetic. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, ATAN2, REMAINDER, FMOD,
    /**
     * ReLU's backward, PyTorch's {@code threshold_backward(grad, out, 0)}: {@code op(grad, out) =
     * out <= 0 ? 0 : grad}, so a NaN output passes its gradient on.
     */
    RELU_BACKWARD,
    EQ, NE, LT, LE, GT, GE, LOGICAL_AND, LOGICAL_OR, LOGICAL_XOR;

    /** True for ops whose result is bool whatever the inputs. */
    public boolean isPredicate() {
        return ordinal() >= EQ.ordinal();
    }

    /** The op in floating point. */
    public double apply(double a, double b) {
        switch (this) {
            case ADD: return a + b;
            case SUB: return a - b;
            case MUL: return a * b;
            case DIV: return a / b;
            case POW: return Math.pow(a, b);
            case MAXIMUM: return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
            case MINIMUM: return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.min(a, b);
            case ATAN2: return Math.atan2(a, b);
            case REMAINDER: {
                double r = a % b;
                return r != 0 && ((r < 0) != (b < 0)) ? r + b : r;
            }
            case FMOD: return a % b;
            case RELU_BACKWARD: return b <= 0 ? 0 : a;
            case EQ: return a == b ? 1 : 0;
            case NE: return a != b ? 1 : 0;
            case LT: return a < b ? 1 : 0;
            case LE: return a <= b ? 1 : 0;
            case GT: return a > b ? 1 : 0;
            case GE: return a >= b ? 1 : 0;
            case LOGICAL_AND: return a != 0 && b != 0 ? 1 : 0;
            case LOGICAL_OR: return a != 0 || b != 0 ? 1 : 0;
            case LOGICAL_XOR: return (a != 0) != (b != 0) ? 1 : 0;
            default: throw new AssertionError(this);
        }
    }

    /** The op in integer arithmetic (DIV is not defined here: integer division promotes to float). */
    public long apply(long a, long b) {
        switch (this) {
            case ADD: return a + b;
            case SUB: return a - b;
            case MUL: return a * b;
            case POW: return ipow(a, b);
            case MAXIMUM: return Math.max(a, b);
            case MINIMUM: return Math.min(a, b);
            case REMAINDER: return divisor(b) == 0 ? 0 : Math.floorMod(a, b);
            case FMOD: return divisor(b) == 0 ? 0 : a % b;
            case RELU_BACKWARD: return b <= 0 ? 0 : a;
            case EQ: return a == b ? 1 : 0;
            case NE: return a != b ? 1 : 0;
            case LT: return a < b ? 1 : 0;
            case LE: return a <= b ? 1 : 0;
            case GT: return a > b ? 1 : 0;
            case GE: return a >= b ? 1 : 0;
            case LOGICAL_AND: return a != 0 && b != 0 ? 1 : 0;
            case LOGICAL_OR: return a != 0 || b != 0 ? 1 : 0;
            case LOGICAL_XOR: return (a != 0) != (b != 0) ? 1 : 0;
            default: throw new IllegalArgumentException(this + " is not defined for integer tensors");
        }
    }

    private static long divisor(long b) {
        if (b == 0) throw new ArithmeticException("ZeroDivisionError");
        return b;
    }

    private static long ipow(long base, long exp) {
        if (exp < 0) {
            if (base == 1) return 1;
            if (base == -1) return (exp & 1) == 0 ? 1 : -1;
            throw new IllegalArgumentException("Integers to negative integer powers are not allowed.");
        }
        long r = 1;
        while (exp > 0) {
            if ((exp & 1) != 0) r *= base;
            base *= base;
            exp >>= 1;
        }
        return r;
    }
}

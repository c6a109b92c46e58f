package torch4j.backend;

/** Element-wise unary operations the kernels implement. */
public enum UnaryOp {
    NEG, ABS, EXP, LOG, LOG1P, EXPM1, SQRT, RSQRT, SIN, COS, TAN, TANH, SIGMOID, RELU, SIGN, FLOOR, CEIL, ROUND,
    TRUNC, RECIPROCAL, SQUARE, ERF, LOG2, LOG10, ASIN, ACOS, ATAN, SINH, COSH, LOGICAL_NOT, ISNAN, ISINF, ISFINITE;

    /** True for ops whose result is bool whatever the input. */
    public boolean isPredicate() {
        return this == LOGICAL_NOT || this == ISNAN || this == ISINF || this == ISFINITE;
    }

    /** True for ops that keep integer inputs integral (the others compute in float). */
    public boolean keepsIntegers() {
        return switch (this) {
            case NEG, ABS, SIGN, FLOOR, CEIL, ROUND, TRUNC, SQUARE, RELU -> true;
            default -> false;
        };
    }

    /** The op in floating point. */
    public double apply(double x) {
        switch (this) {
            case NEG: return -x;
            case ABS: return Math.abs(x);
            case EXP: return Math.exp(x);
            case LOG: return Math.log(x);
            case LOG1P: return Math.log1p(x);
            case EXPM1: return Math.expm1(x);
            case SQRT: return Math.sqrt(x);
            case RSQRT: return 1.0 / Math.sqrt(x);
            case SIN: return Math.sin(x);
            case COS: return Math.cos(x);
            case TAN: return Math.tan(x);
            case TANH: return Math.tanh(x);
            case SIGMOID: return x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
            case RELU: return x > 0 ? x : (Double.isNaN(x) ? x : 0.0);
            case SIGN: return x > 0 ? 1 : x < 0 ? -1 : 0.0; // sign(NaN) = 0, as torch.sign
            case FLOOR: return Math.floor(x);
            case CEIL: return Math.ceil(x);
            case ROUND: return Math.rint(x); // half to even, as torch.round
            case TRUNC: return x < 0 ? Math.ceil(x) : Math.floor(x);
            case RECIPROCAL: return 1.0 / x;
            case SQUARE: return x * x;
            case ERF: return Erf.erf(x);
            case LOG2: return Math.log(x) / Math.log(2);
            case LOG10: return Math.log10(x);
            case ASIN: return Math.asin(x);
            case ACOS: return Math.acos(x);
            case ATAN: return Math.atan(x);
            case SINH: return Math.sinh(x);
            case COSH: return Math.cosh(x);
            case LOGICAL_NOT: return x == 0 ? 1 : 0;
            case ISNAN: return Double.isNaN(x) ? 1 : 0;
            case ISINF: return Double.isInfinite(x) ? 1 : 0;
            case ISFINITE: return Double.isFinite(x) ? 1 : 0;
            default: throw new AssertionError(this);
        }
    }

    /** The op on integers (only for {@link #keepsIntegers()} ops and predicates). */
    public long apply(long x) {
        switch (this) {
            case NEG: return -x;
            case ABS: return Math.abs(x);
            case SIGN: return Long.signum(x);
            case FLOOR: case CEIL: case ROUND: case TRUNC: return x;
            case SQUARE: return x * x;
            case RELU: return Math.max(x, 0);
            case LOGICAL_NOT: return x == 0 ? 1 : 0;
            case ISNAN: case ISINF: return 0;
            case ISFINITE: return 1;
            default: throw new IllegalArgumentException(this + " is not defined for integer tensors");
        }
    }
}

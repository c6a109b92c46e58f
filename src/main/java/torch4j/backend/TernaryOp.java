package torch4j.backend;

/**
 * Fused in-place updates {@code self = op(self, a, b; c)} with a scalar {@code c}: what optimizers
 * run per parameter, in one pass and without temporaries. The formulas (and so the rounding) are
 * PyTorch's CPU kernels'.
 */
public enum TernaryOp {
    /** {@code addcmul_}: {@code self + c * a * b}. */
    ADDCMUL,
    /** {@code addcdiv_}: {@code self + c * a / b}. */
    ADDCDIV,
    /** {@code lerp_(end=a, weight=c)}: {@code self + c * (a - self)}, from the nearer end ({@code b} unused). */
    LERP;

    /** The op in double: the reference the float loops are tested against, and the float64 kernel. */
    public double apply(double self, double a, double b, double c) {
        switch (this) {
            case ADDCMUL: return self + c * a * b;
            case ADDCDIV: return self + c * a / b;
            case LERP: return Math.abs(c) < 0.5 ? self + c * (a - self) : a - (a - self) * (1 - c);
            default: throw new AssertionError(this);
        }
    }

    /** The op in float arithmetic, rounding after each step as PyTorch's float32 kernel does. */
    public float apply(float self, float a, float b, float c) {
        switch (this) {
            case ADDCMUL: return self + c * a * b;
            case ADDCDIV: return self + c * a / b;
            case LERP: return Math.abs(c) < 0.5f ? self + c * (a - self) : a - (a - self) * (1 - c);
            default: throw new AssertionError(this);
        }
    }
}

package torch4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import torch4j.backend.UnaryOp;

/**
 * exp, log, tanh and sigmoid on float vectors, built from IEEE arithmetic alone (add, multiply,
 * fused multiply-add, divide, bit moves), so that interpreted, C1 and C2 code give the same bits.
 * The JDK's own {@code lanewise(EXP)} does not: C2 calls SVML while the interpreter and C1 call
 * {@code Math.exp} lane by lane, and the two differ in the last bit. A program's results then
 * depended on when the JIT compiled which loop, and a seeded training run was not reproducible.
 *
 * <p>The polynomials are Cephes' single-precision ones ({@code expf}, {@code logf}, {@code tanhf}),
 * within about an ulp of the correctly rounded result, as PyTorch's Sleef kernels are.
 *
 * <p>C2 compiles a Vector API formula to vector instructions only when it inlines every operation
 * of it into one compilation; past its node budget an operation stays a call and boxes its vectors
 * (5x slower here). So each loop is reached through {@link #loop}, a call C2 does not inline once
 * it sees several of them, and compiles on its own; log's formula is split into two passes over
 * blocks that stay in L1, and tanh's exponential needs only one scaling step.
 */
final class VectorMath {
    /** Above it exp overflows to infinity; below {@link #EXP_LO} it rounds to 0. */
    private static final float EXP_HI = 88.8f, EXP_LO = -104f;
    private static final float LOG2E = 1.44269504088896341f;
    /** ln 2 split so that {@code k * LN2_HI} is exact for the k that occur. */
    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    /**
     * 1.5 * 2^23: adding and subtracting it rounds a float below 2^22 to the nearest integer, and the
     * sum's bits minus {@link #ROUNDER_BITS} are that integer. This stands in for the float/int
     * conversions, which JDK 17's C2 does not compile to vector instructions (they box, 5x slower).
     */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
    private static final float SQRT_HALF = 0.707106781186547524f;

    /** Floats per block of the two-pass loops: 4 KiB, a multiple of any vector length. */
    private static final int BLOCK = 1024;

    private VectorMath() {}

    private static FloatVector f(float c) {
        return FloatVector.broadcast(FloatVectorLoops.S, c);
    }

    /** One element-wise loop over {@code n} elements, a multiple of the vector length. */
    interface Loop {
        void run(float[] x, int ox, float[] o, int oo, int n);
    }

    private static final Loop EXP = VectorMath::exp, LOG = VectorMath::log, TANH = VectorMath::tanh, SIGMOID = VectorMath::sigmoid;

    /** The loop for exp, log, tanh or sigmoid; null for another op. */
    static Loop loop(UnaryOp op) {
        return switch (op) {
            case EXP -> EXP;
            case LOG -> LOG;
            case TANH -> TANH;
            case SIGMOID -> SIGMOID;
            default -> null;
        };
    }

    /** {@code o[oo + j] = e^x[ox + j]} for {@code j < n}, a multiple of the vector length. */
    private static void exp(float[] x, int ox, float[] o, int oo, int n) {
        for (int j = 0; j < n; j += FloatVectorLoops.L) exp(FloatVector.fromArray(FloatVectorLoops.S, x, ox + j)).intoArray(o, oo + j);
    }

    /**
     * As {@link #exp(float[], int, float[], int, int)}, for the natural logarithm. Two passes over
     * blocks that stay in L1: the formula, then its edge cases (one loop was past C2's node budget).
     * A scratch block lets {@code o} be {@code x}.
     */
    private static void log(float[] x, int ox, float[] o, int oo, int n) {
        float[] r = new float[Math.min(n, BLOCK)];
        for (int b = 0; b < n; b += BLOCK) {
            int m = Math.min(BLOCK, n - b);
            logCore(x, ox + b, r, m);
            logEdges(x, ox + b, r, o, oo + b, m);
        }
    }

    private static void logCore(float[] x, int ox, float[] r, int n) {
        for (int j = 0; j < n; j += FloatVectorLoops.L) log(FloatVector.fromArray(FloatVectorLoops.S, x, ox + j)).intoArray(r, j);
    }

    private static void logEdges(float[] x, int ox, float[] r, float[] o, int oo, int n) {
        for (int j = 0; j < n; j += FloatVectorLoops.L) {
            logEdges(FloatVector.fromArray(FloatVectorLoops.S, x, ox + j), FloatVector.fromArray(FloatVectorLoops.S, r, j))
                    .intoArray(o, oo + j);
        }
    }

    /** As {@link #exp(float[], int, float[], int, int)}, for tanh. */
    private static void tanh(float[] x, int ox, float[] o, int oo, int n) {
        for (int j = 0; j < n; j += FloatVectorLoops.L) tanh(FloatVector.fromArray(FloatVectorLoops.S, x, ox + j)).intoArray(o, oo + j);
    }

    /** As {@link #exp(float[], int, float[], int, int)}, for the sigmoid {@code 1 / (1 + e^-x)}, PyTorch's vectorized formula. */
    private static void sigmoid(float[] x, int ox, float[] o, int oo, int n) {
        FloatVector one = f(1f);
        for (int j = 0; j < n; j += FloatVectorLoops.L) {
            one.div(one.add(exp(FloatVector.fromArray(FloatVectorLoops.S, x, ox + j).neg()))).intoArray(o, oo + j);
        }
    }

    /** e^x; +-inf and NaN as {@code Math.exp}. */
    private static FloatVector exp(FloatVector x) {
        // The clamp keeps k in [-150, 128]; max and min keep NaN. 2^k as two factors 2^(k/2) and
        // 2^(k - k/2), each a normal float, so that k = 128 overflows and k = -150 rounds into the
        // subnormals as the true product does.
        FloatVector c = x.max(EXP_LO).min(EXP_HI), t = c.mul(LOG2E).add(ROUNDER);
        IntVector k = t.reinterpretAsInts().sub(ROUNDER_BITS), k1 = k.lanewise(VectorOperators.ASHR, 1);
        return expOfRemainder(c, t).mul(pow2(k1)).mul(pow2(k.sub(k1)));
    }

    /** e^x for x in [0, 20] or NaN, with one scaling factor (fewer operations, for tanh). */
    private static FloatVector expSmall(FloatVector x) {
        FloatVector c = x.min(20f), t = c.mul(LOG2E).add(ROUNDER);
        return expOfRemainder(c, t).mul(pow2(t.reinterpretAsInts().sub(ROUNDER_BITS)));
    }

    /**
     * e^r for r = x - k ln 2, where {@code t = x / ln 2 + ROUNDER} holds k = round(x / ln 2) and
     * |r| <= ln 2 / 2: Cephes' polynomial.
     */
    private static FloatVector expOfRemainder(FloatVector x, FloatVector t) {
        FloatVector k = t.sub(ROUNDER);
        FloatVector r = k.fma(f(-LN2_HI), x).add(k.mul(-LN2_LO));
        FloatVector p = r.fma(f(1.9875691500e-4f), f(1.3981999507e-3f)).fma(r, f(8.3334519073e-3f))
                .fma(r, f(4.1665795894e-2f)).fma(r, f(1.6666665459e-1f)).fma(r, f(5.0000001201e-1f));
        return p.fma(r.mul(r), r).add(1f);
    }

    /** The float of each int lane, for |i| < 2^22 (see {@link #ROUNDER}). */
    private static FloatVector fromInt(IntVector i) {
        return i.add(ROUNDER_BITS).reinterpretAsFloats().sub(ROUNDER);
    }

    /** 2^k for k in [-126, 127], from its exponent bits. */
    private static FloatVector pow2(IntVector k) {
        return (FloatVector) k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    }

    /** The natural logarithm of positive finite lanes; {@link #logSpecial} settles the others. */
    private static FloatVector log(FloatVector x) {
        // Subnormals: scale into the normal range first, and take 23 off the exponent.
        VectorMask<Float> sub = x.lt(Float.MIN_NORMAL);
        FloatVector xs = x.blend(x.mul(8388608f), sub);
        IntVector bits = (IntVector) xs.reinterpretAsInts();
        // x = m 2^e with m in [0.5, 1); then m in [sqrt(1/2), sqrt(2)) by moving one factor 2.
        FloatVector e = fromInt(bits.lanewise(VectorOperators.LSHR, 23).sub(126)).sub(FloatVector.zero(FloatVectorLoops.S).blend(23f, sub));
        FloatVector m = (FloatVector) bits.and(0x007fffff).or(0x3f000000).reinterpretAsFloats();
        VectorMask<Float> small = m.lt(SQRT_HALF);
        e = e.sub(FloatVector.zero(FloatVectorLoops.S).blend(1f, small));
        FloatVector f = m.add(m.blend(0f, small.not())).sub(1f);
        FloatVector z = f.mul(f);
        FloatVector p = f.fma(f(7.0376836292e-2f), f(-1.1514610310e-1f)).fma(f, f(1.1676998740e-1f)).fma(f, f(-1.2420140846e-1f))
                .fma(f, f(1.4249322787e-1f)).fma(f, f(-1.6668057665e-1f)).fma(f, f(2.0000714765e-1f))
                .fma(f, f(-2.4999993993e-1f)).fma(f, f(3.3333331174e-1f));
        FloatVector y = p.mul(f).mul(z).add(e.mul(LN2_LO)).sub(z.mul(0.5f));
        return f.add(y).add(e.mul(LN2_HI));
    }

    /** log at the edges: x = +inf and NaN give themselves, 0 gives -inf, a negative gives NaN. */
    private static FloatVector logEdges(FloatVector x, FloatVector r) {
        r = r.blend(x, x.test(VectorOperators.IS_NAN).or(x.eq(Float.POSITIVE_INFINITY)));
        r = r.blend(Float.NEGATIVE_INFINITY, x.eq(0f));
        return r.blend(Float.NaN, x.lt(0f));
    }

    /**
     * tanh: an odd polynomial for |x| < 0.625, {@code 1 - 2 / (e^2|x| + 1)} with x's sign above.
     * tanh is 1 in float from |x| = 9.01 on, where e^2|x| is clamped at e^20; NaN stays NaN.
     */
    private static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs(), z = x.mul(x);
        FloatVector p = z.fma(f(-5.70498872745e-3f), f(2.06390887954e-2f)).fma(z, f(-5.37397155531e-2f))
                .fma(z, f(1.33314422036e-1f)).fma(z, f(-3.33332819422e-1f));
        FloatVector near = x.mul(p.fma(z, f(1f))); // x (1 + z p) keeps the sign of -0
        FloatVector far = f(2f).div(expSmall(a.add(a)).add(1f)).neg().add(1f);
        return far.blend(far.neg(), x.lt(0f)).blend(near, a.lt(0.625f));
    }
}

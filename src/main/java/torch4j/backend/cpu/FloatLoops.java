package torch4j.backend.cpu;

import torch4j.backend.BinaryOp;
import torch4j.backend.OptimizerScalars;
import torch4j.backend.TernaryOp;
import torch4j.backend.UnaryOp;

/**
 * float32 element-wise loops in plain Java: simple indexed loops that C2 vectorizes when the
 * strides are 1 (same-index access) or 0 (a scalar operand); ops without their own loop compute in
 * double. This is the fallback where the Vector API is absent and the reference {@code
 * FloatVectorLoops} is tested against; {@link #FAST} is whichever of the two is in use.
 */
final class FloatLoops implements FloatKernels {
    /** The plain-Java loops: always available. */
    static final FloatKernels SCALAR = new FloatLoops();
    /** The Vector API loops, or null when the module is absent or disabled ({@code -Dtorch4j.vector=false}). */
    static final FloatKernels VECTOR = loadVectorLoops();
    /** The loops in use. Being static final, C2 calls them directly, with no dispatch. */
    static final FloatKernels FAST = VECTOR != null ? VECTOR : SCALAR;

    private FloatLoops() {}

    /**
     * Loads the vector loops by name, so that this class links on runtimes without the incubator
     * module: only this method mentions them, and only after checking the module is in the boot layer.
     */
    private static FloatKernels loadVectorLoops() {
        if (!Boolean.parseBoolean(System.getProperty("torch4j.vector", "true"))) return null;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return null;
        try {
            Class<?> cls = Class.forName("torch4j.backend.cpu.FloatVectorLoops");
            FloatKernels loops = (FloatKernels) cls.getDeclaredConstructor().newInstance();
            return ((FloatVectorLoops) loops).usable() ? loops : null;
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return null;
        }
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void binary(BinaryOp op, float[] x, int ox, int sx, float[] y, int oy, int sy, float[] o, int oo, int n) {
        if (sx == 1 && sy == 1) {
            switch (op) {
                case ADD: for (int j = 0; j < n; j++) o[oo + j] = x[ox + j] + y[oy + j]; return;
                case SUB: for (int j = 0; j < n; j++) o[oo + j] = x[ox + j] - y[oy + j]; return;
                case MUL: for (int j = 0; j < n; j++) o[oo + j] = x[ox + j] * y[oy + j]; return;
                case DIV: for (int j = 0; j < n; j++) o[oo + j] = x[ox + j] / y[oy + j]; return;
                case MAXIMUM: for (int j = 0; j < n; j++) o[oo + j] = Math.max(x[ox + j], y[oy + j]); return;
                case MINIMUM: for (int j = 0; j < n; j++) o[oo + j] = Math.min(x[ox + j], y[oy + j]); return;
                case RELU_BACKWARD: for (int j = 0; j < n; j++) o[oo + j] = y[oy + j] <= 0 ? 0f : x[ox + j]; return;
                default: break;
            }
        } else if (sx == 1 && sy == 0) {
            float c = y[oy];
            switch (op) {
                case ADD: for (int j = 0; j < n; j++) o[oo + j] = x[ox + j] + c; return;
                case SUB: for (int j = 0; j < n; j++) o[oo + j] = x[ox + j] - c; return;
                case MUL: for (int j = 0; j < n; j++) o[oo + j] = x[ox + j] * c; return;
                case DIV: for (int j = 0; j < n; j++) o[oo + j] = x[ox + j] / c; return;
                case MAXIMUM: for (int j = 0; j < n; j++) o[oo + j] = Math.max(x[ox + j], c); return;
                case MINIMUM: for (int j = 0; j < n; j++) o[oo + j] = Math.min(x[ox + j], c); return;
                default: break;
            }
        } else if (sx == 0 && sy == 1) {
            float c = x[ox];
            switch (op) {
                case ADD: for (int j = 0; j < n; j++) o[oo + j] = c + y[oy + j]; return;
                case SUB: for (int j = 0; j < n; j++) o[oo + j] = c - y[oy + j]; return;
                case MUL: for (int j = 0; j < n; j++) o[oo + j] = c * y[oy + j]; return;
                case DIV: for (int j = 0; j < n; j++) o[oo + j] = c / y[oy + j]; return;
                default: break;
            }
        }
        strided(op, x, ox, sx, y, oy, sy, o, oo, 1, n);
    }

    /** {@code o[oo + j*so] = op(x[ox + j*sx], y[oy + j*sy])}: any strides. */
    static void strided(BinaryOp op, float[] x, int ox, int sx, float[] y, int oy, int sy, float[] o, int oo, int so, int n) {
        switch (op) {
            case ADD: for (int j = 0; j < n; j++) o[oo + j * so] = x[ox + j * sx] + y[oy + j * sy]; return;
            case SUB: for (int j = 0; j < n; j++) o[oo + j * so] = x[ox + j * sx] - y[oy + j * sy]; return;
            case MUL: for (int j = 0; j < n; j++) o[oo + j * so] = x[ox + j * sx] * y[oy + j * sy]; return;
            case DIV: for (int j = 0; j < n; j++) o[oo + j * so] = x[ox + j * sx] / y[oy + j * sy]; return;
            case RELU_BACKWARD: for (int j = 0; j < n; j++) o[oo + j * so] = y[oy + j * sy] <= 0 ? 0f : x[ox + j * sx]; return;
            default:
                for (int j = 0; j < n; j++) o[oo + j * so] = (float) op.apply((double) x[ox + j * sx], (double) y[oy + j * sy]);
        }
    }

    @Override
    public void compare(BinaryOp op, float[] x, int ox, int sx, float[] y, int oy, int sy, byte[] o, int oo, int n) {
        compareStrided(op, x, ox, sx, y, oy, sy, o, oo, 1, n);
    }

    /**
     * {@code o[oo + j*so] = op(x[ox + j*sx], y[oy + j*sy]) ? 1 : 0}: any strides. Float comparisons
     * are exact in float, so there is no trip through double; logical ops (rare on floats) take it.
     */
    static void compareStrided(BinaryOp op, float[] x, int ox, int sx, float[] y, int oy, int sy, byte[] o, int oo, int so, int n) {
        switch (op) {
            case EQ: for (int j = 0; j < n; j++) o[oo + j * so] = x[ox + j * sx] == y[oy + j * sy] ? (byte) 1 : 0; return;
            case NE: for (int j = 0; j < n; j++) o[oo + j * so] = x[ox + j * sx] != y[oy + j * sy] ? (byte) 1 : 0; return;
            case LT: for (int j = 0; j < n; j++) o[oo + j * so] = x[ox + j * sx] < y[oy + j * sy] ? (byte) 1 : 0; return;
            case LE: for (int j = 0; j < n; j++) o[oo + j * so] = x[ox + j * sx] <= y[oy + j * sy] ? (byte) 1 : 0; return;
            case GT: for (int j = 0; j < n; j++) o[oo + j * so] = x[ox + j * sx] > y[oy + j * sy] ? (byte) 1 : 0; return;
            case GE: for (int j = 0; j < n; j++) o[oo + j * so] = x[ox + j * sx] >= y[oy + j * sy] ? (byte) 1 : 0; return;
            default:
                for (int j = 0; j < n; j++) o[oo + j * so] = op.apply((double) x[ox + j * sx], (double) y[oy + j * sy]) != 0 ? (byte) 1 : 0;
        }
    }

    @Override
    public double sum(float[] a, int off, int n) {
        // Four accumulators break the add dependency chain.
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += a[off + j];
            s1 += a[off + j + 1];
            s2 += a[off + j + 2];
            s3 += a[off + j + 3];
        }
        for (; j < n; j++) s0 += a[off + j];
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void accumulate(float[] a, int off, double[] acc, int n) {
        for (int c = 0; c < n; c++) acc[c] += a[off + c];
    }

    @Override
    public void unary(UnaryOp op, float[] x, int ox, float[] o, int oo, int n) {
        switch (op) {
            case NEG: for (int j = 0; j < n; j++) o[oo + j] = -x[ox + j]; return;
            case RELU: for (int j = 0; j < n; j++) o[oo + j] = Math.max(x[ox + j], 0f); return; // NaN stays NaN
            case ABS: for (int j = 0; j < n; j++) o[oo + j] = Math.abs(x[ox + j]); return;
            case SQUARE: for (int j = 0; j < n; j++) { float v = x[ox + j]; o[oo + j] = v * v; } return;
            case SQRT: for (int j = 0; j < n; j++) o[oo + j] = (float) Math.sqrt(x[ox + j]); return;
            case RECIPROCAL: for (int j = 0; j < n; j++) o[oo + j] = 1f / x[ox + j]; return;
            case EXP: for (int j = 0; j < n; j++) o[oo + j] = (float) Math.exp(x[ox + j]); return;
            case TANH: for (int j = 0; j < n; j++) o[oo + j] = tanh(x[ox + j]); return;
            default: strided(op, x, ox, 1, o, oo, 1, n);
        }
    }

    /** {@code o[oo + j*so] = op(x[ox + j*sx])}: any strides. */
    static void strided(UnaryOp op, float[] x, int ox, int sx, float[] o, int oo, int so, int n) {
        if (op == UnaryOp.TANH) {
            for (int j = 0; j < n; j++) o[oo + j * so] = tanh(x[ox + j * sx]);
        } else {
            for (int j = 0; j < n; j++) o[oo + j * so] = (float) op.apply((double) x[ox + j * sx]);
        }
    }

    @Override
    public void ternary(TernaryOp op, float[] s, int os, float[] a, int oa, int sa, float[] b, int ob, int sb, float c, int n) {
        if (sa == 1 && sb == 1) {
            switch (op) {
                case ADDCMUL: for (int j = 0; j < n; j++) s[os + j] += c * a[oa + j] * b[ob + j]; return;
                case ADDCDIV: for (int j = 0; j < n; j++) s[os + j] += c * a[oa + j] / b[ob + j]; return;
                default: break;
            }
        }
        strided(op, s, os, 1, a, oa, sa, b, ob, sb, c, n);
    }

    /** {@code s[os + j*ss] = op(s[os + j*ss], a[oa + j*sa], b[ob + j*sb]; c)}: any strides. */
    static void strided(TernaryOp op, float[] s, int os, int ss, float[] a, int oa, int sa, float[] b, int ob, int sb, float c, int n) {
        for (int j = 0; j < n; j++) s[os + j * ss] = op.apply(s[os + j * ss], a[oa + j * sa], b[ob + j * sb], c);
    }

    @Override
    public void adam(OptimizerScalars.Adam c, float[] p, int op, float[] g, int og, float[] m, int om, float[] v, int ov,
            float[] vmax, int ovm, int n) {
        float sign = (float) c.sign(), decay = (float) c.decay(), wd = (float) c.weightDecay();
        float b1 = (float) c.beta1(), a1 = (float) c.oneMinusBeta1(), b2 = (float) c.beta2(), a2 = (float) c.oneMinusBeta2();
        float step = (float) c.stepSize(), eps = (float) c.eps();
        boolean l2 = c.l2();
        for (int j = 0; j < n; j++) {
            float pj = p[op + j] * decay, gj = g[og + j] * sign;
            if (l2) gj = gj + wd * pj;
            float mj = m[om + j] * b1 + a1 * gj;
            float vj = v[ov + j] * b2 + a2 * gj * gj;
            m[om + j] = mj;
            v[ov + j] = vj;
            if (vmax != null) vj = vmax[ovm + j] = Math.max(vmax[ovm + j], vj);
            p[op + j] = pj + step * mj / ((float) Math.sqrt(vj) + eps);
        }
    }

    @Override
    public void sgd(OptimizerScalars.Sgd c, float[] p, int op, float[] g, int og, float[] buf, int ob, int n) {
        float sign = (float) c.sign(), wd = (float) c.weightDecay(), mom = (float) c.momentum();
        float damp = (float) c.dampened(), lr = (float) c.negLr();
        boolean l2 = c.l2(), first = c.firstStep(), nesterov = c.nesterov();
        for (int j = 0; j < n; j++) {
            float pj = p[op + j], d = g[og + j] * sign;
            if (l2) d = d + wd * pj;
            if (buf != null) {
                float b = first ? d : buf[ob + j] * mom + damp * d;
                buf[ob + j] = b;
                d = nesterov ? d + mom * b : b;
            }
            p[op + j] = pj + lr * d;
        }
    }

    /**
     * tanh in double from one {@code Math.exp} (a JIT intrinsic), rounded to float: within an ulp
     * of the correctly rounded result, and several times faster than {@code Math.tanh}. Near zero,
     * where {@code 1 - 2/(e+1)} would cancel, its Taylor series (exact to double precision below
     * 1/16).
     */
    static float tanh(float x) {
        double d = x, a = Math.abs(d);
        if (a < 0.0625) {
            double d2 = d * d;
            return (float) (d * (1 + d2 * (-1.0 / 3 + d2 * (2.0 / 15 + d2 * (-17.0 / 315 + d2 * (62.0 / 2835))))));
        }
        double r = 1 - 2 / (Math.exp(2 * a) + 1); // NaN stays NaN; exp overflow gives exactly 1
        return (float) (d < 0 ? -r : r);
    }
}

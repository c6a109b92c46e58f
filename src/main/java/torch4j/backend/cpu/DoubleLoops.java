package torch4j.backend.cpu;

import torch4j.backend.BinaryOp;
import torch4j.backend.OptimizerScalars;
import torch4j.backend.UnaryOp;

/**
 * float64 element-wise rows: simple indexed loops per op that C2 vectorizes when the strides are 1
 * (or 0 for a scalar operand), instead of the generic path's per-element type dispatch. Each
 * computes exactly what {@code op.apply(double...)} does, so results are bit for bit the
 * reference's; ops without a loop of their own call it per element. float64 is gradcheck's dtype
 * and what users pick for accuracy, so it should not be ten times slower than float32.
 */
final class DoubleLoops {
    private DoubleLoops() {}

    /** {@code o[oo + j*so] = op(x[ox + j*sx], y[oy + j*sy])} for a float-valued op. */
    static void binary(BinaryOp op, double[] x, int ox, int sx, double[] y, int oy, int sy, double[] o, int oo, int so, int n) {
        if (so == 1 && sx == 1 && sy == 1) {
            switch (op) {
                case ADD: for (int j = 0; j < n; j++) o[oo + j] = x[ox + j] + y[oy + j]; return;
                case SUB: for (int j = 0; j < n; j++) o[oo + j] = x[ox + j] - y[oy + j]; return;
                case MUL: for (int j = 0; j < n; j++) o[oo + j] = x[ox + j] * y[oy + j]; return;
                case DIV: for (int j = 0; j < n; j++) o[oo + j] = x[ox + j] / y[oy + j]; return;
                case MAXIMUM: for (int j = 0; j < n; j++) o[oo + j] = Math.max(x[ox + j], y[oy + j]); return;
                case MINIMUM: for (int j = 0; j < n; j++) o[oo + j] = Math.min(x[ox + j], y[oy + j]); return;
                case RELU_BACKWARD: for (int j = 0; j < n; j++) o[oo + j] = y[oy + j] <= 0 ? 0.0 : x[ox + j]; return;
                default: break;
            }
        } else if (so == 1 && sx == 1 && sy == 0) {
            double c = y[oy];
            switch (op) {
                case ADD: for (int j = 0; j < n; j++) o[oo + j] = x[ox + j] + c; return;
                case SUB: for (int j = 0; j < n; j++) o[oo + j] = x[ox + j] - c; return;
                case MUL: for (int j = 0; j < n; j++) o[oo + j] = x[ox + j] * c; return;
                case DIV: for (int j = 0; j < n; j++) o[oo + j] = x[ox + j] / c; return;
                default: break;
            }
        } else if (so == 1 && sx == 0 && sy == 1) {
            double c = x[ox];
            switch (op) {
                case ADD: for (int j = 0; j < n; j++) o[oo + j] = c + y[oy + j]; return;
                case SUB: for (int j = 0; j < n; j++) o[oo + j] = c - y[oy + j]; return;
                case MUL: for (int j = 0; j < n; j++) o[oo + j] = c * y[oy + j]; return;
                case DIV: for (int j = 0; j < n; j++) o[oo + j] = c / y[oy + j]; return;
                default: break;
            }
        }
        switch (op) {
            case ADD: for (int j = 0; j < n; j++) o[oo + j * so] = x[ox + j * sx] + y[oy + j * sy]; return;
            case SUB: for (int j = 0; j < n; j++) o[oo + j * so] = x[ox + j * sx] - y[oy + j * sy]; return;
            case MUL: for (int j = 0; j < n; j++) o[oo + j * so] = x[ox + j * sx] * y[oy + j * sy]; return;
            case DIV: for (int j = 0; j < n; j++) o[oo + j * so] = x[ox + j * sx] / y[oy + j * sy]; return;
            default: for (int j = 0; j < n; j++) o[oo + j * so] = op.apply(x[ox + j * sx], y[oy + j * sy]);
        }
    }

    /** {@code o[oo + j*so] = op(x[ox + j*sx], y[oy + j*sy]) ? 1 : 0} for a predicate op. */
    static void compare(BinaryOp op, double[] x, int ox, int sx, double[] y, int oy, int sy, byte[] o, int oo, int so, int n) {
        switch (op) {
            case EQ: for (int j = 0; j < n; j++) o[oo + j * so] = x[ox + j * sx] == y[oy + j * sy] ? (byte) 1 : 0; return;
            case NE: for (int j = 0; j < n; j++) o[oo + j * so] = x[ox + j * sx] != y[oy + j * sy] ? (byte) 1 : 0; return;
            case LT: for (int j = 0; j < n; j++) o[oo + j * so] = x[ox + j * sx] < y[oy + j * sy] ? (byte) 1 : 0; return;
            case LE: for (int j = 0; j < n; j++) o[oo + j * so] = x[ox + j * sx] <= y[oy + j * sy] ? (byte) 1 : 0; return;
            case GT: for (int j = 0; j < n; j++) o[oo + j * so] = x[ox + j * sx] > y[oy + j * sy] ? (byte) 1 : 0; return;
            case GE: for (int j = 0; j < n; j++) o[oo + j * so] = x[ox + j * sx] >= y[oy + j * sy] ? (byte) 1 : 0; return;
            default: for (int j = 0; j < n; j++) o[oo + j * so] = op.apply(x[ox + j * sx], y[oy + j * sy]) != 0 ? (byte) 1 : 0;
        }
    }

    /** {@code o[oo + j*so] = op(x[ox + j*sx])} for a float-valued op. */
    static void unary(UnaryOp op, double[] x, int ox, int sx, double[] o, int oo, int so, int n) {
        if (so == 1 && sx == 1) {
            switch (op) {
                case NEG: for (int j = 0; j < n; j++) o[oo + j] = -x[ox + j]; return;
                case ABS: for (int j = 0; j < n; j++) o[oo + j] = Math.abs(x[ox + j]); return;
                case SQUARE: for (int j = 0; j < n; j++) { double v = x[ox + j]; o[oo + j] = v * v; } return;
                case SQRT: for (int j = 0; j < n; j++) o[oo + j] = Math.sqrt(x[ox + j]); return;
                case RECIPROCAL: for (int j = 0; j < n; j++) o[oo + j] = 1.0 / x[ox + j]; return;
                case EXP: for (int j = 0; j < n; j++) o[oo + j] = Math.exp(x[ox + j]); return;
                case LOG: for (int j = 0; j < n; j++) o[oo + j] = Math.log(x[ox + j]); return;
                default: break;
            }
        }
        switch (op) {
            case NEG: for (int j = 0; j < n; j++) o[oo + j * so] = -x[ox + j * sx]; return;
            case EXP: for (int j = 0; j < n; j++) o[oo + j * so] = Math.exp(x[ox + j * sx]); return;
            default: for (int j = 0; j < n; j++) o[oo + j * so] = op.apply(x[ox + j * sx]);
        }
    }

    /** One Adam step over {@code n} elements: {@link FloatLoops#adam} in double. */
    static void adam(OptimizerScalars.Adam c, double[] p, int op, double[] g, int og, double[] m, int om, double[] v, int ov,
            double[] vmax, int ovm, int n) {
        double sign = c.sign(), decay = c.decay(), wd = c.weightDecay(), b1 = c.beta1(), a1 = c.oneMinusBeta1();
        double b2 = c.beta2(), a2 = c.oneMinusBeta2(), step = c.stepSize(), eps = c.eps();
        boolean l2 = c.l2();
        for (int j = 0; j < n; j++) {
            double pj = p[op + j] * decay, gj = g[og + j] * sign;
            if (l2) gj = gj + wd * pj;
            double mj = m[om + j] * b1 + a1 * gj;
            double vj = v[ov + j] * b2 + a2 * gj * gj;
            m[om + j] = mj;
            v[ov + j] = vj;
            if (vmax != null) vj = vmax[ovm + j] = Math.max(vmax[ovm + j], vj);
            p[op + j] = pj + step * mj / (Math.sqrt(vj) + eps);
        }
    }

    /** One SGD step over {@code n} elements: {@link FloatLoops#sgd} in double. */
    static void sgd(OptimizerScalars.Sgd c, double[] p, int op, double[] g, int og, double[] buf, int ob, int n) {
        double sign = c.sign(), wd = c.weightDecay(), mom = c.momentum(), damp = c.dampened(), lr = c.negLr();
        boolean l2 = c.l2(), first = c.firstStep(), nesterov = c.nesterov();
        for (int j = 0; j < n; j++) {
            double pj = p[op + j], d = g[og + j] * sign;
            if (l2) d = d + wd * pj;
            if (buf != null) {
                double b = first ? d : buf[ob + j] * mom + damp * d;
                buf[ob + j] = b;
                d = nesterov ? d + mom * b : b;
            }
            p[op + j] = pj + lr * d;
        }
    }
}

package torch4j.backend.cpu;

import torch4j.backend.BinaryOp;
import torch4j.backend.UnaryOp;

/**
 * float32 element-wise loops. The common ops get simple indexed loops that C2 vectorizes when the
 * strides are 1 (same-index access) or 0 (a scalar operand); the rest compute in double.
 */
final class FloatLoops {
    private FloatLoops() {}

    static void binary(BinaryOp op, float[] x, int ox, int sx, float[] y, int oy, int sy, float[] o, int oo, int so, int n) {
        if (so == 1 && sx == 1 && sy == 1) {
            switch (op) {
                case ADD: for (int j = 0; j < n; j++) o[oo + j] = x[ox + j] + y[oy + j]; return;
                case SUB: for (int j = 0; j < n; j++) o[oo + j] = x[ox + j] - y[oy + j]; return;
                case MUL: for (int j = 0; j < n; j++) o[oo + j] = x[ox + j] * y[oy + j]; return;
                case DIV: for (int j = 0; j < n; j++) o[oo + j] = x[ox + j] / y[oy + j]; return;
                default: break;
            }
        } else if (so == 1 && sx == 1 && sy == 0) {
            float c = y[oy];
            switch (op) {
                case ADD: for (int j = 0; j < n; j++) o[oo + j] = x[ox + j] + c; return;
                case SUB: for (int j = 0; j < n; j++) o[oo + j] = x[ox + j] - c; return;
                case MUL: for (int j = 0; j < n; j++) o[oo + j] = x[ox + j] * c; return;
                case DIV: for (int j = 0; j < n; j++) o[oo + j] = x[ox + j] / c; return;
                default: break;
            }
        } else if (so == 1 && sx == 0 && sy == 1) {
            float c = x[ox];
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
            default:
                for (int j = 0; j < n; j++) o[oo + j * so] = (float) op.apply((double) x[ox + j * sx], (double) y[oy + j * sy]);
        }
    }

    static void unary(UnaryOp op, float[] x, int ox, int sx, float[] o, int oo, int so, int n) {
        if (sx == 1 && so == 1) {
            switch (op) {
                case NEG: for (int j = 0; j < n; j++) o[oo + j] = -x[ox + j]; return;
                case RELU: for (int j = 0; j < n; j++) { float v = x[ox + j]; o[oo + j] = v > 0 || v != v ? v : 0f; } return;
                case ABS: for (int j = 0; j < n; j++) o[oo + j] = Math.abs(x[ox + j]); return;
                case SQUARE: for (int j = 0; j < n; j++) { float v = x[ox + j]; o[oo + j] = v * v; } return;
                case SQRT: for (int j = 0; j < n; j++) o[oo + j] = (float) Math.sqrt(x[ox + j]); return;
                case EXP: for (int j = 0; j < n; j++) o[oo + j] = (float) Math.exp(x[ox + j]); return;
                default: break;
            }
        }
        for (int j = 0; j < n; j++) o[oo + j * so] = (float) op.apply((double) x[ox + j * sx]);
    }
}

package torch4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import torch4j.backend.BinaryOp;
import torch4j.backend.TernaryOp;
import torch4j.backend.UnaryOp;

/**
 * The Vector API float32 loops, loaded by {@link FloatLoops} only when {@code jdk.incubator.vector}
 * is present. C2 only vectorizes plain loops whose operands share an alignment, which tensors at
 * different offsets do not; these loops are full-width whatever the offsets. exp, log, tanh and
 * sigmoid use the JDK's vector math (SVML on x86), within an ulp or two of the correctly rounded
 * results, as PyTorch's Sleef-based kernels are. Each op has its own loop with a constant operator:
 * C2 only intrinsifies vector operations it can see.
 */
final class FloatVectorLoops implements FloatKernels {
    // Must be a static final constant, or C2 falls back to the slow Java implementation.
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    /** False where the preferred vectors are too narrow to pay off (no SIMD the JIT can use). */
    boolean usable() {
        return S.vectorBitSize() >= 128;
    }

    @Override
    public String name() {
        return "Vector API (" + S.vectorBitSize() + "-bit)";
    }

    @Override
    public void binary(BinaryOp op, float[] x, int ox, int sx, float[] y, int oy, int sy, float[] o, int oo, int n) {
        int ub = S.loopBound(n), j = 0;
        if (sx == 1 && sy == 1) {
            switch (op) {
                case ADD:
                    for (; j < ub; j += L) FloatVector.fromArray(S, x, ox + j).add(FloatVector.fromArray(S, y, oy + j)).intoArray(o, oo + j);
                    break;
                case SUB:
                    for (; j < ub; j += L) FloatVector.fromArray(S, x, ox + j).sub(FloatVector.fromArray(S, y, oy + j)).intoArray(o, oo + j);
                    break;
                case MUL:
                    for (; j < ub; j += L) FloatVector.fromArray(S, x, ox + j).mul(FloatVector.fromArray(S, y, oy + j)).intoArray(o, oo + j);
                    break;
                case DIV:
                    for (; j < ub; j += L) FloatVector.fromArray(S, x, ox + j).div(FloatVector.fromArray(S, y, oy + j)).intoArray(o, oo + j);
                    break;
                case MAXIMUM:
                    for (; j < ub; j += L) FloatVector.fromArray(S, x, ox + j).max(FloatVector.fromArray(S, y, oy + j)).intoArray(o, oo + j);
                    break;
                case MINIMUM:
                    for (; j < ub; j += L) FloatVector.fromArray(S, x, ox + j).min(FloatVector.fromArray(S, y, oy + j)).intoArray(o, oo + j);
                    break;
                default:
                    break;
            }
        } else if (sx == 1 && sy == 0) {
            FloatVector c = FloatVector.broadcast(S, y[oy]);
            switch (op) {
                case ADD: for (; j < ub; j += L) FloatVector.fromArray(S, x, ox + j).add(c).intoArray(o, oo + j); break;
                case SUB: for (; j < ub; j += L) FloatVector.fromArray(S, x, ox + j).sub(c).intoArray(o, oo + j); break;
                case MUL: for (; j < ub; j += L) FloatVector.fromArray(S, x, ox + j).mul(c).intoArray(o, oo + j); break;
                case DIV: for (; j < ub; j += L) FloatVector.fromArray(S, x, ox + j).div(c).intoArray(o, oo + j); break;
                case MAXIMUM: for (; j < ub; j += L) FloatVector.fromArray(S, x, ox + j).max(c).intoArray(o, oo + j); break;
                case MINIMUM: for (; j < ub; j += L) FloatVector.fromArray(S, x, ox + j).min(c).intoArray(o, oo + j); break;
                default: break;
            }
        } else if (sx == 0 && sy == 1) {
            FloatVector c = FloatVector.broadcast(S, x[ox]);
            switch (op) {
                case ADD: for (; j < ub; j += L) c.add(FloatVector.fromArray(S, y, oy + j)).intoArray(o, oo + j); break;
                case SUB: for (; j < ub; j += L) c.sub(FloatVector.fromArray(S, y, oy + j)).intoArray(o, oo + j); break;
                case MUL: for (; j < ub; j += L) c.mul(FloatVector.fromArray(S, y, oy + j)).intoArray(o, oo + j); break;
                case DIV: for (; j < ub; j += L) c.div(FloatVector.fromArray(S, y, oy + j)).intoArray(o, oo + j); break;
                default: break;
            }
        }
        // The tail, and ops or stride pairs without a vector loop (j is still 0 for those).
        if (j < n) FloatLoops.strided(op, x, ox + j * sx, sx, y, oy + j * sy, sy, o, oo + j, 1, n - j);
    }

    @Override
    public void unary(UnaryOp op, float[] x, int ox, float[] o, int oo, int n) {
        int ub = S.loopBound(n), j = 0;
        switch (op) {
            case NEG: for (; j < ub; j += L) FloatVector.fromArray(S, x, ox + j).neg().intoArray(o, oo + j); break;
            case ABS: for (; j < ub; j += L) FloatVector.fromArray(S, x, ox + j).abs().intoArray(o, oo + j); break;
            case RELU: {
                // max keeps NaN, as relu does, and turns -0 into +0 as the reference does.
                FloatVector zero = FloatVector.zero(S);
                for (; j < ub; j += L) FloatVector.fromArray(S, x, ox + j).max(zero).intoArray(o, oo + j);
                break;
            }
            case SQUARE:
                for (; j < ub; j += L) {
                    FloatVector v = FloatVector.fromArray(S, x, ox + j);
                    v.mul(v).intoArray(o, oo + j);
                }
                break;
            case SQRT: for (; j < ub; j += L) FloatVector.fromArray(S, x, ox + j).sqrt().intoArray(o, oo + j); break;
            case RECIPROCAL: {
                FloatVector one = FloatVector.broadcast(S, 1f);
                for (; j < ub; j += L) one.div(FloatVector.fromArray(S, x, ox + j)).intoArray(o, oo + j);
                break;
            }
            case EXP:
                for (; j < ub; j += L) FloatVector.fromArray(S, x, ox + j).lanewise(VectorOperators.EXP).intoArray(o, oo + j);
                break;
            case LOG:
                for (; j < ub; j += L) FloatVector.fromArray(S, x, ox + j).lanewise(VectorOperators.LOG).intoArray(o, oo + j);
                break;
            case TANH:
                for (; j < ub; j += L) FloatVector.fromArray(S, x, ox + j).lanewise(VectorOperators.TANH).intoArray(o, oo + j);
                break;
            case SIGMOID: {
                // 1 / (1 + exp(-x)), PyTorch's vectorized formula.
                FloatVector one = FloatVector.broadcast(S, 1f);
                for (; j < ub; j += L) {
                    FloatVector e = FloatVector.fromArray(S, x, ox + j).neg().lanewise(VectorOperators.EXP);
                    one.div(one.add(e)).intoArray(o, oo + j);
                }
                break;
            }
            default:
                break;
        }
        if (j < n) FloatLoops.SCALAR.unary(op, x, ox + j, o, oo + j, n - j);
    }

    @Override
    public void ternary(TernaryOp op, float[] s, int os, float[] a, int oa, int sa, float[] b, int ob, int sb, float c, int n) {
        int ub = S.loopBound(n), j = 0;
        if (sa == 1 && (sb == 1 || op == TernaryOp.LERP)) {
            FloatVector cv = FloatVector.broadcast(S, c);
            switch (op) {
                case ADDCMUL:
                    for (; j < ub; j += L) {
                        FloatVector t = cv.mul(FloatVector.fromArray(S, a, oa + j)).mul(FloatVector.fromArray(S, b, ob + j));
                        FloatVector.fromArray(S, s, os + j).add(t).intoArray(s, os + j);
                    }
                    break;
                case ADDCDIV:
                    for (; j < ub; j += L) {
                        FloatVector t = cv.mul(FloatVector.fromArray(S, a, oa + j)).div(FloatVector.fromArray(S, b, ob + j));
                        FloatVector.fromArray(S, s, os + j).add(t).intoArray(s, os + j);
                    }
                    break;
                case LERP:
                    if (Math.abs(c) < 0.5f) {
                        for (; j < ub; j += L) {
                            FloatVector v = FloatVector.fromArray(S, s, os + j);
                            v.add(cv.mul(FloatVector.fromArray(S, a, oa + j).sub(v))).intoArray(s, os + j);
                        }
                    } else {
                        FloatVector rest = FloatVector.broadcast(S, 1 - c);
                        for (; j < ub; j += L) {
                            FloatVector v = FloatVector.fromArray(S, s, os + j), e = FloatVector.fromArray(S, a, oa + j);
                            e.sub(e.sub(v).mul(rest)).intoArray(s, os + j);
                        }
                    }
                    break;
                default:
                    break;
            }
        }
        if (j < n) FloatLoops.strided(op, s, os + j, 1, a, oa + j * sa, sa, b, ob + j * sb, sb, c, n - j);
    }
}

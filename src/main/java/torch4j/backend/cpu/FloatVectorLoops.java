package torch4j.backend.cpu;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import torch4j.backend.BinaryOp;
import torch4j.backend.OptimizerScalars;
import torch4j.backend.TernaryOp;
import torch4j.backend.UnaryOp;

/**
 * The Vector API float32 loops, loaded by {@link FloatLoops} only when {@code jdk.incubator.vector}
 * is present. C2 only vectorizes plain loops whose operands share an alignment, which tensors at
 * different offsets do not; these loops are full-width whatever the offsets. exp, log, tanh and
 * sigmoid use {@link VectorMath}, within an ulp or two of the correctly rounded results, as
 * PyTorch's Sleef-based kernels are, and the same bits in every JIT tier. Each op has its own loop
 * with a constant operator: C2 only intrinsifies vector operations it can see.
 */
final class FloatVectorLoops implements FloatKernels {
    // Must be a static final constant, or C2 falls back to the slow Java implementation.
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Ints of the float vectors' shape: a comparison's mask becomes 0/1 ints, then narrows to bytes. */
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());
    /** Bytes with as many lanes as {@link #S}, or null where that is below the smallest (64-bit) shape. */
    private static final VectorSpecies<Byte> B = L >= 8 ? VectorSpecies.of(byte.class, VectorShape.forBitSize(L * 8)) : null;

    /**
     * Doubles of the floats' width: a float vector widens into two of them. (Loading half-width
     * float vectors instead would be simpler, but a second float shape makes the JDK's shared
     * vector code polymorphic, and C2 then stops intrinsifying it everywhere, the GEMM included.)
     */
    private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, S.vectorShape());

    /**
     * Elements from which the contiguous binary loop streams (blocks and touches ahead): 1.5 MiB
     * over three operands, past a core's L2. Below it they are likely in cache, where the blocks'
     * overhead costs ~10%.
     */
    private static final int STREAM = 1 << 17;
    /** Elements per block of the streaming binary loop (4 KiB of floats), a multiple of {@link #L}. */
    private static final int BLOCK = 1024;
    /** How far ahead of its block the contiguous binary loop touches its inputs: 32 KiB, 8 pages. */
    private static final int TOUCH_AHEAD = 8192;
    /**
     * Where {@link #streamBinary} stores the sum of its touched values, so that C2 cannot drop the
     * touch loads as dead (it would keep only their bounds checks). Never read; one store per call.
     */
    @SuppressWarnings("unused")
    private static float touchSink;

    /**
     * The lanes' sum, added in lane order. The JDK leaves the order of {@code reduceLanes(ADD)}
     * open, so compiled code may add in another order than the interpreter, and a result would
     * depend on when the JIT got to the loop.
     */
    static double sumLanes(DoubleVector v) {
        double s = 0;
        for (int i = 0; i < D.length(); i++) s += v.lane(i); // a constant trip count: C2 unrolls it, no array
        return s;
    }

    /** As {@link #sumLanes(DoubleVector)}, for floats. */
    static float sumLanes(FloatVector v) {
        float s = 0;
        for (int i = 0; i < L; i++) s += v.lane(i);
        return s;
    }

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
            if (n < STREAM) {
                if (binaryBlock(op, x, ox, y, oy, o, oo, ub)) j = ub;
            } else {
                j = streamBinary(op, x, ox, y, oy, o, oo, n, ub);
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

    /**
     * {@link #binaryBlock} over {@code [0, ub)} block by block, each block first loading one float
     * of x and y {@link #TOUCH_AHEAD} ahead. On an out-of-cache stream that starts the next pages'
     * TLB walks and DRAM reads early, which the hardware prefetchers, stopping at 4 KiB page
     * boundaries, do not: on 16M floats on a 2-core Zen 4 it is 15-25% faster on one or two
     * threads (no faster with transparent huge pages, where page walks are rare). The touched
     * values go to a field so that C2 keeps the loads. Returns how far it got: {@code ub}, or 0
     * for ops without a vector loop.
     */
    private static int streamBinary(BinaryOp op, float[] x, int ox, float[] y, int oy, float[] o, int oo, int n, int ub) {
        float touched = 0;
        int j = 0;
        for (; j < ub; j += BLOCK) {
            int ahead = Math.min(j + TOUCH_AHEAD, n - 1);
            touched += x[ox + ahead] + y[oy + ahead];
            if (!binaryBlock(op, x, ox + j, y, oy + j, o, oo + j, Math.min(BLOCK, ub - j))) break;
        }
        touchSink = touched;
        return Math.min(j, ub); // the last block may be short
    }

    /**
     * {@code o = op(x, y)} over {@code n} contiguous elements, {@code n} a multiple of {@link #L};
     * false, writing nothing, for ops without a vector loop.
     */
    private static boolean binaryBlock(BinaryOp op, float[] x, int ox, float[] y, int oy, float[] o, int oo, int n) {
        switch (op) {
            case ADD:
                for (int j = 0; j < n; j += L) FloatVector.fromArray(S, x, ox + j).add(FloatVector.fromArray(S, y, oy + j)).intoArray(o, oo + j);
                return true;
            case SUB:
                for (int j = 0; j < n; j += L) FloatVector.fromArray(S, x, ox + j).sub(FloatVector.fromArray(S, y, oy + j)).intoArray(o, oo + j);
                return true;
            case MUL:
                for (int j = 0; j < n; j += L) FloatVector.fromArray(S, x, ox + j).mul(FloatVector.fromArray(S, y, oy + j)).intoArray(o, oo + j);
                return true;
            case DIV:
                for (int j = 0; j < n; j += L) FloatVector.fromArray(S, x, ox + j).div(FloatVector.fromArray(S, y, oy + j)).intoArray(o, oo + j);
                return true;
            case MAXIMUM:
                for (int j = 0; j < n; j += L) FloatVector.fromArray(S, x, ox + j).max(FloatVector.fromArray(S, y, oy + j)).intoArray(o, oo + j);
                return true;
            case MINIMUM:
                for (int j = 0; j < n; j += L) FloatVector.fromArray(S, x, ox + j).min(FloatVector.fromArray(S, y, oy + j)).intoArray(o, oo + j);
                return true;
            case RELU_BACKWARD: {
                // A blend, not a multiply by the mask: a NaN or inf gradient must still give 0 where out <= 0.
                FloatVector zero = FloatVector.zero(S);
                for (int j = 0; j < n; j += L) {
                    VectorMask<Float> off = FloatVector.fromArray(S, y, oy + j).compare(VectorOperators.LE, zero);
                    FloatVector.fromArray(S, x, ox + j).blend(zero, off).intoArray(o, oo + j);
                }
                return true;
            }
            default:
                return false;
        }
    }

    @Override
    public void compare(BinaryOp op, float[] x, int ox, int sx, float[] y, int oy, int sy, byte[] o, int oo, int n) {
        int ub = S.loopBound(n), j = 0;
        if (B != null && sx == 1 && sy == 1) {
            IntVector one = IntVector.broadcast(I, 1), zero = IntVector.zero(I);
            // A loop per op: C2 intrinsifies a compare only when it sees a constant operator.
            switch (op) {
                case EQ: for (; j < ub; j += L) bits(FloatVector.fromArray(S, x, ox + j).compare(VectorOperators.EQ, FloatVector.fromArray(S, y, oy + j)), zero, one, o, oo + j); break;
                case NE: for (; j < ub; j += L) bits(FloatVector.fromArray(S, x, ox + j).compare(VectorOperators.NE, FloatVector.fromArray(S, y, oy + j)), zero, one, o, oo + j); break;
                case LT: for (; j < ub; j += L) bits(FloatVector.fromArray(S, x, ox + j).compare(VectorOperators.LT, FloatVector.fromArray(S, y, oy + j)), zero, one, o, oo + j); break;
                case LE: for (; j < ub; j += L) bits(FloatVector.fromArray(S, x, ox + j).compare(VectorOperators.LE, FloatVector.fromArray(S, y, oy + j)), zero, one, o, oo + j); break;
                case GT: for (; j < ub; j += L) bits(FloatVector.fromArray(S, x, ox + j).compare(VectorOperators.GT, FloatVector.fromArray(S, y, oy + j)), zero, one, o, oo + j); break;
                case GE: for (; j < ub; j += L) bits(FloatVector.fromArray(S, x, ox + j).compare(VectorOperators.GE, FloatVector.fromArray(S, y, oy + j)), zero, one, o, oo + j); break;
                default: break;
            }
        } else if (B != null && (sx == 1 || sy == 1)) {
            // Vector against scalar; a scalar on the left is the mirrored comparison (c < y is y > c).
            boolean left = sx == 1;
            float[] v = left ? x : y;
            int ov = left ? ox : oy;
            FloatVector c = FloatVector.broadcast(S, left ? y[oy] : x[ox]);
            BinaryOp vop = left ? op : mirrored(op);
            IntVector one = IntVector.broadcast(I, 1), zero = IntVector.zero(I);
            switch (vop) {
                case EQ: for (; j < ub; j += L) bits(FloatVector.fromArray(S, v, ov + j).compare(VectorOperators.EQ, c), zero, one, o, oo + j); break;
                case NE: for (; j < ub; j += L) bits(FloatVector.fromArray(S, v, ov + j).compare(VectorOperators.NE, c), zero, one, o, oo + j); break;
                case LT: for (; j < ub; j += L) bits(FloatVector.fromArray(S, v, ov + j).compare(VectorOperators.LT, c), zero, one, o, oo + j); break;
                case LE: for (; j < ub; j += L) bits(FloatVector.fromArray(S, v, ov + j).compare(VectorOperators.LE, c), zero, one, o, oo + j); break;
                case GT: for (; j < ub; j += L) bits(FloatVector.fromArray(S, v, ov + j).compare(VectorOperators.GT, c), zero, one, o, oo + j); break;
                case GE: for (; j < ub; j += L) bits(FloatVector.fromArray(S, v, ov + j).compare(VectorOperators.GE, c), zero, one, o, oo + j); break;
                default: break;
            }
        }
        if (j < n) FloatLoops.compareStrided(op, x, ox + j * sx, sx, y, oy + j * sy, sy, o, oo + j, 1, n - j);
    }

    /** {@code op} with its operands swapped: {@code a op b == b mirrored(op) a}. */
    private static BinaryOp mirrored(BinaryOp op) {
        switch (op) {
            case LT: return BinaryOp.GT;
            case LE: return BinaryOp.GE;
            case GT: return BinaryOp.LT;
            case GE: return BinaryOp.LE;
            default: return op;
        }
    }

    /**
     * Stores a comparison's mask as 0/1 bytes: through 0/1 ints narrowed to bytes, which C2
     * compiles to a few instructions; casting the mask to a byte species directly is not
     * intrinsified on JDK 17 and is ten times slower.
     */
    private static void bits(VectorMask<Float> m, IntVector zero, IntVector one, byte[] o, int off) {
        ((ByteVector) zero.blend(one, m.cast(I)).convertShape(VectorOperators.I2B, B, 0)).intoArray(o, off);
    }

    @Override
    public double sum(float[] a, int off, int n) {
        int ub = S.loopBound(n), j = 0;
        DoubleVector s0 = DoubleVector.zero(D), s1 = DoubleVector.zero(D);
        // Each float vector widens into two double halves: a sum in double, as the scalar loop's, at vector speed.
        for (; j < ub; j += L) {
            FloatVector v = FloatVector.fromArray(S, a, off + j);
            s0 = s0.add(v.convertShape(VectorOperators.F2D, D, 0));
            s1 = s1.add(v.convertShape(VectorOperators.F2D, D, 1));
        }
        double s = sumLanes(s0.add(s1));
        for (; j < n; j++) s += a[off + j];
        return s;
    }

    @Override
    public void accumulate(float[] a, int off, double[] acc, int n) {
        int ub = S.loopBound(n), half = L / 2, c = 0;
        for (; c < ub; c += L) {
            FloatVector v = FloatVector.fromArray(S, a, off + c);
            DoubleVector.fromArray(D, acc, c).add(v.convertShape(VectorOperators.F2D, D, 0)).intoArray(acc, c);
            DoubleVector.fromArray(D, acc, c + half).add(v.convertShape(VectorOperators.F2D, D, 1)).intoArray(acc, c + half);
        }
        for (; c < n; c++) acc[c] += a[off + c];
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
            case EXP, LOG, TANH, SIGMOID: VectorMath.loop(op).run(x, ox, o, oo, ub); j = ub; break;
            default:
                break;
        }
        if (j == n) return;
        if (VectorMath.loop(op) != null) {
            // The tail through the same vector formula, so that an element's value does not depend on its position.
            float[] t = new float[L];
            System.arraycopy(x, ox + j, t, 0, n - j);
            unary(op, t, 0, t, 0, L);
            System.arraycopy(t, 0, o, oo + j, n - j);
        } else {
            FloatLoops.SCALAR.unary(op, x, ox + j, o, oo + j, n - j);
        }
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

    /**
     * Adam as {@link FloatLoops#adam}, a vector at a time. One loop per combination of L2 decay and
     * AMSGrad rather than tests inside one loop: a vector that may come from either side of a
     * branch must be boxed on JDK 17. AdamW's decay ({@code p * 1} otherwise) and maximize ({@code
     * g * -1}) are multiplications, exact where unused.
     */
    @Override
    public void adam(OptimizerScalars.Adam c, float[] p, int op, float[] g, int og, float[] m, int om, float[] v, int ov,
            float[] vmax, int ovm, int n) {
        int ub = S.loopBound(n), j = 0;
        FloatVector sign = bc(c.sign()), decay = bc(c.decay()), wd = bc(c.weightDecay()), step = bc(c.stepSize());
        FloatVector b1 = bc(c.beta1()), a1 = bc(c.oneMinusBeta1()), b2 = bc(c.beta2()), a2 = bc(c.oneMinusBeta2()), eps = bc(c.eps());
        if (!c.l2() && vmax == null) {
            for (; j < ub; j += L) {
                FloatVector pj = FloatVector.fromArray(S, p, op + j).mul(decay), gj = FloatVector.fromArray(S, g, og + j).mul(sign);
                FloatVector mj = FloatVector.fromArray(S, m, om + j).mul(b1).add(a1.mul(gj));
                FloatVector vj = FloatVector.fromArray(S, v, ov + j).mul(b2).add(a2.mul(gj).mul(gj));
                mj.intoArray(m, om + j);
                vj.intoArray(v, ov + j);
                pj.add(step.mul(mj).div(vj.sqrt().add(eps))).intoArray(p, op + j);
            }
        } else if (vmax == null) {
            for (; j < ub; j += L) {
                FloatVector pj = FloatVector.fromArray(S, p, op + j).mul(decay), gj = FloatVector.fromArray(S, g, og + j).mul(sign);
                gj = gj.add(wd.mul(pj));
                FloatVector mj = FloatVector.fromArray(S, m, om + j).mul(b1).add(a1.mul(gj));
                FloatVector vj = FloatVector.fromArray(S, v, ov + j).mul(b2).add(a2.mul(gj).mul(gj));
                mj.intoArray(m, om + j);
                vj.intoArray(v, ov + j);
                pj.add(step.mul(mj).div(vj.sqrt().add(eps))).intoArray(p, op + j);
            }
        } else if (!c.l2()) {
            for (; j < ub; j += L) {
                FloatVector pj = FloatVector.fromArray(S, p, op + j).mul(decay), gj = FloatVector.fromArray(S, g, og + j).mul(sign);
                FloatVector mj = FloatVector.fromArray(S, m, om + j).mul(b1).add(a1.mul(gj));
                FloatVector vj = FloatVector.fromArray(S, v, ov + j).mul(b2).add(a2.mul(gj).mul(gj));
                FloatVector xj = FloatVector.fromArray(S, vmax, ovm + j).max(vj);
                mj.intoArray(m, om + j);
                vj.intoArray(v, ov + j);
                xj.intoArray(vmax, ovm + j);
                pj.add(step.mul(mj).div(xj.sqrt().add(eps))).intoArray(p, op + j);
            }
        } else {
            for (; j < ub; j += L) {
                FloatVector pj = FloatVector.fromArray(S, p, op + j).mul(decay), gj = FloatVector.fromArray(S, g, og + j).mul(sign);
                gj = gj.add(wd.mul(pj));
                FloatVector mj = FloatVector.fromArray(S, m, om + j).mul(b1).add(a1.mul(gj));
                FloatVector vj = FloatVector.fromArray(S, v, ov + j).mul(b2).add(a2.mul(gj).mul(gj));
                FloatVector xj = FloatVector.fromArray(S, vmax, ovm + j).max(vj);
                mj.intoArray(m, om + j);
                vj.intoArray(v, ov + j);
                xj.intoArray(vmax, ovm + j);
                pj.add(step.mul(mj).div(xj.sqrt().add(eps))).intoArray(p, op + j);
            }
        }
        if (j < n) FloatLoops.SCALAR.adam(c, p, op + j, g, og + j, m, om + j, v, ov + j, vmax, ovm + j, n - j);
    }

    /**
     * SGD as {@link FloatLoops#sgd}, a vector at a time: one loop per combination of L2 decay and
     * momentum kind (none, heavy ball, Nesterov), as in {@link #adam}. The first momentum step,
     * once per training run, takes the scalar loop.
     */
    @Override
    public void sgd(OptimizerScalars.Sgd c, float[] p, int op, float[] g, int og, float[] buf, int ob, int n) {
        int ub = S.loopBound(n), j = 0;
        FloatVector sign = bc(c.sign()), wd = bc(c.weightDecay()), mom = bc(c.momentum()), damp = bc(c.dampened()), lr = bc(c.negLr());
        boolean l2 = c.l2();
        if (buf == null) {
            if (l2) {
                for (; j < ub; j += L) {
                    FloatVector pj = FloatVector.fromArray(S, p, op + j);
                    FloatVector d = FloatVector.fromArray(S, g, og + j).mul(sign).add(wd.mul(pj));
                    pj.add(lr.mul(d)).intoArray(p, op + j);
                }
            } else {
                for (; j < ub; j += L) {
                    FloatVector d = FloatVector.fromArray(S, g, og + j).mul(sign);
                    FloatVector.fromArray(S, p, op + j).add(lr.mul(d)).intoArray(p, op + j);
                }
            }
        } else if (!c.firstStep()) {
            if (l2 && c.nesterov()) {
                for (; j < ub; j += L) {
                    FloatVector pj = FloatVector.fromArray(S, p, op + j);
                    FloatVector d = FloatVector.fromArray(S, g, og + j).mul(sign).add(wd.mul(pj));
                    FloatVector b = FloatVector.fromArray(S, buf, ob + j).mul(mom).add(damp.mul(d));
                    b.intoArray(buf, ob + j);
                    pj.add(lr.mul(d.add(mom.mul(b)))).intoArray(p, op + j);
                }
            } else if (l2) {
                for (; j < ub; j += L) {
                    FloatVector pj = FloatVector.fromArray(S, p, op + j);
                    FloatVector d = FloatVector.fromArray(S, g, og + j).mul(sign).add(wd.mul(pj));
                    FloatVector b = FloatVector.fromArray(S, buf, ob + j).mul(mom).add(damp.mul(d));
                    b.intoArray(buf, ob + j);
                    pj.add(lr.mul(b)).intoArray(p, op + j);
                }
            } else if (c.nesterov()) {
                for (; j < ub; j += L) {
                    FloatVector d = FloatVector.fromArray(S, g, og + j).mul(sign);
                    FloatVector b = FloatVector.fromArray(S, buf, ob + j).mul(mom).add(damp.mul(d));
                    b.intoArray(buf, ob + j);
                    FloatVector.fromArray(S, p, op + j).add(lr.mul(d.add(mom.mul(b)))).intoArray(p, op + j);
                }
            } else {
                for (; j < ub; j += L) {
                    FloatVector d = FloatVector.fromArray(S, g, og + j).mul(sign);
                    FloatVector b = FloatVector.fromArray(S, buf, ob + j).mul(mom).add(damp.mul(d));
                    b.intoArray(buf, ob + j);
                    FloatVector.fromArray(S, p, op + j).add(lr.mul(b)).intoArray(p, op + j);
                }
            }
        }
        if (j < n) FloatLoops.SCALAR.sgd(c, p, op + j, g, og + j, buf, ob + j, n - j);
    }

    /** A double scalar rounded to float and broadcast, as the scalar loops round it. */
    private static FloatVector bc(double x) {
        return FloatVector.broadcast(S, (float) x);
    }
}

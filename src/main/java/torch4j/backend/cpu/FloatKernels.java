package torch4j.backend.cpu;

import torch4j.backend.BinaryOp;
import torch4j.backend.OptimizerScalars;
import torch4j.backend.TernaryOp;
import torch4j.backend.UnaryOp;

/**
 * One implementation of the float32 element-wise loops over a contiguous output, single-threaded
 * ({@link CpuElementwise} splits large work). {@link FloatLoops} is the plain-Java one and the
 * reference; {@code FloatVectorLoops} takes over when the Vector API module is present. Every op
 * is handled: ops without a dedicated loop compute in double.
 *
 * <p>Package-private, like {@link GemmKernel}: the vector implementation must only be reached
 * through {@link FloatLoops#FAST}, so that a JVM without the incubator module never loads it.
 */
interface FloatKernels {

    /** Short description for a start-up log line. */
    String name();

    /** {@code o[oo + j] = op(x[ox + j*sx], y[oy + j*sy])} for {@code j < n}; {@code sx, sy} are 1, or 0 for a scalar. */
    void binary(BinaryOp op, float[] x, int ox, int sx, float[] y, int oy, int sy, float[] o, int oo, int n);

    /**
     * {@code o[oo + j] = op(x[ox + j*sx], y[oy + j*sy]) ? 1 : 0} for {@code j < n}: a predicate op
     * ({@link BinaryOp#isPredicate()}) into a bool array; {@code sx, sy} are 1, or 0 for a scalar.
     */
    void compare(BinaryOp op, float[] x, int ox, int sx, float[] y, int oy, int sy, byte[] o, int oo, int n);

    /** The sum of {@code a[off .. off + n)}, accumulated in double (as every float sum here is). */
    double sum(float[] a, int off, int n);

    /** {@code acc[c] += a[off + c]} for {@code c < n}: one row into the column sums of a dim-0 reduction. */
    void accumulate(float[] a, int off, double[] acc, int n);

    /** {@code o[oo + j] = op(x[ox + j])} for {@code j < n} (a float-valued op). */
    void unary(UnaryOp op, float[] x, int ox, float[] o, int oo, int n);

    /** {@code s[os + j] = op(s[os + j], a[oa + j*sa], b[ob + j*sb]; c)} for {@code j < n}; {@code sa, sb} are 1 or 0. */
    void ternary(TernaryOp op, float[] s, int os, float[] a, int oa, int sa, float[] b, int ob, int sb, float c, int n);

    /**
     * One Adam step over {@code n} elements of the parameter {@code p}, its gradient {@code g} and
     * moments {@code m}, {@code v} (and {@code vmax} with AMSGrad, null otherwise), each read and
     * written once: the formulas of {@link OptimizerScalars.Adam}.
     */
    void adam(OptimizerScalars.Adam c, float[] p, int op, float[] g, int og, float[] m, int om, float[] v, int ov,
            float[] vmax, int ovm, int n);

    /**
     * One SGD step over {@code n} elements of {@code p}, its gradient {@code g} and momentum buffer
     * {@code buf} (null without momentum): the formulas of {@link OptimizerScalars.Sgd}.
     */
    void sgd(OptimizerScalars.Sgd c, float[] p, int op, float[] g, int og, float[] buf, int ob, int n);
}

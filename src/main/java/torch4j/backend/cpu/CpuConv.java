package torch4j.backend.cpu;

import torch4j.DType;
import torch4j.Tensor;
import torch4j.backend.ConvGeometry;
import torch4j.backend.ConvKernels;
import torch4j.backend.PoolGeometry;

/**
 * CPU convolution: im2col + {@link CpuGemm} per image and group, the batch split over {@link
 * Parallel}. A 1x1 convolution with stride 1 and no padding multiplies the input directly (GEMM
 * takes strides, so no columns are built). Pooling lives in {@link CpuPool}.
 */
final class CpuConv implements ConvKernels {
    static final CpuConv INSTANCE = new CpuConv();

    private static final ThreadLocal<float[]> FLOAT_SCRATCH = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<double[]> DOUBLE_SCRATCH = ThreadLocal.withInitial(() -> new double[0]);

    private CpuConv() {}

    @Override
    public void conv2d(Tensor input, Tensor weight, Tensor bias, Tensor out, ConvGeometry geo) {
        Tensor w = weight.isContiguous() ? weight : weight.contiguous();
        if (input.dtype() == DType.FLOAT64) conv2dD(input, w, bias, out, geo);
        else conv2dF(input, w, bias, out, geo);
    }

    @Override
    public void conv2dInputGrad(Tensor gradOut, Tensor weight, Tensor gradInput, ConvGeometry geo) {
        Tensor w = weight.isContiguous() ? weight : weight.contiguous();
        Tensor go = planar(gradOut);
        if (gradOut.dtype() == DType.FLOAT64) conv2dInputGradD(go, w, gradInput, geo);
        else conv2dInputGradF(go, w, gradInput, geo);
    }

    @Override
    public void conv2dWeightGrad(Tensor gradOut, Tensor input, Tensor gradWeight, ConvGeometry geo) {
        Tensor go = planar(gradOut);
        if (gradOut.dtype() == DType.FLOAT64) conv2dWeightGradD(go, input, gradWeight, geo);
        else conv2dWeightGradF(go, input, gradWeight, geo);
    }

    @Override
    public void maxPool2d(Tensor input, Tensor out, Tensor indices, PoolGeometry geo) {
        CpuPool.maxPool2d(input, out, indices, geo);
    }

    @Override
    public void maxPool2dBackward(Tensor gradOut, Tensor indices, Tensor gradInput) {
        CpuPool.maxPool2dBackward(gradOut, indices, gradInput);
    }

    @Override
    public void avgPool2d(Tensor input, Tensor out, PoolGeometry geo) {
        CpuPool.avgPool2d(input, out, geo, false);
    }

    @Override
    public void avgPool2dBackward(Tensor gradOut, Tensor gradInput, PoolGeometry geo) {
        CpuPool.avgPool2d(gradOut, gradInput, geo, true);
    }

    @Override
    public void adaptiveAvgPool2d(Tensor input, Tensor out) {
        CpuPool.adaptiveAvgPool2d(input, out, false);
    }

    @Override
    public void adaptiveAvgPool2dBackward(Tensor gradOut, Tensor gradInput) {
        CpuPool.adaptiveAvgPool2d(gradOut, gradInput, true);
    }

    /**
     * {@code t} if each of its [OH, OW] planes is one strided row (as GEMM needs), else a
     * contiguous copy. Gradients often arrive as stride-0 broadcasts of a scalar loss.
     */
    private static Tensor planar(Tensor t) {
        int[] s = t.layout().strides(), sh = t.layout().shape();
        if (planeStride(s, sh) >= 0) return t;
        Tensor c = Tensor.zeros(t.dtype(), t.device(), sh);
        CpuElementwise.INSTANCE.copy(t, c);
        return c;
    }

    /**
     * The stride between consecutive elements of a flattened [H, W] plane, or -1 when the plane
     * cannot be read as one strided row.
     */
    static int planeStride(int[] s, int[] sh) {
        if (sh[3] == 1) return s[2];
        if (sh[2] == 1 || s[2] == s[3] * sh[3]) return s[3];
        return -1;
    }

    /** The sizes one convolution works with, from input, weight and output shapes. */
    private static final class Dims {
        final int n, cin, h, w, cout, kh, kw, oh, ow, cinG, coutG, k, plane;

        Dims(Tensor input, Tensor weight, Tensor out, ConvGeometry g) {
            int[] is = input.layout().shape(), ws = weight.layout().shape(), os = out.layout().shape();
            n = is[0]; cin = is[1]; h = is[2]; w = is[3];
            cout = ws[0]; kh = ws[2]; kw = ws[3];
            oh = os[2]; ow = os[3];
            cinG = cin / g.groups();
            coutG = cout / g.groups();
            k = cinG * kh * kw;
            plane = oh * ow;
        }

        int colSize() {
            return k * plane;
        }

        /** A 1x1 kernel with stride 1 and no padding over planes laid out as one row: the input is its own column matrix. */
        boolean pointwise(int[] xs, ConvGeometry g) {
            return kh == 1 && kw == 1 && g.strideH() == 1 && g.strideW() == 1 && g.padH() == 0 && g.padW() == 0
                    && planeStride(xs, new int[] {n, cin, h, w}) >= 0;
        }
    }

    private static void conv2dF(Tensor input, Tensor weight, Tensor bias, Tensor out, ConvGeometry g) {
        Dims d = new Dims(input, weight, out, g);
        float[] x = input.storage().floats(), w = weight.storage().floats(), y = out.storage().floats();
        float[] b = bias == null ? null : bias.storage().floats();
        int bOff = bias == null ? 0 : bias.layout().offset(), bStride = bias == null ? 0 : bias.layout().stride(0);
        int[] xs = input.layout().strides();
        int xOff = input.layout().offset(), wOff = weight.layout().offset();
        boolean direct = d.pointwise(xs, g);
        int xps = direct ? planeStride(xs, input.layout().shape()) : 0;
        Parallel.forRange(d.n, 1, (lo, hi) -> {
            float[] col = direct ? null : floatScratch(d.colSize());
            for (int n = lo; n < hi; n++) {
                int yOff = n * d.cout * d.plane;
                if (b != null) {
                    for (int co = 0; co < d.cout; co++) {
                        java.util.Arrays.fill(y, yOff + co * d.plane, yOff + (co + 1) * d.plane, b[bOff + co * bStride]);
                    }
                }
                for (int gr = 0; gr < g.groups(); gr++) {
                    int xg = xOff + n * xs[0] + gr * d.cinG * xs[1];
                    float[] src;
                    int srcOff, srcRs, srcCs;
                    if (direct) {
                        src = x; srcOff = xg; srcRs = xs[1]; srcCs = xps;
                    } else {
                        Im2col.im2col(x, xg, xs[1], xs[2], xs[3], d.cinG, d.h, d.w, d.kh, d.kw, g, d.oh, d.ow, col);
                        src = col; srcOff = 0; srcRs = d.plane; srcCs = 1;
                    }
                    CpuGemm.sgemm(d.coutG, d.plane, d.k, w, wOff + gr * d.coutG * d.k, d.k, 1,
                            src, srcOff, srcRs, srcCs, y, yOff + gr * d.coutG * d.plane, d.plane, b != null);
                }
            }
        });
    }

    private static void conv2dInputGradF(Tensor gradOut, Tensor weight, Tensor gradInput, ConvGeometry g) {
        Dims d = new Dims(gradInput, weight, gradOut, g);
        float[] go = gradOut.storage().floats(), w = weight.storage().floats(), dx = gradInput.storage().floats();
        int[] gs = gradOut.layout().strides();
        int gps = planeStride(gs, gradOut.layout().shape());
        int goOff = gradOut.layout().offset(), wOff = weight.layout().offset(), dxOff = gradInput.layout().offset();
        Parallel.forRange(d.n, 1, (lo, hi) -> {
            float[] col = floatScratch(d.colSize());
            for (int n = lo; n < hi; n++) {
                for (int gr = 0; gr < g.groups(); gr++) {
                    // col[K, OH*OW] = W_g^T @ gradOut_g, then folded back onto the image
                    CpuGemm.sgemm(d.k, d.plane, d.coutG, w, wOff + gr * d.coutG * d.k, 1, d.k,
                            go, goOff + n * gs[0] + gr * d.coutG * gs[1], gs[1], gps, col, 0, d.plane, false);
                    Im2col.col2im(col, d.cinG, d.h, d.w, d.kh, d.kw, g, d.oh, d.ow, dx,
                            dxOff + (n * d.cin + gr * d.cinG) * d.h * d.w);
                }
            }
        });
    }

    private static void conv2dWeightGradF(Tensor gradOut, Tensor input, Tensor gradWeight, ConvGeometry g) {
        Dims d = new Dims(input, gradWeight, gradOut, g);
        float[] go = gradOut.storage().floats(), x = input.storage().floats(), dw = gradWeight.storage().floats();
        int[] gs = gradOut.layout().strides(), xs = input.layout().strides();
        int gps = planeStride(gs, gradOut.layout().shape());
        int goOff = gradOut.layout().offset(), xOff = input.layout().offset(), dwOff = gradWeight.layout().offset();
        boolean direct = d.pointwise(xs, g);
        int xps = direct ? planeStride(xs, input.layout().shape()) : 0;
        int chunks = Math.max(1, Math.min(Parallel.numThreads(), d.n));
        int size = d.cout * d.k;
        float[][] partial = new float[chunks][];
        // Each chunk of the batch sums into its own buffer; the buffers are added at the end.
        Parallel.forRange(chunks, 1, (clo, chi) -> {
            float[] col = direct ? null : floatScratch(d.colSize());
            for (int ch = clo; ch < chi; ch++) {
                float[] acc = new float[size];
                int first = (int) ((long) d.n * ch / chunks), last = (int) ((long) d.n * (ch + 1) / chunks);
                for (int n = first; n < last; n++) {
                    for (int gr = 0; gr < g.groups(); gr++) {
                        int xg = xOff + n * xs[0] + gr * d.cinG * xs[1];
                        float[] src;
                        int srcOff, srcRs, srcCs;
                        if (direct) {
                            src = x; srcOff = xg; srcRs = xps; srcCs = xs[1];
                        } else {
                            Im2col.im2col(x, xg, xs[1], xs[2], xs[3], d.cinG, d.h, d.w, d.kh, d.kw, g, d.oh, d.ow, col);
                            src = col; srcOff = 0; srcRs = 1; srcCs = d.plane;
                        }
                        // dW_g[Cout_g, K] += gradOut_g[Cout_g, OH*OW] @ col^T
                        CpuGemm.sgemm(d.coutG, d.k, d.plane, go, goOff + n * gs[0] + gr * d.coutG * gs[1], gs[1], gps,
                                src, srcOff, srcRs, srcCs, acc, gr * d.coutG * d.k, d.k, true);
                    }
                }
                partial[ch] = acc;
            }
        });
        for (int i = 0; i < size; i++) {
            float s = 0;
            for (float[] p : partial) s += p[i];
            dw[dwOff + i] = s;
        }
    }

    private static float[] floatScratch(int size) {
        float[] s = FLOAT_SCRATCH.get();
        if (s.length < size) {
            s = new float[size];
            FLOAT_SCRATCH.set(s);
        }
        return s;
    }

    private static void conv2dD(Tensor input, Tensor weight, Tensor bias, Tensor out, ConvGeometry g) {
        Dims d = new Dims(input, weight, out, g);
        double[] x = input.storage().doubles(), w = weight.storage().doubles(), y = out.storage().doubles();
        double[] b = bias == null ? null : bias.storage().doubles();
        int bOff = bias == null ? 0 : bias.layout().offset(), bStride = bias == null ? 0 : bias.layout().stride(0);
        int[] xs = input.layout().strides();
        int xOff = input.layout().offset(), wOff = weight.layout().offset();
        boolean direct = d.pointwise(xs, g);
        int xps = direct ? planeStride(xs, input.layout().shape()) : 0;
        Parallel.forRange(d.n, 1, (lo, hi) -> {
            double[] col = direct ? null : doubleScratch(d.colSize());
            for (int n = lo; n < hi; n++) {
                int yOff = n * d.cout * d.plane;
                if (b != null) {
                    for (int co = 0; co < d.cout; co++) {
                        java.util.Arrays.fill(y, yOff + co * d.plane, yOff + (co + 1) * d.plane, b[bOff + co * bStride]);
                    }
                }
                for (int gr = 0; gr < g.groups(); gr++) {
                    int xg = xOff + n * xs[0] + gr * d.cinG * xs[1];
                    double[] src;
                    int srcOff, srcRs, srcCs;
                    if (direct) {
                        src = x; srcOff = xg; srcRs = xs[1]; srcCs = xps;
                    } else {
                        Im2col.im2col(x, xg, xs[1], xs[2], xs[3], d.cinG, d.h, d.w, d.kh, d.kw, g, d.oh, d.ow, col);
                        src = col; srcOff = 0; srcRs = d.plane; srcCs = 1;
                    }
                    CpuGemm.dgemm(d.coutG, d.plane, d.k, w, wOff + gr * d.coutG * d.k, d.k, 1,
                            src, srcOff, srcRs, srcCs, y, yOff + gr * d.coutG * d.plane, d.plane, b != null);
                }
            }
        });
    }

    private static void conv2dInputGradD(Tensor gradOut, Tensor weight, Tensor gradInput, ConvGeometry g) {
        Dims d = new Dims(gradInput, weight, gradOut, g);
        double[] go = gradOut.storage().doubles(), w = weight.storage().doubles(), dx = gradInput.storage().doubles();
        int[] gs = gradOut.layout().strides();
        int gps = planeStride(gs, gradOut.layout().shape());
        int goOff = gradOut.layout().offset(), wOff = weight.layout().offset(), dxOff = gradInput.layout().offset();
        Parallel.forRange(d.n, 1, (lo, hi) -> {
            double[] col = doubleScratch(d.colSize());
            for (int n = lo; n < hi; n++) {
                for (int gr = 0; gr < g.groups(); gr++) {
                    // col[K, OH*OW] = W_g^T @ gradOut_g, then folded back onto the image
                    CpuGemm.dgemm(d.k, d.plane, d.coutG, w, wOff + gr * d.coutG * d.k, 1, d.k,
                            go, goOff + n * gs[0] + gr * d.coutG * gs[1], gs[1], gps, col, 0, d.plane, false);
                    Im2col.col2im(col, d.cinG, d.h, d.w, d.kh, d.kw, g, d.oh, d.ow, dx,
                            dxOff + (n * d.cin + gr * d.cinG) * d.h * d.w);
                }
            }
        });
    }

    private static void conv2dWeightGradD(Tensor gradOut, Tensor input, Tensor gradWeight, ConvGeometry g) {
        Dims d = new Dims(input, gradWeight, gradOut, g);
        double[] go = gradOut.storage().doubles(), x = input.storage().doubles(), dw = gradWeight.storage().doubles();
        int[] gs = gradOut.layout().strides(), xs = input.layout().strides();
        int gps = planeStride(gs, gradOut.layout().shape());
        int goOff = gradOut.layout().offset(), xOff = input.layout().offset(), dwOff = gradWeight.layout().offset();
        boolean direct = d.pointwise(xs, g);
        int xps = direct ? planeStride(xs, input.layout().shape()) : 0;
        int chunks = Math.max(1, Math.min(Parallel.numThreads(), d.n));
        int size = d.cout * d.k;
        double[][] partial = new double[chunks][];
        // Each chunk of the batch sums into its own buffer; the buffers are added at the end.
        Parallel.forRange(chunks, 1, (clo, chi) -> {
            double[] col = direct ? null : doubleScratch(d.colSize());
            for (int ch = clo; ch < chi; ch++) {
                double[] acc = new double[size];
                int first = (int) ((long) d.n * ch / chunks), last = (int) ((long) d.n * (ch + 1) / chunks);
                for (int n = first; n < last; n++) {
                    for (int gr = 0; gr < g.groups(); gr++) {
                        int xg = xOff + n * xs[0] + gr * d.cinG * xs[1];
                        double[] src;
                        int srcOff, srcRs, srcCs;
                        if (direct) {
                            src = x; srcOff = xg; srcRs = xps; srcCs = xs[1];
                        } else {
                            Im2col.im2col(x, xg, xs[1], xs[2], xs[3], d.cinG, d.h, d.w, d.kh, d.kw, g, d.oh, d.ow, col);
                            src = col; srcOff = 0; srcRs = 1; srcCs = d.plane;
                        }
                        // dW_g[Cout_g, K] += gradOut_g[Cout_g, OH*OW] @ col^T
                        CpuGemm.dgemm(d.coutG, d.k, d.plane, go, goOff + n * gs[0] + gr * d.coutG * gs[1], gs[1], gps,
                                src, srcOff, srcRs, srcCs, acc, gr * d.coutG * d.k, d.k, true);
                    }
                }
                partial[ch] = acc;
            }
        });
        for (int i = 0; i < size; i++) {
            double s = 0;
            for (double[] p : partial) s += p[i];
            dw[dwOff + i] = s;
        }
    }

    private static double[] doubleScratch(int size) {
        double[] s = DOUBLE_SCRATCH.get();
        if (s.length < size) {
            s = new double[size];
            DOUBLE_SCRATCH.set(s);
        }
        return s;
    }
}

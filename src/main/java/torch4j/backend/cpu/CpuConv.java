package torch4j.backend.cpu;

import java.util.Arrays;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.backend.ConvGeometry;
import torch4j.backend.ConvKernels;
import torch4j.backend.PoolGeometry;

/**
 * CPU convolution: im2col + {@link CpuGemm} per group over chunks of images laid side by side
 * (small images share one product, so packing is amortised), the chunks split over {@link
 * Parallel}. A 1x1 convolution with stride 1 and no padding multiplies the input directly (GEMM
 * takes strides, so no columns are built). Other float32 stride-1 convolutions go to the wide-row
 * kernels ({@link WideConvKernels}): {@code WideConvVector}'s register tiles where the Vector API
 * has 512-bit vectors and the images are small, else {@link WideConv}'s im2col + GEMM. Pooling
 * lives in {@link CpuPool}.
 */
final class CpuConv implements ConvKernels {
    static final CpuConv INSTANCE = new CpuConv();

    /** Scratch per worker thread: the column matrix and the side-by-side output block. */
    private static final int COL = 0, TMP = 1;
    private static final ThreadLocal<float[][]> FLOAT_SCRATCH = ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0]});
    private static final ThreadLocal<double[][]> DOUBLE_SCRATCH =
            ThreadLocal.withInitial(() -> new double[][] {new double[0], new double[0]});
    /** Columns (images x output positions) that one GEMM should cover at least, so packing is amortised. */
    private static final int TARGET_COLS = 1024;
    /** The same for the weight gradient, whose product is short and wide: it reduces over these columns. */
    private static final int WEIGHT_GRAD_COLS = 4096;

    /** {@link WideConvVector} where the Vector API is present and wide enough, else null. */
    static final WideConvKernels WIDE_VECTOR = loadWideVector();

    private CpuConv() {}

    /**
     * Loads the vector tiles by name, so that this class links on runtimes without the incubator
     * module: only this method mentions them, and only after checking the module is in the boot layer.
     */
    private static WideConvKernels loadWideVector() {
        if (!Boolean.parseBoolean(System.getProperty("torch4j.vector", "true"))) return null;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return null;
        try {
            // The constructor throws where vectors are too narrow for its tiles.
            return (WideConvKernels) Class.forName("torch4j.backend.cpu.WideConvVector").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** The wide-row kernels for a float32 stride-1 convolution of these shapes. */
    private static WideConvKernels wideKernels(Tensor input, Tensor weight, Tensor out, ConvGeometry g) {
        WideConvKernels v = WIDE_VECTOR;
        return v != null && v.handles(input.layout().shape(), weight.layout().shape(), out.layout().shape(), g)
                ? v : WideConv.INSTANCE;
    }

    @Override
    public void conv2d(Tensor input, Tensor weight, Tensor bias, Tensor out, ConvGeometry geo) {
        Tensor w = weight.isContiguous() ? weight : weight.contiguous();
        if (input.dtype() == DType.FLOAT64) conv2dD(input, w, bias, out, geo);
        else if (wide(input, w, geo)) wideKernels(input, w, out, geo).conv2d(input, w, bias, out, geo);
        else conv2dF(input, w, bias, out, geo);
    }

    @Override
    public void conv2dInputGrad(Tensor gradOut, Tensor weight, Tensor gradInput, ConvGeometry geo) {
        Tensor w = weight.isContiguous() ? weight : weight.contiguous();
        if (gradOut.dtype() == DType.FLOAT32 && wide(gradInput, w, geo)) {
            wideKernels(gradInput, w, gradOut, geo).inputGrad(gradOut, w, gradInput, geo);
            return;
        }
        Tensor go = planar(gradOut);
        if (gradOut.dtype() == DType.FLOAT64) conv2dInputGradD(go, w, gradInput, geo);
        else conv2dInputGradF(go, w, gradInput, geo);
    }

    @Override
    public void conv2dWeightGrad(Tensor gradOut, Tensor input, Tensor gradWeight, ConvGeometry geo) {
        if (gradOut.dtype() == DType.FLOAT32 && wide(input, gradWeight, geo)) {
            wideKernels(input, gradWeight, gradOut, geo).weightGrad(gradOut, input, gradWeight, geo);
            return;
        }
        Tensor go = planar(gradOut);
        if (gradOut.dtype() == DType.FLOAT64) conv2dWeightGradD(go, input, gradWeight, geo);
        else conv2dWeightGradF(go, input, gradWeight, geo);
    }

    /**
     * Float32 stride-1 convolutions other than 1x1 ones (which read their input as the column
     * matrix already) take the wide-row kernels.
     */
    private static boolean wide(Tensor input, Tensor weight, ConvGeometry g) {
        int[] ws = weight.layout().shape();
        boolean pointwise = ws[2] == 1 && ws[3] == 1 && g.padH() == 0 && g.padW() == 0;
        return WideConv.applies(g) && !pointwise;
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
    private static final class Dims extends ConvSizes {
        final int plane;

        Dims(Tensor input, Tensor weight, Tensor out, ConvGeometry g) {
            super(input.layout().shape(), weight.layout().shape(), out.layout().shape(), g);
            plane = oh * ow;
        }

        /**
         * Images per GEMM: enough for about {@link #TARGET_COLS} columns, but not so many that
         * the batch splits into fewer tasks than threads.
         */
        int batch() {
            return batch(TARGET_COLS);
        }

        /** Images per GEMM for about {@code cols} columns. */
        int batch(int cols) {
            return batch(cols, plane);
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
        int batch = direct ? 1 : d.batch();
        Parallel.forRange(d.chunks(batch), 1, (lo, hi) -> {
            for (int ch = lo; ch < hi; ch++) {
                int n0 = ch * batch, nb = Math.min(batch, d.n - n0), ld = nb * d.plane;
                float[] col = direct ? null : floatScratch(COL, d.k * ld);
                float[] tmp = nb > 1 ? floatScratch(TMP, d.coutG * ld) : null;
                for (int gr = 0; gr < g.groups(); gr++) {
                    float[] src = x;
                    int srcOff = xOff + n0 * xs[0] + gr * d.cinG * xs[1], srcRs = xs[1], srcCs = xps;
                    if (!direct) {
                        for (int s = 0; s < nb; s++) {
                            Im2col.im2col(x, srcOff + s * xs[0], xs[1], xs[2], xs[3], d.cinG, d.h, d.w, d.kh, d.kw, g,
                                    d.oh, d.ow, col, s * d.plane, ld);
                        }
                        src = col; srcOff = 0; srcRs = ld; srcCs = 1;
                    }
                    int yg = (n0 * d.cout + gr * d.coutG) * d.plane;
                    if (nb == 1) {
                        // One image writes straight into the output, which starts as the bias.
                        if (b != null) {
                            for (int co = 0; co < d.coutG; co++) {
                                Arrays.fill(y, yg + co * d.plane, yg + (co + 1) * d.plane, b[bOff + (gr * d.coutG + co) * bStride]);
                            }
                        }
                        CpuGemm.sgemm(d.coutG, ld, d.k, w, wOff + gr * d.coutG * d.k, d.k, 1, src, srcOff, srcRs, srcCs,
                                y, yg, d.plane, b != null);
                        continue;
                    }
                    // Several images share one product through tmp; the bias is added on the way out.
                    CpuGemm.sgemm(d.coutG, ld, d.k, w, wOff + gr * d.coutG * d.k, d.k, 1, src, srcOff, srcRs, srcCs,
                            tmp, 0, ld, false);
                    for (int s = 0; s < nb; s++) {
                        for (int co = 0; co < d.coutG; co++) {
                            int dst = yg + (s * d.cout + co) * d.plane, from = co * ld + s * d.plane;
                            float bv = b == null ? 0f : b[bOff + (gr * d.coutG + co) * bStride];
                            for (int p = 0; p < d.plane; p++) y[dst + p] = tmp[from + p] + bv;
                        }
                    }
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
        int batch = d.batch();
        Parallel.forRange(d.chunks(batch), 1, (lo, hi) -> {
            for (int ch = lo; ch < hi; ch++) {
                int n0 = ch * batch, nb = Math.min(batch, d.n - n0), ld = nb * d.plane;
                float[] col = floatScratch(COL, d.k * ld);
                float[] tmp = nb > 1 ? floatScratch(TMP, d.coutG * ld) : null;
                for (int gr = 0; gr < g.groups(); gr++) {
                    int gOff = goOff + n0 * gs[0] + gr * d.coutG * gs[1];
                    float[] src = go;
                    int srcOff = gOff, srcRs = gs[1], srcCs = gps;
                    if (nb > 1) {
                        gatherF(go, gOff, gs[0], gs[1], gps, nb, d.coutG, d.plane, tmp);
                        src = tmp; srcOff = 0; srcRs = ld; srcCs = 1;
                    }
                    // col[K, nb*OH*OW] = W_g^T @ gradOut_g, then folded back onto each image
                    CpuGemm.sgemm(d.k, ld, d.coutG, w, wOff + gr * d.coutG * d.k, 1, d.k, src, srcOff, srcRs, srcCs,
                            col, 0, ld, false);
                    for (int s = 0; s < nb; s++) {
                        Im2col.col2im(col, s * d.plane, ld, d.cinG, d.h, d.w, d.kh, d.kw, g, d.oh, d.ow, dx,
                                dxOff + ((n0 + s) * d.cin + gr * d.cinG) * d.h * d.w);
                    }
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
        // The product is [Cout_g, K] over a reduction of nb * OH * OW: the longer that run, the
        // less packing per multiply-add, so weight gradients take wider chunks than the forward.
        int batch = direct ? 1 : d.batch(WEIGHT_GRAD_COLS);
        int chunks = d.chunks(batch), size = d.cout * d.k;
        int tasks = Math.min(chunks, Parallel.numThreads());
        float[][] partial = new float[tasks][];
        // Each task sums its run of chunks into its own buffer; the buffers are added at the end.
        Parallel.forRange(tasks, 1, (lo, hi) -> {
            for (int task = lo; task < hi; task++) {
                float[] acc = new float[size];
                int first = (int) ((long) chunks * task / tasks), last = (int) ((long) chunks * (task + 1) / tasks);
                for (int ch = first; ch < last; ch++) {
                    int n0 = ch * batch, nb = Math.min(batch, d.n - n0), ld = nb * d.plane;
                    float[] col = direct ? null : floatScratch(COL, d.k * ld);
                    float[] tmp = nb > 1 ? floatScratch(TMP, d.coutG * ld) : null;
                    for (int gr = 0; gr < g.groups(); gr++) {
                        int gOff = goOff + n0 * gs[0] + gr * d.coutG * gs[1];
                        float[] a = go;
                        int aOff = gOff, aRs = gs[1], aCs = gps;
                        if (nb > 1) {
                            gatherF(go, gOff, gs[0], gs[1], gps, nb, d.coutG, d.plane, tmp);
                            a = tmp; aOff = 0; aRs = ld; aCs = 1;
                        }
                        int xg = xOff + n0 * xs[0] + gr * d.cinG * xs[1];
                        float[] src = x;
                        int srcOff = xg, srcRs = xps, srcCs = xs[1];
                        if (!direct) {
                            for (int s = 0; s < nb; s++) {
                                Im2col.im2col(x, xg + s * xs[0], xs[1], xs[2], xs[3], d.cinG, d.h, d.w, d.kh, d.kw, g,
                                        d.oh, d.ow, col, s * d.plane, ld);
                            }
                            src = col; srcOff = 0; srcRs = 1; srcCs = ld;
                        }
                        // dW_g[Cout_g, K] += gradOut_g[Cout_g, nb*OH*OW] @ col^T
                        CpuGemm.sgemm(d.coutG, d.k, ld, a, aOff, aRs, aCs, src, srcOff, srcRs, srcCs,
                                acc, gr * d.coutG * d.k, d.k, true);
                    }
                }
                partial[task] = acc;
            }
        });
        float[] sum = partial[0];
        for (int t = 1; t < tasks; t++) {
            float[] p = partial[t];
            for (int i = 0; i < size; i++) sum[i] += p[i];
        }
        System.arraycopy(sum, 0, dw, dwOff, size);
    }

    /** Copies the [rows, plane] blocks of {@code nb} images side by side into {@code dst[rows, nb * plane]}. */
    private static void gatherF(float[] src, int off, int sN, int sRow, int sP, int nb, int rows, int plane, float[] dst) {
        int ld = nb * plane;
        for (int s = 0; s < nb; s++) {
            for (int r = 0; r < rows; r++) {
                int from = off + s * sN + r * sRow, to = r * ld + s * plane;
                if (sP == 1) {
                    System.arraycopy(src, from, dst, to, plane);
                } else {
                    for (int p = 0; p < plane; p++) dst[to + p] = src[from + p * sP];
                }
            }
        }
    }

    private static float[] floatScratch(int which, int size) {
        float[][] s = FLOAT_SCRATCH.get();
        if (s[which].length < size) s[which] = new float[size];
        return s[which];
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
        int batch = direct ? 1 : d.batch();
        Parallel.forRange(d.chunks(batch), 1, (lo, hi) -> {
            for (int ch = lo; ch < hi; ch++) {
                int n0 = ch * batch, nb = Math.min(batch, d.n - n0), ld = nb * d.plane;
                double[] col = direct ? null : doubleScratch(COL, d.k * ld);
                double[] tmp = nb > 1 ? doubleScratch(TMP, d.coutG * ld) : null;
                for (int gr = 0; gr < g.groups(); gr++) {
                    double[] src = x;
                    int srcOff = xOff + n0 * xs[0] + gr * d.cinG * xs[1], srcRs = xs[1], srcCs = xps;
                    if (!direct) {
                        for (int s = 0; s < nb; s++) {
                            Im2col.im2col(x, srcOff + s * xs[0], xs[1], xs[2], xs[3], d.cinG, d.h, d.w, d.kh, d.kw, g,
                                    d.oh, d.ow, col, s * d.plane, ld);
                        }
                        src = col; srcOff = 0; srcRs = ld; srcCs = 1;
                    }
                    int yg = (n0 * d.cout + gr * d.coutG) * d.plane;
                    // One image writes straight into the output; several share one product through tmp.
                    CpuGemm.dgemm(d.coutG, ld, d.k, w, wOff + gr * d.coutG * d.k, d.k, 1, src, srcOff, srcRs, srcCs,
                            nb > 1 ? tmp : y, nb > 1 ? 0 : yg, nb > 1 ? ld : d.plane, false);
                    for (int s = 0; s < nb; s++) {
                        for (int co = 0; co < d.coutG; co++) {
                            int dst = yg + (s * d.cout + co) * d.plane;
                            if (nb > 1) System.arraycopy(tmp, co * ld + s * d.plane, y, dst, d.plane);
                            if (b != null) {
                                double bv = b[bOff + (gr * d.coutG + co) * bStride];
                                for (int p = 0; p < d.plane; p++) y[dst + p] += bv;
                            }
                        }
                    }
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
        int batch = d.batch();
        Parallel.forRange(d.chunks(batch), 1, (lo, hi) -> {
            for (int ch = lo; ch < hi; ch++) {
                int n0 = ch * batch, nb = Math.min(batch, d.n - n0), ld = nb * d.plane;
                double[] col = doubleScratch(COL, d.k * ld);
                double[] tmp = nb > 1 ? doubleScratch(TMP, d.coutG * ld) : null;
                for (int gr = 0; gr < g.groups(); gr++) {
                    int gOff = goOff + n0 * gs[0] + gr * d.coutG * gs[1];
                    double[] src = go;
                    int srcOff = gOff, srcRs = gs[1], srcCs = gps;
                    if (nb > 1) {
                        gatherD(go, gOff, gs[0], gs[1], gps, nb, d.coutG, d.plane, tmp);
                        src = tmp; srcOff = 0; srcRs = ld; srcCs = 1;
                    }
                    // col[K, nb*OH*OW] = W_g^T @ gradOut_g, then folded back onto each image
                    CpuGemm.dgemm(d.k, ld, d.coutG, w, wOff + gr * d.coutG * d.k, 1, d.k, src, srcOff, srcRs, srcCs,
                            col, 0, ld, false);
                    for (int s = 0; s < nb; s++) {
                        Im2col.col2im(col, s * d.plane, ld, d.cinG, d.h, d.w, d.kh, d.kw, g, d.oh, d.ow, dx,
                                dxOff + ((n0 + s) * d.cin + gr * d.cinG) * d.h * d.w);
                    }
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
        int batch = direct ? 1 : d.batch();
        int chunks = d.chunks(batch), size = d.cout * d.k;
        double[][] partial = new double[chunks][];
        // Each chunk of the batch sums into its own buffer; the buffers are added at the end.
        Parallel.forRange(chunks, 1, (lo, hi) -> {
            for (int ch = lo; ch < hi; ch++) {
                int n0 = ch * batch, nb = Math.min(batch, d.n - n0), ld = nb * d.plane;
                double[] acc = new double[size];
                double[] col = direct ? null : doubleScratch(COL, d.k * ld);
                double[] tmp = nb > 1 ? doubleScratch(TMP, d.coutG * ld) : null;
                for (int gr = 0; gr < g.groups(); gr++) {
                    int gOff = goOff + n0 * gs[0] + gr * d.coutG * gs[1];
                    double[] a = go;
                    int aOff = gOff, aRs = gs[1], aCs = gps;
                    if (nb > 1) {
                        gatherD(go, gOff, gs[0], gs[1], gps, nb, d.coutG, d.plane, tmp);
                        a = tmp; aOff = 0; aRs = ld; aCs = 1;
                    }
                    int xg = xOff + n0 * xs[0] + gr * d.cinG * xs[1];
                    double[] src = x;
                    int srcOff = xg, srcRs = xps, srcCs = xs[1];
                    if (!direct) {
                        for (int s = 0; s < nb; s++) {
                            Im2col.im2col(x, xg + s * xs[0], xs[1], xs[2], xs[3], d.cinG, d.h, d.w, d.kh, d.kw, g,
                                    d.oh, d.ow, col, s * d.plane, ld);
                        }
                        src = col; srcOff = 0; srcRs = 1; srcCs = ld;
                    }
                    // dW_g[Cout_g, K] = gradOut_g[Cout_g, nb*OH*OW] @ col^T
                    CpuGemm.dgemm(d.coutG, d.k, ld, a, aOff, aRs, aCs, src, srcOff, srcRs, srcCs,
                            acc, gr * d.coutG * d.k, d.k, false);
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

    /** Copies the [rows, plane] blocks of {@code nb} images side by side into {@code dst[rows, nb * plane]}. */
    private static void gatherD(double[] src, int off, int sN, int sRow, int sP, int nb, int rows, int plane, double[] dst) {
        int ld = nb * plane;
        for (int s = 0; s < nb; s++) {
            for (int r = 0; r < rows; r++) {
                int from = off + s * sN + r * sRow, to = r * ld + s * plane;
                if (sP == 1) {
                    System.arraycopy(src, from, dst, to, plane);
                } else {
                    for (int p = 0; p < plane; p++) dst[to + p] = src[from + p * sP];
                }
            }
        }
    }

    private static double[] doubleScratch(int which, int size) {
        double[][] s = DOUBLE_SCRATCH.get();
        if (s[which].length < size) s[which] = new double[size];
        return s[which];
    }
}

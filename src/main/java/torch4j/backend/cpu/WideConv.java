package torch4j.backend.cpu;

import java.util.Arrays;
import torch4j.Tensor;
import torch4j.backend.ConvGeometry;

/**
 * Float32 stride-1 convolution on "wide" rows: output position {@code (oh, ow)} of an image is
 * computed at {@code p = oh * Wp + ow} of its (padded) input plane, so kernel tap {@code (i, j)}
 * reads the plane at {@code p + i * dH * Wp + j * dW} for every {@code p} in {@code [0, L)} with
 * {@code L = (OH - 1) * Wp + OW}. Each im2col row is then one contiguous copy of {@code L}
 * elements and each col2im row one contiguous add, instead of {@code OH} copies of {@code OW}
 * elements (small maps like LeNet's 8x8 or 24x24 spend most of the time in those short copies).
 * The price is computing {@code Wp - OW} throw-away columns per output row, which are dropped on
 * the way out (forward) or read as zeros (gradients).
 *
 * <p>Inputs that are padded or whose planes are not contiguous are first copied into a
 * zero-bordered contiguous scratch image; everything else is read in place.
 */
final class WideConv implements WideConvKernels {
    static final WideConv INSTANCE = new WideConv();

    private WideConv() {}

    /** Scratch per worker thread: columns, the side-by-side output/gradient block, padded images. */
    private static final int COL = 0, TMP = 1, PAD = 2;
    private static final ThreadLocal<float[][]> SCRATCH =
            ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0], new float[0]});
    /** Columns (images x wide positions) one forward or input-gradient GEMM should cover. */
    private static final int TARGET_COLS = 1024;
    /** The weight gradient reduces over the columns, so longer runs amortise its packing better. */
    private static final int WEIGHT_GRAD_COLS = 4096;

    /** Whether the wide path applies: stride 1 along both dims (any padding, dilation, groups or strides). */
    static boolean applies(ConvGeometry g) {
        return g.strideH() == 1 && g.strideW() == 1;
    }

    /** The sizes of one convolution and of its wide layout. */
    private static final class Dims extends ConvSizes {
        final int hp, wp, len;
        /** The input is read in place (no padding, contiguous rows) rather than from a padded copy. */
        final boolean inPlace;

        Dims(Tensor input, int[] ws, int[] os, ConvGeometry g) {
            super(input.layout().shape(), ws, os, g);
            int[] xs = input.layout().strides();
            hp = h + 2 * g.padH();
            wp = w + 2 * g.padW();
            len = (oh - 1) * wp + ow;
            inPlace = g.padH() == 0 && g.padW() == 0 && xs[3] == 1 && (xs[2] == w || h == 1) && (xs[1] == h * w || cin == 1);
        }

        /** Images per GEMM for about {@code cols} wide columns. */
        int batch(int cols) {
            return batch(cols, len);
        }

        /** Offset of tap {@code t = (c * kH + i) * kW + j} within a padded image. */
        int tapOffset(int t, ConvGeometry g, int planeStride) {
            int c = t / (kh * kw), r = t % (kh * kw);
            return c * planeStride + (r / kw) * g.dilationH() * wp + (r % kw) * g.dilationW();
        }
    }

    // ------------------------------------------------------------------ forward

    @Override
    public boolean handles(int[] inputShape, int[] weightShape, int[] outShape, ConvGeometry g) {
        return true;
    }

    @Override
    public void conv2d(Tensor input, Tensor weight, Tensor bias, Tensor out, ConvGeometry g) {
        Dims d = new Dims(input, weight.layout().shape(), out.layout().shape(), g);
        float[] x = input.storage().floats(), w = weight.storage().floats(), y = out.storage().floats();
        float[] b = bias == null ? null : bias.storage().floats();
        int bOff = bias == null ? 0 : bias.layout().offset(), bStride = bias == null ? 0 : bias.layout().stride(0);
        int wOff = weight.layout().offset(), plane = d.oh * d.ow;
        int batch = d.batch(TARGET_COLS), chunks = d.chunks(batch);
        Parallel.forRange(chunks, 1, (lo, hi) -> {
            for (int ch = lo; ch < hi; ch++) {
                int n0 = ch * batch, nb = Math.min(batch, d.n - n0), ld = nb * d.len;
                float[] col = scratch(COL, d.k * ld), tmp = scratch(TMP, d.coutG * ld);
                for (int gr = 0; gr < g.groups(); gr++) {
                    for (int s = 0; s < nb; s++) im2col(input, x, n0 + s, gr, d, g, col, s * d.len, ld);
                    CpuGemm.sgemm(d.coutG, ld, d.k, w, wOff + gr * d.coutG * d.k, d.k, 1, col, 0, ld, 1, tmp, 0, ld, false);
                    // Keep the first OW of every Wp columns, adding the bias on the way.
                    for (int s = 0; s < nb; s++) {
                        for (int co = 0; co < d.coutG; co++) {
                            int dst = ((n0 + s) * d.cout + gr * d.coutG + co) * plane, from = co * ld + s * d.len;
                            float bv = b == null ? 0f : b[bOff + (gr * d.coutG + co) * bStride];
                            for (int r = 0; r < d.oh; r++, dst += d.ow, from += d.wp) {
                                for (int q = 0; q < d.ow; q++) y[dst + q] = tmp[from + q] + bv;
                            }
                        }
                    }
                }
            }
        });
    }

    /**
     * Writes the wide columns of image {@code img}, group {@code gr}: row {@code t} holds the
     * plane from tap t's offset on, {@code L} elements, at column {@code colOff} of {@code col}.
     */
    private static void im2col(Tensor input, float[] x, int img, int gr, Dims d, ConvGeometry g, float[] col, int colOff, int ld) {
        float[] src;
        int base, planeStride;
        if (d.inPlace) {
            int[] xs = input.layout().strides();
            src = x;
            base = input.layout().offset() + img * xs[0] + gr * d.cinG * xs[1];
            planeStride = d.cin == 1 ? 0 : xs[1];
        } else {
            src = padded(input, x, img, gr, d, g);
            base = 0;
            planeStride = d.hp * d.wp;
        }
        for (int t = 0; t < d.k; t++) {
            System.arraycopy(src, base + d.tapOffset(t, g, planeStride), col, colOff + t * ld, d.len);
        }
    }

    /** Copies the group's channels of one image into a zero-bordered contiguous [cinG, Hp, Wp] scratch. */
    private static float[] padded(Tensor input, float[] x, int img, int gr, Dims d, ConvGeometry g) {
        int[] xs = input.layout().strides();
        int planeP = d.hp * d.wp;
        float[] p = scratch(PAD, d.cinG * planeP);
        Arrays.fill(p, 0, d.cinG * planeP, 0f);
        int off = input.layout().offset() + img * xs[0] + gr * d.cinG * xs[1];
        for (int c = 0; c < d.cinG; c++) {
            for (int r = 0; r < d.h; r++) {
                int src = off + c * xs[1] + r * xs[2], dst = c * planeP + (r + g.padH()) * d.wp + g.padW();
                if (xs[3] == 1) {
                    System.arraycopy(x, src, p, dst, d.w);
                } else {
                    for (int q = 0; q < d.w; q++) p[dst + q] = x[src + q * xs[3]];
                }
            }
        }
        return p;
    }

    // ------------------------------------------------------------------ gradients

    /** {@code gradInput += } the input gradient; {@code gradInput} is contiguous. */
    @Override
    public void inputGrad(Tensor gradOut, Tensor weight, Tensor gradInput, ConvGeometry g) {
        Dims d = new Dims(gradInput, weight.layout().shape(), gradOut.layout().shape(), g);
        float[] go = gradOut.storage().floats(), w = weight.storage().floats(), dx = gradInput.storage().floats();
        int wOff = weight.layout().offset(), dxOff = gradInput.layout().offset();
        boolean padded = g.padH() != 0 || g.padW() != 0;
        int batch = d.batch(TARGET_COLS), chunks = d.chunks(batch);
        Parallel.forRange(chunks, 1, (lo, hi) -> {
            for (int ch = lo; ch < hi; ch++) {
                int n0 = ch * batch, nb = Math.min(batch, d.n - n0), ld = nb * d.len;
                float[] col = scratch(COL, d.k * ld), tmp = scratch(TMP, d.coutG * ld);
                for (int gr = 0; gr < g.groups(); gr++) {
                    wideGrad(gradOut, go, n0, nb, gr, d, tmp, ld);
                    // col[K, nb*L] = W_g^T @ gradOut_g: zero in the throw-away columns, as gradOut is there
                    CpuGemm.sgemm(d.k, ld, d.coutG, w, wOff + gr * d.coutG * d.k, 1, d.k, tmp, 0, ld, 1, col, 0, ld, false);
                    for (int s = 0; s < nb; s++) {
                        int img = dxOff + ((n0 + s) * d.cin + gr * d.cinG) * d.h * d.w;
                        if (!padded) {
                            col2im(col, s * d.len, ld, d, g, dx, img, d.h * d.w);
                            continue;
                        }
                        int planeP = d.hp * d.wp;
                        float[] p = scratch(PAD, d.cinG * planeP);
                        Arrays.fill(p, 0, d.cinG * planeP, 0f);
                        col2im(col, s * d.len, ld, d, g, p, 0, planeP);
                        for (int c = 0; c < d.cinG; c++) {
                            for (int r = 0; r < d.h; r++) {
                                int src = c * planeP + (r + g.padH()) * d.wp + g.padW(), dst = img + (c * d.h + r) * d.w;
                                for (int q = 0; q < d.w; q++) dx[dst + q] += p[src + q];
                            }
                        }
                    }
                }
            }
        });
    }

    /** Adds each wide column row back at its tap's offset: {@code dst[off(t) + p] += col[t][p]}. */
    private static void col2im(float[] col, int colOff, int ld, Dims d, ConvGeometry g, float[] dst, int base, int planeStride) {
        for (int t = 0; t < d.k; t++) {
            int to = base + d.tapOffset(t, g, planeStride), from = colOff + t * ld;
            for (int p = 0; p < d.len; p++) dst[to + p] += col[from + p];
        }
    }

    /** {@code gradWeight = } the weight gradient; {@code gradWeight} is contiguous. */
    @Override
    public void weightGrad(Tensor gradOut, Tensor input, Tensor gradWeight, ConvGeometry g) {
        Dims d = new Dims(input, gradWeight.layout().shape(), gradOut.layout().shape(), g);
        float[] go = gradOut.storage().floats(), x = input.storage().floats(), dw = gradWeight.storage().floats();
        int dwOff = gradWeight.layout().offset(), size = d.cout * d.k;
        int batch = d.batch(WEIGHT_GRAD_COLS), chunks = d.chunks(batch);
        int tasks = Math.min(chunks, Parallel.numThreads());
        float[][] partial = new float[tasks][];
        // Each task sums its run of chunks into its own buffer; the buffers are added at the end.
        Parallel.forRange(tasks, 1, (lo, hi) -> {
            for (int task = lo; task < hi; task++) {
                float[] acc = new float[size];
                int first = (int) ((long) chunks * task / tasks), last = (int) ((long) chunks * (task + 1) / tasks);
                for (int ch = first; ch < last; ch++) {
                    int n0 = ch * batch, nb = Math.min(batch, d.n - n0), ld = nb * d.len;
                    float[] col = scratch(COL, d.k * ld), tmp = scratch(TMP, d.coutG * ld);
                    for (int gr = 0; gr < g.groups(); gr++) {
                        wideGrad(gradOut, go, n0, nb, gr, d, tmp, ld);
                        for (int s = 0; s < nb; s++) im2col(input, x, n0 + s, gr, d, g, col, s * d.len, ld);
                        // dW_g[Cout_g, K] += gradOut_g[Cout_g, nb*L] @ col^T (throw-away columns are zero)
                        CpuGemm.sgemm(d.coutG, d.k, ld, tmp, 0, ld, 1, col, 0, 1, ld, acc, gr * d.coutG * d.k, d.k, true);
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

    /**
     * Lays the output gradient of images {@code [n0, n0 + nb)}, group {@code gr}, out wide in
     * {@code tmp[coutG, ld]}: row r of a plane at {@code r * Wp}, zeros in between.
     */
    private static void wideGrad(Tensor gradOut, float[] go, int n0, int nb, int gr, Dims d, float[] tmp, int ld) {
        int[] gs = gradOut.layout().strides();
        int off = gradOut.layout().offset() + n0 * gs[0] + gr * d.coutG * gs[1];
        for (int co = 0; co < d.coutG; co++) {
            for (int s = 0; s < nb; s++) {
                int src = off + s * gs[0] + co * gs[1], dst = co * ld + s * d.len;
                for (int r = 0; r < d.oh; r++, dst += d.wp, src += gs[2]) {
                    if (gs[3] == 1) {
                        for (int q = 0; q < d.ow; q++) tmp[dst + q] = go[src + q];
                    } else {
                        for (int q = 0; q < d.ow; q++) tmp[dst + q] = go[src + q * gs[3]];
                    }
                    if (r < d.oh - 1) Arrays.fill(tmp, dst + d.ow, dst + d.wp, 0f);
                }
            }
        }
    }

    private static float[] scratch(int which, int size) {
        float[][] s = SCRATCH.get();
        if (s[which].length < size) s[which] = new float[size];
        return s[which];
    }
}

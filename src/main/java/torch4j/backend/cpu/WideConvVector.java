package torch4j.backend.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import torch4j.Tensor;
import torch4j.backend.ConvGeometry;

/**
 * Float32 stride-1 convolution on {@link WideConv}'s wide rows, as Vector API register tiles that
 * read the image itself: in the wide layout, im2col row {@code t} is the padded image shifted by
 * tap t's offset, so a tile loads {@code image[off(t) + p ...]} where a GEMM would load packed
 * columns. No columns are built or packed, which is most of the time a GEMM spends on LeNet-sized
 * maps (an 8x8 output and 16 channels give products of 16 rows, where packing B costs about as
 * much as multiplying it). Per image and group ({@link WideConvTiles} holds the tiles):
 *
 * <ul>
 *   <li>forward: {@code out[co, p] = sum_t W[co, t] * img[off(t) + p]}, tiles of 8 output
 *       channels by two vectors of positions (6 by three where that wastes fewer rows); outputs at
 *       most half a vector wide from wider rows take two output rows a vector instead of one wide
 *       row (LeNet's 8x8 second layer: 64 positions a plane instead of 92);
 *   <li>input gradient: {@code dimg[off(t) + p] += sum_co W[co, t] * gw[co, p]}, tiles of 8 taps by
 *       two vectors, each tile adding its rows back at their taps' offsets;
 *   <li>weight gradient: {@code dW[co, t] = sum_p gw[co, p] * img[off(t) + p]}, tiles of 4 output
 *       channels by 4 taps (or 3 by 5), reduced along the positions of a batch of images.
 * </ul>
 *
 * where {@code gw} is the output gradient laid out wide (zeros in the throw-away columns) and
 * {@code img} an image copied into a zero-bordered scratch with slack after it, so the last tile
 * may read past the image; {@link WideRows} moves rows in and out of these layouts. Only {@link
 * CpuConv} loads this class, reflectively, when {@code jdk.incubator.vector} is present. The
 * species is the library's one float species ({@link GemmVector#FS}): a second shape would make C2
 * stop intrinsifying the shared vector code.
 */
final class WideConvVector implements WideConvKernels {
    private static final VectorSpecies<Float> S = GemmVector.FS;
    private static final int L = WideConvTiles.L, NR = WideConvTiles.NR, MR = WideConvTiles.MR, WR = WideConvTiles.WR;
    /**
     * Largest padded image (one group) or wide gradient, in floats (256 KiB), that the tiles take.
     * Every step of a tile reads another tap of the whole image, so the image should stay in L2;
     * larger ones keep the blocked GEMM, whose packing keeps its operands in cache (the tiles are
     * measured on LeNet's sizes only).
     */
    static final int MAX_FLOATS = 1 << 16;
    /** Floats of images and wide gradients that the weight gradient lays out at once (256 KiB). */
    static final int BATCH_FLOATS = 1 << 16;

    /** Scratch per worker thread: images, wide gradients, tile results. */
    private static final int IMG = 0, WIDE = 1, OUT = 2;
    private static final ThreadLocal<float[][]> SCRATCH =
            ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0], new float[0]});

    /**
     * Refuses to be built where vectors are narrower than 512 bits: the tiles hold 16
     * accumulators plus operands, which only AVX-512's 32 registers keep without spilling.
     */
    WideConvVector() {
        if (S.vectorBitSize() < 512) {
            throw new UnsupportedOperationException("wide conv tiles need 512-bit vectors, have " + S.vectorBitSize());
        }
    }

    /** The sizes of one convolution and of the layouts its tiles read. */
    private static final class Dims extends ConvSizes {
        final int wp, planeP;
        /** Wide positions (output row r at r * Wp), rounded up to whole tiles: the gradients'. */
        final int lenR;
        /** Floats of a padded group image, with slack for the tiles that read past it. */
        final int img;
        /** Whether the forward computes two-row slots instead of wide rows (see {@link WideConvTiles#forwardSlotTile}). */
        final boolean slots;
        /** The forward's positions: the row stride (Wp, or L/2 in slots) and the count, in whole tiles. */
        final int pw, npos;
        /** The forward's tile: 8 output channels by two vectors of positions, or 6 by three where that wastes less. */
        final int fr, fc;

        Dims(int[] is, int[] ws, int[] os, ConvGeometry g) {
            super(is, ws, os, g);
            wp = w + 2 * g.padW();
            planeP = (h + 2 * g.padH()) * wp;
            lenR = padded((oh - 1) * wp + ow, NR);
            slots = ow <= L / 2 && wp > L / 2;
            pw = slots ? L / 2 : wp;
            // 6 output channels (LeNet's first layer) fill 6-row tiles but only three quarters of 8-row ones.
            boolean six = !slots && padded(coutG, 6) < padded(coutG, MR);
            fr = six ? 6 : MR;
            fc = six ? 3 * L : NR;
            npos = slots ? padded(oh * pw, NR) : padded((oh - 1) * wp + ow, fc);
            // Wide tiles read up to a tile's width past the last tap's plane; slot tiles read row
            // pairs, up to three rows past it.
            img = cinG * planeP + 3 * L + (slots ? 4 * wp : 0);
        }

        /** Offset of tap {@code (c, i, j)} in a padded group image. */
        int tap(int c, int i, int j, ConvGeometry g) {
            return c * planeP + i * g.dilationH() * wp + j * g.dilationW();
        }

        /** {@code off[t]} for taps in weight order {@code t = (c * kH + i) * kW + j}, padded with 0 to {@code size}. */
        int[] offsets(ConvGeometry g, int size) {
            int[] off = new int[size];
            for (int t = 0; t < k; t++) off[t] = tap(t / (kh * kw), t / kw % kh, t % kw, g);
            return off;
        }
    }

    @Override
    public boolean handles(int[] inputShape, int[] weightShape, int[] outShape, ConvGeometry g) {
        Dims d = new Dims(inputShape, weightShape, outShape, g);
        return d.img <= MAX_FLOATS && (long) d.coutG * d.lenR <= MAX_FLOATS;
    }

    // ------------------------------------------------------------------ forward

    @Override
    public void conv2d(Tensor input, Tensor weight, Tensor bias, Tensor out, ConvGeometry g) {
        Dims d = new Dims(input.layout().shape(), weight.layout().shape(), out.layout().shape(), g);
        float[] x = input.storage().floats(), w = weight.storage().floats(), y = out.storage().floats();
        float[] b = bias == null ? null : bias.storage().floats();
        int bOff = bias == null ? 0 : bias.layout().offset(), bStride = bias == null ? 0 : bias.layout().stride(0);
        int groups = g.groups(), fr = d.fr, tiles = (d.coutG + fr - 1) / fr, plane = d.oh * d.ow;
        // ap[((gr * tiles + tile) * k + t) * fr + r] = W[gr * coutG + tile * fr + r, t], zero past coutG
        float[] ap = new float[groups * tiles * d.k * fr];
        int wOff = weight.layout().offset();
        for (int co = 0; co < d.cout; co++) {
            int gr = co / d.coutG, c = co % d.coutG, base = (gr * tiles + c / fr) * d.k * fr + c % fr;
            for (int t = 0; t < d.k; t++) ap[base + t * fr] = w[wOff + co * d.k + t];
        }
        int[] off = d.offsets(g, d.k);
        int yOff = out.layout().offset();
        Parallel.forRange(d.n, 1, (lo, hi) -> {
            float[] img = scratch(IMG, d.img), acc = scratch(OUT, tiles * fr * d.npos);
            for (int s = lo; s < hi; s++) {
                for (int gr = 0; gr < groups; gr++) {
                    loadImage(input, x, s, gr, d, g, img, 0);
                    for (int tile = 0; tile < tiles; tile++) {
                        int ai = (gr * tiles + tile) * d.k * fr, ci = tile * fr * d.npos;
                        for (int p = 0; p < d.npos; p += d.fc) {
                            if (d.slots) {
                                WideConvTiles.forwardSlotTile(d.k, ap, ai, off, img, p / L * 2 * d.wp, d.wp, acc, ci + p, d.npos);
                            } else if (fr == MR) {
                                WideConvTiles.forwardTile(d.k, ap, ai, off, img, p, acc, ci + p, d.npos);
                            } else {
                                WideConvTiles.forwardTile6x3(d.k, ap, ai, off, img, p, acc, ci + p, d.npos);
                            }
                        }
                    }
                    // Keep the first OW of every Wp (or L/2) positions, adding the bias on the way;
                    // where that is all of them (slots 8 wide), a plane is one row. Planes are
                    // written in order, so a row's last vector may spill into what comes next in
                    // this image.
                    int imageEnd = yOff + (s + 1) * d.cout * plane;
                    boolean dense = d.pw == d.ow;
                    for (int co = 0; co < d.coutG; co++) {
                        float bv = b == null ? 0f : b[bOff + (gr * d.coutG + co) * bStride];
                        WideRows.copyRows(acc, co * d.npos, d.pw, y, yOff + (s * d.cout + gr * d.coutG + co) * plane, d.ow,
                                dense ? 1 : d.oh, dense ? plane : d.ow, bv, imageEnd);
                    }
                }
            }
        });
    }

    // ------------------------------------------------------------------ input gradient

    @Override
    public void inputGrad(Tensor gradOut, Tensor weight, Tensor gradInput, ConvGeometry g) {
        Dims d = new Dims(gradInput.layout().shape(), weight.layout().shape(), gradOut.layout().shape(), g);
        float[] go = gradOut.storage().floats(), w = weight.storage().floats(), dx = gradInput.storage().floats();
        int groups = g.groups(), tiles = (d.k + MR - 1) / MR, wOff = weight.layout().offset();
        int dxOff = gradInput.layout().offset(), dummy = d.img;
        // Taps go channel first, so a tile's rows add onto different planes: rows one column
        // apart would each load what the previous row just stored, and a load overlapping part
        // of a pending store waits for it to reach the cache. Past the last tap, rows have zero
        // weights and write to a dummy stretch after the image.
        int[] off = new int[tiles * MR];
        float[] ap = new float[groups * tiles * d.coutG * MR];
        for (int q = 0; q < tiles * MR; q++) {
            if (q >= d.k) {
                off[q] = dummy;
                continue;
            }
            int c = q % d.cinG, ij = q / d.cinG, i = ij / d.kw, j = ij % d.kw, t = (c * d.kh + i) * d.kw + j;
            off[q] = d.tap(c, i, j, g);
            for (int gr = 0; gr < groups; gr++) {
                for (int co = 0; co < d.coutG; co++) {
                    ap[((gr * tiles + q / MR) * d.coutG + co) * MR + q % MR] = w[wOff + (gr * d.coutG + co) * d.k + t];
                }
            }
        }
        Parallel.forRange(d.n, 1, (lo, hi) -> {
            float[] gw = scratch(WIDE, d.coutG * d.lenR + L), dimg = scratch(IMG, d.img + d.lenR + L), acc = scratch(OUT, MR * NR);
            for (int s = lo; s < hi; s++) {
                for (int gr = 0; gr < groups; gr++) {
                    wideGrad(gradOut, go, s, gr, d, gw, 0);
                    WideRows.zero(dimg, 0, d.img + d.lenR);
                    for (int tile = 0; tile < tiles; tile++) {
                        int ai = (gr * tiles + tile) * d.coutG * MR;
                        for (int p = 0; p < d.lenR; p += NR) {
                            WideConvTiles.inputGradTile(d.coutG, ap, ai, gw, p, d.lenR, acc);
                            WideConvTiles.addTile(acc, dimg, off, tile * MR, p);
                        }
                    }
                    // Channels go in order, so a row's last vector may add zeros to what comes
                    // next in this image (this thread's).
                    int imageEnd = dxOff + (s + 1) * d.cin * d.h * d.w;
                    for (int c = 0; c < d.cinG; c++) {
                        WideRows.addRows(dimg, c * d.planeP + g.padH() * d.wp + g.padW(), d.wp,
                                dx, dxOff + ((s * d.cin) + gr * d.cinG + c) * d.h * d.w, d.w, d.h, d.w, imageEnd);
                    }
                }
            }
        });
    }

    // ------------------------------------------------------------------ weight gradient

    @Override
    public void weightGrad(Tensor gradOut, Tensor input, Tensor gradWeight, ConvGeometry g) {
        Dims d = new Dims(input.layout().shape(), gradWeight.layout().shape(), gradOut.layout().shape(), g);
        float[] go = gradOut.storage().floats(), x = input.storage().floats(), dw = gradWeight.storage().floats();
        // Tiles of 4 output channels by 4 taps, or 3 by 5 where those waste less (6 channels and 25
        // taps, LeNet's first layer, fill 3 x 5 tiles exactly but only two thirds of 4 x 4 ones).
        boolean narrow = padded(d.coutG, 3) * padded(d.k, 5) < padded(d.coutG, WR) * padded(d.k, WR);
        int tr = narrow ? 3 : WR, tc = narrow ? 5 : WR;
        int groups = g.groups(), coTiles = (d.coutG + tr - 1) / tr, tTiles = (d.k + tc - 1) / tc;
        int rows = coTiles * tr, wide = rows * d.lenR, ldAcc = tTiles * tc;
        // Taps past k read the image at offset 0; their sums are dropped.
        int[] off = d.offsets(g, tTiles * tc);
        int batch = Math.max(1, BATCH_FLOATS / (d.img + wide));
        int tasks = Math.min(d.n, Parallel.numThreads());
        float[][] partial = new float[tasks][];
        Parallel.forRange(tasks, 1, (lo, hi) -> {
            // Lane-wise partial sums per group, padded output channel and padded tap, for this
            // run of tasks. Its own array, not the thread's scratch: one thread may run two runs of
            // the same call (Parallel hands a late worker's chunk to the caller), and the sums are
            // read after the call, when another caller may already be using the workers' scratch.
            float[] acc = new float[groups * rows * ldAcc * L], tile = scratch(OUT, tr * tc * L);
            int first = (int) ((long) d.n * lo / tasks), last = (int) ((long) d.n * hi / tasks);
            for (int n0 = first; n0 < last; n0 += batch) {
                int nb = Math.min(batch, last - n0);
                float[] imgs = scratch(IMG, nb * d.img), gws = scratch(WIDE, nb * wide + L);
                for (int gr = 0; gr < groups; gr++) {
                    for (int s = 0; s < nb; s++) {
                        loadImage(input, x, n0 + s, gr, d, g, imgs, s * d.img);
                        wideGrad(gradOut, go, n0 + s, gr, d, gws, s * wide);
                    }
                    for (int ct = 0; ct < coTiles; ct++) {
                        for (int tt = 0; tt < tTiles; tt++) {
                            if (narrow) {
                                WideConvTiles.weightGradTile3x5(nb, d.lenR, d.img, imgs, gws, wide, off, ct, tt, tile);
                            } else {
                                WideConvTiles.weightGradTile(nb, d.lenR, d.img, imgs, gws, wide, off, ct, tt, tile);
                            }
                            WideConvTiles.addWeightTile(tile, tr, tc, acc, gr * rows * ldAcc * L, ldAcc, ct, tt);
                        }
                    }
                }
            }
            partial[lo] = acc;
        });
        int dwOff = gradWeight.layout().offset();
        for (int co = 0; co < d.cout; co++) {
            int gr = co / d.coutG, from = ((gr * rows + co % d.coutG) * ldAcc) * L;
            for (int t = 0; t < d.k; t++) {
                FloatVector sum = FloatVector.zero(S);
                for (float[] p : partial) {
                    if (p != null) sum = sum.add(FloatVector.fromArray(S, p, from + t * L));
                }
                dw[dwOff + co * d.k + t] = FloatVectorLoops.sumLanes(sum);
            }
        }
    }

    /** {@code n} rounded up to a multiple of {@code m}. */
    private static int padded(int n, int m) {
        return (n + m - 1) / m * m;
    }

    // ------------------------------------------------------------------ layouts

    /**
     * Copies group {@code gr} of image {@code img} into {@code dst} at {@code dstOff} as a
     * zero-bordered contiguous [cinG, Hp, Wp] block followed by zeros up to {@code d.img}.
     */
    private static void loadImage(Tensor input, float[] x, int img, int gr, Dims d, ConvGeometry g, float[] dst, int dstOff) {
        int[] xs = input.layout().strides();
        int off = input.layout().offset() + img * xs[0] + gr * d.cinG * xs[1];
        boolean flat = g.padH() == 0 && g.padW() == 0 && xs[3] == 1 && (xs[2] == d.w || d.h == 1)
                && (xs[1] == d.h * d.w || d.cinG == 1);
        if (flat) {
            int n = d.cinG * d.planeP;
            System.arraycopy(x, off, dst, dstOff, n);
            Arrays.fill(dst, dstOff + n, dstOff + d.img, 0f);
            return;
        }
        Arrays.fill(dst, dstOff, dstOff + d.img, 0f);
        for (int c = 0; c < d.cinG; c++) {
            int to = dstOff + c * d.planeP + g.padH() * d.wp + g.padW();
            if (xs[3] == 1) {
                // Zeros past a row land on the border or on rows written next.
                WideRows.copyRows(x, off + c * xs[1], xs[2], dst, to, d.wp, d.h, d.w, 0f, dstOff + d.img);
                continue;
            }
            for (int r = 0; r < d.h; r++) {
                for (int q = 0; q < d.w; q++) dst[to + r * d.wp + q] = x[off + c * xs[1] + r * xs[2] + q * xs[3]];
            }
        }
    }

    /**
     * Lays group {@code gr} of image {@code img}'s output gradient out wide in {@code dst} at
     * {@code dstOff}: row co at {@code co * lenR}, its output row r at {@code r * Wp}, zeros in the
     * throw-away columns and the tail. Rows past coutG that tiles pad to are left as they are:
     * they only feed sums that are dropped. {@code dst} has a vector of slack.
     */
    private static void wideGrad(Tensor gradOut, float[] go, int img, int gr, Dims d, float[] dst, int dstOff) {
        int[] gs = gradOut.layout().strides();
        int off = gradOut.layout().offset() + img * gs[0] + gr * d.coutG * gs[1];
        for (int co = 0; co < d.coutG; co++) {
            int to = dstOff + co * d.lenR;
            if (gs[3] == 1) {
                WideRows.widen(go, off + co * gs[1], gs[2], dst, to, d.wp, d.oh, d.ow, d.lenR);
                continue;
            }
            WideRows.zero(dst, to, d.lenR);
            for (int r = 0; r < d.oh; r++) {
                for (int q = 0; q < d.ow; q++) dst[to + r * d.wp + q] = go[off + co * gs[1] + r * gs[2] + q * gs[3]];
            }
        }
    }

    private static float[] scratch(int which, int size) {
        float[][] s = SCRATCH.get();
        if (s[which].length < size) s[which] = new float[size];
        return s[which];
    }
}

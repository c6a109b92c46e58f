package torch4j.backend.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import torch4j.Tensor;
import torch4j.backend.ConvGeometry;

/**
 * Float32 stride-1 convolution on {@link WideConv}'s wide rows, as Vector API register tiles that
 * read the image itself: in the wide layout, im2col row {@code t} is the padded image shifted by
 * tap t's offset, so a tile loads {@code image[off(t) + p ...]} where a GEMM would load packed
 * columns. No columns are built or packed, which is most of the time a GEMM spends on LeNet-sized
 * maps (an 8x8 output and 16 channels give products of 16 rows, where packing B costs about as
 * much as multiplying it). Per image and group:
 *
 * <ul>
 *   <li>forward: {@code out[co, p] = sum_t W[co, t] * img[off(t) + p]}, tiles of 8 output
 *       channels by two vectors of positions;
 *   <li>input gradient: {@code dimg[off(t) + p] += sum_co W[co, t] * gw[co, p]}, tiles of 8 taps by
 *       two vectors, each tile adding its rows back at their taps' offsets;
 *   <li>weight gradient: {@code dW[co, t] = sum_p gw[co, p] * img[off(t) + p]}, tiles of 4 output
 *       channels by 4 taps (or 3 by 5), reduced along the positions of a batch of images.
 * </ul>
 *
 * where {@code gw} is the output gradient laid out wide (zeros in the throw-away columns) and
 * {@code img} an image copied into a zero-bordered scratch with a vector pair of slack, so the
 * last tile may read past the image. Only {@link CpuConv} loads this class, reflectively, when
 * {@code jdk.incubator.vector} is present. The species is the library's one float species
 * ({@link GemmVector#FS}): a second shape would make C2 stop intrinsifying the shared vector code.
 */
final class WideConvVector implements WideConvKernels {
    static final VectorSpecies<Float> S = GemmVector.FS;
    static final int L = S.length();
    /** Positions per forward / input-gradient tile: two vectors. */
    static final int NR = 2 * L;
    /** Rows per forward / input-gradient tile: 16 accumulators with two loads and 8 broadcasts per step. */
    static final int MR = 8;
    /** Side of the square weight-gradient tile: 16 accumulators with 8 loads a step. */
    static final int WR = 4;
    /**
     * Largest padded image (one group) or wide gradient, in floats, that the tiles take: every
     * step of a tile reads a different tap, so beyond L2-sized images the blocked GEMM's packing
     * pays for itself.
     */
    static final int MAX_FLOATS = 1 << 16;
    /** Floats of images and wide gradients that the weight gradient lays out at once (256 KiB). */
    static final int BATCH_FLOATS = 1 << 16;

    /** Scratch per worker thread: images, wide gradients, tile outputs, weight-gradient sums. */
    private static final int IMG = 0, WIDE = 1, OUT = 2, ACC = 3;
    private static final ThreadLocal<float[][]> SCRATCH =
            ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0], new float[0], new float[0]});

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
    private static final class Dims {
        final int n, cin, h, w, cout, kh, kw, oh, ow, cinG, coutG, k, hp, wp, planeP;
        /**
         * Wide positions (output row r at r * Wp), rounded up to whole tiles: the gradients'. The
         * input gradient's tiles are 6 input channels by three vectors when {@link #dxByChannel},
         * else 8 taps by two vectors.
         */
        final int lenR;
        /** Whether the input gradient's tile rows are input channels (at one tap) rather than taps. */
        final boolean dxByChannel;
        /** Floats of a padded group image, with slack for the tiles and slot columns that read past it. */
        final int img;
        /** Whether the forward computes two-row slots instead of wide rows (see {@link #forwardSlotTile}). */
        final boolean slots;
        /** The forward's positions: the row stride (Wp, or L/2 in slots) and the count, in whole tiles. */
        final int pw, npos;
        /** The forward's tile: 8 output channels by two vectors of positions, or 6 by three where that wastes less. */
        final int fr, fc;

        Dims(int[] is, int[] ws, int[] os, ConvGeometry g) {
            n = is[0]; cin = is[1]; h = is[2]; w = is[3];
            cout = ws[0]; kh = ws[2]; kw = ws[3];
            oh = os[2]; ow = os[3];
            cinG = cin / g.groups();
            coutG = cout / g.groups();
            k = cinG * kh * kw;
            hp = h + 2 * g.padH();
            wp = w + 2 * g.padW();
            planeP = hp * wp;
            // A tile's rows are channel planes apart, so they only stay clear of each other when
            // the planes are at least a tile wide; with fewer than 4 channels they are mostly padding.
            dxByChannel = cinG >= 4 && planeP >= 3 * L;
            lenR = padded((oh - 1) * wp + ow, dxByChannel ? 3 * L : NR);
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
                                forwardSlotTile(d.k, ap, ai, off, img, p / L * 2 * d.wp, d.wp, acc, ci + p, d.npos);
                            } else if (fr == MR) {
                                forwardTile(d.k, ap, ai, off, img, p, acc, ci + p, d.npos);
                            } else {
                                forwardTile6x3(d.k, ap, ai, off, img, p, acc, ci + p, d.npos);
                            }
                        }
                    }
                    // Keep the first OW of every Wp (or L/2) positions, adding the bias on the way. Planes
                    // are written in order, so a row's last vector may spill into what comes next
                    // in this image.
                    int imageEnd = yOff + (s + 1) * d.cout * plane;
                    for (int co = 0; co < d.coutG; co++) {
                        float bv = b == null ? 0f : b[bOff + (gr * d.coutG + co) * bStride];
                        WideRows.copyRows(acc, co * d.npos, d.pw, y, yOff + (s * d.cout + gr * d.coutG + co) * plane, d.ow,
                                d.oh, d.ow, bv, imageEnd);
                    }
                }
            }
        });
    }

    /**
     * {@code c[r, p..p+NR) = sum_t ap[t, r] * x[off[t] + p ...]} for the 8 rows of a packed weight
     * tile. All 16 accumulators are named locals, the only way C2 keeps them in registers.
     */
    private static void forwardTile(int k, float[] ap, int ai, int[] off, float[] x, int p, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int t = 0; t < k; t++, ai += MR) {
            int o = off[t] + p;
            FloatVector b0 = FloatVector.fromArray(S, x, o);
            FloatVector b1 = FloatVector.fromArray(S, x, o + L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + L);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + L);
        c60.intoArray(c, ci + 6 * ldc);
        c61.intoArray(c, ci + 6 * ldc + L);
        c70.intoArray(c, ci + 7 * ldc);
        c71.intoArray(c, ci + 7 * ldc + L);
    }

    /** {@link #forwardTile} for 6 rows by three vectors: 18 accumulators, three loads and 6 broadcasts a step. */
    private static void forwardTile6x3(int k, float[] ap, int ai, int[] off, float[] x, int p, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00, c20 = c00, c21 = c00;
        FloatVector c22 = c00, c30 = c00, c31 = c00, c32 = c00, c40 = c00, c41 = c00, c42 = c00, c50 = c00, c51 = c00, c52 = c00;
        for (int t = 0; t < k; t++, ai += 6) {
            int o = off[t] + p;
            FloatVector b0 = FloatVector.fromArray(S, x, o);
            FloatVector b1 = FloatVector.fromArray(S, x, o + L);
            FloatVector b2 = FloatVector.fromArray(S, x, o + 2 * L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            c42 = a4.fma(b2, c42);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            c52 = a5.fma(b2, c52);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c02.intoArray(c, ci + 2 * L);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + L);
        c12.intoArray(c, ci + ldc + 2 * L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c22.intoArray(c, ci + 2 * ldc + 2 * L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
        c32.intoArray(c, ci + 3 * ldc + 2 * L);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + L);
        c42.intoArray(c, ci + 4 * ldc + 2 * L);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + L);
        c52.intoArray(c, ci + 5 * ldc + 2 * L);
    }

    /**
     * {@link #forwardTile} on two-row slots: vector v of the tile holds output rows {@code 2v, 2v +
     * 1} (of the pair starting at wide offset {@code base}), so each of its operands blends the
     * image at the upper row's offset into the lanes from L/2 on. For an output 8 wide from rows 12
     * wide (LeNet's second convolution) that is 64 positions a plane instead of 92 wide ones, for
     * two more loads and a blend a vector: about a fifth faster.
     */
    private static void forwardSlotTile(int k, float[] ap, int ai, int[] off, float[] x, int base, int wp,
                                        float[] c, int ci, int ldc) {
        VectorMask<Float> upper = FloatVector.fromArray(S, WideRows.IOTA, 0).compare(VectorOperators.GE, (float) (L / 2));
        int shift = wp - L / 2, next = 2 * wp;
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int t = 0; t < k; t++, ai += MR) {
            int o = off[t] + base;
            FloatVector b0 = FloatVector.fromArray(S, x, o).blend(FloatVector.fromArray(S, x, o + shift), upper);
            FloatVector b1 = FloatVector.fromArray(S, x, o + next).blend(FloatVector.fromArray(S, x, o + next + shift), upper);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + L);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + L);
        c60.intoArray(c, ci + 6 * ldc);
        c61.intoArray(c, ci + 6 * ldc + L);
        c70.intoArray(c, ci + 7 * ldc);
        c71.intoArray(c, ci + 7 * ldc + L);
    }

    // ------------------------------------------------------------------ input gradient

    @Override
    public void inputGrad(Tensor gradOut, Tensor weight, Tensor gradInput, ConvGeometry g) {
        Dims d = new Dims(gradInput.layout().shape(), weight.layout().shape(), gradOut.layout().shape(), g);
        if (d.dxByChannel) {
            inputGradByChannel(gradOut, weight, gradInput, g, d);
            return;
        }
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
                            inputGradTile(d.coutG, ap, ai, gw, p, d.lenR, acc);
                            addTile(acc, dimg, off, tile * MR, p);
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

    /**
     * The input gradient with tiles of 6 input channels at one tap: their rows are planes apart,
     * so a tile can load its stretch of the image gradient into the accumulators, add to them and
     * store them back, with no buffer in between. Channels past cinG (up to a multiple of 6) have
     * zero weights and planes of their own at the end of the scratch, never read back.
     */
    private static void inputGradByChannel(Tensor gradOut, Tensor weight, Tensor gradInput, ConvGeometry g, Dims d) {
        float[] go = gradOut.storage().floats(), w = weight.storage().floats(), dx = gradInput.storage().floats();
        int groups = g.groups(), taps = d.kh * d.kw, cTiles = (d.cinG + 5) / 6, wOff = weight.layout().offset();
        int dxOff = gradInput.layout().offset(), size = cTiles * 6 * d.planeP + 4 * L;
        // ap[(((gr * taps + ij) * cTiles + ct) * coutG + co) * 6 + r] = W[gr * coutG + co, 6 ct + r, i, j]
        float[] ap = new float[groups * taps * cTiles * d.coutG * 6];
        for (int gr = 0; gr < groups; gr++) {
            for (int co = 0; co < d.coutG; co++) {
                for (int c = 0; c < d.cinG; c++) {
                    for (int ij = 0; ij < taps; ij++) {
                        ap[(((gr * taps + ij) * cTiles + c / 6) * d.coutG + co) * 6 + c % 6] =
                                w[wOff + (gr * d.coutG + co) * d.k + c * taps + ij];
                    }
                }
            }
        }
        Parallel.forRange(d.n, 1, (lo, hi) -> {
            float[] gw = scratch(WIDE, d.coutG * d.lenR + L), dimg = scratch(IMG, size);
            for (int s = lo; s < hi; s++) {
                for (int gr = 0; gr < groups; gr++) {
                    wideGrad(gradOut, go, s, gr, d, gw, 0);
                    WideRows.zero(dimg, 0, size - L);
                    for (int ij = 0; ij < taps; ij++) {
                        int o = d.tap(0, ij / d.kw, ij % d.kw, g);
                        for (int ct = 0; ct < cTiles; ct++) {
                            int ai = ((gr * taps + ij) * cTiles + ct) * d.coutG * 6, oc = o + ct * 6 * d.planeP;
                            for (int p = 0; p < d.lenR; p += 3 * L) inputGradTile6x3(d.coutG, ap, ai, gw, p, d.lenR, dimg, oc + p, d.planeP);
                        }
                    }
                    int imageEnd = dxOff + (s + 1) * d.cin * d.h * d.w;
                    for (int c = 0; c < d.cinG; c++) {
                        WideRows.addRows(dimg, c * d.planeP + g.padH() * d.wp + g.padW(), d.wp,
                                dx, dxOff + ((s * d.cin) + gr * d.cinG + c) * d.h * d.w, d.w, d.h, d.w, imageEnd);
                    }
                }
            }
        });
    }

    /**
     * {@code dimg[o + r * ps ...] += sum_co ap[co, r] * gw[co, p ...]} over three vectors, for the 6
     * channels {@code r} of a tile ({@code ps} apart), loaded into the accumulators first and
     * stored last, inline, as in {@link GemmVector}'s kernel.
     */
    private static void inputGradTile6x3(int kc, float[] ap, int ai, float[] gw, int p, int ldg, float[] dimg, int o, int ps) {
        int o1 = o + ps, o2 = o1 + ps, o3 = o2 + ps, o4 = o3 + ps + 1, o5 = o4 + ps;
        FloatVector c00 = FloatVector.fromArray(S, dimg, o), c01 = FloatVector.fromArray(S, dimg, o + L);
        FloatVector c02 = FloatVector.fromArray(S, dimg, o + 2 * L), c10 = FloatVector.fromArray(S, dimg, o1);
        FloatVector c11 = FloatVector.fromArray(S, dimg, o1 + L), c12 = FloatVector.fromArray(S, dimg, o1 + 2 * L);
        FloatVector c20 = FloatVector.fromArray(S, dimg, o2), c21 = FloatVector.fromArray(S, dimg, o2 + L);
        FloatVector c22 = FloatVector.fromArray(S, dimg, o2 + 2 * L), c30 = FloatVector.fromArray(S, dimg, o3);
        FloatVector c31 = FloatVector.fromArray(S, dimg, o3 + L), c32 = FloatVector.fromArray(S, dimg, o3 + 2 * L);
        FloatVector c40 = FloatVector.fromArray(S, dimg, o4), c41 = FloatVector.fromArray(S, dimg, o4 + L);
        FloatVector c42 = FloatVector.fromArray(S, dimg, o4 + 2 * L), c50 = FloatVector.fromArray(S, dimg, o5);
        FloatVector c51 = FloatVector.fromArray(S, dimg, o5 + L), c52 = FloatVector.fromArray(S, dimg, o5 + 2 * L);
        for (int co = 0, gi = p; co < kc; co++, ai += 6, gi += ldg) {
            FloatVector b0 = FloatVector.fromArray(S, gw, gi);
            FloatVector b1 = FloatVector.fromArray(S, gw, gi + L);
            FloatVector b2 = FloatVector.fromArray(S, gw, gi + 2 * L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            c42 = a4.fma(b2, c42);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            c52 = a5.fma(b2, c52);
        }
        c00.intoArray(dimg, o);
        c01.intoArray(dimg, o + L);
        c02.intoArray(dimg, o + 2 * L);
        c10.intoArray(dimg, o1);
        c11.intoArray(dimg, o1 + L);
        c12.intoArray(dimg, o1 + 2 * L);
        c20.intoArray(dimg, o2);
        c21.intoArray(dimg, o2 + L);
        c22.intoArray(dimg, o2 + 2 * L);
        c30.intoArray(dimg, o3);
        c31.intoArray(dimg, o3 + L);
        c32.intoArray(dimg, o3 + 2 * L);
        c40.intoArray(dimg, o4);
        c41.intoArray(dimg, o4 + L);
        c42.intoArray(dimg, o4 + 2 * L);
        c50.intoArray(dimg, o5);
        c51.intoArray(dimg, o5 + L);
        c52.intoArray(dimg, o5 + 2 * L);
    }

    /**
     * {@code tile[r, 0 .. NR) = sum_co ap[co, r] * gw[co, p ...]} for the 8 taps of a packed tile,
     * over {@code kc} output channels. Adding the rows back at their offsets is {@link #addTile}'s:
     * 16 read-modify-writes here would push the method past C2's inlining budget, and the vector
     * operations left as calls box their vectors.
     */
    private static void inputGradTile(int kc, float[] ap, int ai, float[] gw, int p, int ldg, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int co = 0, gi = p; co < kc; co++, ai += MR, gi += ldg) {
            FloatVector b0 = FloatVector.fromArray(S, gw, gi);
            FloatVector b1 = FloatVector.fromArray(S, gw, gi + L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + L);
        c60.intoArray(tile, 6 * NR);
        c61.intoArray(tile, 6 * NR + L);
        c70.intoArray(tile, 7 * NR);
        c71.intoArray(tile, 7 * NR + L);
    }

    /** {@code dimg[off[oi + r] + p ...] += tile[r, 0 .. NR)} for the 8 rows of a tile. */
    private static void addTile(float[] tile, float[] dimg, int[] off, int oi, int p) {
        for (int r = 0; r < MR; r++) {
            int o = off[oi + r] + p, t = r * NR;
            FloatVector.fromArray(S, dimg, o).add(FloatVector.fromArray(S, tile, t)).intoArray(dimg, o);
            FloatVector.fromArray(S, dimg, o + L).add(FloatVector.fromArray(S, tile, t + L)).intoArray(dimg, o + L);
        }
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
            // thread's images (a thread may run several tasks when the pool is busy).
            int accSize = groups * rows * ldAcc * L;
            float[] acc = scratch(ACC, accSize), tile = scratch(OUT, tr * tc * L);
            Arrays.fill(acc, 0, accSize, 0f);
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
                                weightGradTile3x5(nb, d, imgs, gws, wide, off, ct, tt, tile);
                            } else {
                                weightGradTile(nb, d, imgs, gws, wide, off, ct, tt, tile);
                            }
                            addWeightTile(tile, tr, tc, acc, gr * rows * ldAcc * L, ldAcc, ct, tt);
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
                dw[dwOff + co * d.k + t] = sum.reduceLanes(VectorOperators.ADD);
            }
        }
    }

    /**
     * {@code tile[r, j] = sum over nb images and all positions p of gw[4 ct + r, p] * img[off[4 tt
     * + j] + p]}, lane by lane (a vector of partial sums per output channel and tap, reduced across
     * lanes once at the end).
     */
    private static void weightGradTile(int nb, Dims d, float[] imgs, float[] gws, int wide, int[] off, int ct, int tt,
                                       float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int ld = d.lenR, t0 = tt * WR, gi = ct * WR * ld, xi = 0, p = 0;
        int o0 = off[t0], o1 = off[t0 + 1], o2 = off[t0 + 2], o3 = off[t0 + 3];
        // One loop over images and positions: with a nested loop C2 (JDK 17) boxes the
        // accumulators, which are then live across two loop levels, and runs 20x slower.
        for (int step = 0, steps = nb * (ld / L); step < steps; step++) {
            FloatVector x0 = FloatVector.fromArray(S, imgs, xi + o0 + p);
            FloatVector x1 = FloatVector.fromArray(S, imgs, xi + o1 + p);
            FloatVector x2 = FloatVector.fromArray(S, imgs, xi + o2 + p);
            FloatVector x3 = FloatVector.fromArray(S, imgs, xi + o3 + p);
            FloatVector g0 = FloatVector.fromArray(S, gws, gi + p);
            c00 = g0.fma(x0, c00);
            c01 = g0.fma(x1, c01);
            c02 = g0.fma(x2, c02);
            c03 = g0.fma(x3, c03);
            FloatVector g1 = FloatVector.fromArray(S, gws, gi + ld + p);
            c10 = g1.fma(x0, c10);
            c11 = g1.fma(x1, c11);
            c12 = g1.fma(x2, c12);
            c13 = g1.fma(x3, c13);
            FloatVector g2 = FloatVector.fromArray(S, gws, gi + 2 * ld + p);
            c20 = g2.fma(x0, c20);
            c21 = g2.fma(x1, c21);
            c22 = g2.fma(x2, c22);
            c23 = g2.fma(x3, c23);
            FloatVector g3 = FloatVector.fromArray(S, gws, gi + 3 * ld + p);
            c30 = g3.fma(x0, c30);
            c31 = g3.fma(x1, c31);
            c32 = g3.fma(x2, c32);
            c33 = g3.fma(x3, c33);
            p += L;
            if (p == ld) {
                p = 0;
                xi += d.img;
                gi += wide;
            }
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c02.intoArray(tile, 2 * L);
        c03.intoArray(tile, 3 * L);
        c10.intoArray(tile, 4 * L);
        c11.intoArray(tile, 5 * L);
        c12.intoArray(tile, 6 * L);
        c13.intoArray(tile, 7 * L);
        c20.intoArray(tile, 8 * L);
        c21.intoArray(tile, 9 * L);
        c22.intoArray(tile, 10 * L);
        c23.intoArray(tile, 11 * L);
        c30.intoArray(tile, 12 * L);
        c31.intoArray(tile, 13 * L);
        c32.intoArray(tile, 14 * L);
        c33.intoArray(tile, 15 * L);
    }

    /**
     * {@link #weightGradTile} for 3 output channels {@code 3 ct ..} by 5 taps {@code 5 tt ..}: 15
     * accumulators, 8 loads a step.
     */
    private static void weightGradTile3x5(int nb, Dims d, float[] imgs, float[] gws, int wide, int[] off, int ct, int tt,
                                          float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c10 = c00, c11 = c00, c12 = c00;
        FloatVector c13 = c00, c14 = c00, c20 = c00, c21 = c00, c22 = c00, c23 = c00, c24 = c00;
        int ld = d.lenR, t0 = tt * 5, gi = ct * 3 * ld, xi = 0, p = 0;
        int o0 = off[t0], o1 = off[t0 + 1], o2 = off[t0 + 2], o3 = off[t0 + 3], o4 = off[t0 + 4];
        for (int step = 0, steps = nb * (ld / L); step < steps; step++) {
            FloatVector x0 = FloatVector.fromArray(S, imgs, xi + o0 + p);
            FloatVector x1 = FloatVector.fromArray(S, imgs, xi + o1 + p);
            FloatVector x2 = FloatVector.fromArray(S, imgs, xi + o2 + p);
            FloatVector x3 = FloatVector.fromArray(S, imgs, xi + o3 + p);
            FloatVector x4 = FloatVector.fromArray(S, imgs, xi + o4 + p);
            FloatVector g0 = FloatVector.fromArray(S, gws, gi + p);
            c00 = g0.fma(x0, c00);
            c01 = g0.fma(x1, c01);
            c02 = g0.fma(x2, c02);
            c03 = g0.fma(x3, c03);
            c04 = g0.fma(x4, c04);
            FloatVector g1 = FloatVector.fromArray(S, gws, gi + ld + p);
            c10 = g1.fma(x0, c10);
            c11 = g1.fma(x1, c11);
            c12 = g1.fma(x2, c12);
            c13 = g1.fma(x3, c13);
            c14 = g1.fma(x4, c14);
            FloatVector g2 = FloatVector.fromArray(S, gws, gi + 2 * ld + p);
            c20 = g2.fma(x0, c20);
            c21 = g2.fma(x1, c21);
            c22 = g2.fma(x2, c22);
            c23 = g2.fma(x3, c23);
            c24 = g2.fma(x4, c24);
            p += L;
            if (p == ld) {
                p = 0;
                xi += d.img;
                gi += wide;
            }
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c02.intoArray(tile, 2 * L);
        c03.intoArray(tile, 3 * L);
        c04.intoArray(tile, 4 * L);
        c10.intoArray(tile, 5 * L);
        c11.intoArray(tile, 6 * L);
        c12.intoArray(tile, 7 * L);
        c13.intoArray(tile, 8 * L);
        c14.intoArray(tile, 9 * L);
        c20.intoArray(tile, 10 * L);
        c21.intoArray(tile, 11 * L);
        c22.intoArray(tile, 12 * L);
        c23.intoArray(tile, 13 * L);
        c24.intoArray(tile, 14 * L);
    }

    /** Adds a {@code tr x tc} tile of lane vectors to rows {@code tr ct ..}, taps {@code tc tt ..} of {@code acc}. */
    private static void addWeightTile(float[] tile, int tr, int tc, float[] acc, int accOff, int ldAcc, int ct, int tt) {
        for (int r = 0; r < tr; r++) {
            int a = accOff + ((ct * tr + r) * ldAcc + tt * tc) * L;
            for (int j = 0; j < tc * L; j += L) {
                FloatVector.fromArray(S, acc, a + j).add(FloatVector.fromArray(S, tile, r * tc * L + j)).intoArray(acc, a + j);
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

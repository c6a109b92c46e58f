package torch4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tiles of {@link WideConvVector}: each keeps its accumulators in named locals (the
 * only way C2 keeps them in registers) and stays small enough for C2 to compile whole. Offsets
 * {@code off[t]} say where tap t's row starts in the image a tile reads; {@code ap} holds packed
 * weights, a tile's rows side by side for each step. All use the library's one float species.
 */
final class WideConvTiles {
    static final VectorSpecies<Float> S = GemmVector.FS;
    static final int L = S.length();
    /** Positions per forward / input-gradient tile: two vectors. */
    static final int NR = 2 * L;
    /** Rows per forward / input-gradient tile: 16 accumulators with two loads and 8 broadcasts a step. */
    static final int MR = 8;
    /** Side of the square weight-gradient tile: 16 accumulators with 8 loads a step. */
    static final int WR = 4;

    private WideConvTiles() {}

    /**
     * {@code c[r, p..p+NR) = sum_t ap[t, r] * x[off[t] + p ...]} for the 8 rows of a packed weight
     * tile. All 16 accumulators are named locals, the only way C2 keeps them in registers.
     */
    static void forwardTile(int k, float[] ap, int ai, int[] off, float[] x, int p, float[] c, int ci, int ldc) {
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
    static void forwardTile6x3(int k, float[] ap, int ai, int[] off, float[] x, int p, float[] c, int ci, int ldc) {
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
    static void forwardSlotTile(int k, float[] ap, int ai, int[] off, float[] x, int base, int wp,
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

    /**
     * {@code tile[r, 0 .. NR) = sum_co ap[co, r] * gw[co, p ...]} for the 8 taps of a packed tile,
     * over {@code kc} output channels. Adding the rows back at their offsets is {@link #addTile}'s:
     * 16 read-modify-writes here would push the method past C2's inlining budget, and the vector
     * operations left as calls box their vectors.
     */
    static void inputGradTile(int kc, float[] ap, int ai, float[] gw, int p, int ldg, float[] tile) {
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
    static void addTile(float[] tile, float[] dimg, int[] off, int oi, int p) {
        for (int r = 0; r < MR; r++) {
            int o = off[oi + r] + p, t = r * NR;
            FloatVector.fromArray(S, dimg, o).add(FloatVector.fromArray(S, tile, t)).intoArray(dimg, o);
            FloatVector.fromArray(S, dimg, o + L).add(FloatVector.fromArray(S, tile, t + L)).intoArray(dimg, o + L);
        }
    }

    /**
     * {@code tile[r, j] = sum over nb images and all positions p of gw[4 ct + r, p] * img[off[4 tt
     * + j] + p]}, lane by lane (a vector of partial sums per output channel and tap, reduced across
     * lanes once at the end).
     */
    static void weightGradTile(int nb, int ld, int imgStride, float[] imgs, float[] gws, int wide, int[] off, int ct, int tt,
                               float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int t0 = tt * WR, gi = ct * WR * ld, xi = 0, p = 0;
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
                xi += imgStride;
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
    static void weightGradTile3x5(int nb, int ld, int imgStride, float[] imgs, float[] gws, int wide, int[] off, int ct, int tt,
                                  float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c10 = c00, c11 = c00, c12 = c00;
        FloatVector c13 = c00, c14 = c00, c20 = c00, c21 = c00, c22 = c00, c23 = c00, c24 = c00;
        int t0 = tt * 5, gi = ct * 3 * ld, xi = 0, p = 0;
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
                xi += imgStride;
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
    static void addWeightTile(float[] tile, int tr, int tc, float[] acc, int accOff, int ldAcc, int ct, int tt) {
        for (int r = 0; r < tr; r++) {
            int a = accOff + ((ct * tr + r) * ldAcc + tt * tc) * L;
            for (int j = 0; j < tc * L; j += L) {
                FloatVector.fromArray(S, acc, a + j).add(FloatVector.fromArray(S, tile, r * tc * L + j)).intoArray(acc, a + j);
            }
        }
    }
}

package torch4j.backend.cpu;

import static torch4j.backend.cpu.GemmVector.DL;
import static torch4j.backend.cpu.GemmVector.DNR;
import static torch4j.backend.cpu.GemmVector.DS;
import static torch4j.backend.cpu.GemmVector.FL;
import static torch4j.backend.cpu.GemmVector.FNR;
import static torch4j.backend.cpu.GemmVector.FS;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

/**
 * The register tiles of {@link GemmVector}: {@code C[0:rows, 0:2 vectors] (+)= A-strip @ B-panel}
 * over {@code kc} steps, 8 rows (AVX-512) or 6 (AVX2), float and double. Only {@code GemmVector}
 * calls these, so they load only where the vector module is present.
 *
 * <p>The B panel is packed ({@code 2 * lanes} values per step, unit stride). The A strip is read in
 * place through its strides, element (r, p) at {@code a[ai + r*aRs + p*aCs]}: each step broadcasts
 * one scalar per row, and a scalar load costs the same whatever the stride, so copying A into a
 * packed strip first (as the Goto scheme does) only added a pass over A; for a 64x64 product that
 * pass was a third of the time. Partial strips at the bottom edge come packed with zero rows.
 *
 * <p>With {@code load} false the accumulators start at zero and C is only written, so {@code C = A @ B}
 * needs no zero-fill pass and ignores whatever C held (NaN included).
 *
 * <p>All 16 accumulators live in named locals, the only way to keep them in registers. C is loaded
 * first and stored last, inline: a store helper per accumulator fell past C2's inlining node budget,
 * and a vector passed to a call that is not inlined is boxed on the heap, which halved the speed.
 * Each tile stays a separate method small enough for C2 to compile quickly and whole.
 */
final class GemmVectorTiles {

    private GemmVectorTiles() {}

    /** C[0:rows, 0:FNR] (+)= A[0:rows, 0:kc] @ (packed B panel at {@code bi}); C's rows {@code ldc} apart. */
    static void tile(int rows, int kc, float[] a, int ai, int aRs, int aCs, float[] bp, int bi,
                     float[] c, int ci, int ldc, boolean load) {
        if (rows == 8) {
            kernel8(kc, a, ai, aRs, aCs, bp, bi, c, ci, ldc, load);
        } else {
            kernel6(kc, a, ai, aRs, aCs, bp, bi, c, ci, ldc, load);
        }
    }

    /** The double version of {@link #tile(int, int, float[], int, int, int, float[], int, float[], int, int, boolean)}. */
    static void tile(int rows, int kc, double[] a, int ai, int aRs, int aCs, double[] bp, int bi,
                     double[] c, int ci, int ldc, boolean load) {
        if (rows == 8) {
            kernel8(kc, a, ai, aRs, aCs, bp, bi, c, ci, ldc, load);
        } else {
            kernel6(kc, a, ai, aRs, aCs, bp, bi, c, ci, ldc, load);
        }
    }

    private static void kernel8(int kc, float[] a, int ai, int aRs, int aCs, float[] bp, int bi,
                                float[] c, int ci, int ldc, boolean load) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (load) {
            c00 = FloatVector.fromArray(FS, c, ci);
            c01 = FloatVector.fromArray(FS, c, ci + FL);
            c10 = FloatVector.fromArray(FS, c, ci + ldc);
            c11 = FloatVector.fromArray(FS, c, ci + ldc + FL);
            c20 = FloatVector.fromArray(FS, c, ci + 2 * ldc);
            c21 = FloatVector.fromArray(FS, c, ci + 2 * ldc + FL);
            c30 = FloatVector.fromArray(FS, c, ci + 3 * ldc);
            c31 = FloatVector.fromArray(FS, c, ci + 3 * ldc + FL);
            c40 = FloatVector.fromArray(FS, c, ci + 4 * ldc);
            c41 = FloatVector.fromArray(FS, c, ci + 4 * ldc + FL);
            c50 = FloatVector.fromArray(FS, c, ci + 5 * ldc);
            c51 = FloatVector.fromArray(FS, c, ci + 5 * ldc + FL);
            c60 = FloatVector.fromArray(FS, c, ci + 6 * ldc);
            c61 = FloatVector.fromArray(FS, c, ci + 6 * ldc + FL);
            c70 = FloatVector.fromArray(FS, c, ci + 7 * ldc);
            c71 = FloatVector.fromArray(FS, c, ci + 7 * ldc + FL);
        } else {
            c00 = FloatVector.zero(FS);
            c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = c00;
        }
        int r1 = aRs, r2 = 2 * aRs, r3 = 3 * aRs, r4 = 4 * aRs, r5 = 5 * aRs, r6 = 6 * aRs, r7 = 7 * aRs;
        for (int p = 0; p < kc; p++, ai += aCs, bi += FNR) {
            FloatVector b0 = FloatVector.fromArray(FS, bp, bi);
            FloatVector b1 = FloatVector.fromArray(FS, bp, bi + FL);
            FloatVector a0 = FloatVector.broadcast(FS, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(FS, a[ai + r1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(FS, a[ai + r2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(FS, a[ai + r3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(FS, a[ai + r4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(FS, a[ai + r5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(FS, a[ai + r6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(FS, a[ai + r7]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + FL);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + FL);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + FL);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + FL);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + FL);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + FL);
        c60.intoArray(c, ci + 6 * ldc);
        c61.intoArray(c, ci + 6 * ldc + FL);
        c70.intoArray(c, ci + 7 * ldc);
        c71.intoArray(c, ci + 7 * ldc + FL);
    }

    /** The same for 6 rows: 12 accumulators, which fit the 16 registers of AVX2. */
    private static void kernel6(int kc, float[] a, int ai, int aRs, int aCs, float[] bp, int bi,
                                float[] c, int ci, int ldc, boolean load) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (load) {
            c00 = FloatVector.fromArray(FS, c, ci);
            c01 = FloatVector.fromArray(FS, c, ci + FL);
            c10 = FloatVector.fromArray(FS, c, ci + ldc);
            c11 = FloatVector.fromArray(FS, c, ci + ldc + FL);
            c20 = FloatVector.fromArray(FS, c, ci + 2 * ldc);
            c21 = FloatVector.fromArray(FS, c, ci + 2 * ldc + FL);
            c30 = FloatVector.fromArray(FS, c, ci + 3 * ldc);
            c31 = FloatVector.fromArray(FS, c, ci + 3 * ldc + FL);
            c40 = FloatVector.fromArray(FS, c, ci + 4 * ldc);
            c41 = FloatVector.fromArray(FS, c, ci + 4 * ldc + FL);
            c50 = FloatVector.fromArray(FS, c, ci + 5 * ldc);
            c51 = FloatVector.fromArray(FS, c, ci + 5 * ldc + FL);
        } else {
            c00 = FloatVector.zero(FS);
            c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = c00;
        }
        int r1 = aRs, r2 = 2 * aRs, r3 = 3 * aRs, r4 = 4 * aRs, r5 = 5 * aRs;
        for (int p = 0; p < kc; p++, ai += aCs, bi += FNR) {
            FloatVector b0 = FloatVector.fromArray(FS, bp, bi);
            FloatVector b1 = FloatVector.fromArray(FS, bp, bi + FL);
            FloatVector a0 = FloatVector.broadcast(FS, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(FS, a[ai + r1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(FS, a[ai + r2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(FS, a[ai + r3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(FS, a[ai + r4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(FS, a[ai + r5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + FL);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + FL);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + FL);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + FL);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + FL);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + FL);
    }

    private static void kernel8(int kc, double[] a, int ai, int aRs, int aCs, double[] bp, int bi,
                                double[] c, int ci, int ldc, boolean load) {
        DoubleVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (load) {
            c00 = DoubleVector.fromArray(DS, c, ci);
            c01 = DoubleVector.fromArray(DS, c, ci + DL);
            c10 = DoubleVector.fromArray(DS, c, ci + ldc);
            c11 = DoubleVector.fromArray(DS, c, ci + ldc + DL);
            c20 = DoubleVector.fromArray(DS, c, ci + 2 * ldc);
            c21 = DoubleVector.fromArray(DS, c, ci + 2 * ldc + DL);
            c30 = DoubleVector.fromArray(DS, c, ci + 3 * ldc);
            c31 = DoubleVector.fromArray(DS, c, ci + 3 * ldc + DL);
            c40 = DoubleVector.fromArray(DS, c, ci + 4 * ldc);
            c41 = DoubleVector.fromArray(DS, c, ci + 4 * ldc + DL);
            c50 = DoubleVector.fromArray(DS, c, ci + 5 * ldc);
            c51 = DoubleVector.fromArray(DS, c, ci + 5 * ldc + DL);
            c60 = DoubleVector.fromArray(DS, c, ci + 6 * ldc);
            c61 = DoubleVector.fromArray(DS, c, ci + 6 * ldc + DL);
            c70 = DoubleVector.fromArray(DS, c, ci + 7 * ldc);
            c71 = DoubleVector.fromArray(DS, c, ci + 7 * ldc + DL);
        } else {
            c00 = DoubleVector.zero(DS);
            c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = c00;
        }
        int r1 = aRs, r2 = 2 * aRs, r3 = 3 * aRs, r4 = 4 * aRs, r5 = 5 * aRs, r6 = 6 * aRs, r7 = 7 * aRs;
        for (int p = 0; p < kc; p++, ai += aCs, bi += DNR) {
            DoubleVector b0 = DoubleVector.fromArray(DS, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(DS, bp, bi + DL);
            DoubleVector a0 = DoubleVector.broadcast(DS, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            DoubleVector a1 = DoubleVector.broadcast(DS, a[ai + r1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            DoubleVector a2 = DoubleVector.broadcast(DS, a[ai + r2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            DoubleVector a3 = DoubleVector.broadcast(DS, a[ai + r3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            DoubleVector a4 = DoubleVector.broadcast(DS, a[ai + r4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            DoubleVector a5 = DoubleVector.broadcast(DS, a[ai + r5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            DoubleVector a6 = DoubleVector.broadcast(DS, a[ai + r6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            DoubleVector a7 = DoubleVector.broadcast(DS, a[ai + r7]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + DL);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + DL);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + DL);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + DL);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + DL);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + DL);
        c60.intoArray(c, ci + 6 * ldc);
        c61.intoArray(c, ci + 6 * ldc + DL);
        c70.intoArray(c, ci + 7 * ldc);
        c71.intoArray(c, ci + 7 * ldc + DL);
    }

    private static void kernel6(int kc, double[] a, int ai, int aRs, int aCs, double[] bp, int bi,
                                double[] c, int ci, int ldc, boolean load) {
        DoubleVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (load) {
            c00 = DoubleVector.fromArray(DS, c, ci);
            c01 = DoubleVector.fromArray(DS, c, ci + DL);
            c10 = DoubleVector.fromArray(DS, c, ci + ldc);
            c11 = DoubleVector.fromArray(DS, c, ci + ldc + DL);
            c20 = DoubleVector.fromArray(DS, c, ci + 2 * ldc);
            c21 = DoubleVector.fromArray(DS, c, ci + 2 * ldc + DL);
            c30 = DoubleVector.fromArray(DS, c, ci + 3 * ldc);
            c31 = DoubleVector.fromArray(DS, c, ci + 3 * ldc + DL);
            c40 = DoubleVector.fromArray(DS, c, ci + 4 * ldc);
            c41 = DoubleVector.fromArray(DS, c, ci + 4 * ldc + DL);
            c50 = DoubleVector.fromArray(DS, c, ci + 5 * ldc);
            c51 = DoubleVector.fromArray(DS, c, ci + 5 * ldc + DL);
        } else {
            c00 = DoubleVector.zero(DS);
            c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = c00;
        }
        int r1 = aRs, r2 = 2 * aRs, r3 = 3 * aRs, r4 = 4 * aRs, r5 = 5 * aRs;
        for (int p = 0; p < kc; p++, ai += aCs, bi += DNR) {
            DoubleVector b0 = DoubleVector.fromArray(DS, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(DS, bp, bi + DL);
            DoubleVector a0 = DoubleVector.broadcast(DS, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            DoubleVector a1 = DoubleVector.broadcast(DS, a[ai + r1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            DoubleVector a2 = DoubleVector.broadcast(DS, a[ai + r2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            DoubleVector a3 = DoubleVector.broadcast(DS, a[ai + r3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            DoubleVector a4 = DoubleVector.broadcast(DS, a[ai + r4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            DoubleVector a5 = DoubleVector.broadcast(DS, a[ai + r5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + DL);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + DL);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + DL);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + DL);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + DL);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + DL);
    }
}

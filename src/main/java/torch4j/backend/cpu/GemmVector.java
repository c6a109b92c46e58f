package torch4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

final class GemmVector implements GemmKernel {

    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final int FL = FS.length();
    static final int MR = 8;
    static final int FNR = 2 * FL;
    static final int KC = Integer.getInteger("gemm.kc", 256);
    static final int MC = Integer.getInteger("gemm.mc", 96) / MR * MR;
    static final boolean BLIS = Boolean.getBoolean("gemm.blis");
    static final int FNC = Integer.getInteger("gemm.nc", 512) / FNR * FNR;

    private static final class FloatScratch {
        float[] bp = new float[0];
        final float[] ap = new float[MC * KC];
        final float[] tile = new float[MR * FNR];
    }

    private static final ThreadLocal<FloatScratch> FSCRATCH = ThreadLocal.withInitial(FloatScratch::new);

    @Override public String name() { return "Vector API (" + FS.vectorBitSize() + "-bit)"; }
    @Override public int tileRows() { return MR; }
    @Override public int tileColsFloat() { return FNR; }
    @Override public int tileColsDouble() { return FNR; }

    @Override
    public void sgemm(int m, int n, int k,
                      float[] a, int aOff, int aRs, int aCs,
                      float[] b, int bOff, int bRs, int bCs,
                      float[] c, int cOff, int ldc, boolean accumulate) {
        if (!accumulate) for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        if (BLIS) { sgemm2(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate); return; }
        FloatScratch s = FSCRATCH.get();
        int bpSize = Math.min(k, KC) * Math.min(FNC, (n + FNR - 1) / FNR * FNR);
        if (s.bp.length < bpSize) s.bp = new float[bpSize];
        float[] bp = s.bp, ap = s.ap, tile = s.tile;
        for (int jc = 0; jc < n; jc += FNC) {
            int nc = Math.min(FNC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(kc, nc, b, bOff + pc * bRs + jc * bCs, bRs, bCs, bp);
                for (int ir = 0; ir < m; ir += MR) {
                    int mr = Math.min(MR, m - ir);
                    packA(mr, kc, a, aOff + ir * aRs + pc * aCs, aRs, aCs, ap, 0);
                    int cRow = cOff + ir * ldc + jc;
                    for (int jr = 0; jr < nc; jr += FNR) {
                        int nr = Math.min(FNR, nc - jr);
                        if (mr == MR && nr == FNR) {
                            kernel(kc, ap, 0, bp, jr * kc, c, cRow + jr, ldc);
                        } else {
                            edgeKernel(kc, ap, 0, bp, jr * kc, c, cRow + jr, ldc, mr, nr, tile);
                        }
                    }
                }
            }
        }
    }

    public void sgemm2(int m, int n, int k,
                      float[] a, int aOff, int aRs, int aCs,
                      float[] b, int bOff, int bRs, int bCs,
                      float[] c, int cOff, int ldc, boolean accumulate) {
        FloatScratch s = FSCRATCH.get();
        int bpSize = Math.min(k, KC) * Math.min(FNC, (n + FNR - 1) / FNR * FNR);
        if (s.bp.length < bpSize) s.bp = new float[bpSize];
        float[] bp = s.bp, ap = s.ap, tile = s.tile;
        for (int jc = 0; jc < n; jc += FNC) {
            int nc = Math.min(FNC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(kc, nc, b, bOff + pc * bRs + jc * bCs, bRs, bCs, bp);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    for (int ir = 0; ir < mc; ir += MR)
                        packA(Math.min(MR, mc - ir), kc, a, aOff + (ic + ir) * aRs + pc * aCs, aRs, aCs, ap, ir * kc);
                    for (int jr = 0; jr < nc; jr += FNR) {
                        int nr = Math.min(FNR, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int cc = cOff + (ic + ir) * ldc + jc + jr;
                            if (mr == MR && nr == FNR) {
                                kernel(kc, ap, ir * kc, bp, jr * kc, c, cc, ldc);
                            } else {
                                edgeKernel(kc, ap, ir * kc, bp, jr * kc, c, cc, ldc, mr, nr, tile);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void edgeKernel(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int ci, int ldc,
                                   int mr, int nr, float[] tile) {
        java.util.Arrays.fill(tile, 0f);
        for (int r = 0; r < mr; r++) System.arraycopy(c, ci + r * ldc, tile, r * FNR, nr);
        kernel(kc, ap, ai, bp, bi, tile, 0, FNR);
        for (int r = 0; r < mr; r++) System.arraycopy(tile, r * FNR, c, ci + r * ldc, nr);
    }

    private static void packB(int kc, int nc, float[] b, int bOff, int bRs, int bCs, float[] bp) {
        for (int jr = 0; jr < nc; jr += FNR) {
            int nr = Math.min(FNR, nc - jr);
            int dst = jr * kc;
            int src = bOff + jr * bCs;
            if (bCs == 1) {
                if (nr == FNR) {
                    for (int p = 0; p < kc; p++, dst += FNR, src += bRs) {
                        FloatVector.fromArray(FS, b, src).intoArray(bp, dst);
                        FloatVector.fromArray(FS, b, src + FL).intoArray(bp, dst + FL);
                    }
                } else {
                    for (int p = 0; p < kc; p++, dst += FNR, src += bRs) {
                        System.arraycopy(b, src, bp, dst, nr);
                        java.util.Arrays.fill(bp, dst + nr, dst + FNR, 0f);
                    }
                }
            } else {
                for (int p = 0; p < kc; p++, dst += FNR, src += bRs) {
                    int j = 0;
                    for (; j < nr; j++) bp[dst + j] = b[src + j * bCs];
                    for (; j < FNR; j++) bp[dst + j] = 0f;
                }
            }
        }
    }

    private static void packA(int mr, int kc, float[] a, int aOff, int aRs, int aCs, float[] ap, int apOff) {
        if (mr < MR) java.util.Arrays.fill(ap, apOff, apOff + kc * MR, 0f);
        for (int r = 0; r < mr; r++) {
            int src = aOff + r * aRs;
            for (int p = 0, dst = apOff + r; p < kc; p++, dst += MR, src += aCs) ap[dst] = a[src];
        }
    }

    static void kernel(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.fromArray(FS, c, ci + 0 * ldc), c01 = FloatVector.fromArray(FS, c, ci + 0 * ldc + FL);
        FloatVector c10 = FloatVector.fromArray(FS, c, ci + 1 * ldc), c11 = FloatVector.fromArray(FS, c, ci + 1 * ldc + FL);
        FloatVector c20 = FloatVector.fromArray(FS, c, ci + 2 * ldc), c21 = FloatVector.fromArray(FS, c, ci + 2 * ldc + FL);
        FloatVector c30 = FloatVector.fromArray(FS, c, ci + 3 * ldc), c31 = FloatVector.fromArray(FS, c, ci + 3 * ldc + FL);
        FloatVector c40 = FloatVector.fromArray(FS, c, ci + 4 * ldc), c41 = FloatVector.fromArray(FS, c, ci + 4 * ldc + FL);
        FloatVector c50 = FloatVector.fromArray(FS, c, ci + 5 * ldc), c51 = FloatVector.fromArray(FS, c, ci + 5 * ldc + FL);
        FloatVector c60 = FloatVector.fromArray(FS, c, ci + 6 * ldc), c61 = FloatVector.fromArray(FS, c, ci + 6 * ldc + FL);
        FloatVector c70 = FloatVector.fromArray(FS, c, ci + 7 * ldc), c71 = FloatVector.fromArray(FS, c, ci + 7 * ldc + FL);
        for (int p = 0; p < kc; p++, ai += MR, bi += FNR) {
            FloatVector b0 = FloatVector.fromArray(FS, bp, bi);
            FloatVector b1 = FloatVector.fromArray(FS, bp, bi + FL);
            FloatVector av;
            av = FloatVector.broadcast(FS, ap[ai + 0]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(FS, ap[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(FS, ap[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(FS, ap[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(FS, ap[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(FS, ap[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(FS, ap[ai + 6]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(FS, ap[ai + 7]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
        }
        c00.intoArray(c, ci + 0 * ldc);
        c01.intoArray(c, ci + 0 * ldc + FL);
        c10.intoArray(c, ci + 1 * ldc);
        c11.intoArray(c, ci + 1 * ldc + FL);
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

    @Override
    public void dgemm(int m, int n, int k,
                      double[] a, int aOff, int aRs, int aCs,
                      double[] b, int bOff, int bRs, int bCs,
                      double[] c, int cOff, int ldc, boolean accumulate) {
        throw new UnsupportedOperationException();
    }
}

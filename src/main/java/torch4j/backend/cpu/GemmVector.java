package torch4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

final class GemmVector implements GemmKernel {

    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final int FL = FS.length();
    static final int MR = 8;
    static final int FNR = 2 * FL;
    static final int KC = Integer.getInteger("gemm.kc", 256);
    static int SHIFT = 0;
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
        if (BLIS) { sgemm2(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate); return; }
        FloatScratch s = FSCRATCH.get();
        int bpSize = Math.min(k, KC) * Math.min(FNC, (n + FNR - 1) / FNR * FNR);
        if (s.bp.length < bpSize + 64) s.bp = new float[bpSize + 64];
        float[] bp = s.bp, ap = s.ap, tile = s.tile;
        for (int jc = 0; jc < n; jc += FNC) {
            int nc = Math.min(FNC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean add = accumulate || pc > 0;
                packB(kc, nc, b, bOff + pc * bRs + jc * bCs, bRs, bCs, bp, SHIFT);
                for (int ir = 0; ir < m; ir += MR) {
                    int mr = Math.min(MR, m - ir);
                    packA(mr, kc, a, aOff + ir * aRs + pc * aCs, aRs, aCs, ap, 0);
                    int cRow = cOff + ir * ldc + jc;
                    for (int jr = 0; jr < nc; jr += FNR) {
                        int nr = Math.min(FNR, nc - jr);
                        if (mr == MR && nr == FNR) {
                            kernel(kc, ap, 0, bp, jr * kc + SHIFT, c, cRow + jr, ldc, add);
                        } else {
                            kernel(kc, ap, 0, bp, jr * kc + SHIFT, tile, 0, FNR, false);
                            mergeTile(mr, nr, tile, c, cRow + jr, ldc, add);
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
        if (s.bp.length < bpSize + 64) s.bp = new float[bpSize + 64];
        float[] bp = s.bp, ap = s.ap, tile = s.tile;
        for (int jc = 0; jc < n; jc += FNC) {
            int nc = Math.min(FNC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean add = accumulate || pc > 0;
                packB(kc, nc, b, bOff + pc * bRs + jc * bCs, bRs, bCs, bp, SHIFT);
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
                                kernel(kc, ap, ir * kc, bp, jr * kc, c, cc, ldc, add);
                            } else {
                                kernel(kc, ap, ir * kc, bp, jr * kc, tile, 0, FNR, false);
                                mergeTile(mr, nr, tile, c, cc, ldc, add);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void packB(int kc, int nc, float[] b, int bOff, int bRs, int bCs, float[] bp, int shift) {
        for (int jr = 0; jr < nc; jr += FNR) {
            int nr = Math.min(FNR, nc - jr);
            int dst = jr * kc + shift;
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

    private static void mergeTile(int mr, int nr, float[] tile, float[] c, int cOff, int ldc, boolean add) {
        for (int r = 0; r < mr; r++) {
            int t = r * FNR, o = cOff + r * ldc;
            if (add) for (int j = 0; j < nr; j++) c[o + j] += tile[t + j];
            else System.arraycopy(tile, t, c, o, nr);
        }
    }

    static void kernel(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int ci, int ldc, boolean add) {
        FloatVector z = FloatVector.zero(FS);
        FloatVector c00 = z, c01 = z;
        FloatVector c10 = z, c11 = z;
        FloatVector c20 = z, c21 = z;
        FloatVector c30 = z, c31 = z;
        FloatVector c40 = z, c41 = z;
        FloatVector c50 = z, c51 = z;
        FloatVector c60 = z, c61 = z;
        FloatVector c70 = z, c71 = z;
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
        store(c00, c, ci, add);
        store(c01, c, ci + FL, add);
        ci += ldc;
        store(c10, c, ci, add);
        store(c11, c, ci + FL, add);
        ci += ldc;
        store(c20, c, ci, add);
        store(c21, c, ci + FL, add);
        ci += ldc;
        store(c30, c, ci, add);
        store(c31, c, ci + FL, add);
        ci += ldc;
        store(c40, c, ci, add);
        store(c41, c, ci + FL, add);
        ci += ldc;
        store(c50, c, ci, add);
        store(c51, c, ci + FL, add);
        ci += ldc;
        store(c60, c, ci, add);
        store(c61, c, ci + FL, add);
        ci += ldc;
        store(c70, c, ci, add);
        store(c71, c, ci + FL, add);
    }

    private static void store(FloatVector v, float[] c, int o, boolean add) {
        if (add) v = v.add(FloatVector.fromArray(FS, c, o));
        v.intoArray(c, o);
    }

    @Override
    public void dgemm(int m, int n, int k,
                      double[] a, int aOff, int aRs, int aCs,
                      double[] b, int bOff, int bRs, int bCs,
                      double[] c, int cOff, int ldc, boolean accumulate) {
        throw new UnsupportedOperationException();
    }
}

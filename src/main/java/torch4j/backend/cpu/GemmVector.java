package torch4j.backend.cpu;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API GEMM kernel (Goto/BLIS style), single-threaded; {@link CpuGemm} splits big
 * products over threads and is the only class that may load this one (reflectively, after checking
 * that {@code jdk.incubator.vector} is in the boot layer).
 *
 * <p>Loop nest, outside in: a column block of {@code NC} columns of C; a depth block of {@code KC}
 * steps of k, for which B[KC x NC] is packed into a thread-local buffer as {@code 2 * lanes}-wide
 * panels (zero-padded, so the micro-kernel never needs a mask); a strip of {@link #MR} rows, whose
 * A[MR x KC] is packed into an L1-sized buffer; then one {@link #kernel} call per panel. The packed
 * A strip stays in L1 while the B block streams from L2, and every load in the kernel is unit
 * stride whatever the strides of the caller's A and B.
 *
 * <p>The micro-tile is 6 rows by two vectors (6 x 32 floats or 6 x 16 doubles with 512-bit
 * vectors): 12 accumulators, two B loads and six broadcasts per step. On Zen 4 6, 8 and 12 rows
 * measured within noise of each other; 6 is the one that also fits AVX2's and NEON's register
 * files (15 of 16 ymm registers), so C2 does not spill there.
 */
final class GemmVector implements GemmKernel {

    // The species must be static final constants: C2 only intrinsifies vector operations whose
    // species it can see at compile time, and is ~100x slower otherwise.
    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    static final int FL = FS.length();
    static final int DL = DS.length();

    /** Rows of the register tile. */
    static final int MR = 6;
    /** Columns of the float register tile: two vectors. */
    static final int FNR = 2 * FL;
    /** Columns of the double register tile: two vectors. */
    static final int DNR = 2 * DL;
    /** Depth of a packed block: an A strip is MR x KC = 6 KiB of floats, well inside L1. */
    static final int KC = 256;
    /** Width of a packed float block of B: KC x FNC floats = 1 MiB (the packed panels stream from L2/L3). */
    static final int FNC = Math.max(FNR, 1024 / FNR * FNR);
    /** Width of a packed double block: the same bytes as the float one. */
    static final int DNC = Math.max(DNR, 512 / DNR * DNR);

    /**
     * Per-thread packing buffers, grown on first use and then reused, so steady-state calls
     * allocate nothing. Worst case per thread: 1 MiB for packed float B, 1 MiB for packed double B.
     */
    private static final class Scratch {
        float[] fb = new float[0];
        float[] fa;
        float[] ftile;
        double[] db = new double[0];
        double[] da;
        double[] dtile;
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Refuses to be built where the preferred vectors are too narrow to pay off (no SIMD the JIT
     * can use): the Vector API still works there, but through its slow Java fallback.
     */
    GemmVector() {
        if (FS.vectorBitSize() < 128 || DL < 2) {
            throw new UnsupportedOperationException("no SIMD: preferred float vector is " + FS.vectorBitSize() + " bits");
        }
    }

    @Override
    public String name() {
        return "Vector API (" + FS.vectorBitSize() + "-bit)";
    }

    @Override
    public int tileRows() {
        return MR;
    }

    @Override
    public int tileColsFloat() {
        return FNR;
    }

    @Override
    public int tileColsDouble() {
        return DNR;
    }

    // ---------------------------------------------------------------- float

    @Override
    public void sgemm(int m, int n, int k,
                      float[] a, int aOff, int aRs, int aCs,
                      float[] b, int bOff, int bRs, int bCs,
                      float[] c, int cOff, int ldc, boolean accumulate) {
        // The kernel always adds to C (no branch inside it), so "C =" starts from a zeroed C.
        if (!accumulate) {
            for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        }
        Scratch s = SCRATCH.get();
        int bSize = Math.min(k, KC) * Math.min(FNC, (n + FNR - 1) / FNR * FNR);
        if (s.fb.length < bSize) s.fb = new float[bSize];
        if (s.fa == null) {
            s.fa = new float[MR * KC];
            s.ftile = new float[MR * FNR];
        }
        float[] bp = s.fb, ap = s.fa, tile = s.ftile;
        for (int jc = 0; jc < n; jc += FNC) {
            int nc = Math.min(FNC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(kc, nc, b, bOff + pc * bRs + jc * bCs, bRs, bCs, bp);
                for (int ir = 0; ir < m; ir += MR) {
                    int mr = Math.min(MR, m - ir);
                    packA(mr, kc, a, aOff + ir * aRs + pc * aCs, aRs, aCs, ap);
                    int cRow = cOff + ir * ldc + jc;
                    for (int jr = 0; jr < nc; jr += FNR) {
                        int nr = Math.min(FNR, nc - jr);
                        if (mr == MR && nr == FNR) {
                            kernel(kc, ap, 0, bp, jr * kc, c, cRow + jr, ldc);
                        } else {
                            edgeKernel(kc, ap, bp, jr * kc, c, cRow + jr, ldc, mr, nr, tile);
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs B[0:kc, 0:nc] as panels of FNR columns, panel q at {@code q*kc*FNR}, row p of it at
     * {@code p*FNR}; columns past nc are zeros. Reads along whichever of B's axes is contiguous.
     */
    private static void packB(int kc, int nc, float[] b, int bOff, int bRs, int bCs, float[] bp) {
        for (int jr = 0; jr < nc; jr += FNR) {
            int nr = Math.min(FNR, nc - jr);
            int panel = jr * kc;
            int src = bOff + jr * bCs;
            if (bCs == 1 && nr == FNR) {
                for (int p = 0, dst = panel; p < kc; p++, dst += FNR, src += bRs) {
                    FloatVector.fromArray(FS, b, src).intoArray(bp, dst);
                    FloatVector.fromArray(FS, b, src + FL).intoArray(bp, dst + FL);
                }
                continue;
            }
            if (nr < FNR) Arrays.fill(bp, panel, panel + kc * FNR, 0f);
            if (bCs == 1) {
                for (int p = 0, dst = panel; p < kc; p++, dst += FNR, src += bRs) System.arraycopy(b, src, bp, dst, nr);
            } else if (bRs == 1) {
                // B is column-major (a transposed view): walk down each column.
                for (int j = 0; j < nr; j++, src += bCs) {
                    for (int p = 0, dst = panel + j; p < kc; p++, dst += FNR) bp[dst] = b[src + p];
                }
            } else {
                for (int p = 0, dst = panel; p < kc; p++, dst += FNR, src += bRs) {
                    for (int j = 0; j < nr; j++) bp[dst + j] = b[src + j * bCs];
                }
            }
        }
    }

    /** Packs A[0:mr, 0:kc] as {@code ap[p*MR + r]}; rows past mr are zeros. */
    private static void packA(int mr, int kc, float[] a, int aOff, int aRs, int aCs, float[] ap) {
        if (mr < MR) Arrays.fill(ap, 0, kc * MR, 0f);
        if (aRs == 1 && aCs != 1) {
            // A is column-major (a transposed view): each step p reads MR neighbours.
            for (int p = 0, src = aOff, dst = 0; p < kc; p++, src += aCs, dst += MR) {
                for (int r = 0; r < mr; r++) ap[dst + r] = a[src + r];
            }
        } else {
            for (int r = 0; r < mr; r++) {
                for (int p = 0, src = aOff + r * aRs, dst = r; p < kc; p++, src += aCs, dst += MR) ap[dst] = a[src];
            }
        }
    }

    /** A partial tile at the bottom or right edge: run the full kernel on a copy, write back the valid part. */
    private static void edgeKernel(int kc, float[] ap, float[] bp, int bi, float[] c, int ci, int ldc,
                                   int mr, int nr, float[] tile) {
        Arrays.fill(tile, 0f);
        for (int r = 0; r < mr; r++) System.arraycopy(c, ci + r * ldc, tile, r * FNR, nr);
        kernel(kc, ap, 0, bp, bi, tile, 0, FNR);
        for (int r = 0; r < mr; r++) System.arraycopy(tile, r * FNR, c, ci + r * ldc, nr);
    }

    /**
     * The register tile: C[0:6, 0:FNR] += (packed A strip) @ (packed B panel) over {@code kc} steps,
     * with all 12 accumulators in named locals, which is the only way to keep them in registers.
     * C is loaded first and stored last, inline: a store helper per accumulator fell past C2's
     * inlining node budget, and a vector passed to a call that is not inlined is boxed on the
     * heap, which halved the speed.
     */
    static void kernel(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.fromArray(FS, c, ci), c01 = FloatVector.fromArray(FS, c, ci + FL);
        FloatVector c10 = FloatVector.fromArray(FS, c, ci + ldc), c11 = FloatVector.fromArray(FS, c, ci + ldc + FL);
        FloatVector c20 = FloatVector.fromArray(FS, c, ci + 2 * ldc), c21 = FloatVector.fromArray(FS, c, ci + 2 * ldc + FL);
        FloatVector c30 = FloatVector.fromArray(FS, c, ci + 3 * ldc), c31 = FloatVector.fromArray(FS, c, ci + 3 * ldc + FL);
        FloatVector c40 = FloatVector.fromArray(FS, c, ci + 4 * ldc), c41 = FloatVector.fromArray(FS, c, ci + 4 * ldc + FL);
        FloatVector c50 = FloatVector.fromArray(FS, c, ci + 5 * ldc), c51 = FloatVector.fromArray(FS, c, ci + 5 * ldc + FL);
        for (int p = 0; p < kc; p++, ai += MR, bi += FNR) {
            FloatVector b0 = FloatVector.fromArray(FS, bp, bi);
            FloatVector b1 = FloatVector.fromArray(FS, bp, bi + FL);
            FloatVector a0 = FloatVector.broadcast(FS, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(FS, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(FS, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(FS, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(FS, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(FS, ap[ai + 5]);
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

    // ---------------------------------------------------------------- double

    @Override
    public void dgemm(int m, int n, int k,
                      double[] a, int aOff, int aRs, int aCs,
                      double[] b, int bOff, int bRs, int bCs,
                      double[] c, int cOff, int ldc, boolean accumulate) {
        // The kernel always adds to C (no branch inside it), so "C =" starts from a zeroed C.
        if (!accumulate) {
            for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
        }
        Scratch s = SCRATCH.get();
        int bSize = Math.min(k, KC) * Math.min(DNC, (n + DNR - 1) / DNR * DNR);
        if (s.db.length < bSize) s.db = new double[bSize];
        if (s.da == null) {
            s.da = new double[MR * KC];
            s.dtile = new double[MR * DNR];
        }
        double[] bp = s.db, ap = s.da, tile = s.dtile;
        for (int jc = 0; jc < n; jc += DNC) {
            int nc = Math.min(DNC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(kc, nc, b, bOff + pc * bRs + jc * bCs, bRs, bCs, bp);
                for (int ir = 0; ir < m; ir += MR) {
                    int mr = Math.min(MR, m - ir);
                    packA(mr, kc, a, aOff + ir * aRs + pc * aCs, aRs, aCs, ap);
                    int cRow = cOff + ir * ldc + jc;
                    for (int jr = 0; jr < nc; jr += DNR) {
                        int nr = Math.min(DNR, nc - jr);
                        if (mr == MR && nr == DNR) {
                            kernel(kc, ap, 0, bp, jr * kc, c, cRow + jr, ldc);
                        } else {
                            edgeKernel(kc, ap, bp, jr * kc, c, cRow + jr, ldc, mr, nr, tile);
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs B[0:kc, 0:nc] as panels of DNR columns, panel q at {@code q*kc*DNR}, row p of it at
     * {@code p*DNR}; columns past nc are zeros. Reads along whichever of B's axes is contiguous.
     */
    private static void packB(int kc, int nc, double[] b, int bOff, int bRs, int bCs, double[] bp) {
        for (int jr = 0; jr < nc; jr += DNR) {
            int nr = Math.min(DNR, nc - jr);
            int panel = jr * kc;
            int src = bOff + jr * bCs;
            if (bCs == 1 && nr == DNR) {
                for (int p = 0, dst = panel; p < kc; p++, dst += DNR, src += bRs) {
                    DoubleVector.fromArray(DS, b, src).intoArray(bp, dst);
                    DoubleVector.fromArray(DS, b, src + DL).intoArray(bp, dst + DL);
                }
                continue;
            }
            if (nr < DNR) Arrays.fill(bp, panel, panel + kc * DNR, 0.0);
            if (bCs == 1) {
                for (int p = 0, dst = panel; p < kc; p++, dst += DNR, src += bRs) System.arraycopy(b, src, bp, dst, nr);
            } else if (bRs == 1) {
                // B is column-major (a transposed view): walk down each column.
                for (int j = 0; j < nr; j++, src += bCs) {
                    for (int p = 0, dst = panel + j; p < kc; p++, dst += DNR) bp[dst] = b[src + p];
                }
            } else {
                for (int p = 0, dst = panel; p < kc; p++, dst += DNR, src += bRs) {
                    for (int j = 0; j < nr; j++) bp[dst + j] = b[src + j * bCs];
                }
            }
        }
    }

    /** Packs A[0:mr, 0:kc] as {@code ap[p*MR + r]}; rows past mr are zeros. */
    private static void packA(int mr, int kc, double[] a, int aOff, int aRs, int aCs, double[] ap) {
        if (mr < MR) Arrays.fill(ap, 0, kc * MR, 0.0);
        if (aRs == 1 && aCs != 1) {
            // A is column-major (a transposed view): each step p reads MR neighbours.
            for (int p = 0, src = aOff, dst = 0; p < kc; p++, src += aCs, dst += MR) {
                for (int r = 0; r < mr; r++) ap[dst + r] = a[src + r];
            }
        } else {
            for (int r = 0; r < mr; r++) {
                for (int p = 0, src = aOff + r * aRs, dst = r; p < kc; p++, src += aCs, dst += MR) ap[dst] = a[src];
            }
        }
    }

    /** A partial tile at the bottom or right edge: run the full kernel on a copy, write back the valid part. */
    private static void edgeKernel(int kc, double[] ap, double[] bp, int bi, double[] c, int ci, int ldc,
                                   int mr, int nr, double[] tile) {
        Arrays.fill(tile, 0.0);
        for (int r = 0; r < mr; r++) System.arraycopy(c, ci + r * ldc, tile, r * DNR, nr);
        kernel(kc, ap, 0, bp, bi, tile, 0, DNR);
        for (int r = 0; r < mr; r++) System.arraycopy(tile, r * DNR, c, ci + r * ldc, nr);
    }

    /**
     * The register tile: C[0:6, 0:DNR] += (packed A strip) @ (packed B panel) over {@code kc} steps,
     * with all 12 accumulators in named locals, which is the only way to keep them in registers.
     * C is loaded first and stored last, inline: a store helper per accumulator fell past C2's
     * inlining node budget, and a vector passed to a call that is not inlined is boxed on the
     * heap, which halved the speed.
     */
    static void kernel(int kc, double[] ap, int ai, double[] bp, int bi, double[] c, int ci, int ldc) {
        DoubleVector c00 = DoubleVector.fromArray(DS, c, ci), c01 = DoubleVector.fromArray(DS, c, ci + DL);
        DoubleVector c10 = DoubleVector.fromArray(DS, c, ci + ldc), c11 = DoubleVector.fromArray(DS, c, ci + ldc + DL);
        DoubleVector c20 = DoubleVector.fromArray(DS, c, ci + 2 * ldc), c21 = DoubleVector.fromArray(DS, c, ci + 2 * ldc + DL);
        DoubleVector c30 = DoubleVector.fromArray(DS, c, ci + 3 * ldc), c31 = DoubleVector.fromArray(DS, c, ci + 3 * ldc + DL);
        DoubleVector c40 = DoubleVector.fromArray(DS, c, ci + 4 * ldc), c41 = DoubleVector.fromArray(DS, c, ci + 4 * ldc + DL);
        DoubleVector c50 = DoubleVector.fromArray(DS, c, ci + 5 * ldc), c51 = DoubleVector.fromArray(DS, c, ci + 5 * ldc + DL);
        for (int p = 0; p < kc; p++, ai += MR, bi += DNR) {
            DoubleVector b0 = DoubleVector.fromArray(DS, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(DS, bp, bi + DL);
            DoubleVector a0 = DoubleVector.broadcast(DS, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            DoubleVector a1 = DoubleVector.broadcast(DS, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            DoubleVector a2 = DoubleVector.broadcast(DS, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            DoubleVector a3 = DoubleVector.broadcast(DS, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            DoubleVector a4 = DoubleVector.broadcast(DS, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            DoubleVector a5 = DoubleVector.broadcast(DS, ap[ai + 5]);
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

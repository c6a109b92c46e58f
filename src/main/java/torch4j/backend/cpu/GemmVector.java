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
 * panels (zero-padded, so the micro-kernel never needs a mask); a strip of 6 or 8 rows, whose
 * A[rows x KC] is packed into an L1-sized buffer; then one micro-kernel call per panel. The packed
 * A strip stays in L1 while the B block streams from L2, and every load in the kernel is unit
 * stride whatever the strides of the caller's A and B.
 *
 * <p>The micro-tile is 8 rows by two vectors (8 x 32 floats or 8 x 16 doubles with
 * 512-bit vectors): 16 accumulators, two B loads and eight broadcasts per step, enough independent
 * FMAs to cover their latency (12 rows measured no better on Zen 4); 6 rows where vectors are
 * narrower, see {@link #GemmVector()}.
 */
final class GemmVector implements GemmKernel {

    // The species must be static final constants: C2 only intrinsifies vector operations whose
    // species it can see at compile time, and is ~100x slower otherwise.
    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    static final int FL = FS.length();
    static final int DL = DS.length();

    /** Most rows a register tile can have; sizes the scratch buffers. */
    static final int MAX_ROWS = 8;
    /** Columns of the float register tile: two vectors. */
    static final int FNR = 2 * FL;
    /** Columns of the double register tile: two vectors. */
    static final int DNR = 2 * DL;
    /** Depth of a packed block: an A strip is 8 x KC floats = 8 KiB, well inside L1. */
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

    /** Rows of the register tile, 8 or 6. */
    private final int rows;

    /**
     * The kernel for this machine: 8-row tiles where vectors are 512 bits (AVX-512 has 32
     * registers, and 8 rows measured 4-7% faster than 6 on Zen 4), else 6 rows, whose 12
     * accumulators fit AVX2's 16 registers.
     */
    GemmVector() {
        this(FS.vectorBitSize() >= 512 ? 8 : 6);
    }

    /**
     * A kernel with {@code rows}-row tiles (6 or 8), so tests can run both anywhere. Refuses to be
     * built where the preferred vectors are too narrow to pay off (no SIMD the JIT can use): the
     * Vector API still works there, but through its slow Java fallback.
     */
    GemmVector(int rows) {
        if (rows != 6 && rows != 8) throw new IllegalArgumentException("rows must be 6 or 8 but got " + rows);
        if (FS.vectorBitSize() < 128 || DL < 2) {
            throw new UnsupportedOperationException("no SIMD: preferred float vector is " + FS.vectorBitSize() + " bits");
        }
        this.rows = rows;
    }

    @Override
    public String name() {
        return "Vector API (" + FS.vectorBitSize() + "-bit)";
    }

    @Override
    public String toString() {
        return name() + ", " + rows + "-row tiles";
    }

    @Override
    public int tileRows() {
        return rows;
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
            s.fa = new float[MAX_ROWS * KC];
            s.ftile = new float[MAX_ROWS * FNR];
        }
        float[] bp = s.fb, ap = s.fa, tile = s.ftile;
        for (int jc = 0; jc < n; jc += FNC) {
            int nc = Math.min(FNC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(kc, nc, b, bOff + pc * bRs + jc * bCs, bRs, bCs, bp);
                for (int ir = 0; ir < m; ir += rows) {
                    int mr = Math.min(rows, m - ir);
                    packA(rows, mr, kc, a, aOff + ir * aRs + pc * aCs, aRs, aCs, ap);
                    int cRow = cOff + ir * ldc + jc;
                    for (int jr = 0; jr < nc; jr += FNR) {
                        int nr = Math.min(FNR, nc - jr);
                        if (mr == rows && nr == FNR) {
                            kernel(rows, kc, ap, bp, jr * kc, c, cRow + jr, ldc);
                        } else {
                            edgeKernel(rows, kc, ap, bp, jr * kc, c, cRow + jr, ldc, mr, nr, tile);
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

    /** Packs A[0:mr, 0:kc] as {@code ap[p*rows + r]}; rows past mr are zeros. */
    private static void packA(int rows, int mr, int kc, float[] a, int aOff, int aRs, int aCs, float[] ap) {
        if (mr < rows) Arrays.fill(ap, 0, kc * rows, 0f);
        if (aRs == 1 && aCs != 1) {
            // A is column-major (a transposed view): each step p reads mr neighbours.
            for (int p = 0, src = aOff, dst = 0; p < kc; p++, src += aCs, dst += rows) {
                for (int r = 0; r < mr; r++) ap[dst + r] = a[src + r];
            }
        } else {
            for (int r = 0; r < mr; r++) {
                for (int p = 0, src = aOff + r * aRs, dst = r; p < kc; p++, src += aCs, dst += rows) ap[dst] = a[src];
            }
        }
    }

    /** A partial tile at the bottom or right edge: run the full kernel on a copy, write back the valid part. */
    private static void edgeKernel(int rows, int kc, float[] ap, float[] bp, int bi, float[] c, int ci, int ldc,
                                   int mr, int nr, float[] tile) {
        Arrays.fill(tile, 0f);
        for (int r = 0; r < mr; r++) System.arraycopy(c, ci + r * ldc, tile, r * FNR, nr);
        kernel(rows, kc, ap, bp, bi, tile, 0, FNR);
        for (int r = 0; r < mr; r++) System.arraycopy(tile, r * FNR, c, ci + r * ldc, nr);
    }

    /** C[0:rows, 0:FNR] += (packed A strip) @ (packed B panel at {@code bi}) over {@code kc} steps. */
    private static void kernel(int rows, int kc, float[] ap, float[] bp, int bi, float[] c, int ci, int ldc) {
        if (rows == 8) {
            kernel8(kc, ap, bp, bi, c, ci, ldc);
        } else {
            kernel6(kc, ap, bp, bi, c, ci, ldc);
        }
    }

    /**
     * The register tile, 8 rows by two vectors, with all 16 accumulators in named locals: the only
     * way to keep them in registers. C is loaded first and stored last, inline: a store helper per
     * accumulator fell past C2's inlining node budget, and a vector passed to a call that is not
     * inlined is boxed on the heap, which halved the speed. Both kernels stay separate methods
     * small enough for C2 to compile quickly and whole.
     */
    private static void kernel8(int kc, float[] ap, float[] bp, int bi, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.fromArray(FS, c, ci), c01 = FloatVector.fromArray(FS, c, ci + FL);
        FloatVector c10 = FloatVector.fromArray(FS, c, ci + ldc), c11 = FloatVector.fromArray(FS, c, ci + ldc + FL);
        FloatVector c20 = FloatVector.fromArray(FS, c, ci + 2 * ldc), c21 = FloatVector.fromArray(FS, c, ci + 2 * ldc + FL);
        FloatVector c30 = FloatVector.fromArray(FS, c, ci + 3 * ldc), c31 = FloatVector.fromArray(FS, c, ci + 3 * ldc + FL);
        FloatVector c40 = FloatVector.fromArray(FS, c, ci + 4 * ldc), c41 = FloatVector.fromArray(FS, c, ci + 4 * ldc + FL);
        FloatVector c50 = FloatVector.fromArray(FS, c, ci + 5 * ldc), c51 = FloatVector.fromArray(FS, c, ci + 5 * ldc + FL);
        FloatVector c60 = FloatVector.fromArray(FS, c, ci + 6 * ldc), c61 = FloatVector.fromArray(FS, c, ci + 6 * ldc + FL);
        FloatVector c70 = FloatVector.fromArray(FS, c, ci + 7 * ldc), c71 = FloatVector.fromArray(FS, c, ci + 7 * ldc + FL);
        for (int p = 0, ai = 0; p < kc; p++, ai += 8, bi += FNR) {
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
            FloatVector a6 = FloatVector.broadcast(FS, ap[ai + 6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(FS, ap[ai + 7]);
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
    private static void kernel6(int kc, float[] ap, float[] bp, int bi, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.fromArray(FS, c, ci), c01 = FloatVector.fromArray(FS, c, ci + FL);
        FloatVector c10 = FloatVector.fromArray(FS, c, ci + ldc), c11 = FloatVector.fromArray(FS, c, ci + ldc + FL);
        FloatVector c20 = FloatVector.fromArray(FS, c, ci + 2 * ldc), c21 = FloatVector.fromArray(FS, c, ci + 2 * ldc + FL);
        FloatVector c30 = FloatVector.fromArray(FS, c, ci + 3 * ldc), c31 = FloatVector.fromArray(FS, c, ci + 3 * ldc + FL);
        FloatVector c40 = FloatVector.fromArray(FS, c, ci + 4 * ldc), c41 = FloatVector.fromArray(FS, c, ci + 4 * ldc + FL);
        FloatVector c50 = FloatVector.fromArray(FS, c, ci + 5 * ldc), c51 = FloatVector.fromArray(FS, c, ci + 5 * ldc + FL);
        for (int p = 0, ai = 0; p < kc; p++, ai += 6, bi += FNR) {
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
            s.da = new double[MAX_ROWS * KC];
            s.dtile = new double[MAX_ROWS * DNR];
        }
        double[] bp = s.db, ap = s.da, tile = s.dtile;
        for (int jc = 0; jc < n; jc += DNC) {
            int nc = Math.min(DNC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(kc, nc, b, bOff + pc * bRs + jc * bCs, bRs, bCs, bp);
                for (int ir = 0; ir < m; ir += rows) {
                    int mr = Math.min(rows, m - ir);
                    packA(rows, mr, kc, a, aOff + ir * aRs + pc * aCs, aRs, aCs, ap);
                    int cRow = cOff + ir * ldc + jc;
                    for (int jr = 0; jr < nc; jr += DNR) {
                        int nr = Math.min(DNR, nc - jr);
                        if (mr == rows && nr == DNR) {
                            kernel(rows, kc, ap, bp, jr * kc, c, cRow + jr, ldc);
                        } else {
                            edgeKernel(rows, kc, ap, bp, jr * kc, c, cRow + jr, ldc, mr, nr, tile);
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

    /** Packs A[0:mr, 0:kc] as {@code ap[p*rows + r]}; rows past mr are zeros. */
    private static void packA(int rows, int mr, int kc, double[] a, int aOff, int aRs, int aCs, double[] ap) {
        if (mr < rows) Arrays.fill(ap, 0, kc * rows, 0.0);
        if (aRs == 1 && aCs != 1) {
            // A is column-major (a transposed view): each step p reads mr neighbours.
            for (int p = 0, src = aOff, dst = 0; p < kc; p++, src += aCs, dst += rows) {
                for (int r = 0; r < mr; r++) ap[dst + r] = a[src + r];
            }
        } else {
            for (int r = 0; r < mr; r++) {
                for (int p = 0, src = aOff + r * aRs, dst = r; p < kc; p++, src += aCs, dst += rows) ap[dst] = a[src];
            }
        }
    }

    /** A partial tile at the bottom or right edge: run the full kernel on a copy, write back the valid part. */
    private static void edgeKernel(int rows, int kc, double[] ap, double[] bp, int bi, double[] c, int ci, int ldc,
                                   int mr, int nr, double[] tile) {
        Arrays.fill(tile, 0.0);
        for (int r = 0; r < mr; r++) System.arraycopy(c, ci + r * ldc, tile, r * DNR, nr);
        kernel(rows, kc, ap, bp, bi, tile, 0, DNR);
        for (int r = 0; r < mr; r++) System.arraycopy(tile, r * DNR, c, ci + r * ldc, nr);
    }

    /** C[0:rows, 0:DNR] += (packed A strip) @ (packed B panel at {@code bi}) over {@code kc} steps. */
    private static void kernel(int rows, int kc, double[] ap, double[] bp, int bi, double[] c, int ci, int ldc) {
        if (rows == 8) {
            kernel8(kc, ap, bp, bi, c, ci, ldc);
        } else {
            kernel6(kc, ap, bp, bi, c, ci, ldc);
        }
    }

    private static void kernel8(int kc, double[] ap, double[] bp, int bi, double[] c, int ci, int ldc) {
        DoubleVector c00 = DoubleVector.fromArray(DS, c, ci), c01 = DoubleVector.fromArray(DS, c, ci + DL);
        DoubleVector c10 = DoubleVector.fromArray(DS, c, ci + ldc), c11 = DoubleVector.fromArray(DS, c, ci + ldc + DL);
        DoubleVector c20 = DoubleVector.fromArray(DS, c, ci + 2 * ldc), c21 = DoubleVector.fromArray(DS, c, ci + 2 * ldc + DL);
        DoubleVector c30 = DoubleVector.fromArray(DS, c, ci + 3 * ldc), c31 = DoubleVector.fromArray(DS, c, ci + 3 * ldc + DL);
        DoubleVector c40 = DoubleVector.fromArray(DS, c, ci + 4 * ldc), c41 = DoubleVector.fromArray(DS, c, ci + 4 * ldc + DL);
        DoubleVector c50 = DoubleVector.fromArray(DS, c, ci + 5 * ldc), c51 = DoubleVector.fromArray(DS, c, ci + 5 * ldc + DL);
        DoubleVector c60 = DoubleVector.fromArray(DS, c, ci + 6 * ldc), c61 = DoubleVector.fromArray(DS, c, ci + 6 * ldc + DL);
        DoubleVector c70 = DoubleVector.fromArray(DS, c, ci + 7 * ldc), c71 = DoubleVector.fromArray(DS, c, ci + 7 * ldc + DL);
        for (int p = 0, ai = 0; p < kc; p++, ai += 8, bi += DNR) {
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
            DoubleVector a6 = DoubleVector.broadcast(DS, ap[ai + 6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            DoubleVector a7 = DoubleVector.broadcast(DS, ap[ai + 7]);
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

    private static void kernel6(int kc, double[] ap, double[] bp, int bi, double[] c, int ci, int ldc) {
        DoubleVector c00 = DoubleVector.fromArray(DS, c, ci), c01 = DoubleVector.fromArray(DS, c, ci + DL);
        DoubleVector c10 = DoubleVector.fromArray(DS, c, ci + ldc), c11 = DoubleVector.fromArray(DS, c, ci + ldc + DL);
        DoubleVector c20 = DoubleVector.fromArray(DS, c, ci + 2 * ldc), c21 = DoubleVector.fromArray(DS, c, ci + 2 * ldc + DL);
        DoubleVector c30 = DoubleVector.fromArray(DS, c, ci + 3 * ldc), c31 = DoubleVector.fromArray(DS, c, ci + 3 * ldc + DL);
        DoubleVector c40 = DoubleVector.fromArray(DS, c, ci + 4 * ldc), c41 = DoubleVector.fromArray(DS, c, ci + 4 * ldc + DL);
        DoubleVector c50 = DoubleVector.fromArray(DS, c, ci + 5 * ldc), c51 = DoubleVector.fromArray(DS, c, ci + 5 * ldc + DL);
        for (int p = 0, ai = 0; p < kc; p++, ai += 6, bi += DNR) {
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

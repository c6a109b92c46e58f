package torch4j.backend.cpu;

import static torch4j.backend.cpu.GemmVectorTiles.tile;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API GEMM kernel (Goto/BLIS style), single-threaded; {@link CpuGemm} splits big
 * products over threads and is the only class that may load this one (reflectively, after checking
 * that {@code jdk.incubator.vector} is in the boot layer). The register tiles are in
 * {@link GemmVectorTiles}.
 *
 * <p>Loop nest, outside in: a column block of {@code NC} columns of C; a depth block of {@code KC}
 * steps of k, for which B[KC x NC] is packed into a thread-local buffer as {@code 2 * lanes}-wide
 * panels (zero-padded, so the register tile never needs a mask); a strip of 8 (or 6) rows of A,
 * read in place; then one register tile per panel. Only a partial strip at the bottom edge is
 * copied, with zero rows below it.
 *
 * <p>Packing B is a plain vector copy when B is row-major, but a transpose when B is a transposed
 * view, as the weight of {@code x @ w.t()} is: about 1 ns for every 3 elements, a quarter of the time of
 * a 64x256x784 product. When A is much smaller than B the kernel then computes the transposed
 * product {@code C^T = B^T A^T} instead (see {@link #transposes}): B^T is read in place and only A
 * is packed, at the price of writing C through a small transposing copy of each tile.
 *
 * <p>The register tile is 8 rows by two vectors (8 x 32 floats or 8 x 16 doubles with 512-bit
 * vectors): 16 accumulators, two B loads and eight broadcasts per step, enough independent FMAs
 * to cover their latency (12 rows measured no better on Zen 4); 6 rows where vectors are narrower,
 * see {@link #GemmVector()}.
 */
final class GemmVector implements GemmKernel {

    // The species must be static final constants: C2 only intrinsifies vector operations whose
    // species it can see at compile time, and is ~100x slower otherwise.
    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    static final int FL = FS.length();
    static final int DL = DS.length();

    /** Floats in a 64-byte cache line. */
    private static final int LINE_FLOATS = 16;
    /** Where {@link #touchColumns} leaves its sum; never read. */
    @SuppressWarnings("unused")
    private static float touched;

    /** Most rows a register tile can have; sizes the scratch buffers. */
    static final int MAX_ROWS = 8;
    /** Columns of the float register tile: two vectors. */
    static final int FNR = 2 * FL;
    /** Columns of the double register tile: two vectors. */
    static final int DNR = 2 * DL;
    /** Depth of a packed block of B: a strip of A is 8 x KC floats = 8 KiB, well inside L1. */
    static final int KC = 256;
    /** Width of a packed float block of B: KC x FNC floats = 1 MiB (the packed panels stream from L2/L3). */
    static final int FNC = Math.max(FNR, 1024 / FNR * FNR);
    /** Width of a packed double block: the same bytes as the float one. */
    static final int DNC = Math.max(DNR, 512 / DNR * DNR);

    /**
     * Per-thread packing buffers, grown on first use and then reused, so steady-state calls
     * allocate nothing. Worst case per thread and dtype: 1 MiB for packed B, 256 KiB for a partial
     * strip of A as deep as the transposed product's one-block k.
     */
    private static final class Scratch {
        float[] fb = new float[0];
        float[] fa = new float[0];
        final float[] ftile = new float[MAX_ROWS * FNR];
        double[] db = new double[0];
        double[] da = new double[0];
        final double[] dtile = new double[MAX_ROWS * DNR];
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

    /**
     * True when C = A @ B is better computed as C^T = B^T A^T: B is a transposed view (so packing
     * it is a transpose), A has at least a panel's width of rows (fewer would leave the transposed
     * product's panels mostly padding), and packing the {@code (n - m) x k} elements saved outweighs
     * writing the {@code m x n} elements of C through a transposing copy. Holds for the forward
     * product of a Linear layer with a batch of 32 to 64 rows and 256 to 784 inputs, not for k below
     * about 4 m n / (n - m).
     */
    @Override
    public boolean transposes(int m, int n, int k, int bRs, int bCs, int panel) {
        return bRs == 1 && bCs != 1 && m >= panel && m < n
                && (long) (n - m) * k > (long) GemmGrid.TRANSPOSED_WRITE_COST * m * n;
    }

    // ---------------------------------------------------------------- float

    @Override
    public void sgemm(int m, int n, int k,
                      float[] a, int aOff, int aRs, int aCs,
                      float[] b, int bOff, int bRs, int bCs,
                      float[] c, int cOff, int ldc, boolean accumulate) {
        if (k == 0) {
            // No depth block to start from zero: C = A @ B with nothing to sum must still clear C.
            if (!accumulate) for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            return;
        }
        if (transposes(m, n, k, bRs, bCs, FNR)) {
            blocked(n, m, k, b, bOff, bCs, bRs, a, aOff, aCs, aRs, c, cOff, 1, ldc, accumulate);
        } else {
            blocked(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, 1, accumulate);
        }
    }

    /**
     * The loop nest over C's elements (i, j) at {@code c[cOff + i*cRs + j*cCs]}: row-major C
     * ({@code cCs == 1}) or the transposed product's ({@code cRs == 1}), whose tiles are written
     * through {@link #transposedTile}. The transposed product takes k in one block where B's block
     * stays within 1 MiB: that copy of C then happens once instead of once per 256 steps.
     */
    private void blocked(int m, int n, int k, float[] a, int aOff, int aRs, int aCs, float[] b, int bOff, int bRs, int bCs,
                         float[] c, int cOff, int cRs, int cCs, boolean accumulate) {
        int ncMax = Math.min(FNC, (n + FNR - 1) / FNR * FNR);
        int kcMax = cCs == 1 ? KC : Math.max(KC, Math.min(k, KC * FNC / ncMax));
        Scratch s = SCRATCH.get();
        if (s.fb.length < Math.min(k, kcMax) * ncMax) s.fb = new float[Math.min(k, kcMax) * ncMax];
        if (m % rows != 0 && s.fa.length < rows * kcMax) s.fa = new float[rows * kcMax];
        float[] bp = s.fb, ap = s.fa, copy = s.ftile;
        for (int jc = 0; jc < n; jc += FNC) {
            int nc = Math.min(FNC, n - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                // "C =" starts from zero in its first depth block and adds the later ones.
                boolean load = accumulate || pc > 0;
                packB(kc, nc, b, bOff + pc * bRs + jc * bCs, bRs, bCs, bp);
                for (int ir = 0; ir < m; ir += rows) {
                    int mr = Math.min(rows, m - ir);
                    float[] sa = a;
                    int ai = aOff + ir * aRs + pc * aCs, sRs = aRs, sCs = aCs;
                    if (mr < rows) {
                        packA(rows, mr, kc, a, ai, aRs, aCs, ap);
                        sa = ap;
                        ai = 0;
                        sRs = 1;
                        sCs = rows;
                    }
                    int ci = cOff + ir * cRs + jc * cCs;
                    for (int jr = 0; jr < nc; jr += FNR) {
                        int nr = Math.min(FNR, nc - jr);
                        if (cCs != 1) {
                            transposedTile(rows, kc, sa, ai, sRs, sCs, bp, jr * kc, c, ci + jr * cCs, cCs, mr, nr, copy, load);
                        } else if (mr == rows && nr == FNR) {
                            tile(rows, kc, sa, ai, sRs, sCs, bp, jr * kc, c, ci + jr, cRs, load);
                        } else {
                            edgeTile(rows, kc, sa, ai, sRs, sCs, bp, jr * kc, c, ci + jr, cRs, mr, nr, copy, load);
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
                // B is column-major (a transposed view): walk down two columns at once, 30% faster
                // than one; the index p * FNR lets C2 drop the stores' bounds checks.
                touchColumns(kc, nr, b, src, bCs);
                int j = 0;
                for (; j + 1 < nr; j += 2, src += 2 * bCs) {
                    int s1 = src + bCs, dst = panel + j;
                    for (int p = 0; p < kc; p++) {
                        bp[dst + p * FNR] = b[src + p];
                        bp[dst + p * FNR + 1] = b[s1 + p];
                    }
                }
                if (j < nr) {
                    for (int p = 0, dst = panel + j; p < kc; p++) bp[dst + p * FNR] = b[src + p];
                }
            } else {
                for (int p = 0, dst = panel; p < kc; p++, dst += FNR, src += bRs) {
                    for (int j = 0; j < nr; j++) bp[dst + j] = b[src + j * bCs];
                }
            }
        }
    }

    /**
     * Reads one element per cache line of {@code nr} columns of {@code kc} elements, {@code bCs}
     * apart, before they are copied across into panel rows. The copy's scattered stores hold back
     * its loads: on a batch not in cache (the input of a Linear layer, new each step) the copy of a
     * 784 x 32 panel took 18 us alone, and 11.6 us after this pass, which takes 3 of them (1.3 us
     * lost when the columns are already in cache). Inside the MLP step it took 14-18 us, and 12-14
     * after this pass. The sum goes to a field so that the reads stay.
     */
    private static void touchColumns(int kc, int nr, float[] b, int src, int bCs) {
        float sum = 0;
        for (int j = 0; j < nr; j++) {
            for (int p = 0, s = src + j * bCs; p < kc; p += LINE_FLOATS) sum += b[s + p];
        }
        touched = sum;
    }

    private static void touchColumns(int kc, int nr, double[] b, int src, int bCs) {
        double sum = 0;
        for (int j = 0; j < nr; j++) {
            for (int p = 0, s = src + j * bCs; p < kc; p += LINE_FLOATS / 2) sum += b[s + p];
        }
        touched = (float) sum;
    }

    /** Packs a partial strip A[0:mr, 0:kc] (mr < rows) as {@code ap[p*rows + r]}, with zero rows below it. */
    private static void packA(int rows, int mr, int kc, float[] a, int aOff, int aRs, int aCs, float[] ap) {
        Arrays.fill(ap, 0, kc * rows, 0f);
        for (int r = 0; r < mr; r++) {
            for (int p = 0, src = aOff + r * aRs, dst = r; p < kc; p++, src += aCs, dst += rows) ap[dst] = a[src];
        }
    }

    /** A partial tile at the bottom or right edge: run the full tile on a copy, write back the valid part. */
    private static void edgeTile(int rows, int kc, float[] a, int ai, int aRs, int aCs, float[] bp, int bi,
                                 float[] c, int ci, int ldc, int mr, int nr, float[] copy, boolean load) {
        if (load) {
            for (int r = 0; r < mr; r++) System.arraycopy(c, ci + r * ldc, copy, r * FNR, nr);
        }
        tile(rows, kc, a, ai, aRs, aCs, bp, bi, copy, 0, FNR, load);
        for (int r = 0; r < mr; r++) System.arraycopy(copy, r * FNR, c, ci + r * ldc, nr);
    }

    /**
     * A tile of the transposed product, whose rows are C's columns: run it on a copy and write the
     * copy back transposed, one tile row (a column of C, {@code cCs} apart) at a time.
     */
    private static void transposedTile(int rows, int kc, float[] a, int ai, int aRs, int aCs, float[] bp, int bi,
                                       float[] c, int ci, int cCs, int mr, int nr, float[] copy, boolean load) {
        if (load) {
            for (int r = 0; r < mr; r++) {
                for (int q = 0; q < nr; q++) copy[r * FNR + q] = c[ci + r + q * cCs];
            }
        }
        tile(rows, kc, a, ai, aRs, aCs, bp, bi, copy, 0, FNR, load);
        for (int r = 0; r < mr; r++) {
            for (int q = 0; q < nr; q++) c[ci + r + q * cCs] = copy[r * FNR + q];
        }
    }

    // ---------------------------------------------------------------- double

    @Override
    public void dgemm(int m, int n, int k,
                      double[] a, int aOff, int aRs, int aCs,
                      double[] b, int bOff, int bRs, int bCs,
                      double[] c, int cOff, int ldc, boolean accumulate) {
        if (k == 0) {
            if (!accumulate) for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
            return;
        }
        if (transposes(m, n, k, bRs, bCs, DNR)) {
            blocked(n, m, k, b, bOff, bCs, bRs, a, aOff, aCs, aRs, c, cOff, 1, ldc, accumulate);
        } else {
            blocked(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, 1, accumulate);
        }
    }

    private void blocked(int m, int n, int k, double[] a, int aOff, int aRs, int aCs, double[] b, int bOff, int bRs, int bCs,
                         double[] c, int cOff, int cRs, int cCs, boolean accumulate) {
        int ncMax = Math.min(DNC, (n + DNR - 1) / DNR * DNR);
        int kcMax = cCs == 1 ? KC : Math.max(KC, Math.min(k, KC * DNC / ncMax));
        Scratch s = SCRATCH.get();
        if (s.db.length < Math.min(k, kcMax) * ncMax) s.db = new double[Math.min(k, kcMax) * ncMax];
        if (m % rows != 0 && s.da.length < rows * kcMax) s.da = new double[rows * kcMax];
        double[] bp = s.db, ap = s.da, copy = s.dtile;
        for (int jc = 0; jc < n; jc += DNC) {
            int nc = Math.min(DNC, n - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                boolean load = accumulate || pc > 0;
                packB(kc, nc, b, bOff + pc * bRs + jc * bCs, bRs, bCs, bp);
                for (int ir = 0; ir < m; ir += rows) {
                    int mr = Math.min(rows, m - ir);
                    double[] sa = a;
                    int ai = aOff + ir * aRs + pc * aCs, sRs = aRs, sCs = aCs;
                    if (mr < rows) {
                        packA(rows, mr, kc, a, ai, aRs, aCs, ap);
                        sa = ap;
                        ai = 0;
                        sRs = 1;
                        sCs = rows;
                    }
                    int ci = cOff + ir * cRs + jc * cCs;
                    for (int jr = 0; jr < nc; jr += DNR) {
                        int nr = Math.min(DNR, nc - jr);
                        if (cCs != 1) {
                            transposedTile(rows, kc, sa, ai, sRs, sCs, bp, jr * kc, c, ci + jr * cCs, cCs, mr, nr, copy, load);
                        } else if (mr == rows && nr == DNR) {
                            tile(rows, kc, sa, ai, sRs, sCs, bp, jr * kc, c, ci + jr, cRs, load);
                        } else {
                            edgeTile(rows, kc, sa, ai, sRs, sCs, bp, jr * kc, c, ci + jr, cRs, mr, nr, copy, load);
                        }
                    }
                }
            }
        }
    }

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
                touchColumns(kc, nr, b, src, bCs);
                int j = 0;
                for (; j + 1 < nr; j += 2, src += 2 * bCs) {
                    int s1 = src + bCs, dst = panel + j;
                    for (int p = 0; p < kc; p++) {
                        bp[dst + p * DNR] = b[src + p];
                        bp[dst + p * DNR + 1] = b[s1 + p];
                    }
                }
                if (j < nr) {
                    for (int p = 0, dst = panel + j; p < kc; p++) bp[dst + p * DNR] = b[src + p];
                }
            } else {
                for (int p = 0, dst = panel; p < kc; p++, dst += DNR, src += bRs) {
                    for (int j = 0; j < nr; j++) bp[dst + j] = b[src + j * bCs];
                }
            }
        }
    }

    private static void packA(int rows, int mr, int kc, double[] a, int aOff, int aRs, int aCs, double[] ap) {
        Arrays.fill(ap, 0, kc * rows, 0.0);
        for (int r = 0; r < mr; r++) {
            for (int p = 0, src = aOff + r * aRs, dst = r; p < kc; p++, src += aCs, dst += rows) ap[dst] = a[src];
        }
    }

    private static void edgeTile(int rows, int kc, double[] a, int ai, int aRs, int aCs, double[] bp, int bi,
                                 double[] c, int ci, int ldc, int mr, int nr, double[] copy, boolean load) {
        if (load) {
            for (int r = 0; r < mr; r++) System.arraycopy(c, ci + r * ldc, copy, r * DNR, nr);
        }
        tile(rows, kc, a, ai, aRs, aCs, bp, bi, copy, 0, DNR, load);
        for (int r = 0; r < mr; r++) System.arraycopy(copy, r * DNR, c, ci + r * ldc, nr);
    }

    private static void transposedTile(int rows, int kc, double[] a, int ai, int aRs, int aCs, double[] bp, int bi,
                                       double[] c, int ci, int cCs, int mr, int nr, double[] copy, boolean load) {
        if (load) {
            for (int r = 0; r < mr; r++) {
                for (int q = 0; q < nr; q++) copy[r * DNR + q] = c[ci + r + q * cCs];
            }
        }
        tile(rows, kc, a, ai, aRs, aCs, bp, bi, copy, 0, DNR, load);
        for (int r = 0; r < mr; r++) {
            for (int q = 0; q < nr; q++) c[ci + r + q * cCs] = copy[r * DNR + q];
        }
    }
}

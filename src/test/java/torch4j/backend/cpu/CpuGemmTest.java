package torch4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every GEMM path against a naive triple loop in double precision: the scalar kernel, the Vector
 * API kernel with both its tile heights (when its module is present, as it is under the project's
 * Surefire settings) and the public entry points, which add the tiny/skinny loops and the thread split. Sizes are odd so that
 * every edge tile is hit, and each case draws its own strides: contiguous, transposed, padded rows,
 * strided columns and stride-0 broadcasts, with offsets, ldc > n and both accumulate modes.
 */
class CpuGemmTest {

    /** A strided view of a matrix inside a larger array: element (i, j) is at off + i*rs + j*cs. */
    private record View(String name, int off, int rs, int cs, int size) {}

    /** How to lay out a rows x cols operand; layout 0..5 = contiguous, transposed, padded, strided, row broadcast, column broadcast. */
    private static View layout(int kind, int rows, int cols, Random rnd) {
        int off = rnd.nextInt(5);
        return switch (kind) {
            case 0 -> new View("contiguous", off, cols, 1, off + rows * cols);
            case 1 -> new View("transposed", off, 1, rows, off + rows * cols);
            case 2 -> new View("padded", off, cols + 3, 1, off + rows * (cols + 3));
            case 3 -> new View("strided", off, 2 * cols + 1, 2, off + rows * (2 * cols + 1));
            case 4 -> new View("row-broadcast", off, 0, 1, off + cols);      // every row the same
            case 5 -> new View("col-broadcast", off, 1, 0, off + rows);      // every column the same
            default -> throw new IllegalArgumentException();
        };
    }

    private static final int LAYOUTS = 6;

    /** Who computes the product: a kernel directly (single-threaded) or the public API. */
    private interface Gemm {
        void s(int m, int n, int k, float[] a, int aOff, int aRs, int aCs, float[] b, int bOff, int bRs, int bCs,
               float[] c, int cOff, int ldc, boolean acc);

        void d(int m, int n, int k, double[] a, int aOff, int aRs, int aCs, double[] b, int bOff, int bRs, int bCs,
               double[] c, int cOff, int ldc, boolean acc);
    }

    private static Gemm of(GemmKernel k) {
        return new Gemm() {
            public void s(int m, int n, int kk, float[] a, int ao, int ar, int ac, float[] b, int bo, int br, int bc,
                          float[] c, int co, int ldc, boolean acc) {
                k.sgemm(m, n, kk, a, ao, ar, ac, b, bo, br, bc, c, co, ldc, acc);
            }

            public void d(int m, int n, int kk, double[] a, int ao, int ar, int ac, double[] b, int bo, int br, int bc,
                          double[] c, int co, int ldc, boolean acc) {
                k.dgemm(m, n, kk, a, ao, ar, ac, b, bo, br, bc, c, co, ldc, acc);
            }
        };
    }

    private static final Gemm API = new Gemm() {
        public void s(int m, int n, int k, float[] a, int ao, int ar, int ac, float[] b, int bo, int br, int bc,
                      float[] c, int co, int ldc, boolean acc) {
            CpuGemm.sgemm(m, n, k, a, ao, ar, ac, b, bo, br, bc, c, co, ldc, acc);
        }

        public void d(int m, int n, int k, double[] a, int ao, int ar, int ac, double[] b, int bo, int br, int bc,
                      double[] c, int co, int ldc, boolean acc) {
            CpuGemm.dgemm(m, n, k, a, ao, ar, ac, b, bo, br, bc, c, co, ldc, acc);
        }
    };

    private static final Gemm SCALAR = of(CpuGemm.SCALAR);
    /** The vector kernel with 8-row and with 6-row tiles, whichever this machine would pick. */
    private static final Gemm VECTOR8 = vector(8), VECTOR6 = vector(6);

    /** Built reflectively, as CpuGemm does, so this class also loads where the module is absent. */
    private static Gemm vector(int rows) {
        if (CpuGemm.VECTOR == null) return null;
        try {
            return of((GemmKernel) Class.forName("torch4j.backend.cpu.GemmVector")
                    .getDeclaredConstructor(int.class).newInstance(rows));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Gemm> gemms() {
        List<Gemm> list = new ArrayList<>();
        list.add(SCALAR);
        if (VECTOR8 != null) {
            list.add(VECTOR8);
            list.add(VECTOR6);
        }
        list.add(API);
        return list;
    }

    private static String who(Gemm g) {
        if (g == API) return "CpuGemm(" + CpuGemm.VECTOR + ")";
        return g == SCALAR ? "scalar" : g == VECTOR8 ? "vector 8-row" : "vector 6-row";
    }

    /** One random case in both dtypes; fails with a message naming the case. */
    private static void check(Gemm g, int m, int n, int k, int aKind, int bKind, boolean acc, long seed) {
        Random rnd = new Random(seed);
        View av = layout(aKind, m, k, rnd), bv = layout(bKind, k, n, rnd);
        int cOff = rnd.nextInt(7), ldc = n + rnd.nextInt(4);
        int cSize = cOff + Math.max(0, m - 1) * ldc + n + 5;
        String what = who(g) + " m=" + m + " n=" + n + " k=" + k + " A " + av.name + " B " + bv.name
                + " acc=" + acc + " ldc=" + ldc + " seed=" + seed;

        double[] a = new double[av.size], b = new double[bv.size], c0 = new double[cSize];
        for (int i = 0; i < a.length; i++) a[i] = rnd.nextDouble() * 2 - 1;
        for (int i = 0; i < b.length; i++) b[i] = rnd.nextDouble() * 2 - 1;
        for (int i = 0; i < c0.length; i++) c0[i] = rnd.nextDouble() * 2 - 1;
        float[] af = toFloat(a), bf = toFloat(b);
        // Round the inputs to float first so that one reference serves both dtypes.
        for (int i = 0; i < a.length; i++) a[i] = af[i];
        for (int i = 0; i < b.length; i++) b[i] = bf[i];
        for (int i = 0; i < c0.length; i++) c0[i] = (float) c0[i];

        double[] want = new double[m * n], scale = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0, abs = 0;
                for (int p = 0; p < k; p++) {
                    double x = a[av.off + i * av.rs + p * av.cs] * b[bv.off + p * bv.rs + j * bv.cs];
                    s += x;
                    abs += Math.abs(x);
                }
                double base = acc ? c0[cOff + i * ldc + j] : 0;
                want[i * n + j] = base + s;
                scale[i * n + j] = abs + Math.abs(base);
            }
        }

        // C starts as garbage that must be ignored (NaN) unless accumulating.
        float[] cf = toFloat(c0);
        double[] cd = c0.clone();
        if (!acc) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    cf[cOff + i * ldc + j] = Float.NaN;
                    cd[cOff + i * ldc + j] = Double.NaN;
                }
            }
        }
        g.s(m, n, k, af, av.off, av.rs, av.cs, bf, bv.off, bv.rs, bv.cs, cf, cOff, ldc, acc);
        g.d(m, n, k, a, av.off, av.rs, av.cs, b, bv.off, bv.rs, bv.cs, cd, cOff, ldc, acc);

        double[] cfd = new double[cf.length];
        for (int i = 0; i < cf.length; i++) cfd[i] = cf[i];
        compare("sgemm " + what, cfd, c0, want, scale, m, n, k, cOff, ldc, 2e-6);
        compare("dgemm " + what, cd, c0, want, scale, m, n, k, cOff, ldc, 1e-14);
    }

    private static void compare(String what, double[] got, double[] c0, double[] want, double[] scale,
                                int m, int n, int k, int cOff, int ldc, double eps) {
        boolean[] inside = new boolean[got.length];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int at = cOff + i * ldc + j;
                inside[at] = true;
                double tol = eps * (k + 1) * (scale[i * n + j] + 1e-3);
                if (!(Math.abs(got[at] - want[i * n + j]) <= tol)) {
                    fail(what + ": C[" + i + "," + j + "] = " + got[at] + " but want " + want[i * n + j]);
                }
            }
        }
        for (int x = 0; x < got.length; x++) {
            if (!inside[x] && Double.compare(got[x], c0[x]) != 0) {
                fail(what + ": wrote outside C at index " + x);
            }
        }
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
        return f;
    }

    @Test
    void kernelChoiceFollowsModuleAndProperty() {
        // Surefire runs with --add-modules jdk.incubator.vector, so there the fast path is the one
        // tested; without the module, or with -Dtorch4j.vector=false, the scalar kernel must be.
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        boolean allowed = !"false".equals(System.getProperty("torch4j.vector"));
        if (module && allowed) {
            assertTrue(CpuGemm.VECTOR != null, "vector kernel not loaded: " + CpuGemm.kernelName());
            assertTrue(CpuGemm.kernelName().startsWith("Vector API"), CpuGemm.kernelName());
        } else {
            assertEquals(null, CpuGemm.VECTOR);
            assertEquals("scalar", CpuGemm.kernelName());
        }
        assertEquals("scalar", CpuGemm.SCALAR.name());
    }

    @Test
    void allSizeCombinationsWithMixedLayouts() {
        int[] sizes = {0, 1, 7, 33, 129};
        long seed = 1;
        for (Gemm g : gemms()) {
            for (int m : sizes) {
                for (int n : sizes) {
                    for (int k : sizes) {
                        Random pick = new Random(seed);
                        check(g, m, n, k, pick.nextInt(LAYOUTS), pick.nextInt(LAYOUTS), pick.nextBoolean(), seed++);
                    }
                }
            }
        }
    }

    @Test
    void everyLayoutPairBothModes() {
        long seed = 1000;
        for (Gemm g : gemms()) {
            for (int aKind = 0; aKind < LAYOUTS; aKind++) {
                for (int bKind = 0; bKind < LAYOUTS; bKind++) {
                    check(g, 37, 45, 29, aKind, bKind, false, seed++);
                    check(g, 19, 70, 300, aKind, bKind, true, seed++);
                }
            }
        }
    }

    @Test
    void largeSizesSpanSeveralBlocks() {
        // 300 crosses the 256-deep k block; 1100 columns cross the vector kernel's 1024-wide B block.
        long seed = 5000;
        for (Gemm g : gemms()) {
            check(g, 300, 300, 300, 0, 0, false, seed++);
            check(g, 300, 300, 300, 1, 2, true, seed++);
            check(g, 129, 300, 7, 3, 1, false, seed++);
            check(g, 7, 300, 129, 2, 0, true, seed++);
            check(g, 33, 1100, 300, 0, 3, false, seed++);
        }
    }

    @Test
    void oddSizesAroundTilesAndBlocks() {
        // 64 is a whole number of 8-row strips and 32-column panels, the others leave edges; 257
        // also crosses the 256-deep block. Full strips read A in place, edge strips pack it.
        int[] sizes = {1, 7, 33, 64, 129, 257};
        int[] depths = {1, 64, 257};
        long seed = 20000;
        for (Gemm g : gemms()) {
            int pick = 0;
            for (int m : sizes) {
                for (int n : sizes) {
                    for (int k : depths) {
                        pick++;
                        check(g, m, n, k, pick % LAYOUTS, (pick / LAYOUTS) % LAYOUTS, pick % 3 == 0, seed++);
                    }
                }
            }
        }
    }

    @Test
    void trainingStepShapes() {
        // The MLP 784-256-128-10's products at batch 64: x @ w.t() onto the bias (B transposed),
        // g @ w (both row-major) and g.t() @ x (A transposed); each kernel alone and the threaded API.
        long seed = 30000;
        for (Gemm g : gemms()) {
            check(g, 64, 256, 784, 0, 1, true, seed++);
            check(g, 256, 784, 64, 1, 0, false, seed++);
            check(g, 64, 128, 256, 0, 1, true, seed++);
            check(g, 64, 256, 128, 0, 0, false, seed++);
            check(g, 128, 256, 64, 1, 0, false, seed++);
            check(g, 64, 10, 128, 0, 1, true, seed++);
            check(g, 64, 128, 10, 0, 0, false, seed++);
            check(g, 10, 128, 64, 1, 0, false, seed++);
        }
    }

    @Test
    void transposedProductShapes() {
        // B a transposed view and A at least a panel tall but much smaller than B: the vector kernel
        // computes C^T = B^T A^T, packing A and writing C through a transposing copy. Partial panels
        // (33, 65 rows of A), a partial strip (n = 1100 is not a multiple of 8), more than one
        // column block of B^T (1100 > 1024), and k = 3000, deeper than one block of the transposed loop.
        long seed = 40000;
        for (Gemm g : gemms()) {
            for (int aKind : new int[] {0, 1, 2, 3}) {
                check(g, 32, 257, 300, aKind, 1, false, seed++);
                check(g, 33, 300, 513, aKind, 1, true, seed++);
            }
            check(g, 65, 1100, 300, 0, 1, true, seed++);
            check(g, 40, 600, 3000, 0, 1, false, seed++);
            check(g, 40, 600, 3000, 1, 1, true, seed++);
        }
    }

    @Test
    void transposedProductIsChosenForItsShapes() {
        // transposedProductShapes tests the transposed route only if the vector kernel takes it for
        // those shapes (B a transposed view: row stride 1, column stride k), and not for a row-major B.
        GemmKernel v = CpuGemm.VECTOR;
        assertNotNull(v, "the vector GEMM did not load");
        int panel = v.tileColsFloat();
        for (int[] s : new int[][] {{32, 257, 300}, {33, 300, 513}, {65, 1100, 300}, {40, 600, 3000}}) {
            assertTrue(v.transposes(s[0], s[1], s[2], 1, s[2], panel), "transposed route for " + Arrays.toString(s));
        }
        assertFalse(v.transposes(33, 300, 513, 300, 1, panel), "a row-major B is packed, not transposed");
    }

    @Test
    void skinnyAndThreadedShapesThroughTheApi() {
        long seed = 7000;
        check(API, 1, 3000, 400, 0, 0, false, seed++);     // vector @ matrix: blocked kernel, split over columns
        check(API, 2, 3000, 400, 1, 1, true, seed++);
        check(API, 9000, 1, 300, 0, 1, false, seed++);     // matrix @ vector: dot products, split over rows
        check(API, 5000, 2, 300, 3, 5, true, seed++);
        check(API, 4000, 5, 100, 2, 0, true, seed++);      // few columns: padded tiles
        check(API, 300, 300, 300, 1, 1, false, seed++);    // blocked kernel, split over a grid
        check(API, 17, 2000, 64, 0, 0, true, seed++);      // short and wide: grid of 1 x threads
    }

    @Test
    void unevenThreadGrids() {
        int before = Parallel.numThreads();
        try {
            for (int threads : new int[] {3, 4, 5}) {
                Parallel.setNumThreads(threads);
                check(API, 257, 263, 129, 0, 0, false, 9000 + threads);
                check(API, 9, 1500, 200, 1, 0, true, 9100 + threads);
            }
        } finally {
            Parallel.setNumThreads(before);
        }
    }

    /** A kernel that only plans: it transposes exactly where B is a transposed view, as the vector kernel may. */
    private static final GemmKernel TRANSPOSING = new GemmKernel() {
        public String name() {
            return "planning stub";
        }

        public int tileRows() {
            return 8;
        }

        public int tileColsFloat() {
            return 32;
        }

        public int tileColsDouble() {
            return 16;
        }

        @Override
        public boolean transposes(int m, int n, int k, int bRs, int bCs, int panel) {
            return bRs == 1 && bCs != 1 && m < n;
        }

        public void sgemm(int m, int n, int k, float[] a, int ao, int ar, int ac, float[] b, int bo, int br, int bc,
                          float[] c, int co, int ldc, boolean acc) {
            throw new UnsupportedOperationException();
        }

        public void dgemm(int m, int n, int k, double[] a, int ao, int ar, int ac, double[] b, int bo, int br, int bc,
                          double[] c, int co, int ldc, boolean acc) {
            throw new UnsupportedOperationException();
        }
    };

    private static String plan(int threads, int m, int n, int k, boolean bTransposed) {
        return GemmGrid.plan(TRANSPOSING, threads, m, n, k, bTransposed ? 1 : n, bTransposed ? k : 1, 32).toString();
    }

    @Test
    void gridSplitsThePackedOperandAndNeverLeavesEmptyBlocks() {
        assertEquals("1 x 1", plan(1, 500, 500, 500, false));
        assertEquals("1 x 4", plan(4, 1000, 1000, 1000, false));  // each thread packs a quarter of B
        assertEquals("1 x 2", plan(2, 100, 1000, 100, false));    // wide: split columns
        assertEquals("2 x 1", plan(2, 1000, 100, 100, false));    // tall: every thread would read all of A
        assertEquals("1 x 3", plan(3, 8, 1000, 100, false));      // one row tile
        assertEquals("1 x 1", plan(4, 8, 32, 100, false));        // one tile: one thread
        // x @ w.t() for a batch of 64: the transposed product packs A, so split rows (32 = one panel each)
        assertEquals("2 x 1", plan(2, 64, 256, 784, true));
        assertEquals("1 x 2", plan(2, 256, 64, 784, true));       // A bigger than B: ordinary product
    }

    @Test
    void gridBlocksTileCExactly() {
        for (int threads = 2; threads <= 5; threads++) {
            for (int[] s : new int[][] {{64, 256, 784}, {257, 263, 129}, {9, 1500, 200}, {1000, 100, 50}}) {
                for (boolean bt : new boolean[] {false, true}) {
                    GemmGrid g = GemmGrid.plan(TRANSPOSING, threads, s[0], s[1], s[2], bt ? 1 : s[1], bt ? s[2] : 1, 32);
                    int[] covered = new int[s[0] * s[1]];
                    for (int b = 0; b < g.blocks(); b++) {
                        assertTrue(g.rowStart(b) < g.rowEnd(b) && g.colStart(b) < g.colEnd(b), "empty block " + b + " of " + g);
                        for (int i = g.rowStart(b); i < g.rowEnd(b); i++) {
                            for (int j = g.colStart(b); j < g.colEnd(b); j++) covered[i * s[1] + j]++;
                        }
                    }
                    for (int x : covered) assertEquals(1, x, "grid " + g + " for " + s[0] + "x" + s[1]);
                }
            }
        }
    }

    @Test
    void zeroSizesAndValidation() {
        float[] c = {5, 5, 5, 5};
        CpuGemm.sgemm(2, 2, 0, new float[0], 0, 0, 1, new float[0], 0, 2, 1, c, 0, 2, true);
        assertEquals(5f, c[0]);
        CpuGemm.sgemm(2, 2, 0, new float[0], 0, 0, 1, new float[0], 0, 2, 1, c, 0, 2, false);
        for (float x : c) assertEquals(0f, x);
        double[] d = {7};
        CpuGemm.dgemm(0, 1, 3, new double[0], 0, 3, 1, new double[3], 0, 1, 1, d, 0, 1, false);
        CpuGemm.dgemm(1, 0, 3, new double[3], 0, 3, 1, new double[0], 0, 0, 1, d, 0, 0, false);
        assertEquals(7.0, d[0]);
        assertThrows(IllegalArgumentException.class,
                () -> CpuGemm.sgemm(-1, 1, 1, c, 0, 1, 1, c, 0, 1, 1, c, 0, 1, false));
        assertFalse(CpuGemm.kernelName().isEmpty());
    }

    @Test
    void smallLoopsMatchTheKernelsExactlyShapedCalls() {
        // The tiny path is its own code: give it every tiny shape.
        long seed = 11000;
        for (int m = 1; m <= 5; m++) {
            for (int n = 1; n <= 9; n += 2) {
                for (int k = 1; k <= 6; k++) check(API, m, n, k, (m + n) % LAYOUTS, (n + k) % LAYOUTS, (m & 1) == 0, seed++);
            }
        }
    }
}

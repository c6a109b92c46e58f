package torch4j.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import torch4j.DType;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.autograd.GradCheck;
import torch4j.testing.Assertions;
import torch4j.testing.Fixtures;

/** dot, mv, mm, bmm, matmul, outer and addmm against PyTorch (values and gradients), plus gradchecks and errors. */
class LinearAlgebraTest {

    /** The op of each fixture case, by the case name's prefix (see scripts/fixtures/gen_linalg.py). */
    private static Function<Tensor[], Tensor> opFor(String name) {
        if (name.startsWith("dot_")) return in -> in[0].dot(in[1]);
        if (name.startsWith("mv_")) return in -> in[0].mv(in[1]);
        if (name.startsWith("mm_")) return in -> in[0].mm(in[1]);
        if (name.startsWith("bmm_")) return in -> in[0].bmm(in[1]);
        if (name.startsWith("matmul_")) return in -> in[0].matmul(in[1]);
        if (name.startsWith("outer_")) return in -> in[0].outer(in[1]);
        if (name.startsWith("addmm_")) {
            Number beta = switch (name) {
                case "addmm_beta_alpha" -> 0.5;
                case "addmm_beta0_nan" -> 0;
                case "addmm_i64" -> 2;
                default -> 1;
            };
            Number alpha = switch (name) {
                case "addmm_beta_alpha" -> 2.0;
                case "addmm_alpha_only" -> -1.5;
                case "addmm_i64" -> 3;
                default -> 1;
            };
            return in -> in[0].addmm(in[1], in[2], beta, alpha);
        }
        throw new AssertionError("no op for fixture case " + name);
    }

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, Fixtures.Case> e : Fixtures.load("linalg").cases().entrySet()) {
            Function<Tensor[], Tensor> op = opFor(e.getKey());
            // float32 sums of up to ~30 products: PyTorch's BLAS adds in another order
            tests.add(DynamicTest.dynamicTest(e.getKey(), () -> new StridedFixtureCase(e.getValue()).check(op, 1e-4, 1e-5)));
        }
        return tests.stream();
    }

    // ------------------------------------------------------------------ gradients by finite differences

    private static Tensor rand(Generator g, int... shape) {
        return Torch.randn(g, shape).to(DType.FLOAT64).requiresGrad_();
    }

    @Test
    void gradcheckProducts() {
        Generator g = Torch.manualSeed(1);
        assertTrue(GradCheck.gradcheck(in -> in[0].dot(in[1]), rand(g, 5), rand(g, 5)));
        assertTrue(GradCheck.gradcheck(in -> in[0].mv(in[1]), rand(g, 3, 4), rand(g, 4)));
        assertTrue(GradCheck.gradcheck(in -> in[0].mm(in[1]), rand(g, 3, 4), rand(g, 4, 2)));
        assertTrue(GradCheck.gradcheck(in -> in[0].bmm(in[1]), rand(g, 2, 3, 4), rand(g, 2, 4, 2)));
        assertTrue(GradCheck.gradcheck(in -> in[0].outer(in[1]), rand(g, 3), rand(g, 4)));
        assertTrue(GradCheck.gradcheck(in -> in[0].addmm(in[1], in[2], 0.5, -2.0), rand(g, 3), rand(g, 2, 4), rand(g, 4, 3)));
    }

    @Test
    void gradcheckMatmulBroadcastAndVectors() {
        Generator g = Torch.manualSeed(2);
        assertTrue(GradCheck.gradcheck(in -> in[0].matmul(in[1]), rand(g, 2, 1, 3, 4), rand(g, 3, 4, 2)));
        assertTrue(GradCheck.gradcheck(in -> in[0].matmul(in[1]), rand(g, 4), rand(g, 2, 4, 3)));
        assertTrue(GradCheck.gradcheck(in -> in[0].matmul(in[1]), rand(g, 2, 3, 4), rand(g, 4)));
        assertTrue(GradCheck.gradcheck(in -> in[0].matmul(in[1]), rand(g, 4), rand(g, 4, 3)));
    }

    @Test
    void secondDerivatives() {
        Generator g = Torch.manualSeed(3);
        assertTrue(GradCheck.gradgradcheck(in -> in[0].mm(in[1]), rand(g, 3, 4), rand(g, 4, 2)));
        assertTrue(GradCheck.gradgradcheck(in -> in[0].matmul(in[1]), rand(g, 2, 3, 4), rand(g, 4)));
        assertTrue(GradCheck.gradgradcheck(in -> in[0].addmm(in[1], in[2]), rand(g, 2), rand(g, 3, 4), rand(g, 4, 2)));
    }

    // ------------------------------------------------------------------ kernel paths on larger inputs

    /** A plain double-precision reference for {@code a @ b} over 3-D inputs (independent of the kernels). */
    private static double[] reference(Tensor a, Tensor b) {
        double[][][] x = toArray3(a), y = toArray3(b);
        int bs = x.length, m = x[0].length, k = y[0].length, n = y[0][0].length;
        double[] out = new double[bs * m * n];
        for (int i = 0; i < bs; i++) {
            for (int r = 0; r < m; r++) {
                for (int c = 0; c < n; c++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) s += x[i][r][p] * y[i][p][c];
                    out[(i * m + r) * n + c] = s;
                }
            }
        }
        return out;
    }

    private static double[][][] toArray3(Tensor t) {
        int[] s = t.shape();
        double[] v = t.toDoubleArray();
        double[][][] r = new double[s[0]][s[1]][s[2]];
        for (int i = 0; i < v.length; i++) r[i / (s[1] * s[2])][i / s[2] % s[1]][i % s[2]] = v[i];
        return r;
    }

    private static void assertNear(double[] want, Tensor got, double tol) {
        double[] v = got.toDoubleArray();
        assertEquals(want.length, v.length);
        for (int i = 0; i < v.length; i++) {
            int at = i;
            assertTrue(Math.abs(want[i] - v[i]) <= tol * (1 + Math.abs(want[i])), () -> "element " + at + ": " + want[at] + " vs " + v[at]);
        }
    }

    @Test
    void linearLayerShapesUseTransposedWeightInPlace() {
        Generator g = Torch.manualSeed(4);
        Tensor x = Torch.randn(g, 64, 784), w = Torch.randn(g, 256, 784), bias = Torch.randn(g, 256);
        Tensor wt = w.t();
        assertSame(w.storage(), wt.storage());
        Tensor y = bias.addmm(x, wt);
        double[] ref = reference(x.unsqueeze(0), w.t().contiguous().unsqueeze(0));
        double[] bv = bias.toDoubleArray();
        for (int i = 0; i < ref.length; i++) ref[i] += bv[i % 256];
        assertNear(ref, y, 1e-4);
    }

    @Test
    void addmmAlphaBetaOnTiledKernelSizes() {
        // Every alpha/beta branch of the CPU matmul kernel on sizes that fill whole 8 x 32 tiles (64),
        // leave edges (33, 129, 7) or cross the 256-deep block (257), with plain and transposed
        // operands, in both float dtypes; beta == 0 must ignore a NaN self.
        Generator g = Torch.manualSeed(7);
        int[][] shapes = {{33, 64, 129}, {64, 257, 7}, {129, 33, 64}, {64, 64, 64}};
        double[][] betaAlpha = {{0, 1}, {0, -1.5}, {1, 1}, {0.5, 2}, {1, -1.5}};
        int variant = 0;
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] s : shapes) {
                int m = s[0], k = s[1], n = s[2];
                for (double[] ba : betaAlpha) {
                    variant++;
                    Tensor a = (variant & 1) == 0 ? Torch.randn(g, m, k).to(dt) : Torch.randn(g, k, m).to(dt).t();
                    Tensor b = (variant & 2) == 0 ? Torch.randn(g, k, n).to(dt) : Torch.randn(g, n, k).to(dt).t();
                    Tensor self = ba[0] == 0 ? Torch.full(new int[] {m, n}, Double.NaN, dt) : Torch.randn(g, m, n).to(dt);
                    double[] want = reference(a.unsqueeze(0), b.unsqueeze(0));
                    double[] sv = self.toDoubleArray();
                    for (int i = 0; i < want.length; i++) want[i] = ba[1] * want[i] + (ba[0] == 0 ? 0 : ba[0] * sv[i]);
                    Tensor got = self.addmm(a, b, ba[0], ba[1]);
                    assertEquals(dt, got.dtype());
                    assertNear(want, got, dt == DType.FLOAT32 ? 1e-4 : 1e-12);
                }
            }
        }
    }

    @Test
    void manySmallBatchesRunOverThePool() {
        Generator g = Torch.manualSeed(5);
        Tensor a = Torch.randn(g, 300, 3, 7), b = Torch.randn(g, 300, 5, 7).transpose(1, 2);
        assertNear(reference(a, b), a.bmm(b), 1e-5);
        // a broadcast over the batch: stride-0 batch dim on the left operand
        Tensor shared = Torch.randn(g, 1, 4, 7);
        assertNear(reference(shared.expand(300, 4, 7).contiguous(), b), shared.matmul(b), 1e-5);
    }

    @Test
    void tallFoldedBatchMatchesReference() {
        Generator g = Torch.manualSeed(6);
        Tensor a = Torch.randn(g, 6, 50, 40), w = Torch.randn(g, 40, 30);
        Tensor out = a.matmul(w);
        assertNear(reference(a, w.unsqueeze(0).expand(6, 40, 30).contiguous()), out, 1e-4);
    }

    @Test
    void integerProductsAreExact() {
        Tensor a = Torch.tensor(new long[] {1L << 40, 3, -2, 5}, 2, 2);
        Tensor b = Torch.tensor(new long[] {2, 0, 1, 7}, 2, 2);
        assertEquals(List.of((1L << 41) + 3, 21L, -4L + 5, 35L), List.of(toBoxed(a.mm(b).toLongArray())));
        assertEquals(DType.INT64, a.matmul(b).dtype());
        assertEquals(DType.FLOAT32, a.mm(b.float_()).dtype());
    }

    private static Long[] toBoxed(long[] v) {
        Long[] r = new Long[v.length];
        for (int i = 0; i < v.length; i++) r[i] = v[i];
        return r;
    }

    @Test
    void resultsHaveNoGradientHistoryUnderNoGrad() {
        Tensor a = Torch.randn(2, 3).requiresGrad_(), b = Torch.randn(3, 2);
        try (var s = Torch.noGrad()) {
            assertTrue(a.mm(b).isLeaf());
        }
        assertEquals("MmBackward0", a.mm(b).gradFn().name());
        assertEquals("AddmmBackward0", Torch.zeros(2).addmm(a, b).gradFn().name());
    }

    // ------------------------------------------------------------------ errors (messages as PyTorch 1.13 prints them)

    private static void assertMessage(String expected, Executable op) {
        Throwable e = assertThrows(RuntimeException.class, op);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void errorMessages() {
        Tensor v3 = Torch.ones(3), v4 = Torch.ones(4);
        assertMessage("inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4"
                + " elements respectively", () -> v3.dot(v4));
        assertMessage("1D tensors expected, but got 2D and 1D tensors", () -> Torch.ones(3, 1).dot(v3));
        assertMessage("vector + matrix @ vector expected, got 1, 1, 1", () -> v3.mv(v3));
        assertMessage("size mismatch, got 2, 2x3,4", () -> Torch.ones(2, 3).mv(v4));
        assertMessage("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)", () -> Torch.ones(2, 3).mm(Torch.ones(4, 5)));
        assertMessage("self must be a matrix", () -> v3.mm(Torch.ones(3, 5)));
        assertMessage("mat2 must be a matrix", () -> Torch.ones(2, 3).mm(v3));
        assertMessage("batch1 must be a 3D tensor", () -> Torch.ones(2, 3).bmm(Torch.ones(3, 5)));
        assertMessage("batch2 must be a 3D tensor", () -> Torch.ones(2, 2, 3).bmm(Torch.ones(2, 3)));
        assertMessage("Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [3, 4].",
                () -> Torch.ones(2, 2, 3).bmm(Torch.ones(3, 4, 5)));
        assertMessage("both arguments to matmul need to be at least 1D, but they are 0D and 1D", () -> Torch.ones().matmul(v4));
        assertMessage("mat1 and mat2 shapes cannot be multiplied (4x3 and 4x5)", () -> Torch.ones(2, 2, 3).matmul(Torch.ones(4, 5)));
        assertMessage("mat1 and mat2 shapes cannot be multiplied (1x3 and 4x5)", () -> v3.matmul(Torch.ones(4, 5)));
        assertMessage("size mismatch, got 4, 4x3,4", () -> Torch.ones(2, 2, 3).matmul(v4));
        assertMessage("size mismatch, got 10, 10x4,3", () -> v3.matmul(Torch.ones(2, 4, 5)));
        assertMessage("mat1 and mat2 shapes cannot be multiplied (10x4 and 3x2)", () -> Torch.ones(2, 3).matmul(Torch.ones(2, 4, 5)));
        assertMessage("The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0",
                () -> Torch.ones(2, 2, 3).matmul(Torch.ones(3, 4, 5)));
        assertMessage("Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [2, 4].",
                () -> Torch.ones(2, 2, 3).matmul(Torch.ones(2, 4, 5)));
        assertMessage("outer: Expected 1-D argument vec2, but got 2-D", () -> v3.outer(Torch.ones(4, 1)));
        assertMessage("mat1 must be a matrix, got 1-D tensor", () -> v3.addmm(v3, Torch.ones(3, 3)));
        assertMessage("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x3)", () -> v3.addmm(Torch.ones(2, 3), Torch.ones(4, 3)));
        assertMessage("The expanded size of the tensor (3) must match the existing size (4) at non-singleton dimension 1.  Target sizes:"
                + " [2, 3].  Tensor sizes: [4]", () -> v4.addmm(Torch.ones(2, 3), Torch.ones(3, 3)));
        Tensor b3 = Torch.ones(3).bool_();
        assertMessage("\"dot\" not implemented for 'Bool'", () -> b3.dot(b3));
        assertMessage("\"bmm\" not implemented for 'Bool'", () -> Torch.ones(2, 2, 3).bool_().bmm(Torch.ones(2, 3, 2).bool_()));
    }
}

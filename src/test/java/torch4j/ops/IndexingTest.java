package torch4j.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import torch4j.testing.Fixtures;

/** index_select, index_add, gather, scatter, masked ops and nonzero against PyTorch, plus gradchecks and errors. */
class IndexingTest {

    /** The op of each fixture case, by name (see scripts/fixtures/gen_indexing.py, which passes the same dims and values). */
    private static Function<Tensor[], Tensor> opFor(String name) {
        if (name.startsWith("index_select_")) {
            int dim = name.contains("dim1") ? 1 : name.contains("neg_dim") ? -1 : name.equals("index_select_bool") ? 1 : 0;
            return in -> in[0].indexSelect(dim, in[1]);
        }
        if (name.startsWith("index_add_")) return in -> Indexing.indexAdd(in[0], name.contains("dim1") ? 1 : 0, in[1], in[2]);
        if (name.startsWith("gather_")) {
            int dim = name.contains("dim2") ? 2 : name.contains("dim1") || name.contains("transposed") || name.contains("sliced") ? 1 : 0;
            return in -> in[0].gather(dim, in[1]);
        }
        if (name.equals("scatter_value")) return in -> in[0].scatter(1, in[1], 7.5);
        if (name.equals("scatter_value_i64")) return in -> in[0].scatter(0, in[1], 2.5);
        if (name.startsWith("scatter_add_")) return in -> in[0].scatterAdd(name.contains("dim1") ? 1 : 0, in[1], in[2]);
        if (name.startsWith("scatter_")) {
            int dim = name.contains("dim1") || name.contains("i64") || name.contains("large_src") ? 1 : 0;
            return in -> in[0].scatter(dim, in[1], in[2]);
        }
        if (name.startsWith("masked_fill_")) {
            Number value = switch (name) {
                case "masked_fill_row_mask" -> -1.5;
                case "masked_fill_full_mask_transposed" -> 0.25;
                case "masked_fill_mask_broadcasts_x" -> 3.0;
                case "masked_fill_i64_float_value" -> 2.7;
                case "masked_fill_bool" -> 1;
                case "masked_fill_f64_sliced" -> -2.0;
                default -> 1.0;
            };
            return in -> in[0].maskedFill(in[1], value);
        }
        if (name.startsWith("masked_select_")) return in -> in[0].maskedSelect(in[1]);
        if (name.startsWith("masked_scatter")) return in -> Indexing.maskedScatter(in[0], in[1], in[2]);
        if (name.startsWith("nonzero_")) return in -> in[0].nonzero();
        throw new AssertionError("no op for fixture case " + name);
    }

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, Fixtures.Case> e : Fixtures.load("indexing").cases().entrySet()) {
            Function<Tensor[], Tensor> op = opFor(e.getKey());
            // indexing moves values without arithmetic (scatter_add's sums aside): float32 must match closely
            tests.add(DynamicTest.dynamicTest(e.getKey(), () -> new StridedFixtureCase(e.getValue()).check(op, 1e-6, 1e-7)));
        }
        return tests.stream();
    }

    // ------------------------------------------------------------------ gradients by finite differences

    private static Tensor rand(Generator g, int... shape) {
        return Torch.randn(g, shape).to(DType.FLOAT64).requiresGrad_();
    }

    private static Tensor idx(long... v) {
        return Torch.tensor(v, v.length);
    }

    private static Tensor idx2(int rows, long... v) {
        return Torch.tensor(v, rows, v.length / rows);
    }

    @Test
    void gradcheckGatherScatter() {
        Generator g = Torch.manualSeed(1);
        Tensor gi = idx2(2, 2, 0, 1, 1, 0, 0, 2, 1);
        assertTrue(GradCheck.gradcheck(in -> in[0].gather(0, gi), rand(g, 3, 4)));
        Tensor si = idx2(2, 2, 0, 1, 1, 0, 1, 2, 0);
        assertTrue(GradCheck.gradcheck(in -> in[0].scatter(0, si, in[1]), rand(g, 3, 4), rand(g, 2, 4)));
        assertTrue(GradCheck.gradcheck(in -> in[0].scatter(1, idx2(3, 0, 3, 2), -1.0), rand(g, 3, 4)));
        Tensor ai = idx2(2, 2, 2, 2, 0, 2, 1, 2, 2);
        assertTrue(GradCheck.gradcheck(in -> in[0].scatterAdd(0, ai, in[1]), rand(g, 3, 4), rand(g, 2, 4)));
        assertTrue(GradCheck.gradgradcheck(in -> in[0].gather(0, gi), rand(g, 3, 4)));
    }

    @Test
    void gradcheckIndexSelectAndMasks() {
        Generator g = Torch.manualSeed(2);
        assertTrue(GradCheck.gradcheck(in -> in[0].indexSelect(1, idx(3, 0, 3)), rand(g, 2, 4)));
        assertTrue(GradCheck.gradcheck(in -> Indexing.indexAdd(in[0], 0, idx(1, 1, 0), in[1]), rand(g, 2, 3), rand(g, 3, 3)));
        Tensor mask = Torch.tensor(new boolean[] {true, false, true}, 3);
        assertTrue(GradCheck.gradcheck(in -> in[0].maskedFill(mask, 2.0), rand(g, 2, 3)));
        assertTrue(GradCheck.gradcheck(in -> in[0].maskedSelect(mask), rand(g, 2, 3)));
        assertTrue(GradCheck.gradcheck(in -> Indexing.maskedScatter(in[0], mask, in[1]), rand(g, 2, 3), rand(g, 5)));
        assertTrue(GradCheck.gradgradcheck(in -> in[0].indexSelect(0, idx(1, 1)), rand(g, 2, 3)));
    }

    // ------------------------------------------------------------------ behaviour

    @Test
    void inPlaceFormsWriteThroughAndKeepTheirTensor() {
        Tensor x = Torch.zeros(2, 3);
        Tensor same = x.scatter_(1, idx2(2, 2, 0), 5.0);
        assertTrue(same == x);
        assertArrayEquals(new float[] {0, 0, 5, 5, 0, 0}, x.toFloatArray());
        x.maskedFill_(Torch.tensor(new boolean[] {true, false, false}, 3), -1);
        assertArrayEquals(new float[] {-1, 0, 5, -1, 0, 0}, x.toFloatArray());
        x.scatterAdd_(0, idx2(1, 1, 1, 1), Torch.ones(1, 3));
        assertArrayEquals(new float[] {-1, 0, 5, 0, 1, 1}, x.toFloatArray());
    }

    @Test
    void failedInPlaceScatterLeavesSelfUnchanged() {
        Tensor x = Torch.ones(2, 3);
        assertThrows(IndexOutOfBoundsException.class, () -> x.scatter_(1, idx2(2, 0, 7), 5.0));
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, x.toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> x.maskedFill_(Torch.ones(2, 2, 3).bool_(), 0));
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, x.toFloatArray());
    }

    @Test
    void embeddingSizedLookupMatchesRows() {
        Generator g = Torch.manualSeed(3);
        Tensor table = Torch.randn(g, 1000, 64);
        Tensor index = Torch.randint(0, 1000, g, 5000);
        Tensor out = table.indexSelect(0, index);
        float[] t = table.toFloatArray(), o = out.toFloatArray();
        long[] ix = index.toLongArray();
        for (int j = 0; j < ix.length; j++) {
            for (int c = 0; c < 64; c++) assertEquals(t[(int) ix[j] * 64 + c], o[j * 64 + c]);
        }
    }

    @Test
    void gradFnNames() {
        Tensor x = Torch.randn(3, 4).requiresGrad_();
        Tensor i = idx2(1, 1);
        assertEquals("IndexSelectBackward0", x.indexSelect(0, idx(1)).gradFn().name());
        assertEquals("GatherBackward0", x.gather(0, i).gradFn().name());
        assertEquals("ScatterBackward1", x.scatter(0, i, 1.0).gradFn().name());
        assertEquals("ScatterBackward0", x.scatter(0, i, Torch.ones(1, 1)).gradFn().name());
        assertEquals("ScatterAddBackward0", x.scatterAdd(0, i, Torch.ones(1, 1)).gradFn().name());
        Tensor m = Torch.tensor(new boolean[] {true, false, true, false}, 4);
        assertEquals("MaskedFillBackward0", x.maskedFill(m, 1).gradFn().name());
        assertEquals("MaskedSelectBackward0", x.maskedSelect(m).gradFn().name());
        assertTrue(x.nonzero().isLeaf());
    }

    // ------------------------------------------------------------------ errors (messages as PyTorch 1.13 prints them)

    private static void assertMessage(Class<? extends Throwable> type, String expected, Executable op) {
        Throwable e = assertThrows(type, op);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void errorMessages() {
        Tensor x = Torch.arange(12).float_().view(3, 4);
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        Class<IndexOutOfBoundsException> ioobe = IndexOutOfBoundsException.class;
        assertMessage(ioobe, "index 5 is out of bounds for dimension 0 with size 3", () -> x.gather(0, idx2(1, 5, 0)));
        assertMessage(ioobe, "index -1 is out of bounds for dimension 0 with size 3", () -> x.gather(0, idx2(1, -1, 0)));
        assertMessage(iae, "gather(): Expected dtype int64 for index", () -> x.gather(0, idx2(1, 1, 0).int_()));
        assertMessage(iae, "Index tensor must have the same number of dimensions as input tensor", () -> x.gather(0, idx(1, 0)));
        assertMessage(iae, "Size does not match at dimension 1 expected index [1, 5] to be smaller than self [3, 4] apart from dimension 0",
                () -> x.gather(0, idx2(1, 1, 0, 0, 0, 0)));
        assertMessage(ioobe, "index 3 is out of bounds for dimension 0 with size 3", () -> x.scatter(0, idx2(1, 3, 0), 1.0));
        assertMessage(iae, "scatter(): Expected dtype int64 for index", () -> x.scatter(0, idx2(1, 1, 0).int_(), 1.0));
        assertMessage(iae, "scatter(): Expected self.dtype to be equal to src.dtype",
                () -> x.scatter(0, idx2(1, 1, 0), Torch.ones(DType.FLOAT64, 1, 2)));
        assertMessage(iae, "Expected index [1, 2] to be smaller than self [3, 4] apart from dimension 0 and to be smaller size than src"
                + " [1, 1]", () -> x.scatter(0, idx2(1, 1, 0), Torch.ones(1, 1)));
        assertMessage(iae, "Index tensor must have the same number of dimensions as src tensor",
                () -> x.scatterAdd(0, idx2(1, 1, 0), Torch.ones(1, 1, 2)));
        assertMessage(iae, "index_select(): Expected dtype int32 or int64 for index", () -> x.indexSelect(0, idx(1).float_()));
        assertMessage(iae, "index_select(): Index is supposed to be a vector", () -> x.indexSelect(0, idx2(1, 1)));
        assertMessage(ioobe, "index out of range in self: index 3 is out of bounds for dimension 0 with size 3",
                () -> x.indexSelect(0, idx(3)));
        assertMessage(ioobe, "Dimension out of range (expected to be in range of [-2, 1], but got 2)", () -> x.indexSelect(2, idx(1)));
        assertMessage(iae, "masked_select: expected BoolTensor or ByteTensor for mask", () -> x.maskedSelect(idx(1, 0, 1, 0)));
        assertMessage(iae, "The size of tensor a (4) must match the size of tensor b (2) at non-singleton dimension 1",
                () -> x.maskedSelect(Torch.tensor(new boolean[] {true, false}, 2)));
        assertMessage(iae, "value cannot be converted to type int without overflow",
                () -> x.int_().maskedFill(Torch.tensor(new boolean[] {true, false, true, false}, 4), 1L << 31));
        assertMessage(iae, "Number of elements of source < number of ones in mask",
                () -> Indexing.maskedScatter(x, Torch.tensor(new boolean[] {true, false, true, false}, 4), Torch.ones(5)));
        assertMessage(iae, "index_add_(): Number of indices (2) should be equal to source.size(dim): (3), for dim: 0",
                () -> Indexing.indexAdd(x, 0, idx(1, 0), Torch.ones(3, 4)));
        assertMessage(iae, "index_add_(): self (Float) and source (Double) must have the same scalar type",
                () -> Indexing.indexAdd(x, 0, idx(1, 0), Torch.ones(DType.FLOAT64, 2, 4)));
    }
}

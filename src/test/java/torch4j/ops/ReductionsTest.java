package torch4j.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static torch4j.testing.Assertions.assertClose;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import torch4j.DType;
import torch4j.Layout;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.ValuesIndices;
import torch4j.backend.Backend;
import torch4j.testing.Fixtures;

/**
 * Reductions, scans and sorting against PyTorch fixtures ({@code scripts/fixtures/gen_reductions.py}):
 * values, indices and input gradients on contiguous, transposed, sliced, 0-d and empty inputs.
 */
class ReductionsTest {

    static Stream<Arguments> cases() {
        return Fixtures.load("reductions").cases().values().stream().map(c -> Arguments.of(c.name(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String name, Fixtures.Case c) {
        String op = name.substring(0, name.indexOf('/'));
        Tensor x = withLayout(c.tensor("x"), c.integer("layout"));
        boolean grad = c.has("gx");
        if (grad) x.requiresGrad_();
        Tensor[] res = call(op, x, c);
        assertNear(c.tensor("out"), res[0]);
        if (c.has("idx")) assertClose(c.tensor("idx"), res[1]);
        if (grad) {
            res[0].backward(c.tensor("gy"));
            assertNear(c.tensor("gx"), x.grad());
        } else {
            assertFalse(res[0].requiresGrad() && !x.dtype().isFloatingPoint());
        }
    }

    private static Tensor[] call(String op, Tensor x, Fixtures.Case c) {
        int[] dims = c.has("dims") ? c.tensor("dims").toIntArray() : null;
        boolean keep = c.has("keepdim") && c.tensor("keepdim").itemBool();
        int dim = c.has("dim") ? c.integer("dim") : 0;
        boolean hasDim = c.has("dim");
        return switch (op) {
            case "sum" -> one(dims == null ? x.sum() : x.sum(dims, keep));
            case "mean" -> one(dims == null ? x.mean() : x.mean(dims, keep));
            case "prod" -> one(hasDim ? x.prod(dim, keep) : x.prod());
            case "max" -> hasDim ? two(x.max(dim, keep)) : one(x.max());
            case "min" -> hasDim ? two(x.min(dim, keep)) : one(x.min());
            case "argmax" -> one(hasDim ? x.argmax(dim, keep) : x.argmax());
            case "argmin" -> one(hasDim ? x.argmin(dim, keep) : x.argmin());
            case "all" -> one(hasDim ? x.all(dim, keep) : x.all());
            case "any" -> one(hasDim ? x.any(dim, keep) : x.any());
            case "cumsum" -> one(x.cumsum(dim));
            case "cumprod" -> one(x.cumprod(dim));
            case "sort" -> two(x.sort(dim, c.tensor("descending").itemBool()));
            case "topk" -> two(x.topk(c.integer("k"), dim, c.tensor("largest").itemBool(), true));
            case "var" -> one(x.var(dims, c.tensor("unbiased").itemBool(), keep));
            case "std" -> one(x.std(dims, c.tensor("unbiased").itemBool(), keep));
            case "logsumexp" -> one(x.logsumexp(dims, keep));
            case "norm" -> one(x.norm(c.scalar("p"), dims, keep));
            case "sumToSize" -> one(x.sumToSize(c.tensor("size").toIntArray()));
            default -> throw new IllegalArgumentException("unknown op " + op);
        };
    }

    private static Tensor[] one(Tensor t) {
        return new Tensor[] {t};
    }

    private static Tensor[] two(ValuesIndices vi) {
        return new Tensor[] {vi.values(), vi.indices()};
    }

    private static void assertNear(Tensor expected, Tensor actual) {
        if (expected.dtype() == DType.FLOAT32) assertClose(expected, actual, 1e-5, 1e-5);
        else if (expected.dtype() == DType.FLOAT64) assertClose(expected, actual, 1e-9, 1e-10);
        else assertClose(expected, actual);
    }

    /**
     * {@code x}'s values in another memory layout: 1 = dims reversed (a transpose of a contiguous
     * buffer), 2 = every other element of a larger buffer after an offset (a strided slice).
     */
    static Tensor withLayout(Tensor x, int kind) {
        int[] shape = x.shape();
        if (kind == 0 || shape.length == 0) return x;
        int[] strides = new int[shape.length];
        int size, offset = 0;
        if (kind == 1) {
            int s = 1;
            for (int d = 0; d < shape.length; d++) {
                strides[d] = s;
                s *= Math.max(shape[d], 1);
            }
            size = s;
        } else {
            int[] c = Layout.contiguousStrides(shape);
            for (int d = 0; d < shape.length; d++) strides[d] = 2 * c[d];
            offset = 3;
            size = offset + 2 * Math.max(x.numel(), 1);
        }
        Tensor buf = Tensor.zeros(x.dtype(), x.device(), size);
        Tensor v = new Tensor(buf.storage(), new Layout(shape, strides, offset));
        Backend.of(x.device()).elementwise().copy(x, v);
        if (x.numel() > 1 && kind == 2) assertFalse(v.isContiguous());
        return v;
    }

    // ------------------------------------------------------------------ semantics and errors

    @Test
    void dtypesOfResults() {
        Tensor i = Torch.tensor(new long[] {1, 2, 3});
        assertEquals(DType.INT64, i.sum().dtype());
        assertEquals(DType.INT64, i.to(DType.INT32).sum().dtype());
        assertEquals(DType.INT32, i.to(DType.INT32).max().dtype());
        assertEquals(DType.INT64, i.ne(2).sum().dtype());
        assertEquals(DType.INT64, i.ne(2).cumsum(0).dtype());
        assertEquals(DType.BOOL, i.all().dtype());
        assertEquals(DType.UINT8, i.to(DType.UINT8).any().dtype());
        assertEquals(DType.FLOAT32, i.logsumexp(new int[] {0}, false).dtype());
        assertEquals(6, i.ne(0).sum().mul(2).itemLong());
    }

    @Test
    void errorsUsePyTorchMessages() {
        Tensor x = Torch.ones(2, 3);
        assertEquals("Dimension out of range (expected to be in range of [-2, 1], but got 2)",
                assertThrows(IndexOutOfBoundsException.class, () -> x.sum(2)).getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> x.max(-3));
        assertEquals("mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long",
                assertThrows(IllegalArgumentException.class, () -> Torch.tensor(new long[] {1, 2}).mean()).getMessage());
        assertEquals("max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.",
                assertThrows(IllegalArgumentException.class, () -> Torch.zeros(0, 3).max()).getMessage());
        assertEquals("max(): Expected reduction dim 0 to have non-zero size.",
                assertThrows(IndexOutOfBoundsException.class, () -> Torch.zeros(0, 3).max(0)).getMessage());
        assertEquals("argmax(): Expected reduction dim to be specified for input.numel() == 0.",
                assertThrows(IndexOutOfBoundsException.class, () -> Torch.zeros(0).argmax()).getMessage());
        assertEquals("selected index k out of range",
                assertThrows(IndexOutOfBoundsException.class, () -> Torch.ones(4).topk(5)).getMessage());
        assertEquals("std and var only support floating point and complex dtypes",
                assertThrows(IllegalArgumentException.class, () -> Torch.tensor(new long[] {1}).var()).getMessage());
        assertEquals("norm(): input dtype should be either floating point or complex. Got Long instead.",
                assertThrows(IllegalArgumentException.class, () -> Torch.tensor(new long[] {1}).norm()).getMessage());
        assertEquals("dim 0 appears multiple times in the list of dims",
                assertThrows(IllegalArgumentException.class, () -> x.sum(new int[] {0, -2}, false)).getMessage());
        assertEquals("size {[4]} is not expandable to size {[2, 3]}.",
                assertThrows(IllegalArgumentException.class, () -> x.sumToSize(4)).getMessage());
    }

    @Test
    void sumToSizeReturnsInputWhenNothingToSum() {
        Tensor x = Torch.ones(2, 3);
        assertSame(x, x.sumToSize(2, 3));
    }

    @Test
    void integerOutputsRecordNoGraph() {
        Tensor x = Torch.rand(DType.FLOAT64, 3, 4).requiresGrad_();
        assertNull(x.argmax().gradFn());
        assertNull(x.max(1, false).indices().gradFn());
        assertNull(x.all().gradFn());
        assertEquals("MaxBackward0", x.max(1, false).values().gradFn().name());
        assertEquals("SumBackward0", x.sum().gradFn().name());
        assertEquals("SumBackward1", x.sum(0).gradFn().name());
        assertEquals("MaxBackward1", x.max().gradFn().name());
    }

    @Test
    void maxSplitsTheGradientAmongTies() {
        Tensor x = Torch.tensor(new double[] {1, 3, 3, 2}).requiresGrad_();
        x.max().backward();
        assertClose(Torch.tensor(new double[] {0, 0.5, 0.5, 0}), x.grad());
    }
}

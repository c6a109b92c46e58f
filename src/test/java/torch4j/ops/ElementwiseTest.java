package torch4j.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static torch4j.testing.Assertions.assertClose;

import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import torch4j.testing.TestDevice;
import org.junit.jupiter.api.TestFactory;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.testing.Fixtures;

/**
 * Element-wise ops and their gradients against PyTorch ({@code scripts/fixtures/gen_elementwise.py}),
 * plus the {@code out=} and in-place forms and their errors.
 */
class ElementwiseTest {
    private static final Map<String, BinaryOperator<Tensor>> BINARY = Map.ofEntries(
            Map.entry("add", Tensor::add), Map.entry("sub", Tensor::sub), Map.entry("mul", Tensor::mul),
            Map.entry("div", Tensor::div), Map.entry("pow", Tensor::pow), Map.entry("maximum", Tensor::maximum),
            Map.entry("minimum", Tensor::minimum), Map.entry("remainder", Tensor::remainder),
            Map.entry("eq", Tensor::eq), Map.entry("ne", Tensor::ne), Map.entry("lt", Tensor::lt),
            Map.entry("le", Tensor::le), Map.entry("gt", Tensor::gt), Map.entry("ge", Tensor::ge),
            Map.entry("logical_and", Tensor::logicalAnd), Map.entry("logical_or", Tensor::logicalOr),
            Map.entry("logical_xor", Tensor::logicalXor));

    private static final Map<String, UnaryOperator<Tensor>> UNARY = Map.ofEntries(
            Map.entry("exp", Tensor::exp), Map.entry("log", Tensor::log), Map.entry("log1p", Tensor::log1p),
            Map.entry("expm1", Tensor::expm1), Map.entry("sqrt", Tensor::sqrt), Map.entry("rsqrt", Tensor::rsqrt),
            Map.entry("sin", Tensor::sin), Map.entry("cos", Tensor::cos), Map.entry("tanh", Tensor::tanh),
            Map.entry("sigmoid", Tensor::sigmoid), Map.entry("relu", Tensor::relu), Map.entry("abs", Tensor::abs),
            Map.entry("neg", Tensor::neg), Map.entry("sign", Tensor::sign), Map.entry("floor", Tensor::floor),
            Map.entry("ceil", Tensor::ceil), Map.entry("round", Tensor::round), Map.entry("trunc", Tensor::trunc),
            Map.entry("square", Tensor::square), Map.entry("reciprocal", Tensor::reciprocal),
            Map.entry("erf", Tensor::erf), Map.entry("log2", Tensor::log2), Map.entry("logical_not", Tensor::logicalNot),
            Map.entry("isnan", Tensor::isnan), Map.entry("isinf", Tensor::isinf), Map.entry("isfinite", Tensor::isfinite),
            Map.entry("nan_to_num", Tensor::nanToNum));

    private static final Map<String, BiFunction<Tensor, Number, Tensor>> SCALAR = Map.ofEntries(
            Map.entry("add", Tensor::add), Map.entry("sub", Tensor::sub), Map.entry("mul", Tensor::mul),
            Map.entry("div", Tensor::div), Map.entry("pow", Tensor::pow), Map.entry("rsub", Tensor::rsub),
            Map.entry("rdiv", Tensor::rdiv), Map.entry("remainder", Tensor::remainder), Map.entry("eq", Tensor::eq),
            Map.entry("lt", Tensor::lt), Map.entry("gt", Tensor::gt));

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return Fixtures.load("elementwise").cases().values().stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    try {
                        check(c);
                    } catch (AssertionError e) {
                        throw new AssertionError(c.name() + ": " + e.getMessage(), e);
                    }
                }));
    }

    /** Runs one fixture case: forward, then (when the case has a gradient) backward. */
    private static void check(Fixtures.Case c) {
        String[] name = c.name().split(":");
        String kind = name[0], op = name[1];
        boolean grads = c.has("go");
        Tensor[] leaves = new Tensor[3];
        Tensor out = switch (kind) {
            case "bin" -> BINARY.get(op).apply(input(c, "a", grads, leaves, 0), input(c, "b", grads, leaves, 1));
            case "un" -> c.name().endsWith("special_args")
                    ? input(c, "x", grads, leaves, 2).nanToNum(1.0, 2.0, -3.0)
                    : UNARY.get(op).apply(input(c, "x", grads, leaves, 2));
            case "sc" -> SCALAR.get(op).apply(input(c, "x", grads, leaves, 2), number(c, "s"));
            case "alpha" -> op.equals("add")
                    ? input(c, "a", grads, leaves, 0).add(input(c, "b", grads, leaves, 1), number(c, "alpha"))
                    : input(c, "a", grads, leaves, 0).sub(input(c, "b", grads, leaves, 1), number(c, "alpha"));
            case "clamp" -> input(c, "x", grads, leaves, 2).clamp(c.has("min") ? number(c, "min") : null,
                    c.has("max") ? number(c, "max") : null);
            case "where" -> Torch.where(c.tensor("c"), input(c, "a", grads, leaves, 0), input(c, "b", grads, leaves, 1));
            default -> throw new IllegalArgumentException("unknown case kind " + kind);
        };
        assertClose(c.tensor("out"), out);
        if (!grads) return;
        out.backward(c.tensor("go"));
        String[] keys = {"ga", "gb", "gx"};
        for (int i = 0; i < 3; i++) {
            if (!c.has(keys[i])) continue;
            Tensor g = leaves[i].grad();
            assertNotNull(g, keys[i] + " missing");
            assertClose(c.tensor(keys[i]), g);
        }
    }

    /** The stored input as a leaf (requiring grad when the case checks grads), transposed if the case says so. */
    private static Tensor input(Fixtures.Case c, String key, boolean grads, Tensor[] leaves, int slot) {
        Tensor t = c.tensor(key);
        if (grads && t.isFloatingPoint()) t.requiresGrad_();
        leaves[slot] = t;
        return c.has("t" + key) ? t.t() : t;
    }

    /** A 0-d int64 fixture is a Java Long (an integral Python scalar), float64 a Double. */
    private static Number number(Fixtures.Case c, String key) {
        Tensor t = c.tensor(key);
        return t.dtype() == DType.INT64 ? (Number) t.itemLong() : (Number) t.item();
    }

    // ------------------------------------------------------------------ out= and in place

    @Test
    void outIsResizedToTheBroadcastShape() {
        Tensor a = Torch.tensor(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Torch.tensor(new float[] {10, 20, 30});
        Tensor out = Torch.zeros(1);
        assertSame(out, Torch.add(a, b, out));
        assertArrayEquals(new int[] {2, 3}, out.shape());
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, out.toFloatArray());
        // The right shape: written in place, same storage.
        var storage = out.storage();
        Torch.mul(a, b, out);
        assertSame(storage, out.storage());
        assertArrayEquals(new float[] {10, 40, 90, 40, 100, 180}, out.toFloatArray());
        // float64 out holds a float32 result.
        Tensor d = Torch.zeros(DType.FLOAT64, 2, 3);
        Torch.sub(a, b, d);
        assertEquals(DType.FLOAT64, d.dtype());
        assertArrayEquals(new double[] {-9, -18, -27, -6, -15, -24}, d.toDoubleArray(), 0);
    }

    @Test
    void outOfALowerCategoryIsRefused() {
        Tensor a = Torch.tensor(new float[] {1, 2});
        Tensor out = Torch.tensor(new long[] {7, 7});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Torch.div(a, a, out));
        assertEquals("result type Float can't be cast to the desired output type Long", e.getMessage());
        assertArrayEquals(new long[] {7, 7}, out.toLongArray());
        Tensor i = Torch.tensor(new long[] {7, 2});
        e = assertThrows(IllegalArgumentException.class, () -> Torch.div(i, i, Torch.tensor(new long[] {0, 0})));
        assertEquals("result type Float can't be cast to the desired output type Long", e.getMessage());
    }

    @Test
    void inPlaceAddBroadcastsTheOtherOperand() {
        Tensor x = Torch.tensor(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor y = Torch.tensor(new float[] {10, 20, 30});
        int v = x.storage().version();
        assertSame(x, x.add_(y));
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, x.toFloatArray());
        assertTrue(x.storage().version() > v, "in-place ops bump the version counter");
        x.sub_(y, 2);
        assertArrayEquals(new float[] {-9, -18, -27, -6, -15, -24}, x.toFloatArray());
        x.mul_(Torch.tensor(new float[] {-1, 1}, 2, 1)).div_(3);
        assertArrayEquals(new float[] {3, 6, 9, -2, -5, -8}, x.toFloatArray(), 1e-6f);
    }

    @Test
    void inPlaceOnATransposedView() {
        Tensor x = Torch.tensor(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        x.t().add_(Torch.tensor(new float[] {100, 200}));
        assertArrayEquals(new float[] {101, 102, 103, 204, 205, 206}, x.toFloatArray());
    }

    @Test
    void inPlaceCannotGrowItsTensor() {
        Tensor x = Torch.tensor(new float[] {1, 2, 3});
        Tensor y = Torch.ones(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.add_(y));
        assertEquals("output with shape [3] doesn't match the broadcast shape [2, 3]", e.getMessage());
        assertArrayEquals(new float[] {1, 2, 3}, x.toFloatArray());
        assertEquals(0, x.storage().version(), "a failed in-place op leaves the version alone");
    }

    @Test
    void inPlaceIntegerDivisionIsRefused() {
        Tensor x = Torch.tensor(new long[] {4, 6});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.div_(2));
        assertEquals("result type Float can't be cast to the desired output type Long", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.div_(Torch.tensor(new long[] {2, 3})));
        e = assertThrows(IllegalArgumentException.class, () -> x.add_(1.5));
        assertEquals("result type Float can't be cast to the desired output type Long", e.getMessage());
        assertArrayEquals(new long[] {4, 6}, x.toLongArray());
        x.add_(Torch.tensor(new long[] {1, 1})).mul_(2);
        assertArrayEquals(new long[] {10, 14}, x.toLongArray());
    }

    @Test
    void inPlaceFloatTakesIntegerOperand() {
        Tensor x = Torch.tensor(new float[] {1.5f, 2.5f});
        x.add_(Torch.tensor(new long[] {1, 2}));
        x.mul_(2);
        assertArrayEquals(new float[] {5, 9}, x.toFloatArray());
    }

    @Test
    void fromArraySharesMemory() {
        TestDevice.assumeCpu("only CPU tensors can share a Java array");
        float[] data = {1, 2, 3, 4};
        Tensor t = Torch.fromArray(data, 2, 2);
        assertSame(data, t.storage().data());
        data[0] = 42;
        assertEquals(42, t.toFloatArray()[0]);
        t.mul_(2);
        assertArrayEquals(new float[] {84, 4, 6, 8}, data);
        t.t().add_(Torch.tensor(new float[] {1, 0})); // t.t()[i][j] += y[j]
        assertArrayEquals(new float[] {85, 5, 6, 8}, data);
        double[] dd = {1.5};
        Torch.fromArray(dd).add_(1);
        assertEquals(2.5, dd[0]);
    }

    @Test
    void boolNegationIsRefused() {
        Tensor b = Torch.tensor(new boolean[] {true, false});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::neg);
        assertTrue(e.getMessage().startsWith("Negation, the `-` operator, on a bool tensor is not supported."));
    }

    @Test
    void deviceAndShapeMismatchMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Torch.ones(3).add(Torch.ones(4)));
        assertEquals("The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0",
                e.getMessage());
    }
}

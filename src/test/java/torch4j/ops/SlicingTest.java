package torch4j.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static torch4j.testing.Assertions.assertClose;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import torch4j.DType;
import torch4j.Slice;
import torch4j.Tensor;
import torch4j.Torch;

class SlicingTest {
    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return MovementCases.tests(op -> op.startsWith("get") || op.startsWith("set"));
    }

    private static Tensor arange(int... shape) {
        return Torch.arange(0, torch4j.Layout.numel(shape)).to(DType.FLOAT32).view(shape).clone();
    }

    private static String message(Class<? extends Throwable> type, org.junit.jupiter.api.function.Executable e) {
        return assertThrows(type, e).getMessage();
    }

    @Test
    void typedFormMatchesText() {
        Tensor x = arange(2, 3, 4);
        assertClose(x.get("1:, ::2"), x.get(Slice.from(1), Slice.of(null, null, 2)));
        assertClose(x.get("..., -1"), x.get(Slicing.ELLIPSIS, -1));
        assertClose(x.get("None, 0"), x.get(null, 0));
        assertArrayEquals(new int[] {1, 2, 3, 4}, x.get((Object) null).shape());
        assertArrayEquals(new int[] {4}, x.get(" -1 , 2 ").shape());
        assertArrayEquals(new int[] {3, 4}, x.get("1,").shape());
    }

    @Test
    void getIsAView() {
        Tensor x = arange(3, 4);
        Tensor v = x.get("1:, ::2");
        assertSame(x.storage(), v.storage());
        v.fill_(-1);
        assertArrayEquals(new float[] {0, 1, 2, 3, -1, 5, -1, 7, -1, 9, -1, 11}, x.toFloatArray());
        Tensor all = x.get("...");
        assertSame(x.storage(), all.storage());
        assertArrayEquals(x.shape(), all.shape());
    }

    @Test
    void setWritesInPlaceWithBroadcastAndCast() {
        Tensor x = arange(3, 4);
        int version = x.storage().version();
        Tensor r = x.set(":, 1:3", Torch.tensor(new long[] {7, 8}, 2));
        assertSame(x, r);
        assertEquals(version + 1, x.storage().version());
        assertArrayEquals(new float[] {0, 7, 8, 3, 4, 7, 8, 7, 8, 7, 8, 11}, x.toFloatArray());
        x.set("-1", 0.5);
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, x.get("2").toFloatArray());
        x.set("0", Torch.ones(1, 4)); // leading size-1 dims of the value are dropped, as in PyTorch
        assertArrayEquals(new float[] {1, 1, 1, 1}, x.get("0").toFloatArray());
        Tensor y = arange(5);
        y.set("1:", y.get(":-1")); // overlapping source and destination
        assertArrayEquals(new float[] {0, 0, 1, 2, 3}, y.toFloatArray());
    }

    @Test
    void failedSetLeavesTensorUnchanged() {
        Tensor x = arange(3, 4);
        assertEquals("The expanded size of the tensor (3) must match the existing size (4) at non-singleton dimension 0.  Target"
                + " sizes: [3].  Tensor sizes: [4]", message(IllegalArgumentException.class, () -> x.set(":, 0", Torch.ones(4))));
        assertThrows(IndexOutOfBoundsException.class, () -> x.set("0, 0, 0", 1));
        assertClose(arange(3, 4), x);
        assertEquals(0, x.storage().version());
    }

    @Test
    void setOnLeafRequiringGradFails() {
        Tensor x = Torch.zeros(2, 3).requiresGrad_();
        assertEquals("a view of a leaf Variable that requires grad is being used in an in-place operation.",
                message(IllegalStateException.class, () -> x.set("0", 1)));
        try (var s = Torch.noGrad()) {
            x.set("0", 1); // allowed without grad, as PyTorch's torch.no_grad()
        }
        assertArrayEquals(new float[] {1, 1, 1, 0, 0, 0}, x.toFloatArray());
    }

    @Test
    void setRecordsCopySlices() {
        Tensor x = Torch.zeros(2, 3).requiresGrad_();
        Tensor y = x.mul(1);
        y.set("0, 1:", Torch.ones(1, 2).mul(5));
        assertEquals("CopySlices", y.gradFn().name());
        assertArrayEquals(new float[] {0, 5, 5, 0, 0, 0}, y.toFloatArray());
    }

    @Test
    void errorsMatchPyTorch() {
        Tensor a = Torch.randn(3, 4);
        assertEquals("index 5 is out of bounds for dimension 0 with size 3", message(IndexOutOfBoundsException.class, () -> a.get("5")));
        assertEquals("index 9 is out of bounds for dimension 1 with size 4", message(IndexOutOfBoundsException.class, () -> a.get(":, 9")));
        assertEquals("index -5 is out of bounds for dimension 1 with size 4",
                message(IndexOutOfBoundsException.class, () -> a.get("None, ..., -5")));
        assertEquals("too many indices for tensor of dimension 2", message(IndexOutOfBoundsException.class, () -> a.get("1, 2, 3")));
        assertEquals("step must be greater than zero", message(IllegalArgumentException.class, () -> a.get("::-1")));
        assertEquals("step must be greater than zero", message(IllegalArgumentException.class, () -> a.get("::0")));
        assertEquals("an index can only have a single ellipsis ('...')", message(IllegalArgumentException.class, () -> a.get("..., ...")));
        assertEquals("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a"
                + " 0-dim tensor to a number", message(IndexOutOfBoundsException.class, () -> Torch.scalarTensor(1.0).get("0")));
        assertThrows(IllegalArgumentException.class, () -> a.get("1:2:3:4"));
        assertThrows(IllegalArgumentException.class, () -> a.get("x"));
        assertThrows(IllegalArgumentException.class, () -> a.get("1,,2"));
        assertThrows(IllegalArgumentException.class, () -> a.get("1.5"));
    }
}

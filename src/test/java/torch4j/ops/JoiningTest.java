package torch4j.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.autograd.GradCheck;

class JoiningTest {
    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return MovementCases.tests(op -> op.startsWith("cat") || op.startsWith("stack"));
    }

    private static String message(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    @Test
    void promotesDtypes() {
        Tensor c = Torch.cat(0, Torch.zeros(DType.INT64, 2, 3), Torch.ones(1, 3));
        assertEquals(DType.FLOAT32, c.dtype());
        assertArrayEquals(new int[] {3, 3}, c.shape());
        assertEquals(DType.INT64, Torch.stack(0, Torch.zeros(DType.INT32, 2), Torch.zeros(DType.INT64, 2)).dtype());
        assertArrayEquals(new int[] {2, 3}, Torch.cat(0, Torch.zeros(0), Torch.ones(2, 3)).shape());
    }

    @Test
    void gradNamesAndCastBack() {
        Tensor a = Torch.randn(2, 3).requiresGrad_();
        Tensor b = Torch.randn(DType.FLOAT64, 1, 3).requiresGrad_();
        Tensor c = Torch.cat(0, a, b);
        assertEquals("CatBackward0", c.gradFn().name());
        assertEquals("StackBackward0", Torch.stack(1, a, a).gradFn().name());
        c.backward(Torch.ones(DType.FLOAT64, 3, 3));
        assertEquals(DType.FLOAT32, a.grad().dtype());
        assertEquals(DType.FLOAT64, b.grad().dtype());
    }

    @Test
    void gradcheckInFloat64() {
        Tensor a = Torch.randn(DType.FLOAT64, 2, 3).requiresGrad_();
        Tensor b = Torch.randn(DType.FLOAT64, 3, 2).requiresGrad_();
        assertTrue(GradCheck.gradcheck(in -> Torch.cat(0, in[0], in[1].t(), in[0].flip(1)), a, b));
        assertTrue(GradCheck.gradcheck(in -> Torch.stack(2, in[0], in[1].t()), a, b));
        assertTrue(GradCheck.gradgradcheck(in -> Torch.cat(1, in[0], in[1].t()).pow(2), a, b));
    }

    @Test
    void errorsMatchPyTorch() {
        Tensor a = Torch.randn(3, 4);
        assertEquals("Sizes of tensors must match except in dimension 1. Expected size 3 but got size 4 for tensor number 1 in the list.",
                message(() -> Torch.cat(1, a, Torch.randn(4, 4))));
        assertEquals("Sizes of tensors must match except in dimension 0. Expected size 4 but got size 5 for tensor number 2 in the list.",
                message(() -> Torch.cat(0, a, a, Torch.randn(3, 5))));
        assertEquals("stack expects each tensor to be equal size, but got [3, 4] at entry 0 and [3, 5] at entry 1",
                message(() -> Torch.stack(0, a, Torch.randn(3, 5))));
        assertEquals("torch.cat(): expected a non-empty list of Tensors", message(() -> Torch.cat(List.of(), 0)));
        assertEquals("stack expects a non-empty TensorList", message(() -> Torch.stack(List.of(), 0)));
        assertEquals("zero-dimensional tensor (at position 0) cannot be concatenated", message(() -> Torch.cat(0, Torch.scalarTensor(1.0))));
        assertEquals("Tensors must have same number of dimensions: got 2 and 1", message(() -> Torch.cat(0, a, Torch.randn(3))));
        assertThrows(IndexOutOfBoundsException.class, () -> Torch.cat(2, a, a));
        assertThrows(IndexOutOfBoundsException.class, () -> Torch.stack(3, a, a));
    }
}

package torch4j.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
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

class MovementTest {
    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return MovementCases.tests(op -> !op.matches("(cat|stack|get|set).*"));
    }

    private static Tensor arange(int... shape) {
        return Torch.arange(0, torch4j.Layout.numel(shape)).to(DType.FLOAT32).view(shape).clone();
    }

    private static String message(Class<? extends Throwable> type, org.junit.jupiter.api.function.Executable e) {
        return assertThrows(type, e).getMessage();
    }

    @Test
    void viewsShareStorageAndVersion() {
        Tensor x = arange(3, 4);
        Tensor v = x.t().select(0, 1); // column 1 of x
        v.fill_(-1);
        assertArrayEquals(new float[] {0, -1, 2, 3, 4, -1, 6, 7, 8, -1, 10, 11}, x.toFloatArray());
        assertSame(x, v.base());
        assertEquals(x.storage().version(), v.storage().version());
        int before = x.storage().version();
        x.view(12).narrow(0, 0, 2).fill_(7);
        assertEquals(before + 1, v.storage().version());
        assertEquals(7f, x.toFloatArray()[1]);
    }

    @Test
    void viewOfNonContiguousWhenStridesAllow() {
        Tensor x = arange(4, 6).t(); // shape [6, 4], strides [1, 6]
        Tensor y = x.view(2, 3, 4); // splits the first dim: allowed
        assertArrayEquals(new int[] {3, 1, 6}, y.stride());
        assertSame(x.storage(), y.storage());
        assertEquals(PyTorch.VIEW_ERROR, message(IllegalArgumentException.class, () -> x.view(24)));
        Tensor r = x.reshape(24); // reshape copies instead
        assertNotSame(x.storage(), r.storage());
        assertArrayEquals(x.contiguous().toFloatArray(), r.toFloatArray());
    }

    @Test
    void gradFnNames() {
        Tensor x = Torch.randn(2, 3, 4).requiresGrad_();
        assertEquals("ViewBackward0", x.view(6, 4).gradFn().name());
        assertEquals("ReshapeAliasBackward0", x.reshape(6, 4).gradFn().name());
        assertEquals("UnsafeViewBackward0", x.transpose(1, 2).reshape(-1).gradFn().name());
        assertEquals("TransposeBackward0", x.transpose(0, 1).gradFn().name());
        assertEquals("PermuteBackward0", x.T().gradFn().name());
        assertEquals("TBackward0", x.select(0, 0).t().gradFn().name());
        assertEquals("SelectBackward0", x.select(0, 0).gradFn().name());
        assertEquals("SliceBackward0", x.narrow(1, 0, 2).gradFn().name());
        assertEquals("ExpandBackward0", x.unsqueeze(0).expand(2, 2, 3, 4).gradFn().name());
        assertEquals("SqueezeBackward0", x.squeeze().gradFn().name());
        assertEquals("SqueezeBackward1", x.squeeze(0).gradFn().name());
        assertEquals("UnsqueezeBackward0", x.unsqueeze(0).gradFn().name());
        assertEquals("SplitBackward0", x.chunk(2, 1).get(0).gradFn().name());
        assertEquals("SplitWithSizesBackward0", x.split(new int[] {1, 2}, 1).get(1).gradFn().name());
        assertEquals("UnbindBackward0", x.unbind(1).get(2).gradFn().name());
        assertEquals("FlipBackward0", x.flip(0).gradFn().name());
        assertEquals("RollBackward0", x.roll(1, 0).gradFn().name());
        assertEquals("RepeatBackward0", x.repeat(1, 2, 1).gradFn().name());
        List<Tensor> parts = x.split(2, 1);
        assertSame(parts.get(0).gradFn(), parts.get(1).gradFn()); // one node for all outputs
    }

    @Test
    void chunkSizesFollowPyTorch() {
        assertEquals(2, Torch.zeros(3, 4).chunk(3, 1).size()); // ceil(4/3) = 2 per chunk: only 2 chunks
        assertEquals(List.of(2, 2, 2), Torch.zeros(6).chunk(4).stream().map(t -> t.size(0)).toList());
        assertEquals(List.of(0, 0, 0), Torch.zeros(0).chunk(3).stream().map(t -> t.size(0)).toList());
        assertEquals(List.of(5), Torch.zeros(5).split(10, 0).stream().map(t -> t.size(0)).toList());
    }

    @Test
    void flattenWithOneDimIsTheSameTensor() {
        Tensor x = Torch.zeros(2, 3);
        assertSame(x, x.flatten(1, 1));
        assertArrayEquals(new int[] {1}, Torch.scalarTensor(1.0).flatten().shape());
    }

    @Test
    void errorsMatchPyTorch() {
        Tensor a = Torch.randn(3, 4);
        assertEquals("select(): index 5 out of range for tensor of size [3, 4] at dimension 0",
                message(IndexOutOfBoundsException.class, () -> a.select(0, 5)));
        assertEquals("t() expects a tensor with <= 2 dimensions, but self is 3D",
                message(IllegalArgumentException.class, () -> Torch.zeros(2, 3, 4).t()));
        assertEquals("permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired"
                + " ordering of dimensions i.e. input.dim() = 2 is not equal to len(dims) = 1",
                message(IllegalArgumentException.class, () -> a.permute(0)));
        assertEquals("permute(): duplicate dims are not allowed.", message(IllegalArgumentException.class, () -> a.permute(0, 0)));
        assertEquals("start (2) + length (3) exceeds dimension size (3).",
                message(IllegalArgumentException.class, () -> a.narrow(0, 2, 3)));
        assertEquals("Dimension out of range (expected to be in range of [-3, 2], but got 5)",
                message(IndexOutOfBoundsException.class, () -> a.narrow(0, 5, 0)));
        assertEquals("split_with_sizes expects split_sizes to sum exactly to 3 (input tensor's size at dimension 0), but got"
                + " split_sizes=[1, 1]", message(IllegalArgumentException.class, () -> a.split(new int[] {1, 1}, 0)));
        assertEquals("split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=[5, -1]",
                message(IllegalArgumentException.class, () -> a.split(new int[] {5, -1}, 0)));
        assertEquals("split_size can only be 0 if dimension size is 0, but got dimension size of 3",
                message(IllegalArgumentException.class, () -> a.split(0, 0)));
        assertEquals("chunk expects `chunks` to be greater than 0, got: 0", message(IllegalArgumentException.class, () -> a.chunk(0)));
        assertEquals("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor",
                message(IllegalArgumentException.class, () -> a.repeat(2)));
        assertEquals("shifts and dimensions must align. shifts: 2, dims:1",
                message(IllegalArgumentException.class, () -> a.roll(new int[] {1, 2}, new int[] {0})));
        assertEquals("`shifts` required", message(IllegalArgumentException.class, () -> a.roll(new int[0], new int[0])));
        assertEquals("dim 0 appears multiple times in the list of dims", message(IllegalArgumentException.class, () -> a.flip(0, 0)));
        assertEquals("unflatten: Provided sizes [3, 2] don't multiply up to the size of dim 1 (4) in the input tensor",
                message(IllegalArgumentException.class, () -> a.unflatten(1, 3, 2)));
        assertEquals("flatten() has invalid args: start_dim cannot come after end_dim",
                message(IllegalArgumentException.class, () -> a.flatten(1, 0)));
        assertEquals("shape '[5, -1]' is invalid for input of size 12", message(IllegalArgumentException.class, () -> a.view(5, -1)));
        assertEquals("The expanded size of the tensor (5) must match the existing size (4) at non-singleton dimension 1.  Target"
                + " sizes: [3, 5].  Tensor sizes: [3, 4]", message(IllegalArgumentException.class, () -> a.expand(3, 5)));
        assertEquals("Dimension out of range (expected to be in range of [-2, 1], but got 3)",
                message(IndexOutOfBoundsException.class, () -> a.squeeze(3)));
        Tensor s = Torch.scalarTensor(1.0);
        assertEquals("select() cannot be applied to a 0-dim tensor.", message(IndexOutOfBoundsException.class, () -> s.select(0, 0)));
        assertEquals("narrow() cannot be applied to a 0-dim tensor.", message(IllegalArgumentException.class, () -> s.narrow(0, 0, 1)));
        assertEquals("Dimension specified as 0 but tensor has no dimensions", message(IndexOutOfBoundsException.class, s::unbind));
        assertEquals("split expects at least a 1-dimensional tensor", message(IllegalArgumentException.class, () -> s.split(1, 0)));
    }

    @Test
    void gradcheckInFloat64() {
        Tensor x = Torch.randn(DType.FLOAT64, 3, 4, 5).requiresGrad_();
        assertTrue(GradCheck.gradcheck(in -> in[0].transpose(0, 2).reshape(-1, 3).narrow(0, 2, 5), x));
        assertTrue(GradCheck.gradcheck(in -> in[0].select(1, -1).unsqueeze(1).expand(3, 2, 5), x));
        assertTrue(GradCheck.gradcheck(in -> in[0].flip(0, 2).roll(new int[] {2, -1}, new int[] {1, 2}).repeat(2, 1, 1, 2), x));
        assertTrue(GradCheck.gradcheckMulti(in -> in[0].split(new int[] {1, 3}, 1).toArray(new Tensor[0]), x));
        assertTrue(GradCheck.gradgradcheck(in -> in[0].slice(2, 1, null, 2).mul(in[0].slice(2, 0, 2, 1)), x));
        assertTrue(GradCheck.gradgradcheck(in -> in[0].select(0, 1).pow(2), x));
    }

    /** PyTorch's texts that several tests share. */
    static final class PyTorch {
        static final String VIEW_ERROR = "view size is not compatible with input tensor's size and stride (at least one"
                + " dimension spans across two contiguous subspaces). Use .reshape(...) instead.";
    }
}

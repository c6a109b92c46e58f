package torch4j.ops;

import java.util.List;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.ValuesIndices;

/** Views and data movement: view, reshape, transpose, permute, narrow, select, slice, expand, squeeze, flip, roll, repeat. */
public final class Movement {
    private Movement() {}


    public static Tensor view(Tensor x, int[] shape) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor reshape(Tensor x, int[] shape) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor transpose(Tensor x, int d0, int d1) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor t(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor reverseDims(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor permute(Tensor x, int[] dims) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor narrow(Tensor x, int dim, int start, int length) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor select(Tensor x, int dim, int index) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor slice(Tensor x, int dim, Integer start, Integer stop, int step) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor expand(Tensor x, int[] sizes) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor squeeze(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor squeeze(Tensor x, int dim) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor unsqueeze(Tensor x, int dim) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor flatten(Tensor x, int start, int end) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor unflatten(Tensor x, int dim, int[] sizes) { throw new UnsupportedOperationException("not implemented yet"); }
    public static List<Tensor> chunk(Tensor x, int chunks, int dim) { throw new UnsupportedOperationException("not implemented yet"); }
    public static List<Tensor> split(Tensor x, int size, int dim) { throw new UnsupportedOperationException("not implemented yet"); }
    public static List<Tensor> split(Tensor x, int[] sizes, int dim) { throw new UnsupportedOperationException("not implemented yet"); }
    public static List<Tensor> unbind(Tensor x, int dim) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor flip(Tensor x, int[] dims) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor roll(Tensor x, int[] shifts, int[] dims) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor repeat(Tensor x, int[] repeats) { throw new UnsupportedOperationException("not implemented yet"); }
}

package torch4j.ops;

import torch4j.DType;
import torch4j.Tensor;
import torch4j.ValuesIndices;
import torch4j.autograd.Graph;
import torch4j.backend.Backend;
import torch4j.internal.Shapes;

/**
 * Sorting and top-k along a dim. The sort is stable (equal values keep their order) and NaN sorts
 * as the largest value, as in PyTorch. The gradient goes back to the positions the values came
 * from.
 */
public final class Sorting {
    private Sorting() {}

    /**
     * {@code x.sort(dim, descending)}: sorted values and their original indices (int64).
     *
     * <pre>{@code ValuesIndices s = x.sort(-1, true); s.indices(); }</pre>
     */
    public static ValuesIndices sort(Tensor x, int dim, boolean descending) {
        int d = Shapes.wrapDim(dim, x.dim());
        return firstK(x, d, descending, x.dim() == 0 ? 1 : x.layout().shape()[d], "SortBackward0");
    }

    /**
     * {@code x.topk(k, dim, largest, sorted)}: the {@code k} largest (or smallest) values along
     * {@code dim} and their indices. Results always come sorted; ties keep index order.
     */
    public static ValuesIndices topk(Tensor x, int k, int dim, boolean largest, boolean sorted) {
        int d = Shapes.wrapDim(dim, x.dim());
        int n = x.dim() == 0 ? 1 : x.layout().shape()[d];
        if (k < 0 || k > n) throw new IndexOutOfBoundsException("selected index k out of range");
        return firstK(x, d, largest, k, "TopkBackward0");
    }

    private static ValuesIndices firstK(Tensor x, int d, boolean descending, int k, String name) {
        int[] shape = x.layout().shape().clone();
        if (shape.length > 0) shape[d] = k;
        Tensor values = Tensor.zeros(x.dtype(), x.device(), shape);
        Tensor indices = Tensor.zeros(DType.INT64, x.device(), shape);
        if (values.numel() > 0) Backend.of(x.device()).reduce().sort(x, d, descending, k, values, indices);
        if (Graph.needsGrad(x)) {
            int[] inShape = x.layout().shape();
            Graph.recordAll(name, new Tensor[] {values, indices}, new Tensor[] {x}, new Tensor[] {indices}, (n, g) -> {
                if (inShape.length == 0) return new Tensor[] {g[0]};
                Tensor zeros = Tensor.zeros(g[0].dtype(), g[0].device(), inShape);
                return new Tensor[] {Indexing.scatter(zeros, d, n.saved(0), g[0])};
            });
        }
        return new ValuesIndices(values, indices);
    }
}

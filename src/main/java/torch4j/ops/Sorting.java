package torch4j.ops;

import java.util.List;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.ValuesIndices;

/** Sorting and top-k. */
public final class Sorting {
    private Sorting() {}


    public static ValuesIndices sort(Tensor x, int dim, boolean descending) { throw new UnsupportedOperationException("not implemented yet"); }
    public static ValuesIndices topk(Tensor x, int k, int dim, boolean largest, boolean sorted) { throw new UnsupportedOperationException("not implemented yet"); }
}

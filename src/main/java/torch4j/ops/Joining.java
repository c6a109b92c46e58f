package torch4j.ops;

import java.util.List;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.ValuesIndices;

/** Concatenation and stacking. */
public final class Joining {
    private Joining() {}


    public static Tensor cat(List<Tensor> tensors, int dim) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor stack(List<Tensor> tensors, int dim) { throw new UnsupportedOperationException("not implemented yet"); }
}

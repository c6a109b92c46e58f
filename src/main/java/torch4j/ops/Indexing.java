package torch4j.ops;

import java.util.List;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.ValuesIndices;

/** Gathering, scattering and masking by index. */
public final class Indexing {
    private Indexing() {}


    public static Tensor indexSelect(Tensor x, int dim, Tensor index) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor gather(Tensor x, int dim, Tensor index) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor scatter(Tensor x, int dim, Tensor index, Tensor src) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor scatter(Tensor x, int dim, Tensor index, Number value) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor scatterAdd(Tensor x, int dim, Tensor index, Tensor src) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor maskedFill(Tensor x, Tensor mask, Number value) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor maskedSelect(Tensor x, Tensor mask) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor nonzero(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
}

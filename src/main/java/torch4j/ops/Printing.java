package torch4j.ops;

import java.util.List;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.ValuesIndices;

/** PyTorch's tensor printing. */
public final class Printing {
    private Printing() {}


    public static String toString(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
}

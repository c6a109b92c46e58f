package torch4j.ops;

import java.util.List;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.ValuesIndices;

/** Cumulative sums and products. */
public final class Scans {
    private Scans() {}


    public static Tensor cumsum(Tensor x, int dim) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor cumprod(Tensor x, int dim) { throw new UnsupportedOperationException("not implemented yet"); }
}

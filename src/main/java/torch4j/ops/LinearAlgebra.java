package torch4j.ops;

import java.util.List;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.ValuesIndices;

/** Matrix and vector products. */
public final class LinearAlgebra {
    private LinearAlgebra() {}


    public static Tensor dot(Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor mv(Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor mm(Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor bmm(Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor matmul(Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor outer(Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor addmm(Tensor self, Tensor m1, Tensor m2, Number beta, Number alpha) { throw new UnsupportedOperationException("not implemented yet"); }
}

package torch4j.ops;

import java.util.List;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.ValuesIndices;

/** Reductions over all elements or along dims. */
public final class Reductions {
    private Reductions() {}


    public static Tensor sumToSize(Tensor x, int[] shape) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor sum(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor sum(Tensor x, int[] dims, boolean keepdim) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor mean(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor mean(Tensor x, int[] dims, boolean keepdim) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor prod(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor prod(Tensor x, int dim, boolean keepdim) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor max(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
    public static ValuesIndices max(Tensor x, int dim, boolean keepdim) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor min(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
    public static ValuesIndices min(Tensor x, int dim, boolean keepdim) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor argmax(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor argmax(Tensor x, int dim, boolean keepdim) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor argmin(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor argmin(Tensor x, int dim, boolean keepdim) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor var(Tensor x, int[] dims, boolean unbiased, boolean keepdim) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor std(Tensor x, int[] dims, boolean unbiased, boolean keepdim) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor logsumexp(Tensor x, int[] dims, boolean keepdim) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor norm(Tensor x, double p, int[] dims, boolean keepdim) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor all(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor all(Tensor x, int dim, boolean keepdim) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor any(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor any(Tensor x, int dim, boolean keepdim) { throw new UnsupportedOperationException("not implemented yet"); }
}

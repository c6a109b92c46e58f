package torch4j.backend;

import torch4j.Tensor;

/**
 * Reductions along dims, scans and sorting. Inputs may have any strides (broadcast stride-0 views
 * included); outputs are freshly allocated by the op, contiguous, and shaped as the kernel says.
 */
public interface ReduceKernels {
    /**
     * {@code out = op(x)} over the dims where {@code out} has size 1 and {@code x} does not.
     * {@code out} has {@code x}'s rank (the keepdim shape). Float inputs accumulate in double,
     * integer and bool inputs in long; {@code out}'s dtype is the op's result type (int64 for
     * integer sums and products, bool or uint8 for ALL/ANY, the input's dtype otherwise).
     */
    void reduce(ReduceOp op, Tensor x, Tensor out);

    /**
     * Index (and value) of the largest ({@code max}) or smallest element along {@code dim}: the
     * first occurrence on ties, and the first NaN if there is one. {@code indices} (int64) and
     * {@code values} (x's dtype, may be null) have the keepdim shape; {@code x.size(dim) > 0}.
     */
    void argReduce(boolean max, Tensor x, int dim, Tensor values, Tensor indices);

    /**
     * Inclusive scan ({@code SUM} or {@code PROD}) along {@code dim}, from the last element
     * backwards when {@code reverse}. {@code out} has {@code x}'s shape and the result dtype.
     */
    void scan(ReduceOp op, Tensor x, int dim, boolean reverse, Tensor out);

    /**
     * Stable sort along {@code dim}; NaN sorts as the largest value. {@code values} (x's dtype)
     * and {@code indices} (int64) have the shape of {@code x} with {@code k} elements along
     * {@code dim}: the first {@code k} of the sorted order ({@code k = x.size(dim)} for a full sort).
     */
    void sort(Tensor x, int dim, boolean descending, int k, Tensor values, Tensor indices);
}

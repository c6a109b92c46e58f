package torch4j.backend;

import torch4j.Tensor;

/**
 * Gathering, scattering and masking by index. Index tensors are int64 (int32 also for {@link
 * #indexSelect} and {@link #indexAdd}); data operands share one dtype. Kernels check every index
 * against its dim's size and throw PyTorch's {@link IndexOutOfBoundsException} for a bad one; they
 * may have written part of {@code out} by then, so ops pass freshly allocated outputs.
 */
public interface IndexKernels {
    /** {@code out = x.index_select(dim, index)}: out has x's shape with {@code dim} replaced by index's length. */
    void indexSelect(Tensor x, int dim, Tensor index, Tensor out);

    /** {@code out[.., index[j], ..] += src[.., j, ..]} along {@code dim} (repeated indices add up). */
    void indexAdd(Tensor out, int dim, Tensor index, Tensor src);

    /** {@code out[p] = x[p with p[dim] = index[p]]}; out has index's shape. */
    void gather(Tensor x, int dim, Tensor index, Tensor out);

    /**
     * {@code out[p with p[dim] = index[p]] = src[p]} (or {@code +=} when {@code add}) for every
     * position {@code p} of index; src is at least index's size in every dim.
     */
    void scatter(Tensor out, int dim, Tensor index, Tensor src, boolean add);

    /** {@code out[p with p[dim] = index[p]] = value} for every position {@code p} of index. */
    void scatterFill(Tensor out, int dim, Tensor index, double value);

    /** Number of non-zero (true) elements of {@code x}. */
    int countNonzero(Tensor x);

    /** {@code out} (1-D, length = true count of mask) = the elements of x where mask is true, in row-major order; x and mask share a shape. */
    void maskedSelect(Tensor x, Tensor mask, Tensor out);

    /** Writes the elements of {@code source} (row-major order) into {@code out} where {@code mask} is true; same shape for out and mask. */
    void maskedScatter(Tensor out, Tensor mask, Tensor source);

    /** {@code out[i, d]} = coordinate {@code d} of the {@code i}-th non-zero element of x (row-major); out is int64 {@code [count, x.dim()]}. */
    void nonzero(Tensor x, Tensor out);
}

package torch4j.backend;

import torch4j.Tensor;

/**
 * What convolution and pooling need from a device. All tensors are 4-D ({@code [N, C, H, W]};
 * the ops present 1-D and unbatched inputs as such views), inputs may have any strides, outputs
 * are contiguous tensors the op allocated (zero-filled), and float32 or float64 throughout.
 * Convolution weights are {@code [Cout, Cin / groups, kH, kW]}.
 *
 * <p>A transposed convolution needs no kernels of its own: its forward is {@link
 * #conv2dInputGrad}, its input gradient {@link #conv2d}, and its weight gradient {@link
 * #conv2dWeightGrad} with the roles of input and output gradient swapped.
 */
public interface ConvKernels {
    /** {@code out = conv2d(input, weight) + bias}; {@code bias} ({@code [Cout]}) may be null. */
    void conv2d(Tensor input, Tensor weight, Tensor bias, Tensor out, ConvGeometry geo);

    /** {@code gradInput += conv2d's input gradient for gradOut} (the transposed convolution). */
    void conv2dInputGrad(Tensor gradOut, Tensor weight, Tensor gradInput, ConvGeometry geo);

    /** {@code gradWeight = conv2d's weight gradient}: the correlation of {@code input} with {@code gradOut}. */
    void conv2dWeightGrad(Tensor gradOut, Tensor input, Tensor gradWeight, ConvGeometry geo);

    /**
     * Max over each window; {@code indices} (int64, the output's shape) receives the flat index
     * {@code h * W + w} of the maximum within its input plane, as PyTorch's {@code return_indices}.
     * NaN wins over numbers.
     */
    void maxPool2d(Tensor input, Tensor out, Tensor indices, PoolGeometry geo);

    /** {@code gradInput[plane][indices[i]] += gradOut[i]}: the scatter that is max pooling's backward. */
    void maxPool2dBackward(Tensor gradOut, Tensor indices, Tensor gradInput);

    /** Mean over each window (padding and divisor as {@code geo} says). */
    void avgPool2d(Tensor input, Tensor out, PoolGeometry geo);

    /** Spreads each output gradient evenly over its window. */
    void avgPool2dBackward(Tensor gradOut, Tensor gradInput, PoolGeometry geo);

    /** Mean over PyTorch's adaptive windows {@code [floor(i*H/OH), ceil((i+1)*H/OH))}. */
    void adaptiveAvgPool2d(Tensor input, Tensor out);

    /** The backward of {@link #adaptiveAvgPool2d}. */
    void adaptiveAvgPool2dBackward(Tensor gradOut, Tensor gradInput);
}

package torch4j.backend.cpu;

import torch4j.Tensor;
import torch4j.backend.ConvGeometry;

/**
 * The float32 stride-1 convolution on wide rows (see {@link WideConv} for the layout), in two
 * implementations: {@link WideConv}'s im2col + GEMM in plain Java, and {@code WideConvVector}'s
 * Vector API tiles that read the image at each tap's offset with no columns built. {@link CpuConv}
 * picks one once, as {@link CpuGemm} picks its kernel. The weight is contiguous; outputs are the
 * op's zero-filled contiguous tensors.
 */
interface WideConvKernels {

    /** Whether this implementation takes a convolution of these shapes (all are stride 1 here). */
    boolean handles(int[] inputShape, int[] weightShape, int[] outShape, ConvGeometry g);

    /** {@code out = conv2d(input, weight) + bias}; {@code bias} may be null. */
    void conv2d(Tensor input, Tensor weight, Tensor bias, Tensor out, ConvGeometry g);

    /** {@code gradInput +=} the input gradient. */
    void inputGrad(Tensor gradOut, Tensor weight, Tensor gradInput, ConvGeometry g);

    /** {@code gradWeight =} the weight gradient. */
    void weightGrad(Tensor gradOut, Tensor input, Tensor gradWeight, ConvGeometry g);
}

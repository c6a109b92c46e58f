package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/**
 * {@code nn.ConvTranspose2d}: the gradient of a 2-D convolution with respect to its input, used
 * to upsample; weight {@code [in, out / groups, kH, kW]}. Output size per dim is
 * {@code (in - 1) stride - 2 padding + dilation (k - 1) + output_padding + 1}.
 */
public class ConvTranspose2d extends ConvNd {
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {1}, new int[] {0}, new int[] {0}, 1, true,
                new int[] {1});
    }

    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, new int[] {0}, new int[] {0}, 1, true,
                new int[] {1});
    }

    /** The full form, in PyTorch's argument order; each int[] holds one value for both dims or one per dim. */
    public ConvTranspose2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding,
                           int[] outputPadding, int groups, boolean bias, int[] dilation) {
        super(inChannels, outChannels, ntuple(2, kernelSize, "kernel_size"), ntuple(2, stride, "stride"),
                ntuple(2, padding, "padding"), null, ntuple(2, dilation, "dilation"), true,
                ntuple(2, outputPadding, "output_padding"), groups, bias, "zeros");
    }

    @Override
    public Tensor forward(Tensor input) {
        checkInput(input, inChannels);
        return F.convTranspose2d(input, weight, bias, stride, padding, outputPadding, groups, dilation);
    }
}

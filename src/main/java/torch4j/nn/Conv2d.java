package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/**
 * {@code nn.Conv2d}: 2-D convolution over {@code [N, C, H, W]} (or unbatched {@code [C, H, W]})
 * inputs; weight {@code [out, in / groups, kH, kW]}. Padding may be numbers or "same"/"valid".
 *
 * <pre>{@code Conv2d conv1 = new Conv2d(1, 6, 5);   // Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1)) }</pre>
 */
public class Conv2d extends ConvNd {
    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {1}, new int[] {0}, new int[] {1}, 1, true);
    }

    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, new int[] {1}, 1, true);
    }

    /** The full form; each int[] holds one value for both dims or one per dim. */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation, int groups,
                  boolean bias) {
        super(inChannels, outChannels, ntuple(2, kernelSize, "kernel_size"), ntuple(2, stride, "stride"),
                ntuple(2, padding, "padding"), null, ntuple(2, dilation, "dilation"), false, new int[] {0, 0}, groups, bias,
                "zeros");
    }

    /** With string padding: "same" (output as large as the input, stride 1 only) or "valid" (none). */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, String padding, int[] dilation, int groups,
                  boolean bias) {
        super(inChannels, outChannels, ntuple(2, kernelSize, "kernel_size"), ntuple(2, stride, "stride"), new int[] {0, 0},
                padding, ntuple(2, dilation, "dilation"), false, new int[] {0, 0}, groups, bias, "zeros");
    }

    @Override
    public Tensor forward(Tensor input) {
        checkInput(input, inChannels);
        if (paddingString != null) return F.conv2d(input, weight, bias, stride, paddingString, dilation, groups);
        return F.conv2d(input, weight, bias, stride, padding, dilation, groups);
    }
}

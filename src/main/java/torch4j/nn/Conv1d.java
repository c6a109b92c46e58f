package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/**
 * {@code nn.Conv1d}: 1-D convolution over {@code [N, C, L]} (or unbatched {@code [C, L]}) inputs;
 * weight {@code [out, in / groups, k]}.
 */
public class Conv1d extends ConvNd {
    public Conv1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0, 1, 1, true);
    }

    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups,
                  boolean bias) {
        super(inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, null,
                new int[] {dilation}, false, new int[] {0}, groups, bias, "zeros");
    }

    /** With string padding "same" or "valid". */
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, String padding, int dilation, int groups,
                  boolean bias) {
        super(inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, new int[] {0}, padding,
                new int[] {dilation}, false, new int[] {0}, groups, bias, "zeros");
    }

    @Override
    public Tensor forward(Tensor input) {
        checkInput(input, inChannels);
        if (paddingString != null) return F.conv1d(input, weight, bias, stride[0], paddingString, dilation[0], groups);
        return F.conv1d(input, weight, bias, stride[0], padding[0], dilation[0], groups);
    }
}

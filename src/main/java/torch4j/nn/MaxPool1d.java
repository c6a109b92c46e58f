package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** {@code nn.MaxPool1d}: the maximum of each window along the last dim of {@code [N, C, L]} or {@code [C, L]}. */
public class MaxPool1d extends Module {
    public final int kernelSize;
    public final int stride;
    public final int padding;
    public final int dilation;
    public final boolean ceilMode;

    public MaxPool1d(int kernelSize) {
        this(kernelSize, kernelSize, 0, 1, false);
    }

    public MaxPool1d(int kernelSize, int stride, int padding, int dilation, boolean ceilMode) {
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.ceilMode = ceilMode;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 2 && input.dim() != 3) {
            throw new IllegalArgumentException("MaxPool1d: expected input of shape [N, C, L] (2-D or 3-D), got "
                    + input.shapeString());
        }
        return F.maxPool1d(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    @Override
    public String extraRepr() {
        return "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding + ", dilation=" + dilation
                + ", ceil_mode=" + py(ceilMode);
    }
}

package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** {@code nn.AvgPool2d}: the mean of each window; stride defaults to the kernel size. */
public class AvgPool2d extends Module {
    public final int[] kernelSize;
    public final int[] stride;
    public final int[] padding;
    public final boolean ceilMode;
    public final boolean countIncludePad;
    /** 0 when not set. */
    public final int divisorOverride;
    private final boolean scalarArgs;

    public AvgPool2d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    public AvgPool2d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize, kernelSize}, new int[] {stride, stride}, new int[] {padding, padding}, false, true, 0, true);
    }

    /** {@code AvgPool2d(kernel, stride, padding, ceil_mode, count_include_pad, divisor_override)}; null stride = kernel, divisor 0 = none. */
    public AvgPool2d(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad,
                     int divisorOverride) {
        this(ConvNd.ntuple(2, kernelSize, "kernel_size"), ConvNd.ntuple(2, stride == null ? kernelSize : stride, "stride"),
                ConvNd.ntuple(2, padding, "padding"), ceilMode, countIncludePad, divisorOverride, false);
    }

    private AvgPool2d(int[] k, int[] s, int[] p, boolean ceilMode, boolean countIncludePad, int divisorOverride,
                      boolean scalarArgs) {
        this.kernelSize = k;
        this.stride = s;
        this.padding = p;
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        this.divisorOverride = divisorOverride;
        this.scalarArgs = scalarArgs;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 3 && input.dim() != 4) {
            throw new IllegalArgumentException("AvgPool2d: expected input of shape [N, C, H, W] (3-D or 4-D), got "
                    + input.shapeString());
        }
        return F.avgPool2d(input, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    @Override
    public String extraRepr() {
        return "kernel_size=" + fmt(kernelSize) + ", stride=" + fmt(stride) + ", padding=" + fmt(padding);
    }

    private String fmt(int[] v) {
        return scalarArgs ? Integer.toString(v[0]) : tuple(v);
    }
}

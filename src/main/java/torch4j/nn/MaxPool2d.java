package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/**
 * {@code nn.MaxPool2d}: the maximum of each window; stride defaults to the kernel size.
 *
 * <pre>{@code new MaxPool2d(2)   // MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False) }</pre>
 */
public class MaxPool2d extends Module {
    public final int[] kernelSize;
    public final int[] stride;
    public final int[] padding;
    public final int[] dilation;
    public final boolean ceilMode;
    private final boolean scalarArgs;

    public MaxPool2d(int kernelSize) {
        this(kernelSize, kernelSize, 0, 1, false);
    }

    public MaxPool2d(int kernelSize, int stride) {
        this(kernelSize, stride, 0, 1, false);
    }

    public MaxPool2d(int kernelSize, int stride, int padding, int dilation, boolean ceilMode) {
        this(new int[] {kernelSize, kernelSize}, new int[] {stride, stride}, new int[] {padding, padding},
                new int[] {dilation, dilation}, ceilMode, true);
    }

    /** Per-dim sizes; a null stride means the kernel size. */
    public MaxPool2d(int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        this(ConvNd.ntuple(2, kernelSize, "kernel_size"), ConvNd.ntuple(2, stride == null ? kernelSize : stride, "stride"),
                ConvNd.ntuple(2, padding, "padding"), ConvNd.ntuple(2, dilation, "dilation"), ceilMode, false);
    }

    private MaxPool2d(int[] k, int[] s, int[] p, int[] d, boolean ceilMode, boolean scalarArgs) {
        this.kernelSize = k;
        this.stride = s;
        this.padding = p;
        this.dilation = d;
        this.ceilMode = ceilMode;
        this.scalarArgs = scalarArgs;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 3 && input.dim() != 4) {
            throw new IllegalArgumentException("MaxPool2d: expected input of shape [N, C, H, W] (3-D or 4-D), got "
                    + input.shapeString());
        }
        return F.maxPool2d(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    @Override
    public String extraRepr() {
        return "kernel_size=" + fmt(kernelSize) + ", stride=" + fmt(stride) + ", padding=" + fmt(padding) + ", dilation="
                + fmt(dilation) + ", ceil_mode=" + py(ceilMode);
    }

    private String fmt(int[] v) {
        return scalarArgs ? Integer.toString(v[0]) : tuple(v);
    }
}

package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** {@code nn.AdaptiveAvgPool2d}: average pooling to a fixed output size whatever the input size. */
public class AdaptiveAvgPool2d extends Module {
    public final int outH;
    public final int outW;
    private final boolean square;

    public AdaptiveAvgPool2d(int size) {
        this.outH = size;
        this.outW = size;
        this.square = true;
    }

    public AdaptiveAvgPool2d(int outH, int outW) {
        this.outH = outH;
        this.outW = outW;
        this.square = false;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 3 && input.dim() != 4) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: expected input of shape [N, C, H, W] (3-D or 4-D), got "
                    + input.shapeString());
        }
        return F.adaptiveAvgPool2d(input, outH, outW);
    }

    @Override
    public String extraRepr() {
        return "output_size=" + (square ? Integer.toString(outH) : tuple(outH, outW));
    }
}

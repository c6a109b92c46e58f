package torch4j.vision.transforms;

import java.util.Arrays;
import torch4j.DType;
import torch4j.Layout;
import torch4j.Storage;
import torch4j.Tensor;

/**
 * Per-channel {@code (x - mean[c]) / std[c]} ({@code transforms.Normalize}) on a float {@code [C, H, W]}
 * (or {@code [..., C, H, W]}) tensor; one mean/std value applies to every channel.
 *
 * <pre>{@code new Normalize(new double[] {0.2860}, new double[] {0.3530})  // Fashion-MNIST's statistics }</pre>
 */
public final class Normalize implements Transform {
    private final double[] mean;
    private final double[] std;

    public Normalize(double[] mean, double[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("Normalize needs as many means as stds (at least one), got " + mean.length + " and " + std.length);
        }
        for (double s : std) {
            if ((float) s == 0) {
                throw new IllegalArgumentException("std evaluated to zero after conversion to torch.float32, leading to division by zero.");
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    @Override
    public Tensor apply(Tensor image) {
        if (!image.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("Input tensor should be a float tensor. Got " + image.dtype() + ".");
        }
        if (image.dim() < 3) {
            throw new IllegalArgumentException("Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = " + image.shapeString());
        }
        int[] s = image.shape();
        int c = s[s.length - 3], plane = s[s.length - 2] * s[s.length - 1];
        if (mean.length != 1 && mean.length != c) {
            throw new IllegalArgumentException("Normalize has " + mean.length + " means for an image with " + c + " channels");
        }
        Tensor src = Images.contiguousCpu(image.dtype() == DType.FLOAT32 ? image : image.to(DType.FLOAT32));
        float[] in = (float[]) src.storage().data();
        int off = src.layout().offset();
        float[] out = new float[src.numel()];
        for (int p = 0, at = 0; at < out.length; p++) {
            int ch = p % c;
            float m = (float) mean[mean.length == 1 ? 0 : ch];
            float sd = (float) std[std.length == 1 ? 0 : ch];
            for (int i = 0; i < plane; i++, at++) out[at] = (in[off + at] - m) / sd; // sub_ then div_, as torchvision
        }
        Tensor result = new Tensor(Storage.wrap(out), Layout.contiguous(s.clone()));
        return image.dtype() == DType.FLOAT32 ? result : result.to(image.dtype());
    }

    @Override
    public String toString() {
        return "Normalize(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
    }
}

package torch4j.nn.functional;

import torch4j.Tensor;
import torch4j.Torch;

/**
 * {@code F.interpolate} for nearest and (bi)linear modes. Both are separable, so each spatial dim
 * is resampled in turn with index selections (and, for linear, a weighted sum of two of them);
 * autograd differentiates through those.
 */
public final class Interpolation {
    private Interpolation() {}

    /**
     * Resizes the spatial dims (all dims after the first two) to {@code size}, or by {@code
     * scaleFactor} when size is null. {@code mode} is "nearest", "linear" (3-D input) or
     * "bilinear" (4-D input); {@code alignCorners} is for the linear modes only.
     */
    public static Tensor interpolate(Tensor x, int[] size, double[] scaleFactor, String mode, boolean alignCorners) {
        int spatial = x.dim() - 2;
        if (spatial < 1) {
            throw new IllegalArgumentException("Input Error: Only 3D, 4D and 5D input Tensors supported (got " + x.dim()
                    + "D) for the modes: nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact (got "
                    + mode + ")");
        }
        if ((size == null) == (scaleFactor == null)) {
            throw new IllegalArgumentException("only one of size or scale_factor should be defined");
        }
        boolean linear = mode.equals("linear") || mode.equals("bilinear");
        if (mode.equals("linear") && spatial != 1 || mode.equals("bilinear") && spatial != 2) {
            throw new IllegalArgumentException("Got " + x.dim() + "D input, but " + mode + " mode needs "
                    + (mode.equals("linear") ? 3 : 4) + "D input");
        }
        if (!linear && !mode.equals("nearest")) throw new IllegalArgumentException("unsupported interpolation mode " + mode);
        if (!linear && alignCorners) {
            throw new IllegalArgumentException("align_corners option can only be set with the interpolating modes:"
                    + " linear | bilinear | bicubic | trilinear");
        }
        Tensor out = x;
        for (int i = 0; i < spatial; i++) {
            int d = 2 + i, in = x.size(d);
            int o;
            double scale;
            if (size != null) {
                if (size.length != spatial && size.length != 1) {
                    throw new IllegalArgumentException("size shape must match input shape. Input is " + spatial
                            + "D, size is " + size.length);
                }
                o = size[size.length == 1 ? 0 : i];
                scale = (double) in / o;
            } else {
                double sf = scaleFactor[scaleFactor.length == 1 ? 0 : i];
                o = (int) Math.floor(in * sf);
                scale = 1.0 / sf;
            }
            if (o <= 0) throw new IllegalArgumentException("Input and output sizes should be greater than 0, but got input "
                    + in + " and output " + o);
            out = linear ? linearDim(out, d, in, o, scale, alignCorners) : nearestDim(out, d, in, o, scale);
        }
        return out;
    }

    private static Tensor nearestDim(Tensor x, int d, int in, int out, double scale) {
        long[] idx = new long[out];
        for (int j = 0; j < out; j++) idx[j] = Math.min((long) Math.floor(j * (float) scale), in - 1);
        return x.indexSelect(d, Torch.tensor(idx, out).to(x.device()));
    }

    private static Tensor linearDim(Tensor x, int d, int in, int out, double scale, boolean alignCorners) {
        long[] i0 = new long[out], i1 = new long[out];
        double[] w1 = new double[out];
        for (int j = 0; j < out; j++) {
            double src;
            if (alignCorners) src = out > 1 ? j * (double) (in - 1) / (out - 1) : 0;
            else src = Math.max((j + 0.5) * scale - 0.5, 0);
            int lo = Math.min((int) Math.floor(src), in - 1);
            i0[j] = lo;
            i1[j] = Math.min(lo + 1, in - 1);
            w1[j] = src - lo;
        }
        int[] wshape = new int[x.dim()];
        java.util.Arrays.fill(wshape, 1);
        wshape[d] = out;
        Tensor lambda1 = Torch.tensor(w1, out).to(x.dtype()).reshape(wshape).to(x.device());
        Tensor a = x.indexSelect(d, Torch.tensor(i0, out).to(x.device()));
        Tensor b = x.indexSelect(d, Torch.tensor(i1, out).to(x.device()));
        return a.mul(lambda1.rsub(1)).add(b.mul(lambda1));
    }
}

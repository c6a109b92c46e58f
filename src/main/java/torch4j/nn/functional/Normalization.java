package torch4j.nn.functional;

import java.util.Arrays;
import torch4j.Tensor;
import torch4j.autograd.GradMode;
import torch4j.autograd.Scope;

/**
 * Batch, layer and group normalization in Tensor ops. Statistics use the biased variance, as
 * PyTorch's; batch norm's running variance is updated with the unbiased one.
 */
public final class Normalization {
    private Normalization() {}

    /**
     * {@code F.batch_norm}. In training the batch statistics normalise and, when given, the
     * running buffers are updated in place: {@code running = (1 - momentum) running + momentum stat}.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        if (x.dim() < 2) {
            throw new IllegalArgumentException("batch_norm: expected input with at least 2 dims (N, C, ...), got "
                    + x.shapeString());
        }
        int c = x.size(1);
        int[] dims = new int[x.dim() - 1];
        dims[0] = 0;
        for (int d = 2; d < x.dim(); d++) dims[d - 1] = d;
        int[] bshape = new int[x.dim()];
        Arrays.fill(bshape, 1);
        bshape[1] = c;
        checkParam("running_mean", runningMean, c);
        checkParam("running_var", runningVar, c);
        checkParam("weight", weight, c);
        checkParam("bias", bias, c);
        Tensor xhat;
        if (training) {
            long count = (long) x.numel() / Math.max(1, c);
            if (count <= 1) {
                throw new IllegalArgumentException("Expected more than 1 value per channel when training, got input size "
                        + new torch4j.Size(x.shape()));
            }
            Tensor mean = x.mean(dims, true);
            Tensor var = x.var(dims, false, true);
            xhat = x.sub(mean).mul(var.add(eps).rsqrt());
            if (runningMean != null || runningVar != null) {
                try (Scope s = GradMode.set(false)) {
                    if (runningMean != null) {
                        runningMean.mul_(1 - momentum).add_(mean.detach().reshape(c).mul(momentum));
                    }
                    if (runningVar != null) {
                        Tensor unbiased = var.detach().reshape(c).mul((double) count / (count - 1));
                        runningVar.mul_(1 - momentum).add_(unbiased.mul(momentum));
                    }
                }
            }
        } else {
            if (runningMean == null || runningVar == null) {
                throw new IllegalArgumentException("running_mean and running_var must be defined in evaluation mode");
            }
            xhat = x.sub(runningMean.reshape(bshape)).mul(runningVar.reshape(bshape).add(eps).rsqrt());
        }
        if (weight != null) xhat = xhat.mul(weight.reshape(bshape));
        if (bias != null) xhat = xhat.add(bias.reshape(bshape));
        return xhat;
    }

    /** {@code F.layer_norm(x, normalized_shape, weight, bias, eps)} over the trailing dims. */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        int k = normalizedShape.length;
        int[] shape = x.shape();
        boolean ok = k > 0 && k <= shape.length
                && Arrays.equals(Arrays.copyOfRange(shape, shape.length - k, shape.length), normalizedShape);
        if (!ok) {
            throw new IllegalArgumentException("Given normalized_shape=" + Arrays.toString(normalizedShape)
                    + ", expected input with shape [*, " + Arrays.toString(normalizedShape).substring(1)
                    + ", but got input of size" + x.shapeString());
        }
        for (Tensor p : new Tensor[] {weight, bias}) {
            if (p != null && !Arrays.equals(p.shape(), normalizedShape)) {
                throw new IllegalArgumentException("layer_norm: expected weight and bias of shape "
                        + Arrays.toString(normalizedShape) + ", got " + p.shapeString());
            }
        }
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) dims[i] = shape.length - k + i;
        Tensor mean = x.mean(dims, true);
        Tensor var = x.var(dims, false, true);
        Tensor y = x.sub(mean).mul(var.add(eps).rsqrt());
        if (weight != null) y = y.mul(weight);
        if (bias != null) y = y.add(bias);
        return y;
    }

    /** {@code F.group_norm(x, num_groups, weight, bias, eps)}: statistics per (sample, group of channels). */
    public static Tensor groupNorm(Tensor x, int numGroups, Tensor weight, Tensor bias, double eps) {
        if (x.dim() < 2) {
            throw new IllegalArgumentException("group_norm: expected input with at least 2 dims (N, C, ...), got "
                    + x.shapeString());
        }
        int n = x.size(0), c = x.size(1);
        if (numGroups <= 0 || c % numGroups != 0) {
            throw new IllegalArgumentException("Expected number of channels in input to be divisible by num_groups, but got"
                    + " input of shape " + x.shapeString() + " and num_groups=" + numGroups);
        }
        checkParam("weight", weight, c);
        checkParam("bias", bias, c);
        Tensor g = x.reshape(n, numGroups, -1);
        Tensor mean = g.mean(2, true);
        Tensor var = g.var(2, false, true);
        Tensor y = g.sub(mean).mul(var.add(eps).rsqrt()).reshape(x.shape());
        int[] bshape = new int[x.dim()];
        Arrays.fill(bshape, 1);
        bshape[1] = c;
        if (weight != null) y = y.mul(weight.reshape(bshape));
        if (bias != null) y = y.add(bias.reshape(bshape));
        return y;
    }

    private static void checkParam(String name, Tensor p, int c) {
        if (p != null && p.numel() != c) {
            throw new IllegalArgumentException(name + " should contain " + c + " elements not " + p.numel());
        }
    }
}

package torch4j.nn;

import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.functional.F;

/** {@code nn.GroupNorm}: statistics per sample over groups of channels, then a per-channel affine. */
public class GroupNorm extends Module {
    public final int numGroups;
    public final int numChannels;
    public final double eps;
    public final boolean affine;
    public final Tensor weight;
    public final Tensor bias;

    public GroupNorm(int numGroups, int numChannels) {
        this(numGroups, numChannels, 1e-5, true);
    }

    public GroupNorm(int numGroups, int numChannels, double eps, boolean affine) {
        if (numChannels % numGroups != 0) throw new IllegalArgumentException("num_channels must be divisible by num_groups");
        this.numGroups = numGroups;
        this.numChannels = numChannels;
        this.eps = eps;
        this.affine = affine;
        this.weight = registerParameter("weight", affine ? Torch.ones(Torch.getDefaultDType(), numChannels) : null);
        this.bias = registerParameter("bias", affine ? Torch.zeros(numChannels) : null);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() < 2 || input.size(1) != numChannels) {
            throw new IllegalArgumentException("GroupNorm: expected input of shape [N, " + numChannels + ", *], got "
                    + input.shapeString());
        }
        return F.groupNorm(input, numGroups, weight, bias, eps);
    }

    @Override
    public String extraRepr() {
        return numGroups + ", " + numChannels + ", eps=" + Repr.pyFloat(eps) + ", affine=" + py(affine);
    }
}

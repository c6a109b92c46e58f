package torch4j.nn;

import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.functional.F;

/** {@code nn.LayerNorm}: normalises over the trailing {@code normalizedShape} dims, with an elementwise affine. */
public class LayerNorm extends Module {
    public final int[] normalizedShape;
    public final double eps;
    public final boolean elementwiseAffine;
    public final Tensor weight;
    public final Tensor bias;

    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, 1e-5, true);
    }

    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.elementwiseAffine = elementwiseAffine;
        this.weight = registerParameter("weight", elementwiseAffine ? Torch.ones(Torch.getDefaultDType(), normalizedShape) : null);
        this.bias = registerParameter("bias",
                elementwiseAffine ? Torch.zeros(normalizedShape) : null);
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.layerNorm(input, normalizedShape, weight, bias, eps);
    }

    @Override
    public String extraRepr() {
        return tuple(normalizedShape) + ", eps=" + Repr.pyFloat(eps) + ", elementwise_affine=" + py(elementwiseAffine);
    }
}

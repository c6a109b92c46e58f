package torch4j.nn;

import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.functional.F;
import torch4j.nn.init.Init;

/**
 * {@code nn.Linear}: {@code y = x W^T + b} with {@code weight [out, in]} and {@code bias [out]},
 * initialised as PyTorch (Kaiming uniform with {@code a = sqrt(5)}, bias {@code U(-1/sqrt(in), 1/sqrt(in))}).
 *
 * <pre>{@code Linear fc = new Linear(400, 120); Tensor y = fc.forward(x);  // x: [N, 400] }</pre>
 */
public class Linear extends Module {
    public final int inFeatures;
    public final int outFeatures;
    /** {@code [outFeatures, inFeatures]}. */
    public final Tensor weight;
    /** {@code [outFeatures]}, or null without bias. */
    public final Tensor bias;

    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true);
    }

    public Linear(int inFeatures, int outFeatures, boolean bias) {
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", Torch.zeros(outFeatures, inFeatures));
        this.bias = registerParameter("bias", bias ? Torch.zeros(outFeatures) : null);
        resetParameters();
    }

    /** Re-draws the weights with PyTorch's default initialisation. */
    public void resetParameters() {
        Init.kaimingUniform_(weight, Math.sqrt(5), "fan_in", "leaky_relu", null);
        if (bias != null) {
            double bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
            Init.uniform_(bias, -bound, bound);
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.linear(input, weight, bias);
    }

    @Override
    public String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + py(bias != null);
    }
}

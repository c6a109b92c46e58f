package torch4j.nn;

import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.functional.F;
import torch4j.nn.init.Init;

/**
 * {@code nn.Bilinear}: {@code y[o] = x1 . W[o] . x2 + b[o]}, weight {@code [out, in1, in2]},
 * all initialised {@code U(-1/sqrt(in1), 1/sqrt(in1))} as PyTorch.
 */
public class Bilinear extends Module {
    public final int in1Features;
    public final int in2Features;
    public final int outFeatures;
    public final Tensor weight;
    public final Tensor bias;

    public Bilinear(int in1Features, int in2Features, int outFeatures) {
        this(in1Features, in2Features, outFeatures, true);
    }

    public Bilinear(int in1Features, int in2Features, int outFeatures, boolean bias) {
        this.in1Features = in1Features;
        this.in2Features = in2Features;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight",
                Torch.zeros(outFeatures, in1Features, in2Features));
        this.bias = registerParameter("bias", bias ? Torch.zeros(outFeatures) : null);
        double bound = 1 / Math.sqrt(in1Features);
        Init.uniform_(weight, -bound, bound);
        if (this.bias != null) Init.uniform_(this.bias, -bound, bound);
    }

    /** {@code forward(x1, x2)}; the one-input form is not defined for a bilinear layer. */
    public Tensor forward(Tensor x1, Tensor x2) {
        return F.bilinear(x1, x2, weight, bias);
    }

    @Override
    public String extraRepr() {
        return "in1_features=" + in1Features + ", in2_features=" + in2Features + ", out_features=" + outFeatures
                + ", bias=" + py(bias != null);
    }
}

package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** {@code nn.GELU}: {@code x * Phi(x)}, exact ("none") or with the tanh approximation ("tanh"). */
public class GELU extends Module {
    public final String approximate;

    public GELU() {
        this("none");
    }

    public GELU(String approximate) {
        if (!approximate.equals("none") && !approximate.equals("tanh")) {
            throw new IllegalArgumentException("approximate argument must be either none or tanh.");
        }
        this.approximate = approximate;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.gelu(input, approximate);
    }

    @Override
    public String extraRepr() {
        return "approximate='" + approximate + "'";
    }
}

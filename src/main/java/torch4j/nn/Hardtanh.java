package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** {@code nn.Hardtanh}: clamps to {@code [minVal, maxVal]}. */
public class Hardtanh extends Module {
    public final double minVal;
    public final double maxVal;

    public Hardtanh() {
        this(-1.0, 1.0);
    }

    public Hardtanh(double minVal, double maxVal) {
        if (minVal > maxVal) throw new IllegalArgumentException("min_val cannot be greater than max_val");
        this.minVal = minVal;
        this.maxVal = maxVal;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.hardtanh(input, minVal, maxVal);
    }

    @Override
    public String extraRepr() {
        return "min_val=" + Repr.pyFloat(minVal) + ", max_val=" + Repr.pyFloat(maxVal);
    }
}

package torch4j.nn.functional;

import torch4j.Generator;
import torch4j.Tensor;
import torch4j.ops.RandomOps;

/** {@code F.dropout}: zero each element with probability {@code p}, scale the rest by {@code 1 / (1 - p)}. */
public final class Dropouts {
    private Dropouts() {}

    /** The identity when not training; {@code generator} may be null for the default one. */
    public static Tensor dropout(Tensor x, double p, boolean training, Generator generator) {
        if (p < 0 || p > 1) throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
        if (!training || p == 0) return x;
        if (p == 1) return x.mul(0);
        Tensor mask = Tensor.zeros(x.dtype(), x.device(), x.shape());
        RandomOps.bernoulli_(mask, 1 - p, generator);
        return x.mul(mask.div_(1 - p));
    }
}

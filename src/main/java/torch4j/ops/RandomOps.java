package torch4j.ops;

import java.util.List;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.ValuesIndices;

/** Random tensors and random in-place fills, all through a Generator. */
public final class RandomOps {
    private RandomOps() {}


    public static Tensor uniform_(Tensor x, double from, double to, Generator g) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor normal_(Tensor x, double mean, double std, Generator g) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor bernoulli_(Tensor x, double p, Generator g) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor bernoulli(Tensor probs, Generator g) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor randint(long low, long high, Generator g, int[] shape) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor randperm(int n, Generator g) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor multinomial(Tensor weights, int numSamples, boolean replacement, Generator g) { throw new UnsupportedOperationException("not implemented yet"); }
}

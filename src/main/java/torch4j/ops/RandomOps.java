package torch4j.ops;

import torch4j.DType;
import torch4j.Device;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.backend.Backend;

/**
 * Random tensors and in-place random fills. Each takes a {@link Generator}; null means the
 * default one that {@code Torch.manualSeed} seeds. Fills write under no autograd: like PyTorch,
 * they are refused on a leaf that requires grad unless called under {@code noGrad()}.
 */
public final class RandomOps {
    private RandomOps() {}

    private static Generator gen(Generator g) {
        return g != null ? g : Generator.defaultGenerator();
    }

    public static Tensor uniform_(Tensor x, double from, double to, Generator g) {
        if (from > to) throw new IllegalArgumentException("uniform_ expects to return a [from, to) range, but found from=" + from + " > to=" + to);
        requireFloat(x, "uniform_");
        Arithmetic.checkInPlaceAllowed(x);
        Backend.of(x.device()).random().uniform(x, from, to, gen(g));
        x.storage().bumpVersion();
        return x;
    }

    public static Tensor normal_(Tensor x, double mean, double std, Generator g) {
        if (std < 0) throw new IllegalArgumentException("normal expects std >= 0.0, but found std " + std);
        requireFloat(x, "normal_");
        Arithmetic.checkInPlaceAllowed(x);
        Backend.of(x.device()).random().normal(x, mean, std, gen(g));
        x.storage().bumpVersion();
        return x;
    }

    public static Tensor bernoulli_(Tensor x, double p, Generator g) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("bernoulli_ expects p to be in [0, 1], but got p=" + p);
        Arithmetic.checkInPlaceAllowed(x);
        Tensor probs = Elementwise.expand(Elementwise.scalar(p, DType.FLOAT64, x.device()), x.layout().shape());
        Backend.of(x.device()).random().bernoulli(probs, x, gen(g));
        x.storage().bumpVersion();
        return x;
    }

    /** 0/1 draws with the probabilities in {@code probs}, in its dtype. */
    public static Tensor bernoulli(Tensor probs, Generator g) {
        requireFloat(probs, "bernoulli");
        Tensor out = Tensor.zeros(probs.dtype(), probs.device(), probs.layout().shape());
        Backend.of(probs.device()).random().bernoulli(probs, out, gen(g));
        return out;
    }

    public static Tensor multinomial(Tensor weights, int numSamples, boolean replacement, Generator g) {
        int dim = weights.dim();
        if (dim < 1 || dim > 2) throw new IllegalArgumentException("prob_dist must be 1 or 2 dim, got " + dim);
        requireFloat(weights, "multinomial");
        int cats = weights.layout().size(dim - 1);
        if (numSamples <= 0) throw new IllegalArgumentException("cannot sample n_sample <= 0 samples");
        if (!replacement && numSamples > cats) {
            throw new IllegalArgumentException("cannot sample n_sample > prob_dist.size(-1) samples without replacement");
        }
        Tensor w2 = dim == 1 ? new Tensor(weights.storage(), new torch4j.Layout(new int[] {1, cats},
                new int[] {0, weights.layout().stride(0)}, weights.layout().offset())) : weights;
        if (Comparison.lt(w2, 0).any().itemBool() || Comparison.isfinite(w2).logicalNot().any().itemBool()) {
            throw new IllegalArgumentException("probability tensor contains either `inf`, `nan` or element < 0");
        }
        Tensor out = Tensor.zeros(DType.INT64, weights.device(), w2.layout().size(0), numSamples);
        Backend.of(weights.device()).random().multinomial(w2, replacement, out, gen(g));
        return dim == 1 ? new Tensor(out.storage(), torch4j.Layout.contiguous(numSamples)) : out;
    }

    public static Tensor randint(long low, long high, Generator g, int[] shape) {
        if (low >= high) throw new IllegalArgumentException("random_ expects 'from' to be less than 'to', but got from=" + low + " >= to=" + high);
        Tensor out = Tensor.zeros(DType.INT64, Device.CPU, shape);
        Backend.of(Device.CPU).random().randint(out, low, high, gen(g));
        return out;
    }

    public static Tensor randperm(int n, Generator g) {
        if (n < 0) throw new IllegalArgumentException("n must be non-negative, got" + n);
        Tensor out = Tensor.zeros(DType.INT64, Device.CPU, n);
        Backend.of(Device.CPU).random().randperm(out, gen(g));
        return out;
    }

    private static void requireFloat(Tensor x, String op) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + " expects a floating point tensor, but got " + x.dtype());
        }
    }
}

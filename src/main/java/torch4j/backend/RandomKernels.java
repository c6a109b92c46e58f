package torch4j.backend;

import torch4j.Generator;
import torch4j.Tensor;

/**
 * Random fills driven by a {@link Generator}. Values are drawn in row-major order of the output
 * on one thread, so a seed gives the same tensor whatever the thread count.
 */
public interface RandomKernels {
    /** Uniform in {@code [from, to)}, never {@code to} even after rounding to float32. */
    void uniform(Tensor out, double from, double to, Generator g);

    void normal(Tensor out, double mean, double std, Generator g);

    /** Integers uniform in {@code [low, high)}. */
    void randint(Tensor out, long low, long high, Generator g);

    /** {@code out[i] = 1} with probability {@code probs[i]} (same shape), else 0. */
    void bernoulli(Tensor probs, Tensor out, Generator g);

    /** Per row of the 2-D {@code weights}, {@code out.size(1)} category indices into the int64 {@code out}. */
    void multinomial(Tensor weights, boolean replacement, Tensor out, Generator g);

    /** A random permutation of {@code 0 .. n-1} into the 1-D int64 {@code out}. */
    void randperm(Tensor out, Generator g);
}

package torch4j.data;

import java.util.Arrays;
import java.util.PrimitiveIterator;
import torch4j.Generator;

/**
 * Random indices ({@code torch.utils.data.RandomSampler}): a permutation of the dataset without
 * replacement, or {@code numSamples} independent uniform draws with replacement.
 * Without replacement and with {@code numSamples > n}, whole permutations are concatenated.
 *
 * <pre>{@code Sampler s = new RandomSampler(ds.size(), false, -1, new Generator().manualSeed(0)); }</pre>
 */
public final class RandomSampler implements Sampler {
    private final int n;
    private final boolean replacement;
    private final int numSamples;
    private final Generator generator;

    /**
     * @param n           the dataset size
     * @param replacement draw with replacement
     * @param numSamples  indices per pass, or -1 for {@code n}
     * @param generator   the source of randomness, or null for a fresh seed from the default
     *                    generator on every pass
     */
    public RandomSampler(int n, boolean replacement, int numSamples, Generator generator) {
        if (n < 0) throw new IllegalArgumentException("RandomSampler dataset size must be non-negative, got " + n);
        if (numSamples == 0 || numSamples < -1) {
            throw new IllegalArgumentException("num_samples should be a positive integer value, but got num_samples=" + numSamples);
        }
        this.n = n;
        this.replacement = replacement;
        this.numSamples = numSamples == -1 ? n : numSamples;
        this.generator = generator;
    }

    /** A shuffled pass over {@code n} indices, without replacement. */
    public RandomSampler(int n, Generator generator) {
        this(n, false, -1, generator);
    }

    /** A shuffled pass over the indices of {@code dataset}. */
    public RandomSampler(Dataset<?> dataset, Generator generator) {
        this(dataset.size(), generator);
    }

    @Override
    public PrimitiveIterator.OfInt iterator() {
        Generator g = Sampling.passGenerator(generator);
        int[] out = new int[numSamples];
        if (replacement) {
            if (n == 0 && numSamples > 0) throw new IllegalStateException("cannot sample with replacement from an empty dataset");
            for (int i = 0; i < numSamples; i++) out[i] = (int) g.nextLong(n);
        } else {
            for (int at = 0; at < numSamples; at += n) {
                int[] perm = Sampling.permutation(n, g);
                System.arraycopy(perm, 0, out, at, Math.min(n, numSamples - at));
            }
        }
        return Arrays.stream(out).iterator();
    }

    @Override
    public int size() {
        return numSamples;
    }

    /** Whether draws are with replacement. */
    public boolean replacement() {
        return replacement;
    }
}

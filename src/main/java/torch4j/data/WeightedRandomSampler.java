package torch4j.data;

import java.util.Arrays;
import java.util.PrimitiveIterator;
import torch4j.Generator;

/**
 * Indices drawn with probability proportional to {@code weights} ({@code torch.utils.data.WeightedRandomSampler}),
 * typically to rebalance classes. Without replacement an index is drawn at most once per pass, each
 * draw proportional to the weights of the indices not yet drawn.
 *
 * <pre>{@code Sampler s = new WeightedRandomSampler(new double[] {0.1, 0.9}, 100, true, g); }</pre>
 */
public final class WeightedRandomSampler implements Sampler {
    private final double[] weights;
    private final int numSamples;
    private final boolean replacement;
    private final Generator generator;

    /**
     * @param weights     non-negative, finite, not all zero; need not sum to 1
     * @param numSamples  indices per pass (at most the number of positive weights without replacement)
     * @param generator   may be null (a fresh seed from the default generator per pass)
     */
    public WeightedRandomSampler(double[] weights, int numSamples, boolean replacement, Generator generator) {
        if (numSamples <= 0) {
            throw new IllegalArgumentException("num_samples should be a positive integer value, but got num_samples=" + numSamples);
        }
        int positive = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) throw new IllegalArgumentException("invalid multinomial distribution (encountering probability entry < 0 or inf or nan): " + w);
            if (w > 0) positive++;
        }
        if (positive == 0) throw new IllegalArgumentException("invalid multinomial distribution (sum of probabilities <= 0)");
        if (!replacement && numSamples > positive) {
            throw new IllegalArgumentException("cannot sample n_sample > prob_dist.size(-1) samples without replacement ("
                    + numSamples + " samples, " + positive + " positive weights)");
        }
        this.weights = weights.clone();
        this.numSamples = numSamples;
        this.replacement = replacement;
        this.generator = generator;
    }

    @Override
    public PrimitiveIterator.OfInt iterator() {
        Generator g = Sampling.passGenerator(generator);
        return Arrays.stream(replacement ? withReplacement(g) : withoutReplacement(g)).iterator();
    }

    private int[] withReplacement(Generator g) {
        int n = weights.length;
        double[] cdf = new double[n];
        double acc = 0;
        for (int i = 0; i < n; i++) cdf[i] = acc += weights[i];
        int[] out = new int[numSamples];
        for (int s = 0; s < numSamples; s++) {
            double u = g.nextDouble() * acc;
            int lo = 0, hi = n - 1;
            while (lo < hi) { // first i with cdf[i] > u, which never lands on a zero weight
                int mid = (lo + hi) >>> 1;
                if (cdf[mid] > u) hi = mid;
                else lo = mid + 1;
            }
            out[s] = lo;
        }
        return out;
    }

    /**
     * Efraimidis-Spirakis: the {@code numSamples} largest keys {@code log(u) / w} are a draw of
     * successive weighted sampling without replacement, in one pass and one sort.
     */
    private int[] withoutReplacement(Generator g) {
        int n = weights.length;
        Integer[] order = new Integer[n];
        double[] keys = new double[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            double u = g.nextDouble();
            keys[i] = weights[i] > 0 ? Math.log1p(-u) / weights[i] : Double.NEGATIVE_INFINITY;
        }
        Arrays.sort(order, (a, b) -> Double.compare(keys[b], keys[a]));
        int[] out = new int[numSamples];
        for (int s = 0; s < numSamples; s++) out[s] = order[s];
        return out;
    }

    @Override
    public int size() {
        return numSamples;
    }
}

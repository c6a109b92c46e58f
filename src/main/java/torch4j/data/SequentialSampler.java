package torch4j.data;

import java.util.PrimitiveIterator;
import java.util.stream.IntStream;

/** Indices {@code 0, 1, ..., n-1} in order ({@code torch.utils.data.SequentialSampler}). */
public final class SequentialSampler implements Sampler {
    private final int n;

    /** Samples the indices of a dataset of {@code n} items. */
    public SequentialSampler(int n) {
        if (n < 0) throw new IllegalArgumentException("SequentialSampler size must be non-negative, got " + n);
        this.n = n;
    }

    /** Samples every index of {@code dataset}. */
    public SequentialSampler(Dataset<?> dataset) {
        this(dataset.size());
    }

    @Override
    public PrimitiveIterator.OfInt iterator() {
        return IntStream.range(0, n).iterator();
    }

    @Override
    public int size() {
        return n;
    }
}

package torch4j.data;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;

/**
 * Groups a sampler's indices into batches ({@code torch.utils.data.BatchSampler}); the last batch
 * is shorter unless {@code dropLast}.
 *
 * <pre>{@code new BatchSampler(new SequentialSampler(10), 3, false)  // [0,1,2] [3,4,5] [6,7,8] [9] }</pre>
 */
public final class BatchSampler implements Iterable<int[]> {
    private final Sampler sampler;
    private final int batchSize;
    private final boolean dropLast;

    public BatchSampler(Sampler sampler, int batchSize, boolean dropLast) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch_size should be a positive integer value, but got batch_size=" + batchSize);
        }
        this.sampler = sampler;
        this.batchSize = batchSize;
        this.dropLast = dropLast;
    }

    @Override
    public Iterator<int[]> iterator() {
        PrimitiveIterator.OfInt it = sampler.iterator();
        return new Iterator<>() {
            private int[] next = advance();

            private int[] advance() {
                int[] b = new int[batchSize];
                int k = 0;
                while (k < batchSize && it.hasNext()) b[k++] = it.nextInt();
                if (k == 0 || (dropLast && k < batchSize)) return null;
                return k == batchSize ? b : Arrays.copyOf(b, k);
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public int[] next() {
                if (next == null) throw new NoSuchElementException();
                int[] b = next;
                next = advance();
                return b;
            }
        };
    }

    /** The number of batches per pass. */
    public int size() {
        int n = sampler.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    public int batchSize() {
        return batchSize;
    }

    public boolean dropLast() {
        return dropLast;
    }

    public Sampler sampler() {
        return sampler;
    }
}

package torch4j.data;

import java.util.PrimitiveIterator;

/**
 * A source of dataset indices ({@code torch.utils.data.Sampler}). Each call to {@link #iterator()}
 * starts a new pass (an epoch); random samplers draw fresh indices per pass. A {@link DataLoader}
 * iterates its sampler on the calling thread, so batches do not depend on the number of workers.
 *
 * <pre>{@code for (int i : new RandomSampler(10, g)) System.out.println(i); }</pre>
 */
public interface Sampler extends Iterable<Integer> {

    /** A new pass over the indices. */
    @Override
    PrimitiveIterator.OfInt iterator();

    /** The number of indices in one pass ({@code len(sampler)}). */
    int size();
}

package torch4j.data;

import java.util.Arrays;
import java.util.PrimitiveIterator;
import torch4j.Generator;

/**
 * The given indices in a random order, without replacement ({@code torch.utils.data.SubsetRandomSampler}).
 *
 * <pre>{@code Sampler valid = new SubsetRandomSampler(new int[] {5, 9, 12}, g); }</pre>
 */
public final class SubsetRandomSampler implements Sampler {
    private final int[] indices;
    private final Generator generator;

    /** {@code generator} may be null (a fresh seed from the default generator per pass). */
    public SubsetRandomSampler(int[] indices, Generator generator) {
        this.indices = indices.clone();
        this.generator = generator;
    }

    @Override
    public PrimitiveIterator.OfInt iterator() {
        int[] perm = Sampling.permutation(indices.length, Sampling.passGenerator(generator));
        int[] out = new int[indices.length];
        for (int i = 0; i < out.length; i++) out[i] = indices[perm[i]];
        return Arrays.stream(out).iterator();
    }

    @Override
    public int size() {
        return indices.length;
    }
}

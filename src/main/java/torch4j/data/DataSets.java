package torch4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import torch4j.Generator;

/**
 * Dataset utilities: {@code torch.utils.data.random_split}.
 *
 * <pre>{@code
 * List<Subset<Tensor[]>> parts = DataSets.randomSplit(ds, new int[] {800, 200}, new Generator().manualSeed(42));
 * List<Subset<Tensor[]>> thirds = DataSets.randomSplit(ds, new double[] {0.7, 0.2, 0.1}, null);
 * }</pre>
 */
public final class DataSets {
    private DataSets() {}

    /**
     * Splits {@code dataset} into non-overlapping random subsets of the given lengths, which must add
     * up to its size. {@code generator} may be null (the default generator).
     */
    public static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, int[] lengths, Generator generator) {
        long sum = 0;
        for (int len : lengths) {
            if (len < 0) throw new IllegalArgumentException("random_split lengths must be non-negative, got " + Arrays.toString(lengths));
            sum += len;
        }
        if (sum != dataset.size()) {
            throw new IllegalArgumentException("Sum of input lengths does not equal the length of the input dataset! (lengths "
                    + Arrays.toString(lengths) + " sum to " + sum + ", dataset has " + dataset.size() + ")");
        }
        int[] perm = Sampling.permutation(dataset.size(), generator != null ? generator : Generator.defaultGenerator());
        List<Subset<T>> parts = new ArrayList<>(lengths.length);
        int at = 0;
        for (int len : lengths) {
            parts.add(new Subset<>(dataset, Arrays.copyOfRange(perm, at, at + len)));
            at += len;
        }
        return parts;
    }

    /**
     * Splits by fractions that add up to 1: each part gets {@code floor(n * fraction)} items and the
     * remainder is dealt out one by one, round-robin from the first part (as PyTorch does).
     */
    public static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, double[] fractions, Generator generator) {
        double total = 0;
        for (int i = 0; i < fractions.length; i++) {
            if (!(fractions[i] >= 0 && fractions[i] <= 1)) {
                throw new IllegalArgumentException("Fraction at index " + i + " is not between 0 and 1 (got " + fractions[i] + ")");
            }
            total += fractions[i];
        }
        if (Math.abs(total - 1) > 1e-6) {
            throw new IllegalArgumentException("Sum of input lengths does not equal the length of the input dataset! (fractions "
                    + Arrays.toString(fractions) + " sum to " + total + ", not 1)");
        }
        int n = dataset.size();
        int[] lengths = new int[fractions.length];
        int assigned = 0;
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = (int) Math.floor(n * fractions[i]);
            assigned += lengths[i];
        }
        for (int i = 0; assigned < n; i = (i + 1) % lengths.length, assigned++) lengths[i]++;
        return randomSplit(dataset, lengths, generator);
    }

    static void checkIndex(int index, int size) {
        if (index < 0 || index >= size) throw new IndexOutOfBoundsException("index " + index + " is out of range for a dataset of size " + size);
    }
}

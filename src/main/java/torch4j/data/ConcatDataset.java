package torch4j.data;

import java.util.Arrays;
import java.util.List;

/**
 * Several datasets one after the other ({@code torch.utils.data.ConcatDataset}).
 *
 * <pre>{@code ConcatDataset<Tensor[]> all = new ConcatDataset<>(List.of(train, extra)); }</pre>
 *
 * @param <T> the item type
 */
public final class ConcatDataset<T> implements Dataset<T> {
    private final List<Dataset<? extends T>> datasets;
    /** cumulative[k] = total size of datasets 0..k. */
    private final int[] cumulative;

    public ConcatDataset(List<? extends Dataset<? extends T>> datasets) {
        if (datasets.isEmpty()) throw new IllegalArgumentException("datasets should not be an empty iterable");
        this.datasets = List.copyOf(datasets);
        cumulative = new int[datasets.size()];
        long total = 0;
        for (int k = 0; k < cumulative.length; k++) {
            total += datasets.get(k).size();
            if (total > Integer.MAX_VALUE) throw new IllegalArgumentException("ConcatDataset has more than 2^31-1 items");
            cumulative[k] = (int) total;
        }
    }

    @Override
    public T get(int index) {
        DataSets.checkIndex(index, size());
        // First dataset whose cumulative size exceeds index.
        int k = Arrays.binarySearch(cumulative, index + 1);
        if (k < 0) k = -k - 1;
        while (k > 0 && cumulative[k - 1] == cumulative[k]) k--; // skip back over empty datasets
        int start = k == 0 ? 0 : cumulative[k - 1];
        return datasets.get(k).get(index - start);
    }

    @Override
    public int size() {
        return cumulative[cumulative.length - 1];
    }

    /** Running totals of the dataset sizes ({@code cumulative_sizes}). */
    public int[] cumulativeSizes() {
        return cumulative.clone();
    }
}

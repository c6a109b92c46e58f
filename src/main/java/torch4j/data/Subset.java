package torch4j.data;

/**
 * The items of a dataset at given indices ({@code torch.utils.data.Subset}), in that order.
 *
 * <pre>{@code Subset<Tensor[]> firstHundred = new Subset<>(ds, IntStream.range(0, 100).toArray()); }</pre>
 *
 * @param <T> the item type
 */
public final class Subset<T> implements Dataset<T> {
    private final Dataset<T> dataset;
    private final int[] indices;

    /** Every index must be in range for {@code dataset}; repeats are allowed. */
    public Subset(Dataset<T> dataset, int[] indices) {
        int n = dataset.size();
        for (int i : indices) {
            if (i < 0 || i >= n) throw new IndexOutOfBoundsException("Subset index " + i + " is out of range for a dataset of size " + n);
        }
        this.dataset = dataset;
        this.indices = indices.clone();
    }

    @Override
    public T get(int index) {
        DataSets.checkIndex(index, indices.length);
        return dataset.get(indices[index]);
    }

    @Override
    public int size() {
        return indices.length;
    }

    /** The underlying dataset. */
    public Dataset<T> dataset() {
        return dataset;
    }

    /** A copy of the indices into {@link #dataset()}. */
    public int[] indices() {
        return indices.clone();
    }
}

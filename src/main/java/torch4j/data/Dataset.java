package torch4j.data;

/**
 * A map-style dataset ({@code torch.utils.data.Dataset}): items addressed by an index in
 * {@code [0, size())}. {@code get} may be called from several {@link DataLoader} worker threads at
 * once, so it must be safe to call concurrently (reading immutable data is).
 *
 * <pre>{@code Dataset<Tensor[]> ds = new TensorDataset(x, y); Tensor[] first = ds.get(0); }</pre>
 *
 * @param <T> the item type
 */
public interface Dataset<T> {

    /** The item at {@code index} ({@code dataset[index]}). */
    T get(int index);

    /** The number of items ({@code len(dataset)}). */
    int size();
}

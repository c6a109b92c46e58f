package torch4j.data;

/**
 * A stream-style dataset ({@code torch.utils.data.IterableDataset}): items come from an iterator,
 * in order. A {@link DataLoader} reads the iterator on the calling thread and collates batches on
 * its workers, so the iterator itself need not be thread-safe.
 *
 * <pre>{@code IterableDataset<Tensor> ds = () -> List.of(ones(2), zeros(2)).iterator(); }</pre>
 *
 * @param <T> the item type
 */
@FunctionalInterface
public interface IterableDataset<T> extends Iterable<T> {

    /**
     * The number of items when known ({@code __len__}), or -1 when the stream has no length (the
     * default); a loader over a dataset without a length has no {@code size()} either.
     */
    default int size() {
        return -1;
    }
}

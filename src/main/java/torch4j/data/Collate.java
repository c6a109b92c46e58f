package torch4j.data;

import java.util.List;

/**
 * Merges the items of one batch into a batch ({@code collate_fn}). Runs on a loader worker thread.
 *
 * <pre>{@code Collate<Tensor[], Tensor> firstColumn = items -> Torch.stack(items.stream().map(r -> r[0]).toList()); }</pre>
 *
 * @param <T> the item type
 * @param <B> the batch type
 */
@FunctionalInterface
public interface Collate<T, B> {

    /** The batch made of {@code items}, in sampler order. */
    B apply(List<T> items);

    /**
     * PyTorch's {@code default_collate}: see {@link DefaultCollate}. Tensors are stacked, {@code
     * Tensor[]} and {@code Object[]} tuples are collated column by column, numbers become 1-D tensors.
     */
    static Collate<Object, Object> defaultCollate() {
        return DefaultCollate::collate;
    }
}

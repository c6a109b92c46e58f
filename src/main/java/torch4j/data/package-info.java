/**
 * Data loading, as {@code torch.utils.data}: map-style {@link torch4j.data.Dataset}s and
 * {@link torch4j.data.IterableDataset}s, samplers, {@link torch4j.data.DataSets#randomSplit}, and the
 * {@link torch4j.data.DataLoader}, which batches, collates and loads on worker threads with prefetch,
 * deterministically for a given seed whatever the number of workers.
 *
 * <pre>{@code
 * DataLoader<Tensor[], Tensor[]> loader = DataLoader.builder(new TensorDataset(x, y))
 *         .batchSize(64).shuffle(true).numWorkers(2).build();
 * for (Tensor[] batch : loader) { ... }
 * }</pre>
 */
package torch4j.data;

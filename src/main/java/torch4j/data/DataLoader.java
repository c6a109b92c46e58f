package torch4j.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import torch4j.Generator;

/**
 * Batches of a dataset ({@code torch.utils.data.DataLoader}): sampling, batching, collation, and
 * loading on worker threads with prefetch.
 *
 * <pre>{@code
 * DataLoader<Tensor[], Tensor[]> loader = DataLoader.builder(trainSet)
 *         .batchSize(64).shuffle(true).numWorkers(2).generator(new Generator().manualSeed(0)).build();
 * for (Tensor[] batch : loader) { Tensor images = batch[0], labels = batch[1]; ... }
 * }</pre>
 *
 * <p>Indices are drawn on the calling thread; each batch is loaded and collated by one worker
 * (daemon threads named {@code torch4j-DataLoader-...}), at most {@code prefetchFactor * numWorkers}
 * batches ahead, and batches are delivered in sampler order. Random transforms that use {@link
 * #batchGenerator()} get a generator seeded from the epoch's base seed and the batch index, so a
 * given seed gives the same batches whatever {@code numWorkers}. With {@code numWorkers == 0} the
 * caller loads each batch itself.
 *
 * <p>Each {@link #iterator()} is an epoch whose {@link LoaderIterator} is {@link AutoCloseable}:
 * it stops its workers when exhausted, when closed, when the loader is {@link #close() closed}, or
* when it becomes unreachable. A worker's exception surfaces in {@code next()} as a {@link
 * DataLoaderException} naming the sample index, with the original exception as its cause.
 *
 * @param <T> the dataset's item type
 * @param <B> the batch type the collate function makes
 */
public final class DataLoader<T, B> implements Iterable<B>, AutoCloseable {
    private static final AtomicInteger LOADER_IDS = new AtomicInteger();

    final Dataset<T> dataset;
    final IterableDataset<T> stream;
    final BatchSampler batchSampler;
    final int batchSize;
    final boolean dropLast;
    final Collate<T, B> collate;
    final int numWorkers;
    final int prefetchFactor;
    final Generator generator;
    final int id = LOADER_IDS.incrementAndGet();
    private final Set<LoaderIterator<B>> open = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private DataLoader(Builder<T> b, Collate<T, B> collate) {
        this.dataset = b.dataset;
        this.stream = b.stream;
        this.collate = collate;
        this.numWorkers = b.numWorkers;
        this.prefetchFactor = b.prefetchFactor;
        this.generator = b.generator;
        this.batchSize = b.batchSize == null ? 1 : b.batchSize;
        this.dropLast = b.dropLast;
        if (b.dataset != null) {
            if (b.batchSampler != null) {
                this.batchSampler = b.batchSampler;
            } else {
                Sampler s = b.sampler != null ? b.sampler
                        : b.shuffle ? new RandomSampler(b.dataset.size(), false, -1, b.generator)
                        : new SequentialSampler(b.dataset.size());
                this.batchSampler = new BatchSampler(s, batchSize, dropLast);
            }
        } else {
            this.batchSampler = null;
        }
    }

    /** A builder for a loader over a map-style dataset. */
    public static <T> Builder<T> builder(Dataset<T> dataset) {
        return new Builder<>(dataset, null);
    }

    /** A builder for a loader over an iterable dataset (no sampler, shuffle or batch sampler). */
    public static <T> Builder<T> builder(IterableDataset<T> dataset) {
        return new Builder<>(null, dataset);
    }

    /**
     * The generator random transforms should draw from: inside a loader, the current batch's
     * generator (so results do not depend on which worker loads the batch); elsewhere the default
     * generator.
     */
    public static Generator batchGenerator() {
        Generator g = BatchContext.current();
        return g != null ? g : Generator.defaultGenerator();
    }

    /** Starts an epoch; with workers, loading begins at once. */
    @Override
    public LoaderIterator<B> iterator() {
        LoaderIterator<B> it = new LoaderIterator<>(this);
        if (!it.isClosed()) open.add(it);
        return it;
    }

    /** The number of batches per epoch ({@code len(loader)}). */
    public int size() {
        if (batchSampler != null) return batchSampler.size();
        int n = stream.size();
        if (n < 0) throw new UnsupportedOperationException("object of type IterableDataset has no len()");
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** Stops the workers of every epoch still running. The loader stays usable. */
    @Override
    public void close() {
        List<LoaderIterator<B>> its;
        synchronized (open) {
            its = new ArrayList<>(open);
        }
        for (LoaderIterator<B> it : its) it.close();
    }

    void closed(LoaderIterator<B> it) {
        open.remove(it);
    }

    /** The map-style dataset, or null for an iterable one. */
    public Dataset<T> dataset() {
        return dataset;
    }

    public int batchSize() {
        return batchSize;
    }

    public int numWorkers() {
        return numWorkers;
    }

    /**
     * Options of a {@link DataLoader}, with PyTorch's defaults: batch size 1, no shuffle, no workers,
     * prefetch factor 2, keep the last short batch, {@link DefaultCollate}.
     *
     * @param <T> the dataset's item type
     */
    public static final class Builder<T> {
        private final Dataset<T> dataset;
        private final IterableDataset<T> stream;
        private Integer batchSize;
        private boolean shuffle;
        private Sampler sampler;
        private BatchSampler batchSampler;
        private int numWorkers;
        private int prefetchFactor = 2;
        private boolean dropLast;
        private Generator generator;
        private Collate<? super T, ?> collate;

        private Builder(Dataset<T> dataset, IterableDataset<T> stream) {
            if (dataset == null && stream == null) throw new IllegalArgumentException("DataLoader needs a dataset, got null");
            this.dataset = dataset;
            this.stream = stream;
        }

        /** Items per batch (default 1). */
        public Builder<T> batchSize(int batchSize) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batch_size should be a positive integer value, but got batch_size=" + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Reshuffle the indices every epoch (a {@link RandomSampler} with this builder's generator). */
        public Builder<T> shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Where indices come from; exclusive with {@code shuffle}. */
        public Builder<T> sampler(Sampler sampler) {
            this.sampler = sampler;
            return this;
        }

        /** Where whole batches of indices come from; exclusive with batch size, shuffle, sampler, drop last. */
        public Builder<T> batchSampler(BatchSampler batchSampler) {
            this.batchSampler = batchSampler;
            return this;
        }

        /** Worker threads (0: load on the caller's thread). */
        public Builder<T> numWorkers(int numWorkers) {
            if (numWorkers < 0) {
                throw new IllegalArgumentException("num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.");
            }
            this.numWorkers = numWorkers;
            return this;
        }

        /** Batches each worker loads ahead (default 2); ignored without workers. */
        public Builder<T> prefetchFactor(int prefetchFactor) {
            if (prefetchFactor <= 0) throw new IllegalArgumentException("prefetch_factor must be positive, got " + prefetchFactor);
            this.prefetchFactor = prefetchFactor;
            return this;
        }

        /** Drop the last batch when it is short. */
        public Builder<T> dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** The generator for shuffling and for the base seed of per-batch generators (default: the default generator). */
        public Builder<T> generator(Generator generator) {
            this.generator = generator;
            return this;
        }

        /** How a list of items becomes a batch (default {@link DefaultCollate}). */
        public Builder<T> collate(Collate<? super T, ?> collate) {
            this.collate = collate;
            return this;
        }

        /**
         * The loader; its batch type is inferred from the assignment ({@code DataLoader<Tensor[],
         * Tensor[]> l = ...build();}) and must match what the collate function returns.
         */
        @SuppressWarnings("unchecked")
        public <B> DataLoader<T, B> build() {
            if (stream != null) {
                if (shuffle) throw new IllegalArgumentException("DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=True");
                if (sampler != null) throw new IllegalArgumentException("DataLoader with IterableDataset: expected unspecified sampler option, but got a sampler");
                if (batchSampler != null) {
                    throw new IllegalArgumentException("DataLoader with IterableDataset: expected unspecified batch_sampler option, but got a batch sampler");
                }
            }
            if (sampler != null && shuffle) throw new IllegalArgumentException("sampler option is mutually exclusive with shuffle");
            if (batchSampler != null && (batchSize != null || shuffle || sampler != null || dropLast)) {
                throw new IllegalArgumentException("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last");
            }
            Collate<T, B> c = (Collate<T, B>) (collate != null ? collate : Collate.defaultCollate());
            return new DataLoader<>(this, c);
        }
    }
}

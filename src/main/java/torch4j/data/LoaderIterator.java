package torch4j.data;

import java.lang.ref.Cleaner;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import torch4j.Generator;

/**
 * One epoch of a {@link DataLoader}. Close it (try-with-resources) to stop its workers early; it
 * also closes itself when exhausted or when a batch fails, and a {@link Cleaner} stops the workers
 * of an iterator that was dropped without closing. Use it from one thread (the training loop's).
 *
 * <pre>{@code try (LoaderIterator<Tensor[]> it = loader.iterator()) { Tensor[] first = it.next(); } }</pre>
 *
 * @param <B> the batch type
 */
public final class LoaderIterator<B> implements Iterator<B>, AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();
    /** How long {@link #close()} waits for a worker that is inside a user's {@code get}. */
    private static final long CLOSE_WAIT_MS = 10_000;

    private final DataLoader<?, B> loader;
    private final long baseSeed;
    private final Iterator<int[]> indexBatches;
    private final Iterator<?> stream;
    private final ThreadPoolExecutor pool;
    private final WorkerFactory workers;
    private final Cleaner.Cleanable cleanable;
    private final ArrayDeque<Future<B>> pending = new ArrayDeque<>();
    private int submitted;
    private int streamPosition;
    private Batch<?> peeked;
    private boolean streamDone;
    private boolean closed;
    private long waitNanos;

    LoaderIterator(DataLoader<?, B> loader) {
        this.loader = loader;
        // Drawn before the sampler's pass, as PyTorch draws _base_seed first.
        Generator g = loader.generator != null ? loader.generator : Generator.defaultGenerator();
        this.baseSeed = g.nextLong();
        this.indexBatches = loader.batchSampler != null ? loader.batchSampler.iterator() : null;
        this.stream = loader.stream != null ? loader.stream.iterator() : null;
        if (loader.numWorkers > 0) {
            workers = new WorkerFactory(loader.id);
            pool = new ThreadPoolExecutor(loader.numWorkers, loader.numWorkers, 5, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), workers);
            pool.allowCoreThreadTimeOut(true);
            ThreadPoolExecutor p = pool; // the cleaning action must not reach this iterator
            cleanable = CLEANER.register(this, p::shutdownNow);
            fill();
        } else {
            pool = null;
            workers = null;
            cleanable = null;
        }
        if (!sourceHasNext() && pending.isEmpty()) close();
    }

    @Override
    public boolean hasNext() {
        return !closed && (!pending.isEmpty() || sourceHasNext());
    }

    @Override
    public B next() {
        if (!hasNext()) throw new NoSuchElementException("DataLoader epoch is exhausted or closed");
        long t0 = System.nanoTime();
        B batch;
        try {
            if (pool == null) {
                batch = loadNext();
            } else {
                Future<B> f = pending.poll();
                batch = await(f);
                fill();
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        } finally {
            waitNanos += System.nanoTime() - t0;
        }
        if (!hasNext()) close();
        return batch;
    }

    /**
     * Nanoseconds the caller has spent inside {@code next()} so far: blocked on workers, or
     * loading batches itself when there are none. Divide by the epoch's time for the share of
     * training spent waiting for data.
     */
    public long waitNanos() {
        return waitNanos;
    }

    /** Stops the workers (interrupting any batch in progress) and waits for them to end. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        loader.closed(this);
        if (pool == null) return;
        for (Future<B> f : pending) f.cancel(true);
        pending.clear();
        cleanable.clean(); // shutdownNow, exactly once
        // Join the threads themselves: the pool counts as terminated a moment before they exit.
        long deadline = System.nanoTime() + CLOSE_WAIT_MS * 1_000_000;
        try {
            for (Thread t : workers.started()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) break;
                t.join(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once exhausted, failed or closed. */
    public boolean isClosed() {
        return closed;
    }

    private boolean sourceHasNext() {
        if (indexBatches != null) return indexBatches.hasNext();
        if (peeked == null && !streamDone) peeked = readStreamBatch();
        return peeked != null;
    }

    /** Submits batches until {@code prefetchFactor * numWorkers} are in flight. */
    private void fill() {
        int limit = loader.prefetchFactor * loader.numWorkers;
        while (pending.size() < limit && sourceHasNext()) {
            Batch<?> b = nextBatch();
            pending.add(pool.submit(() -> load(b)));
        }
    }

    private B loadNext() {
        return load(nextBatch());
    }

    /** The next batch's indices (map-style) or items (iterable), drawn on the caller's thread. */
    private Batch<?> nextBatch() {
        if (indexBatches != null) return new Batch<>(submitted++, indexBatches.next(), null);
        sourceHasNext();
        Batch<?> b = peeked;
        peeked = null;
        return new Batch<>(submitted++, b.indices, b.items);
    }

    /** Reads one batch of items from an iterable dataset, or null at its end (or a dropped short tail). */
    private Batch<?> readStreamBatch() {
        List<Object> items = new ArrayList<>(loader.batchSize);
        int start = streamPosition;
        while (items.size() < loader.batchSize && stream.hasNext()) items.add(stream.next());
        streamPosition += items.size();
        if (items.size() < loader.batchSize) streamDone = true;
        if (items.isEmpty() || loader.dropLast && items.size() < loader.batchSize) return null;
        int[] positions = new int[items.size()];
        for (int i = 0; i < positions.length; i++) positions[i] = start + i;
        return new Batch<>(-1, positions, items);
    }

    @SuppressWarnings("unchecked")
    private B load(Batch<?> b) {
        BatchContext.enter(Sampling.mix(baseSeed, b.index));
        try {
            List<Object> items;
            if (b.items != null) {
                items = (List<Object>) b.items;
            } else {
                Dataset<?> ds = loader.dataset;
                items = new ArrayList<>(b.indices.length);
                for (int i : b.indices) {
                    if (pool != null && Thread.currentThread().isInterrupted()) throw new CancellationException("DataLoader closed");
                    try {
                        items.add(ds.get(i));
                    } catch (RuntimeException | Error e) {
                        throw new DataLoaderException("Caught " + e.getClass().getSimpleName() + " in " + where()
                                + " while loading sample index " + i + " (batch " + b.index + "): " + e.getMessage(), i, b.index, e);
                    }
                }
            }
            try {
                return ((Collate<Object, B>) loader.collate).apply(items);
            } catch (RuntimeException | Error e) {
                throw new DataLoaderException("Caught " + e.getClass().getSimpleName() + " in " + where()
                        + " while collating batch " + b.index + " (sample indices " + Arrays.toString(b.indices) + "): "
                        + e.getMessage(), -1, b.index, e);
            }
        } finally {
            BatchContext.exit();
        }
    }

    private static String where() {
        String name = Thread.currentThread().getName();
        return name.startsWith(WorkerFactory.PREFIX) ? "DataLoader worker thread " + name : "DataLoader (main thread " + name + ")";
    }

    private B await(Future<B> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a DataLoader batch", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DataLoaderException dle) {
                // Re-thrown on the caller's thread so its stack trace shows where the loop was.
                throw new DataLoaderException(dle.getMessage(), dle.sampleIndex(), dle.batchIndex(), dle.getCause());
            }
            throw new DataLoaderException("DataLoader worker failed: " + cause, -1, -1, cause);
        }
    }

    /** One batch to load: its position in the epoch, and indices (map-style) or items (iterable). */
    private record Batch<I>(int index, int[] indices, List<I> items) {}

    /** Daemon worker threads named {@code torch4j-DataLoader-<loader>-worker-<n>}. */
    private static final class WorkerFactory implements ThreadFactory {
        static final String PREFIX = "torch4j-DataLoader-";
        private final int loaderId;
        private final AtomicInteger count = new AtomicInteger();
        private final List<Thread> threads = new ArrayList<>();

        WorkerFactory(int loaderId) {
            this.loaderId = loaderId;
        }

        @Override
        public synchronized Thread newThread(Runnable r) {
            Thread t = new Thread(r, PREFIX + loaderId + "-worker-" + count.getAndIncrement());
            t.setDaemon(true);
            threads.add(t);
            return t;
        }

        synchronized List<Thread> started() {
            return new ArrayList<>(threads);
        }
    }
}

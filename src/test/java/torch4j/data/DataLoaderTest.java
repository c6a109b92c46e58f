package torch4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Generator;
import torch4j.Layout;
import torch4j.Storage;
import torch4j.Tensor;

class DataLoaderTest {

    /** Item i: {features = [i, i + noise], label = i}, the noise drawn from the loader's per-batch generator. */
    static final class NoisyDataset implements Dataset<Tensor[]> {
        final int n;

        NoisyDataset(int n) {
            this.n = n;
        }

        @Override
        public Tensor[] get(int i) {
            float noise = DataLoader.batchGenerator().nextFloat();
            Tensor x = new Tensor(Storage.wrap(new float[] {i, i + noise}), Layout.contiguous(2));
            Tensor y = new Tensor(Storage.wrap(new long[] {i}), Layout.contiguous());
            return new Tensor[] {x, y};
        }

        @Override
        public int size() {
            return n;
        }
    }

    private static List<float[]> epoch(int workers, long seed) {
        DataLoader<Tensor[], Tensor[]> loader = DataLoader.builder(new NoisyDataset(103)).batchSize(8).shuffle(true)
                .numWorkers(workers).prefetchFactor(3).generator(new Generator().manualSeed(seed)).build();
        List<float[]> out = new ArrayList<>();
        for (int e = 0; e < 2; e++) { // two epochs: the second must differ from the first, identically for all worker counts
            for (Tensor[] b : loader) {
                assertEquals(DType.FLOAT32, b[0].dtype());
                assertEquals(DType.INT64, b[1].dtype());
                out.add(b[0].toFloatArray());
            }
        }
        return out;
    }

    @Test
    void sameBatchesWhateverTheNumberOfWorkers() {
        List<float[]> ref = epoch(0, 7);
        assertEquals(2 * 13, ref.size());
        for (int w : new int[] {1, 2, 4}) {
            List<float[]> got = epoch(w, 7);
            assertEquals(ref.size(), got.size());
            for (int i = 0; i < ref.size(); i++) assertArrayEquals(ref.get(i), got.get(i), "batch " + i + " with " + w + " workers");
        }
        // A shuffled epoch covers every index once; the two epochs are different orders.
        float[] firstEpoch = new float[0];
        for (int i = 0; i < 13; i++) firstEpoch = concat(firstEpoch, ref.get(i));
        int[] seen = new int[103];
        for (int k = 0; k < firstEpoch.length; k += 2) seen[(int) firstEpoch[k]]++;
        for (int c : seen) assertEquals(1, c);
        assertFalse(Arrays.equals(ref.get(0), ref.get(13)));
        List<float[]> other = epoch(0, 8);
        assertFalse(Arrays.equals(ref.get(0), other.get(0)), "another seed gives another order");
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void sequentialBatchesAndSize() {
        Tensor x = new Tensor(Storage.wrap(IntStream.range(0, 10).asDoubleStream().toArray()), Layout.contiguous(10));
        for (boolean dropLast : new boolean[] {false, true}) {
            DataLoader<Tensor[], Tensor[]> loader = DataLoader.builder(new TensorDataset(x)).batchSize(4).dropLast(dropLast).numWorkers(2).build();
            assertEquals(dropLast ? 2 : 3, loader.size());
            List<double[]> got = new ArrayList<>();
            for (Tensor[] b : loader) got.add(b[0].toDoubleArray());
            assertEquals(loader.size(), got.size());
            assertArrayEquals(new double[] {0, 1, 2, 3}, got.get(0));
            assertArrayEquals(new double[] {4, 5, 6, 7}, got.get(1));
            if (!dropLast) assertArrayEquals(new double[] {8, 9}, got.get(2));
        }
    }

    private static long workerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("torch4j-DataLoader-")).count();
    }

    @Test
    void earlyCloseStopsWorkers() {
        DataLoader<Tensor[], Tensor[]> loader = DataLoader.builder(new NoisyDataset(1000)).batchSize(4).numWorkers(3).build();
        try (LoaderIterator<Tensor[]> it = loader.iterator()) {
            it.next();
            assertTrue(workerThreads() > 0);
            Thread w = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("torch4j-DataLoader-")).findFirst().orElseThrow();
            assertTrue(w.isDaemon());
        }
        assertEquals(0, workerThreads());

        // Breaking out of a for-each, then closing the loader.
        int seen = 0;
        for (Tensor[] b : loader) {
            if (++seen == 2) break;
        }
        assertTrue(workerThreads() > 0);
        loader.close();
        assertEquals(0, workerThreads());

        // An exhausted epoch closes itself.
        for (Tensor[] b : DataLoader.<Tensor[]>builder(new NoisyDataset(10)).batchSize(4).numWorkers(2).<Tensor[]>build()) {
            assertEquals(2, b.length);
        }
        assertEquals(0, workerThreads());
    }

    @Test
    void closeInterruptsASlowBatch() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Dataset<Integer> slow = new Dataset<>() {
            @Override
            public Integer get(int i) {
                started.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted");
                }
                return i;
            }

            @Override
            public int size() {
                return 100;
            }
        };
        LoaderIterator<Object> it = DataLoader.builder(slow).numWorkers(2).build().iterator();
        assertTrue(started.await(10, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        it.close();
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
        assertEquals(0, workerThreads());
    }

    @Test
    void workerFailureNamesTheSampleIndex() {
        Dataset<Tensor[]> broken = new Dataset<>() {
            final NoisyDataset inner = new NoisyDataset(50);

            @Override
            public Tensor[] get(int i) {
                if (i == 37) throw new IllegalStateException("corrupt record");
                return inner.get(i);
            }

            @Override
            public int size() {
                return 50;
            }
        };
        for (int workers : new int[] {0, 2}) {
            DataLoader<Tensor[], Tensor[]> loader = DataLoader.builder(broken).batchSize(5).numWorkers(workers).build();
            LoaderIterator<Tensor[]> it = loader.iterator();
            for (int b = 0; b < 7; b++) it.next(); // batches 0..6 hold indices 0..34
            DataLoaderException e = assertThrows(DataLoaderException.class, it::next);
            assertEquals(37, e.sampleIndex());
            assertEquals(7, e.batchIndex());
            assertTrue(e.getMessage().contains("sample index 37"), e.getMessage());
            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertEquals("corrupt record", e.getCause().getMessage());
            assertTrue(it.isClosed());
            assertFalse(it.hasNext());
        }
        assertEquals(0, workerThreads());
    }

    @Test
    void collateFailureIsReported() {
        Dataset<Object> mixed = new Dataset<>() {
            @Override
            public Object get(int i) {
                return i == 3 ? "three" : new Tensor(Storage.wrap(new float[] {i}), Layout.contiguous(1));
            }

            @Override
            public int size() {
                return 4;
            }
        };
        DataLoaderException e = assertThrows(DataLoaderException.class,
                () -> DataLoader.builder(mixed).batchSize(4).numWorkers(1).build().iterator().next());
        assertEquals(-1, e.sampleIndex());
        assertTrue(e.getMessage().contains("collating batch 0"), e.getMessage());
    }

    @Test
    void iterableDatasetBatchesInOrder() {
        IterableDataset<Integer> stream = () -> IntStream.range(0, 11).boxed().iterator();
        for (int workers : new int[] {0, 3}) {
            DataLoader<Integer, Tensor> loader = DataLoader.builder(stream).batchSize(4).numWorkers(workers).build();
            List<long[]> got = new ArrayList<>();
            for (Tensor b : loader) got.add(b.toLongArray());
            assertEquals(3, got.size());
            assertArrayEquals(new long[] {8, 9, 10}, got.get(2));
            assertThrows(UnsupportedOperationException.class, loader::size);
        }
        DataLoader<Integer, Tensor> dropping = DataLoader.builder(stream).batchSize(4).dropLast(true).build();
        int count = 0;
        for (Tensor b : dropping) count++;
        assertEquals(2, count);
        assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(stream).shuffle(true).build());
    }

    @Test
    void builderRejectsConflictingOptions() {
        NoisyDataset ds = new NoisyDataset(10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataLoader.builder(ds).shuffle(true).sampler(new SequentialSampler(10)).build());
        assertEquals("sampler option is mutually exclusive with shuffle", e.getMessage());
        BatchSampler bs = new BatchSampler(new SequentialSampler(10), 3, false);
        e = assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(ds).batchSampler(bs).batchSize(4).build());
        assertTrue(e.getMessage().startsWith("batch_sampler option is mutually exclusive"));
        assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(ds).numWorkers(-1));
        assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(ds).batchSize(0));

        DataLoader<Tensor[], Tensor[]> viaBatchSampler = DataLoader.builder(ds).batchSampler(bs).build();
        assertEquals(4, viaBatchSampler.size());
        int total = 0;
        for (Tensor[] b : viaBatchSampler) total += b[0].size(0);
        assertEquals(10, total);
    }

    @Test
    void customCollateAndSampler() {
        DataLoader<Tensor[], Integer> loader = DataLoader.builder(new NoisyDataset(10))
                .sampler(new SubsetRandomSampler(new int[] {1, 3, 5}, new Generator().manualSeed(1)))
                .batchSize(2).collate(items -> items.size()).build();
        List<Integer> sizes = new ArrayList<>();
        for (Integer n : loader) sizes.add(n);
        assertEquals(List.of(2, 1), sizes);
    }

    @Test
    void waitTimeIsRecorded() {
        DataLoader<Tensor[], Tensor[]> loader = DataLoader.builder(new NoisyDataset(64)).batchSize(8).build();
        try (LoaderIterator<Tensor[]> it = loader.iterator()) {
            while (it.hasNext()) it.next();
            assertTrue(it.waitNanos() > 0);
        }
    }

    @Test
    void batchGeneratorOutsideALoaderIsTheDefault() {
        assertSame(Generator.defaultGenerator(), DataLoader.batchGenerator());
    }
}

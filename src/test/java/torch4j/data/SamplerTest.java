package torch4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import torch4j.Generator;

class SamplerTest {

    private static int[] draw(Sampler s) {
        List<Integer> out = new ArrayList<>();
        for (int i : s) out.add(i);
        assertEquals(s.size(), out.size());
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Pearson's chi-square statistic of observed counts against expected probabilities. */
    private static double chiSquare(int[] counts, double[] p) {
        long total = Arrays.stream(counts).asLongStream().sum();
        double chi = 0;
        for (int i = 0; i < counts.length; i++) {
            double e = total * p[i];
            chi += (counts[i] - e) * (counts[i] - e) / e;
        }
        return chi;
    }

    @Test
    void sequential() {
        assertArrayEquals(new int[] {0, 1, 2, 3}, draw(new SequentialSampler(4)));
    }

    @Test
    void randomWithoutReplacementIsAPermutationEveryPass() {
        RandomSampler s = new RandomSampler(50, new Generator().manualSeed(3));
        int[] a = draw(s), b = draw(s);
        assertArrayEquals(IntStream.range(0, 50).toArray(), Arrays.stream(a).sorted().toArray());
        assertArrayEquals(IntStream.range(0, 50).toArray(), Arrays.stream(b).sorted().toArray());
        assertNotEquals(Arrays.toString(a), Arrays.toString(b));
        // Same seed, same passes.
        assertArrayEquals(a, draw(new RandomSampler(50, new Generator().manualSeed(3))));
        // numSamples > n without replacement: whole permutations back to back.
        int[] c = draw(new RandomSampler(4, false, 10, new Generator().manualSeed(1)));
        assertArrayEquals(new int[] {0, 1, 2, 3}, Arrays.stream(Arrays.copyOf(c, 4)).sorted().toArray());
    }

    @Test
    void randomPositionsAreUniform() {
        // The first index of a shuffled pass is uniform over 0..9: chi-square with 9 dof, 99.9% quantile 27.9.
        RandomSampler s = new RandomSampler(10, new Generator().manualSeed(11));
        int[] counts = new int[10];
        for (int t = 0; t < 5000; t++) counts[s.iterator().nextInt()]++;
        double[] p = new double[10];
        Arrays.fill(p, 0.1);
        assertTrue(chiSquare(counts, p) < 27.9, Arrays.toString(counts));
    }

    @Test
    void randomWithReplacementIsUniform() {
        int[] idx = draw(new RandomSampler(6, true, 60000, new Generator().manualSeed(5)));
        int[] counts = new int[6];
        for (int i : idx) counts[i]++;
        double[] p = new double[6];
        Arrays.fill(p, 1.0 / 6);
        assertTrue(chiSquare(counts, p) < 20.5, Arrays.toString(counts)); // 5 dof, 99.9%
        assertTrue(new HashSet<>(Arrays.stream(idx).boxed().toList()).size() == 6);
    }

    @Test
    void weightedWithReplacementFollowsTheWeights() {
        double[] w = {1, 0, 3, 6};
        int[] idx = draw(new WeightedRandomSampler(w, 50000, true, new Generator().manualSeed(9)));
        int[] counts = new int[4];
        for (int i : idx) counts[i]++;
        assertEquals(0, counts[1], "a zero weight is never drawn");
        int[] nz = {counts[0], counts[2], counts[3]};
        assertTrue(chiSquare(nz, new double[] {0.1, 0.3, 0.6}) < 13.8, Arrays.toString(counts)); // 2 dof, 99.9%
    }

    @Test
    void weightedWithoutReplacement() {
        double[] w = {1, 2, 3, 4, 0};
        WeightedRandomSampler s = new WeightedRandomSampler(w, 4, false, new Generator().manualSeed(2));
        int[] firsts = new int[5];
        for (int t = 0; t < 20000; t++) {
            int[] d = draw(s);
            Set<Integer> distinct = new HashSet<>(Arrays.stream(d).boxed().toList());
            assertEquals(4, distinct.size());
            assertTrue(!distinct.contains(4));
            firsts[d[0]]++;
        }
        // The first draw is proportional to the weights.
        assertTrue(chiSquare(Arrays.copyOf(firsts, 4), new double[] {0.1, 0.2, 0.3, 0.4}) < 16.3, Arrays.toString(firsts)); // 3 dof
        assertThrows(IllegalArgumentException.class, () -> new WeightedRandomSampler(w, 5, false, null));
        assertThrows(IllegalArgumentException.class, () -> new WeightedRandomSampler(new double[] {1, -1}, 1, true, null));
    }

    @Test
    void subsetRandomAndBatch() {
        int[] d = draw(new SubsetRandomSampler(new int[] {7, 8, 9}, new Generator().manualSeed(0)));
        assertArrayEquals(new int[] {7, 8, 9}, Arrays.stream(d).sorted().toArray());
        BatchSampler bs = new BatchSampler(new SequentialSampler(10), 3, false);
        List<int[]> batches = new ArrayList<>();
        bs.forEach(batches::add);
        assertEquals(4, bs.size());
        assertArrayEquals(new int[] {9}, batches.get(3));
        BatchSampler drop = new BatchSampler(new SequentialSampler(10), 3, true);
        assertEquals(3, drop.size());
        int n = 0;
        for (int[] b : drop) n += b.length;
        assertEquals(9, n);
    }

    @Test
    void randomSplitSizesAndDisjointness() {
        TensorLikeRange ds = new TensorLikeRange(100);
        List<Subset<Integer>> parts = DataSets.randomSplit(ds, new int[] {70, 20, 10}, new Generator().manualSeed(4));
        Set<Integer> all = new HashSet<>();
        int[] sizes = parts.stream().mapToInt(Subset::size).toArray();
        assertArrayEquals(new int[] {70, 20, 10}, sizes);
        for (Subset<Integer> p : parts) for (int i = 0; i < p.size(); i++) assertTrue(all.add(p.get(i)));
        assertEquals(100, all.size());
        // Same generator seed, same split.
        assertArrayEquals(parts.get(1).indices(), DataSets.randomSplit(ds, new int[] {70, 20, 10}, new Generator().manualSeed(4)).get(1).indices());
        // Fractions: floor, then the remainder round-robin from the first part (PyTorch's rule): 10 items -> 4, 3, 3.
        List<Subset<Integer>> f = DataSets.randomSplit(new TensorLikeRange(10), new double[] {0.34, 0.33, 0.33}, new Generator());
        assertArrayEquals(new int[] {4, 3, 3}, f.stream().mapToInt(Subset::size).toArray());
        assertThrows(IllegalArgumentException.class, () -> DataSets.randomSplit(ds, new int[] {50, 40}, null));
    }

    @Test
    void concatAndSubset() {
        ConcatDataset<Integer> c = new ConcatDataset<>(List.of(new TensorLikeRange(3), new TensorLikeRange(0), new TensorLikeRange(2)));
        assertEquals(5, c.size());
        assertEquals(List.of(0, 1, 2, 0, 1), IntStream.range(0, 5).mapToObj(c::get).toList());
        assertArrayEquals(new int[] {3, 3, 5}, c.cumulativeSizes());
        assertThrows(IndexOutOfBoundsException.class, () -> c.get(5));
        Subset<Integer> s = new Subset<>(new TensorLikeRange(10), new int[] {9, 2});
        assertEquals(9, s.get(0));
        assertThrows(IndexOutOfBoundsException.class, () -> new Subset<>(new TensorLikeRange(3), new int[] {3}));
    }

    /** Item i is i. */
    record TensorLikeRange(int size) implements Dataset<Integer> {
        @Override
        public Integer get(int index) {
            DataSets.checkIndex(index, size);
            return index;
        }
    }
}

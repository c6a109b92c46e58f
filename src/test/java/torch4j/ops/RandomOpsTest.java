package torch4j.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.Torch;

/**
 * Random ops: reproducible for a seed, and distributed as PyTorch documents (checked against the
 * distributions' moments and frequencies with fixed seeds, since the streams differ from PyTorch's).
 */
class RandomOpsTest {
    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }

    private static double var(double[] v) {
        double m = mean(v);
        return Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1);
    }

    @Test
    void seedsMakeResultsReproducible() {
        Torch.manualSeed(7);
        Tensor a = Torch.rand(5, 3);
        Tensor b = Torch.randn(4);
        Torch.manualSeed(7);
        assertTrue(Torch.rand(5, 3).equal(a));
        assertTrue(Torch.randn(4).equal(b));
        Generator g1 = new Generator().manualSeed(3), g2 = new Generator().manualSeed(3);
        assertTrue(Torch.rand(g1, 100).equal(Torch.rand(g2, 100)));
        assertFalse(Torch.rand(g1, 100).equal(Torch.rand(new Generator().manualSeed(4), 100)));
        long[] state = g1.getState();
        Tensor next = Torch.randn(g1, 10);
        g1.setState(state);
        assertTrue(Torch.randn(g1, 10).equal(next));
    }

    @Test
    void uniformIsHalfOpenWithTheRightMoments() {
        Generator g = new Generator().manualSeed(1);
        double[] v = Torch.empty(DType.FLOAT64, 200_000).uniform_(-2, 3, g).toDoubleArray();
        assertTrue(Arrays.stream(v).allMatch(x -> x >= -2 && x < 3));
        assertEquals(0.5, mean(v), 0.02);
        assertEquals(25.0 / 12, var(v), 0.03);
        // float32 rounding must not reach the upper bound
        float[] f = Torch.empty(100_000).uniform_(0, 1e-7, g).toFloatArray();
        for (float x : f) assertTrue(x < 1e-7f, "float32 value reached the upper bound");
    }

    @Test
    void normalHasTheRequestedMeanAndStd() {
        Generator g = new Generator().manualSeed(2);
        double[] v = Torch.empty(DType.FLOAT64, 200_000).normal_(3, 2, g).toDoubleArray();
        assertEquals(3.0, mean(v), 0.02);
        assertEquals(4.0, var(v), 0.05);
        long within1 = Arrays.stream(v).filter(x -> Math.abs(x - 3) < 2).count();
        assertEquals(0.6827, within1 / (double) v.length, 0.005);
    }

    @Test
    void randintRandpermBernoulli() {
        Generator g = new Generator().manualSeed(5);
        Tensor r = Torch.randint(-3, 4, g, 70_000);
        assertEquals(DType.INT64, r.dtype());
        long[] counts = new long[7];
        for (long x : r.toLongArray()) counts[(int) (x + 3)]++;
        for (long c : counts) assertEquals(10_000, c, 400);

        long[] p = Torch.randperm(1000, g).toLongArray();
        long[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 1000; i++) assertEquals(i, sorted[i]);
        assertFalse(Arrays.equals(p, sorted), "a permutation of 1000 should not come out sorted");

        Tensor probs = Torch.tensor(new double[] {0.0, 0.25, 1.0}).expand(50_000, 3);
        double[] draws = RandomOps.bernoulli(probs.contiguous(), g).toDoubleArray();
        double[] freq = new double[3];
        for (int i = 0; i < draws.length; i++) freq[i % 3] += draws[i] / 50_000;
        assertArrayEquals(new double[] {0.0, 0.25, 1.0}, freq, 0.01);
        assertEquals(0.3, mean(Torch.empty(100_000).bernoulli_(0.3).toDoubleArray()), 0.01);
    }

    @Test
    void multinomialFollowsTheWeights() {
        Torch.manualSeed(11);
        Tensor w = Torch.tensor(new double[] {1, 0, 3});
        long[] counts = new long[3];
        for (long x : Torch.multinomial(w, 40_000, true).toLongArray()) counts[(int) x]++;
        assertEquals(0, counts[1]);
        assertEquals(10_000, counts[0], 400);
        assertEquals(30_000, counts[2], 400);

        Tensor rows = Torch.tensor(new double[][] {{1, 1, 1, 1}, {5, 1, 0, 1}});
        Tensor noRepeat = Torch.multinomial(rows, 3, false);
        assertArrayEquals(new int[] {2, 3}, noRepeat.shape());
        for (int r = 0; r < 2; r++) {
            long[] row = noRepeat.get(r).toLongArray();
            assertEquals(3, Arrays.stream(row).distinct().count(), "without replacement indices are distinct");
        }
        assertFalse(Arrays.stream(noRepeat.get(1).toLongArray()).anyMatch(x -> x == 2), "zero weight is never drawn");
    }

    @Test
    void badArgumentsAreRefusedClearly() {
        var e = assertThrows(IllegalArgumentException.class, () -> Torch.multinomial(Torch.ones(3), 4, false));
        assertTrue(e.getMessage().contains("without replacement"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Torch.multinomial(Torch.tensor(new double[] {1, -1}), 1, true));
        assertTrue(e.getMessage().contains("element < 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Torch.randint(5, 5, 3));
        assertTrue(e.getMessage().contains("from=5 >= to=5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Torch.zeros(DType.INT64, 3).uniform_(0, 1));
        assertTrue(e.getMessage().contains("floating point"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Torch.empty(3).normal_(0, -1));
        Tensor leaf = Torch.zeros(3).requiresGrad_();
        assertThrows(IllegalStateException.class, () -> leaf.uniform_(0, 1));
        try (var g = Torch.noGrad()) {
            leaf.uniform_(0, 1); // allowed under noGrad, as nn.init does
        }
        assertTrue(leaf.isLeaf());
    }
}

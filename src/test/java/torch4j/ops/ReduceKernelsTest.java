package torch4j.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static torch4j.testing.Assertions.assertClose;

import java.util.Random;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;

/**
 * The fast paths of the CPU reduce kernels (row, column, blocked, parallel) against plain loops
 * over the logical values, on odd sizes and layouts.
 */
class ReduceKernelsTest {

    @Test
    void sumsOverEveryDimSubsetMatchPlainLoops() {
        Random rnd = new Random(1);
        for (int trial = 0; trial < 60; trial++) {
            int[] shape = {1 + rnd.nextInt(7), 1 + rnd.nextInt(9), 1 + rnd.nextInt(13)};
            double[] v = new double[shape[0] * shape[1] * shape[2]];
            for (int i = 0; i < v.length; i++) v[i] = rnd.nextGaussian();
            Tensor x = ReductionsTest.withLayout(Torch.tensor(v, shape), trial % 3);
            int mask = 1 + rnd.nextInt(7);
            int[] dims = java.util.stream.IntStream.range(0, 3).filter(d -> (mask >> d & 1) != 0).toArray();
            assertClose(naiveSum(v, shape, mask), x.sum(dims, true), 1e-12, 1e-12);
        }
    }

    private static Tensor naiveSum(double[] v, int[] shape, int mask) {
        int[] os = new int[3];
        for (int d = 0; d < 3; d++) os[d] = (mask >> d & 1) != 0 ? 1 : shape[d];
        double[] out = new double[os[0] * os[1] * os[2]];
        for (int i = 0; i < shape[0]; i++) {
            for (int j = 0; j < shape[1]; j++) {
                for (int k = 0; k < shape[2]; k++) {
                    int o = ((os[0] == 1 ? 0 : i) * os[1] + (os[1] == 1 ? 0 : j)) * os[2] + (os[2] == 1 ? 0 : k);
                    out[o] += v[(i * shape[1] + j) * shape[2] + k];
                }
            }
        }
        return Torch.tensor(out, os);
    }

    @Test
    void largeFloatSumIsAccurate() {
        // 16M float32 values of 0.1f: a float accumulator would be off by far more than 1e-9.
        float[] v = new float[1 << 24];
        java.util.Arrays.fill(v, 0.1f);
        Tensor x = Torch.fromArray(v);
        double exact = (double) 0.1f * v.length;
        assertEquals(exact, x.sum().item(), exact * 1e-7);
        assertEquals(exact / v.length, x.mean().item(), 1e-7);
    }

    @Test
    void largeColumnAndRowReductionsMatchPlainLoops() {
        int n = 3001, m = 257;
        float[] v = new float[n * m];
        Random rnd = new Random(2);
        for (int i = 0; i < v.length; i++) v[i] = (float) rnd.nextGaussian();
        Tensor x = Torch.fromArray(v, n, m);
        double[] col = new double[m], row = new double[n];
        double[] colMax = new double[m];
        java.util.Arrays.fill(colMax, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                col[j] += v[i * m + j];
                row[i] += v[i * m + j];
                colMax[j] = Math.max(colMax[j], v[i * m + j]);
            }
        }
        assertClose(Torch.tensor(col).to(DType.FLOAT32), x.sum(0), 1e-5, 1e-4);
        assertClose(Torch.tensor(row).to(DType.FLOAT32), x.sum(1), 1e-5, 1e-4);
        assertClose(Torch.tensor(colMax).to(DType.FLOAT32), x.max(0).values(), 0, 0);
        assertClose(Torch.tensor(col).to(DType.FLOAT32), x.t().contiguous().sum(1), 1e-5, 1e-4);
    }

    @Test
    void largeIntegerAndLogicalReductions() {
        int n = 1 << 20;
        long[] v = new long[n];
        for (int i = 0; i < n; i++) v[i] = i % 7 - 3;
        Tensor x = Torch.fromArray(v);
        long expected = 0;
        for (long e : v) expected += e;
        assertEquals(expected, x.sum().itemLong());
        assertEquals(n - n / 7 - (n % 7 > 3 ? 1 : 0), x.ne(0).sum().itemLong());
        assertEquals(false, x.all().itemBool());
        assertEquals(true, x.ne(4).all().itemBool());
        assertEquals(3, x.max().itemLong());
        assertEquals(6, x.argmax().itemLong());
    }

    @Test
    void largeSortAndCumsumMatchPlainLoops() {
        int n = 5000;
        Random rnd = new Random(3);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rnd.nextInt(100); // many ties: checks stability
        var s = Torch.tensor(v).sort(0, false);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b])); // stable
        long[] idx = new long[n];
        for (int i = 0; i < n; i++) idx[i] = order[i];
        assertArrayEquals(idx, s.indices().toLongArray());
        double[] cs = new double[n];
        double acc = 0;
        for (int i = 0; i < n; i++) cs[i] = acc += v[i];
        assertClose(Torch.tensor(cs), Torch.tensor(v).cumsum(0));
    }
}

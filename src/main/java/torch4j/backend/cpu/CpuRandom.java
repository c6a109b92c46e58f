package torch4j.backend.cpu;

import torch4j.DType;
import torch4j.Generator;
import torch4j.Layout;
import torch4j.Storage;
import torch4j.Tensor;
import torch4j.backend.RandomKernels;

/** CPU random fills: draw into a contiguous buffer in row-major order, then copy into the (maybe strided) output. */
final class CpuRandom implements RandomKernels {
    static final CpuRandom INSTANCE = new CpuRandom();

    private CpuRandom() {}

    @Override
    public void uniform(Tensor out, double from, double to, Generator g) {
        double[] v = new double[out.numel()];
        g.fillUniform(v, 0, v.length, from, to);
        if (out.dtype() == DType.FLOAT32) {
            // Rounding to float can land exactly on `to`; PyTorch's range is half-open.
            float top = (float) to;
            for (int i = 0; i < v.length; i++) {
                if ((float) v[i] >= top && to > from) v[i] = Math.nextDown(top);
            }
        }
        store(v, out);
    }

    @Override
    public void normal(Tensor out, double mean, double std, Generator g) {
        double[] v = new double[out.numel()];
        g.fillNormal(v, 0, v.length, mean, std);
        store(v, out);
    }

    @Override
    public void randint(Tensor out, long low, long high, Generator g) {
        long[] v = new long[out.numel()];
        for (int i = 0; i < v.length; i++) v[i] = low + g.nextLong(high - low);
        CpuElementwise.INSTANCE.copy(new Tensor(Storage.wrap(v), Layout.contiguous(out.layout().shape())), out);
    }

    @Override
    public void bernoulli(Tensor probs, Tensor out, Generator g) {
        double[] p = new double[probs.numel()];
        CpuElementwise.INSTANCE.copy(probs, new Tensor(Storage.wrap(p), Layout.contiguous(probs.layout().shape())));
        double[] u = new double[p.length];
        g.fillUniform(u, 0, u.length, 0, 1);
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] >= 0 && p[i] <= 1)) {
                throw new IllegalArgumentException("Expected p_in >= 0 && p_in <= 1 to be true, but got false (p = " + p[i] + ")");
            }
            u[i] = u[i] < p[i] ? 1 : 0;
        }
        store(u, out);
    }

    @Override
    public void multinomial(Tensor weights, boolean replacement, Tensor out, Generator g) {
        int rows = weights.layout().size(0), cats = weights.layout().size(1), n = out.layout().size(1);
        double[] w = new double[rows * cats];
        CpuElementwise.INSTANCE.copy(weights, new Tensor(Storage.wrap(w), Layout.contiguous(rows, cats)));
        long[] result = new long[rows * n];
        double[] cum = new double[cats];
        for (int r = 0; r < rows; r++) {
            double[] row = java.util.Arrays.copyOfRange(w, r * cats, (r + 1) * cats);
            for (int s = 0; s < n; s++) {
                double total = 0;
                for (int c = 0; c < cats; c++) {
                    total += row[c];
                    cum[c] = total;
                }
                if (!(total > 0)) throw new IllegalArgumentException("invalid multinomial distribution (sum of probabilities <= 0)");
                double u = g.nextDouble() * total;
                int pick = 0;
                while (pick < cats - 1 && (cum[pick] <= u || row[pick] == 0)) pick++;
                result[r * n + s] = pick;
                if (!replacement) row[pick] = 0;
            }
        }
        CpuElementwise.INSTANCE.copy(new Tensor(Storage.wrap(result), Layout.contiguous(rows, n)), out);
    }

    @Override
    public void randperm(Tensor out, Generator g) {
        int n = out.numel();
        long[] p = new long[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) { // Fisher-Yates
            int j = (int) g.nextLong(i + 1);
            long t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        CpuElementwise.INSTANCE.copy(new Tensor(Storage.wrap(p), Layout.contiguous(n)), out);
    }

    private static void store(double[] v, Tensor out) {
        CpuElementwise.INSTANCE.copy(new Tensor(Storage.wrap(v), Layout.contiguous(out.layout().shape())), out);
    }
}

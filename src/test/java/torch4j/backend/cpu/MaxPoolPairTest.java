package torch4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.ValuesIndices;
import torch4j.nn.functional.F;

/**
 * The 2x2 / stride-2 float max-pooling rows ({@link PoolRows}) against PyTorch's window scan written
 * out plainly (a larger value or a NaN takes over: ties and repeated NaNs keep the first), on values
 * from a few levels so that ties, NaN, +-inf, inf - inf windows and -0 next to +0 are common.
 */
class MaxPoolPairTest {

    private static final float[] LEVELS = {-1f, 0f, -0f, 2f, Float.NaN, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, 0.5f};

    private static float[] values(Random r, int size) {
        float[] v = new float[size];
        // Every third element may be special; the rest are ordinary, often tied, levels.
        for (int i = 0; i < size; i++) v[i] = LEVELS[r.nextInt(i % 3 == 0 ? LEVELS.length : 4)];
        return v;
    }

    /** Reference for plane p read through strides: value bits and plane index of each window. */
    private static void reference(float[] x, int off, int[] xs, int c, int w, int oh, int ow, int p, float[] y,
                                  long[] idx) {
        int base = off + (p / c) * xs[0] + (p % c) * xs[1];
        for (int i = 0, o = p * oh * ow; i < oh; i++) {
            for (int j = 0; j < ow; j++, o++) {
                float best = 0;
                int at = -1;
                for (int a = 0; a < 2; a++) {
                    for (int b = 0; b < 2; b++) {
                        float e = x[base + (2 * i + a) * xs[2] + (2 * j + b) * xs[3]];
                        if (at < 0 || e > best || (Float.isNaN(e) && !Float.isNaN(best))) {
                            best = e;
                            at = (2 * i + a) * w + 2 * j + b;
                        }
                    }
                }
                y[o] = best;
                idx[o] = at;
            }
        }
    }

    @Test
    void rowsMatchWindowScanThroughAnyStrides() {
        Random r = new Random(11);
        // {n, c, h, w}: odd sizes (the last row / column is dropped), 1x1 outputs, batch 1 and 3.
        int[][] shapes = {{1, 1, 2, 2}, {1, 1, 3, 3}, {3, 2, 5, 7}, {3, 4, 8, 6}, {1, 3, 24, 24}, {2, 5, 9, 2}};
        for (int[] sh : shapes) {
            int n = sh[0], c = sh[1], h = sh[2], w = sh[3], oh = h / 2, ow = w / 2, planes = n * c;
            // Strides: contiguous; transposed planes; every other column of a twice-as-wide
            // buffer with an offset; channels-last.
            int[][] layouts = {{c * h * w, h * w, w, 1}, {c * h * w, h * w, 1, h},
                    {c * h * 2 * w, h * 2 * w, 2 * w, 2}, {h * w * c, 1, w * c, c}};
            for (int[] xs : layouts) {
                int off = xs[3] == 2 ? 3 : 0;
                float[] x = values(r, off + n * xs[0] + 2);
                float[] want = new float[planes * oh * ow], got = new float[want.length];
                long[] wantIdx = new long[want.length], gotIdx = new long[want.length];
                for (int p = 0; p < planes; p++) reference(x, off, xs, c, w, oh, ow, p, want, wantIdx);
                // Two plane ranges, as the thread split calls it.
                int mid = planes / 2;
                PoolRows.maxPool2x2F(x, off, xs, c, w, oh, ow, 0, mid, got, gotIdx);
                PoolRows.maxPool2x2F(x, off, xs, c, w, oh, ow, mid, planes, got, gotIdx);
                String where = java.util.Arrays.toString(sh) + " strides " + java.util.Arrays.toString(xs);
                for (int i = 0; i < want.length; i++) {
                    // floatToIntBits tells -0 from 0: the value must be the winning element itself.
                    assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got[i]), where + " value " + i);
                }
                assertArrayEquals(wantIdx, gotIdx, where + " indices");
            }
        }
    }

    @Test
    void allMinusInfinityAndInfMinusInfWindows() {
        float ni = Float.NEGATIVE_INFINITY, pi = Float.POSITIVE_INFINITY;
        // Windows (row-major 2x2): all -inf; -inf then +inf (the sum is NaN, no element is);
        // +inf twice (the first wins); NaN after +inf (the NaN wins).
        float[] x = {ni, ni, ni, pi, pi, 1, pi, Float.NaN,
                     ni, ni, pi, ni, 2, pi, 0, 0};
        float[] y = new float[4];
        long[] idx = new long[4];
        PoolRows.maxPool2x2F(x, 0, new int[] {16, 16, 8, 1}, 1, 8, 1, 4, 0, 1, y, idx);
        assertArrayEquals(new float[] {ni, pi, pi, Float.NaN}, y);
        assertArrayEquals(new long[] {0, 3, 4, 7}, idx);
    }

    @Test
    void opAndBackwardScatterByIndex() {
        Random r = new Random(12);
        int n = 3, c = 2, h = 7, w = 9, oh = 3, ow = 4;
        float[] v = new float[n * c * h * w];
        for (int i = 0; i < v.length; i++) v[i] = r.nextInt(4) - 1.5f;
        for (boolean transposed : new boolean[] {false, true}) {
            Tensor x = Torch.tensor(v, n, c, h, w);
            if (transposed) x = x.transpose(2, 3).contiguous().transpose(2, 3);
            x.requiresGrad_();
            ValuesIndices out = F.maxPool2dWithIndices(x, new int[] {2}, null, new int[] {0}, new int[] {1}, false);
            float[] g = new float[n * c * oh * ow];
            for (int i = 0; i < g.length; i++) g[i] = i + 1;
            Tensor gradient = Torch.tensor(g, n, c, oh, ow);
            // The same gradient values through transposed strides: the strided backward loop.
            if (transposed) gradient = gradient.transpose(2, 3).contiguous().transpose(2, 3);
            out.values().backward(gradient);
            float[] want = new float[v.length], wantY = new float[g.length];
            long[] wantIdx = new long[g.length];
            for (int p = 0; p < n * c; p++) {
                reference(v, 0, new int[] {c * h * w, h * w, w, 1}, c, w, oh, ow, p, wantY, wantIdx);
            }
            for (int o = 0; o < g.length; o++) want[(o / (oh * ow)) * h * w + (int) wantIdx[o]] += g[o];
            assertArrayEquals(wantY, out.values().toFloatArray());
            assertArrayEquals(wantIdx, out.indices().toLongArray());
            assertArrayEquals(want, x.grad().toFloatArray(), "transposed " + transposed);
        }
    }
}

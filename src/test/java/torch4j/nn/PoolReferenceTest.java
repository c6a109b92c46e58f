package torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.ValuesIndices;
import torch4j.nn.functional.F;

/**
 * The 2x2 / stride-2 max-pooling fast path (branch-free selects) against a plain window loop with
 * PyTorch's rule (a larger value or a NaN takes over, so ties and repeated NaNs keep the first), on
 * values drawn from a few levels so that ties are common, with NaN, +-inf and -0, odd sizes (floor
 * mode drops the last row and column) and a non-contiguous input.
 */
class PoolReferenceTest {

    @Test
    void pairPoolMatchesWindowLoop() {
        Random r = new Random(5);
        float[] levels = {-1f, 0f, -0f, 2f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.5f};
        for (int[] sh : new int[][] {{3, 4, 8, 6}, {2, 3, 7, 9}, {1, 1, 2, 2}}) {
            int n = sh[0], c = sh[1], h = sh[2], w = sh[3];
            float[] v = new float[n * c * h * w];
            for (int i = 0; i < v.length; i++) v[i] = levels[r.nextInt(i % 3 == 0 ? levels.length : 4)];
            for (boolean transposed : new boolean[] {false, true}) {
                Tensor x = Torch.tensor(v, n, c, h, w);
                if (transposed) x = x.transpose(2, 3).contiguous().transpose(2, 3);
                ValuesIndices got = F.maxPool2dWithIndices(x, new int[] {2}, null, new int[] {0}, new int[] {1}, false);
                int oh = h / 2, ow = w / 2;
                float[] want = new float[n * c * oh * ow];
                long[] wantIdx = new long[want.length];
                for (int p = 0, o = 0; p < n * c; p++) {
                    for (int i = 0; i < oh; i++) {
                        for (int j = 0; j < ow; j++, o++) {
                            float best = Float.NEGATIVE_INFINITY;
                            int at = 2 * i * w + 2 * j;
                            for (int a = 0; a < 2; a++) {
                                for (int b = 0; b < 2; b++) {
                                    float e = v[p * h * w + (2 * i + a) * w + 2 * j + b];
                                    if (e > best || (Float.isNaN(e) && !Float.isNaN(best))) {
                                        best = e;
                                        at = (2 * i + a) * w + 2 * j + b;
                                    }
                                }
                            }
                            want[o] = best;
                            wantIdx[o] = at;
                        }
                    }
                }
                float[] vals = got.values().toFloatArray();
                for (int i = 0; i < want.length; i++) {
                    // floatToIntBits tells NaN from NaN and -0 from 0: the value must be the winner itself
                    assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(vals[i]), "value " + i);
                }
                assertArrayEquals(wantIdx, got.indices().toLongArray());
            }
        }
    }
}

package torch4j.backend.cpu;

/**
 * The float 2x2 / stride-2 max pooling that CNN training spends its pooling time in (LeNet:
 * [64,6,24,24] and [64,16,8,8]), over a range of (image, channel) planes so that {@link CpuPool}
 * can split planes over threads. Indices are PyTorch's, {@code h * W + w} within the plane; as in
 * PyTorch's window scan, ties keep the earlier element in window order and the first NaN wins.
 */
final class PoolRows {
    private PoolRows() {}

    /**
     * Pools planes {@code [lo, hi)} of {@code x} (strides {@code xs}, offset {@code xOff}, rows
     * {@code w} wide) into the contiguous {@code y} and {@code idx}, {@code oh x ow} per plane.
     * Every window lies inside the input (floor mode, no padding).
     */
    static void maxPool2x2F(float[] x, int xOff, int[] xs, int c, int w, int oh, int ow, int lo, int hi,
                            float[] y, long[] idx) {
        int sH = xs[2], sW = xs[3];
        for (int p = lo; p < hi; p++) {
            int base = xOff + (p / c) * xs[0] + (p % c) * xs[1];
            int o = p * oh * ow;
            for (int i = 0; i < oh; i++, o += ow) {
                int r0 = base + 2 * i * sH, top = 2 * i * w;
                // A literal 1 for contiguous rows: C2 inlines each call and folds the stride away
                // (about 5% faster on LeNet's shapes).
                if (sW == 1) row(x, r0, 1, sH, top, w, ow, y, idx, o);
                else row(x, r0, sW, sH, top, w, ow, y, idx, o);
            }
        }
    }

    /** Output row at {@code o} from the two input rows starting at {@code r0}; {@code top} is their index. */
    private static void row(float[] x, int r0, int sW, int sH, int top, int w, int ow, float[] y, long[] idx, int o) {
        for (int j = 0; j < ow; j++) {
            int a = r0 + 2 * j * sW, b = a + sH;
            float v0 = x[a], v1 = x[a + sW], v2 = x[b], v3 = x[b + sW];
            // One test instead of four: the sum is NaN when an element is NaN, and for
            // inf - inf, which the scan sorts out too.
            float sum = v0 + v1 + v2 + v3;
            int k = sum != sum ? scan(v0, v1, v2, v3) : tournament(x, a, b, sW, v0, v1, v2, v3);
            int col = k & 1, down = k >> 1;
            // Reloading the winner keeps a winning -0 as -0.
            y[o + j] = x[a + col * sW + down * sH];
            idx[o + j] = top + 2 * j + col + down * w;
        }
    }

    /**
     * Window position (0..3) of the largest of four non-NaN values, the earlier on ties. Which
     * element wins is a coin flip on real data, so each choice is a compare into an int (a
     * conditional move) and selects are arithmetic: data-dependent branches here mispredict half
     * the time, and the previous kernel, which compared order-preserving integer keys instead,
     * spent 1.45-1.6x as long per window on LeNet's shapes.
     */
    private static int tournament(float[] x, int a, int b, int sW, float v0, float v1, float v2, float v3) {
        int s01 = v1 > v0 ? 1 : 0, s23 = v3 > v2 ? 1 : 0;
        int low = x[b + s23 * sW] > x[a + s01 * sW] ? 1 : 0;
        return s01 + ((2 + s23 - s01) & -low);
    }

    /** Window position of the first NaN, else of the first maximum: PyTorch's scan, for the rare windows. */
    private static int scan(float v0, float v1, float v2, float v3) {
        float[] v = {v0, v1, v2, v3};
        int k = 0;
        for (int q = 1; q < 4 && v[k] == v[k]; q++) {
            if (v[q] > v[k] || v[q] != v[q]) k = q;
        }
        return k;
    }
}

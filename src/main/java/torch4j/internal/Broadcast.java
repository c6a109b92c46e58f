package torch4j.internal;

import java.util.Arrays;
import torch4j.Layout;

/** Broadcasting as a view: new leading dims and size-1 dims get stride 0. Written once, used by every op. */
public final class Broadcast {
    private Broadcast() {}

    /** The layout of {@code l} expanded to {@code shape}, or PyTorch's error if it cannot be. */
    public static Layout expand(Layout l, int[] shape) {
        int[] src = l.shape();
        if (Arrays.equals(src, shape)) return l;
        int n = shape.length, lead = n - src.length;
        if (lead < 0) {
            throw new IllegalArgumentException("expand: the number of sizes provided (" + n
                    + ") must be greater or equal to the number of dimensions in the tensor (" + src.length + ")");
        }
        int[] st = new int[n];
        int[] sh = shape.clone();
        for (int d = 0; d < n; d++) {
            if (d < lead) {
                if (sh[d] < 0) throw new IllegalArgumentException("expand: -1 is not allowed in a leading, non-existing dimension " + d);
                st[d] = 0;
                continue;
            }
            int s = src[d - lead];
            if (sh[d] == -1) sh[d] = s;
            if (s == sh[d]) {
                st[d] = l.strides()[d - lead];
            } else if (s == 1) {
                st[d] = 0;
            } else {
                throw new IllegalArgumentException("The expanded size of the tensor (" + sh[d] + ") must match the existing size ("
                        + s + ") at non-singleton dimension " + d + ".  Target sizes: " + Arrays.toString(shape)
                        + ".  Tensor sizes: " + Arrays.toString(src));
            }
        }
        return new Layout(sh, st, l.offset());
    }
}

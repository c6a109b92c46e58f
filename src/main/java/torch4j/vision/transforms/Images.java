package torch4j.vision.transforms;

import java.util.Arrays;
import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;

/**
 * Copies between {@code [..., H, W]} images of any dtype on the CPU. Rows move with {@code
 * System.arraycopy}, which works on every primitive array type, so one code path serves all dtypes.
 */
final class Images {
    private Images() {}

    static Tensor contiguousCpu(Tensor t) {
        if (!t.device().equals(Device.CPU)) {
            throw new IllegalArgumentException("image transforms run on the CPU (in the data loader), got a tensor on " + t.device());
        }
        return t.isContiguous() ? t : t.contiguous();
    }

    static void checkImage(Tensor t, String who) {
        if (t.dim() < 2) throw new IllegalArgumentException(who + " expects an image of shape [..., H, W], got " + t.shapeString());
    }

    /** Number of [H, W] planes: the product of the leading dims. */
    static int planes(int[] shape) {
        int n = 1;
        for (int d = 0; d < shape.length - 2; d++) n *= shape[d];
        return n;
    }

    static int[] withHW(int[] shape, int h, int w) {
        int[] s = shape.clone();
        s[s.length - 2] = h;
        s[s.length - 1] = w;
        return s;
    }

    /** The {@code h x w} window at {@code (top, left)} of every plane (the window must lie inside the image). */
    static Tensor crop(Tensor image, int top, int left, int h, int w) {
        Tensor src = contiguousCpu(image);
        int[] s = src.shape();
        int H = s[s.length - 2], W = s[s.length - 1];
        Tensor out = Tensor.zeros(src.dtype(), Device.CPU, withHW(s, h, w));
        Object in = src.storage().data(), dst = out.storage().data();
        int off = src.layout().offset(), n = planes(s);
        for (int p = 0; p < n; p++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(in, off + p * H * W + (top + y) * W + left, dst, p * h * w + y * w, w);
            }
        }
        return out;
    }

    /**
     * Pads every plane by {@code left, top, right, bottom}: {@code constant} fills with {@code fill},
     * {@code edge} repeats the border pixel, {@code reflect} mirrors without repeating it.
     */
    static Tensor pad(Tensor image, int left, int top, int right, int bottom, double fill, Pad.Mode mode) {
        Tensor src = contiguousCpu(image);
        int[] s = src.shape();
        int H = s[s.length - 2], W = s[s.length - 1];
        if (mode == Pad.Mode.REFLECT && (left >= W || right >= W || top >= H || bottom >= H)) {
            throw new IllegalArgumentException("Padding size should be less than the corresponding input dimension, but got: padding ("
                    + left + ", " + right + ") at dimension 3 and (" + top + ", " + bottom + ") at dimension 2 of input " + src.shapeString());
        }
        if (mode == Pad.Mode.EDGE && (H == 0 || W == 0)) throw new IllegalArgumentException("edge padding needs a non-empty image, got " + src.shapeString());
        int h = H + top + bottom, w = W + left + right;
        Tensor out = Tensor.zeros(src.dtype(), Device.CPU, withHW(s, h, w));
        Object in = src.storage().data(), dst = out.storage().data();
        if (mode == Pad.Mode.CONSTANT && fill != 0) fillArray(dst, fill, src.dtype());
        int off = src.layout().offset(), n = planes(s);
        for (int p = 0; p < n; p++) {
            int ip = off + p * H * W, op = p * h * w;
            for (int y = 0; y < h; y++) {
                int sy = y - top;
                if (sy < 0 || sy >= H) {
                    if (mode == Pad.Mode.CONSTANT) continue;
                    sy = sourceIndex(sy, H, mode);
                }
                System.arraycopy(in, ip + sy * W, dst, op + y * w + left, W);
                if (mode == Pad.Mode.CONSTANT) continue;
                for (int x = 0; x < left; x++) System.arraycopy(in, ip + sy * W + sourceIndex(x - left, W, mode), dst, op + y * w + x, 1);
                for (int x = left + W; x < w; x++) System.arraycopy(in, ip + sy * W + sourceIndex(x - left, W, mode), dst, op + y * w + x, 1);
            }
        }
        return out;
    }

    private static int sourceIndex(int i, int n, Pad.Mode mode) {
        if (mode == Pad.Mode.EDGE) return Math.max(0, Math.min(n - 1, i));
        return i < 0 ? -i : 2 * (n - 1) - i; // reflect: ... 2 1 | 0 1 2 | 1 0 ...
    }

    private static void fillArray(Object a, double v, DType dtype) {
        if (a instanceof float[] f) Arrays.fill(f, (float) v);
        else if (a instanceof double[] d) Arrays.fill(d, v);
        else if (a instanceof long[] l) Arrays.fill(l, (long) v);
        else if (a instanceof int[] n) Arrays.fill(n, (int) v);
        else Arrays.fill((byte[]) a, dtype == DType.BOOL ? (byte) (v != 0 ? 1 : 0) : (byte) (long) v);
    }

    /** Every plane mirrored left-right. */
    static Tensor hflip(Tensor image) {
        Tensor src = contiguousCpu(image);
        int[] s = src.shape();
        int W = s[s.length - 1];
        int rows = W == 0 ? 0 : src.numel() / W, off = src.layout().offset();
        Tensor out = Tensor.zeros(src.dtype(), Device.CPU, s.clone());
        Object in = src.storage().data(), dst = out.storage().data();
        if (in instanceof float[] a) {
            float[] b = (float[]) dst;
            for (int r = 0; r < rows; r++) for (int x = 0; x < W; x++) b[r * W + x] = a[off + r * W + W - 1 - x];
        } else if (in instanceof byte[] a) {
            byte[] b = (byte[]) dst;
            for (int r = 0; r < rows; r++) for (int x = 0; x < W; x++) b[r * W + x] = a[off + r * W + W - 1 - x];
        } else {
            for (int r = 0; r < rows; r++) for (int x = 0; x < W; x++) System.arraycopy(in, off + r * W + W - 1 - x, dst, r * W + x, 1);
        }
        return out;
    }
}

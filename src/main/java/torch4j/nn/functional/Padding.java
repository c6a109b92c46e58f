package torch4j.nn.functional;

import torch4j.Layout;
import torch4j.Tensor;
import torch4j.autograd.Graph;
import torch4j.backend.Backend;

/**
 * {@code F.pad}: constant padding as one op whose backward is the opposite (cropping) pad, and
 * reflect/replicate padding as index selections along each padded dim.
 */
public final class Padding {
    private Padding() {}

    /**
     * Pads the last {@code pad.length / 2} dims: {@code pad = {left, right, top, bottom, ...}}
     * starting from the last dim, as PyTorch. Negative constant pads crop.
     */
    public static Tensor pad(Tensor x, int[] pad, String mode, double value) {
        if (pad.length % 2 != 0) throw new IllegalArgumentException("Padding length must be divisible by 2");
        if (pad.length / 2 > x.dim()) throw new IllegalArgumentException("Padding length too large");
        return switch (mode) {
            case "constant" -> constant(x, pad, value);
            case "reflect", "replicate", "circular" -> indexed(x, pad, mode);
            default -> throw new IllegalArgumentException("Unrecognised padding mode " + mode);
        };
    }

    private static Tensor constant(Tensor x, int[] pad, double value) {
        int nd = x.dim();
        int[] in = x.shape(), out = in.clone();
        int[] lo = new int[nd], hi = new int[nd];
        for (int i = 0; i < pad.length / 2; i++) {
            int d = nd - 1 - i;
            lo[d] = pad[2 * i];
            hi[d] = pad[2 * i + 1];
            out[d] = in[d] + lo[d] + hi[d];
            if (out[d] < 0) {
                throw new IllegalArgumentException("The input size " + in[d] + ", plus negative padding " + lo[d] + " and "
                        + hi[d] + " resulted in a negative output size, which is invalid. Check dimension " + d
                        + " of your input.");
            }
        }
        Tensor result = Tensor.zeros(x.dtype(), x.device(), out);
        if (value != 0) Backend.of(x.device()).elementwise().fill(result, value);
        // The overlap of the input and the output, as a view of each.
        int[] shape = new int[nd];
        int srcOff = x.layout().offset(), dstOff = 0;
        int[] xs = x.layout().strides(), rs = result.layout().strides();
        boolean empty = false;
        for (int d = 0; d < nd; d++) {
            int cropLo = Math.max(-lo[d], 0), cropHi = Math.max(-hi[d], 0);
            shape[d] = in[d] - cropLo - cropHi;
            if (shape[d] <= 0) empty = true;
            srcOff += cropLo * xs[d];
            dstOff += Math.max(lo[d], 0) * rs[d];
        }
        if (!empty) {
            Tensor src = new Tensor(x.storage(), new Layout(shape, xs.clone(), srcOff));
            Tensor dst = new Tensor(result.storage(), new Layout(shape.clone(), rs.clone(), dstOff));
            Backend.of(x.device()).elementwise().copy(src, dst);
        }
        if (Graph.needsGrad(x)) {
            int[] back = new int[pad.length];
            for (int i = 0; i < pad.length; i++) back[i] = -pad[i];
            Graph.record("ConstantPadNdBackward0", result, new Tensor[] {x}, new Tensor[0],
                    (n, g) -> new Tensor[] {constant(g[0], back, 0)});
        }
        return result;
    }

    private static Tensor indexed(Tensor x, int[] pad, String mode) {
        int nd = x.dim();
        int padded = pad.length / 2;
        if (nd < padded + 1) {
            throw new IllegalArgumentException("Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now");
        }
        Tensor out = x;
        for (int i = 0; i < padded; i++) {
            int d = nd - 1 - i, l = pad[2 * i], r = pad[2 * i + 1], size = x.size(d);
            if (l == 0 && r == 0) continue;
            if (mode.equals("reflect") && (l >= size || r >= size)) {
                throw new IllegalArgumentException("Argument #4: Padding size should be less than the corresponding input"
                        + " dimension, but got: padding (" + l + ", " + r + ") at dimension " + d + " of input "
                        + x.shapeString());
            }
            if (mode.equals("circular") && (l > size || r > size)) {
                throw new IllegalArgumentException("Padding value causes wrapping around more than once.");
            }
            if (l < 0 || r < 0) throw new IllegalArgumentException(mode + " padding does not support negative pads");
            long[] idx = new long[size + l + r];
            for (int j = 0; j < idx.length; j++) idx[j] = source(j - l, size, mode);
            Tensor index = torch4j.Torch.tensor(idx, idx.length);
            out = out.indexSelect(d, index.to(x.device()));
        }
        return out;
    }

    /** Which input position output position {@code p} (in input coordinates) reads. */
    private static long source(int p, int size, String mode) {
        if (p >= 0 && p < size) return p;
        return switch (mode) {
            case "replicate" -> p < 0 ? 0 : size - 1;
            case "reflect" -> p < 0 ? -p : 2L * (size - 1) - p;
            default -> Math.floorMod(p, size);
        };
    }
}

package torch4j.nn.functional;

import java.util.Arrays;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.ValuesIndices;
import torch4j.autograd.Graph;
import torch4j.backend.Backend;
import torch4j.backend.PoolGeometry;

/**
 * Max, average and adaptive average pooling over the device's conv kernels. Max pooling saves the
 * argmax of each window ({@code MaxPool2DWithIndicesBackward0}); the average poolings are linear,
 * so each one's backward is its adjoint, whose own backward is the forward again.
 */
public final class Pooling {
    private Pooling() {}

    /** {@code F.max_pool2d(x, kernel, stride, padding, dilation, ceil_mode, return_indices=True)}; stride null means kernel. */
    public static ValuesIndices maxPool2dWithIndices(Tensor input, int[] kernel, int[] stride, int[] padding, int[] dilation,
                                                     boolean ceilMode) {
        checkInput("max_pool2d", input, 2);
        boolean unbatched = input.dim() == 3;
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        PoolGeometry g = geometry("max_pool2d", kernel, stride, padding, dilation, false);
        ValuesIndices r = maxPool(x, g, ceilMode);
        return unbatched ? new ValuesIndices(r.values().squeeze(0), r.indices().squeeze(0)) : r;
    }

    /** {@code F.max_pool1d}: windows along the last dim of a 2-D or 3-D input. */
    public static ValuesIndices maxPool1dWithIndices(Tensor input, int kernel, int stride, int padding, int dilation,
                                                     boolean ceilMode) {
        checkInput("max_pool1d", input, 1);
        boolean unbatched = input.dim() == 2;
        Tensor x = (unbatched ? input.unsqueeze(0) : input).unsqueeze(2);
        PoolGeometry g = geometry("max_pool1d", new int[] {1, kernel}, new int[] {1, stride <= 0 ? kernel : stride},
                new int[] {0, padding}, new int[] {1, dilation}, false);
        ValuesIndices r = maxPool(x, g, ceilMode);
        Tensor v = r.values().squeeze(2), i = r.indices().squeeze(2);
        return unbatched ? new ValuesIndices(v.squeeze(0), i.squeeze(0)) : new ValuesIndices(v, i);
    }

    /** {@code F.avg_pool2d(x, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override)}; divisor 0 = none. */
    public static Tensor avgPool2d(Tensor input, int[] kernel, int[] stride, int[] padding, boolean ceilMode,
                                   boolean countIncludePad, int divisorOverride) {
        checkInput("avg_pool2d", input, 2);
        if (divisorOverride < 0) throw new IllegalArgumentException("divisor must be not zero");
        boolean unbatched = input.dim() == 3;
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        PoolGeometry g0 = geometry("avg_pool2d", kernel, stride, padding, new int[] {1, 1}, countIncludePad);
        PoolGeometry g = new PoolGeometry(g0.kernelH(), g0.kernelW(), g0.strideH(), g0.strideW(), g0.padH(), g0.padW(),
                1, 1, countIncludePad, divisorOverride);
        int oh = outSize(x.size(2), g.kernelH(), g.strideH(), g.padH(), 1, ceilMode);
        int ow = outSize(x.size(3), g.kernelW(), g.strideW(), g.padW(), 1, ceilMode);
        Tensor out = avgPool(x, g, oh, ow);
        return unbatched ? out.squeeze(0) : out;
    }

    /** {@code F.adaptive_avg_pool2d(x, (oh, ow))}. */
    public static Tensor adaptiveAvgPool2d(Tensor input, int outH, int outW) {
        checkInput("adaptive_avg_pool2d", input, 2);
        if (outH < 0 || outW < 0) {
            throw new IllegalArgumentException("adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0"
                    + " but received {" + outH + ", " + outW + "}");
        }
        boolean unbatched = input.dim() == 3;
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        Tensor out = adaptive(x, outH, outW);
        return unbatched ? out.squeeze(0) : out;
    }

    // ------------------------------------------------------------------ differentiable cores

    private static ValuesIndices maxPool(Tensor x, PoolGeometry g, boolean ceilMode) {
        int h = x.size(2), w = x.size(3);
        int oh = outSize(h, g.kernelH(), g.strideH(), g.padH(), g.dilationH(), ceilMode);
        int ow = outSize(w, g.kernelW(), g.strideW(), g.padW(), g.dilationW(), ceilMode);
        Tensor out = Tensor.zeros(x.dtype(), x.device(), x.size(0), x.size(1), oh, ow);
        Tensor idx = Tensor.zeros(DType.INT64, x.device(), x.size(0), x.size(1), oh, ow);
        if (out.numel() > 0) Backend.of(x.device()).conv().maxPool2d(x, out, idx, g);
        if (Graph.needsGrad(x)) {
            int[] shape = x.shape();
            Graph.record("MaxPool2DWithIndicesBackward0", out, new Tensor[] {x}, new Tensor[] {idx},
                    (n, gr) -> new Tensor[] {maxPoolBackward(gr[0], n.saved(0), shape)});
        }
        return new ValuesIndices(out, idx);
    }

    /** Scatters {@code grad} to the argmax positions; its own backward gathers from them. */
    private static Tensor maxPoolBackward(Tensor grad, Tensor idx, int[] inputShape) {
        Tensor gi = Tensor.zeros(grad.dtype(), grad.device(), inputShape);
        Backend.of(grad.device()).conv().maxPool2dBackward(grad, idx, gi);
        if (Graph.needsGrad(grad)) {
            int[] outShape = grad.shape();
            int n = inputShape[0], c = inputShape[1], hw = inputShape[2] * inputShape[3];
            Graph.record("MaxPool2DWithIndicesBackwardBackward0", gi, new Tensor[] {grad}, new Tensor[] {idx},
                    (nd, gg) -> new Tensor[] {gg[0].reshape(n, c, hw).gather(2, nd.saved(0).reshape(n, c, -1)).view(outShape)});
        }
        return gi;
    }

    private static Tensor avgPool(Tensor x, PoolGeometry g, int oh, int ow) {
        Tensor out = Tensor.zeros(x.dtype(), x.device(), x.size(0), x.size(1), oh, ow);
        if (out.numel() > 0) Backend.of(x.device()).conv().avgPool2d(x, out, g);
        if (Graph.needsGrad(x)) {
            int[] shape = x.shape();
            Graph.record("AvgPool2DBackward0", out, new Tensor[] {x}, new Tensor[0],
                    (n, gr) -> new Tensor[] {avgPoolBackward(gr[0], g, shape)});
        }
        return out;
    }

    private static Tensor avgPoolBackward(Tensor grad, PoolGeometry g, int[] inputShape) {
        Tensor gi = Tensor.zeros(grad.dtype(), grad.device(), inputShape);
        if (grad.numel() > 0) Backend.of(grad.device()).conv().avgPool2dBackward(grad, gi, g);
        if (Graph.needsGrad(grad)) {
            int oh = grad.size(2), ow = grad.size(3);
            Graph.record("AvgPool2DBackwardBackward0", gi, new Tensor[] {grad}, new Tensor[0],
                    (n, gg) -> new Tensor[] {avgPool(gg[0], g, oh, ow)});
        }
        return gi;
    }

    private static Tensor adaptive(Tensor x, int oh, int ow) {
        Tensor out = Tensor.zeros(x.dtype(), x.device(), x.size(0), x.size(1), oh, ow);
        if (out.numel() > 0) Backend.of(x.device()).conv().adaptiveAvgPool2d(x, out);
        if (Graph.needsGrad(x)) {
            int[] shape = x.shape();
            Graph.record("AdaptiveAvgPool2DBackward0", out, new Tensor[] {x}, new Tensor[0],
                    (n, gr) -> new Tensor[] {adaptiveBackward(gr[0], shape)});
        }
        return out;
    }

    private static Tensor adaptiveBackward(Tensor grad, int[] inputShape) {
        Tensor gi = Tensor.zeros(grad.dtype(), grad.device(), inputShape);
        if (grad.numel() > 0) Backend.of(grad.device()).conv().adaptiveAvgPool2dBackward(grad, gi);
        if (Graph.needsGrad(grad)) {
            int oh = grad.size(2), ow = grad.size(3);
            Graph.record("AdaptiveAvgPool2DBackwardBackward0", gi, new Tensor[] {grad}, new Tensor[0],
                    (n, gg) -> new Tensor[] {adaptive(gg[0], oh, ow)});
        }
        return gi;
    }

    // ------------------------------------------------------------------ checks

    private static void checkInput(String op, Tensor x, int spatial) {
        if (x.dim() != spatial + 1 && x.dim() != spatial + 2) {
            throw new IllegalArgumentException(op + ": Expected " + (spatial + 1) + "D or " + (spatial + 2)
                    + "D (batch mode) tensor with optional 0 dim batch size for input, but got: " + x.shapeString());
        }
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"" + op + "\" not implemented for '" + Convolution.typeName(x.dtype()) + "'");
        }
        for (int d = 1; d < x.dim(); d++) {
            if (x.size(d) == 0) {
                throw new IllegalArgumentException(op + ": Expected input's non-batch dimensions to have positive length,"
                        + " but input has a shape of " + x.shapeString());
            }
        }
    }

    private static PoolGeometry geometry(String op, int[] kernel, int[] stride, int[] padding, int[] dilation,
                                         boolean countIncludePad) {
        int[] k = Convolution.pair(kernel, "kernel_size");
        int[] s = stride == null || stride.length == 0 ? k : Convolution.pair(stride, "stride");
        int[] p = Convolution.pair(padding, "padding"), d = Convolution.pair(dilation, "dilation");
        for (int i = 0; i < 2; i++) {
            if (k[i] <= 0) throw new IllegalArgumentException(op + ": kernel_size must be greater than zero, but got "
                    + Arrays.toString(k));
            if (s[i] <= 0) throw new IllegalArgumentException(op + ": stride must be greater than zero, but got " + Arrays.toString(s));
            if (d[i] <= 0) throw new IllegalArgumentException(op + ": dilation must be greater than zero, but got "
                    + Arrays.toString(d));
            if (p[i] < 0 || p[i] > k[i] / 2) {
                throw new IllegalArgumentException("pad should be at most half of kernel size, but got pad=" + p[i]
                        + " and kernel_size=" + k[i]);
            }
        }
        return new PoolGeometry(k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], countIncludePad, 0);
    }

    private static int outSize(int in, int k, int s, int p, int d, boolean ceilMode) {
        int o = PoolGeometry.outSize(in, k, s, p, d, ceilMode);
        if (o <= 0) {
            throw new IllegalArgumentException("Given input size: (" + in + "). Calculated output size: (" + o
                    + "). Output size is too small");
        }
        return o;
    }
}

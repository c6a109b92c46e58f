package torch4j.nn.functional;

import java.util.Arrays;
import torch4j.DType;
import torch4j.Layout;
import torch4j.Tensor;
import torch4j.autograd.Graph;
import torch4j.backend.Backend;
import torch4j.backend.BinaryOp;
import torch4j.backend.ConvGeometry;
import torch4j.ops.Elementwise;

/**
 * Convolution as one differentiable op ({@code ConvolutionBackward0}) over the device's {@link
 * torch4j.backend.ConvKernels}. The input gradient of a convolution is a transposed convolution
 * and vice versa, so each direction's backward calls the other (differentiable) op; the weight
 * gradient is its own kernel. 1-D and unbatched inputs are views of the 2-D batched case.
 */
public final class Convolution {
    private Convolution() {}

    /** {@code F.conv2d} on a 3-D (unbatched) or 4-D input. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
                                int groups) {
        checkDims("conv2d", input, weight, 4);
        boolean unbatched = input.dim() == 3;
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        Tensor out = conv(x, weight, bias, geometry("conv2d", stride, padding, dilation, groups, 2), "conv2d");
        return unbatched ? out.squeeze(0) : out;
    }

    /** {@code F.conv2d(..., padding="same" | "valid")}. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation,
                                int groups) {
        checkDims("conv2d", input, weight, 4);
        int[] d = pair(dilation, "dilation");
        int[] s = pair(stride, "stride");
        if (padding.equals("valid")) return conv2d(input, weight, bias, s, new int[] {0, 0}, d, groups);
        if (!padding.equals("same")) {
            throw new IllegalArgumentException("Invalid padding string '" + padding + "', should be one of {'valid', 'same'}");
        }
        if (s[0] != 1 || s[1] != 1) throw new IllegalArgumentException("padding='same' is not supported for strided convolutions");
        int th = d[0] * (weight.size(2) - 1), tw = d[1] * (weight.size(3) - 1);
        Tensor x = input;
        // An even kernel needs one more zero on the bottom/right than on the top/left, as PyTorch pads.
        if (th % 2 != 0 || tw % 2 != 0) x = Padding.pad(x, new int[] {0, tw % 2, 0, th % 2}, "constant", 0);
        return conv2d(x, weight, bias, s, new int[] {th / 2, tw / 2}, d, groups);
    }

    /** {@code F.conv1d} on a 2-D (unbatched) or 3-D input. */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        checkDims("conv1d", input, weight, 3);
        boolean unbatched = input.dim() == 2;
        Tensor x = (unbatched ? input.unsqueeze(0) : input).unsqueeze(2);
        ConvGeometry g = geometry("conv1d", new int[] {1, stride}, new int[] {0, padding}, new int[] {1, dilation}, groups, 1);
        Tensor out = conv(x, weight.unsqueeze(2), bias, g, "conv1d").squeeze(2);
        return unbatched ? out.squeeze(0) : out;
    }

    /** {@code F.conv1d(..., padding="same" | "valid")}. */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int stride, String padding, int dilation, int groups) {
        checkDims("conv1d", input, weight, 3);
        if (padding.equals("valid")) return conv1d(input, weight, bias, stride, 0, dilation, groups);
        if (!padding.equals("same")) {
            throw new IllegalArgumentException("Invalid padding string '" + padding + "', should be one of {'valid', 'same'}");
        }
        if (stride != 1) throw new IllegalArgumentException("padding='same' is not supported for strided convolutions");
        int total = dilation * (weight.size(2) - 1);
        Tensor x = total % 2 != 0 ? Padding.pad(input, new int[] {0, 1}, "constant", 0) : input;
        return conv1d(x, weight, bias, stride, total / 2, dilation, groups);
    }

    /** {@code F.conv_transpose2d}; weight is {@code [Cin, Cout / groups, kH, kW]}. */
    public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                         int[] outputPadding, int groups, int[] dilation) {
        checkDims("conv_transpose2d", input, weight, 4);
        boolean unbatched = input.dim() == 3;
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        ConvGeometry g = geometry("conv_transpose2d", stride, padding, dilation, groups, 2);
        int[] op = pair(outputPadding, "output_padding");
        if (op[0] >= Math.max(g.strideH(), g.dilationH()) || op[1] >= Math.max(g.strideW(), g.dilationW())) {
            throw new IllegalArgumentException("output padding must be smaller than either stride or dilation, but got"
                    + " output_padding: " + Arrays.toString(op) + ", stride: " + Arrays.toString(pair(stride, "stride"))
                    + ", dilation: " + Arrays.toString(pair(dilation, "dilation")));
        }
        checkTransposed(x, weight, bias, g);
        int oh = (x.size(2) - 1) * g.strideH() - 2 * g.padH() + g.dilationH() * (weight.size(2) - 1) + op[0] + 1;
        int ow = (x.size(3) - 1) * g.strideW() - 2 * g.padW() + g.dilationW() * (weight.size(3) - 1) + op[1] + 1;
        Tensor out = transposed(x, weight, bias, g, oh, ow);
        return unbatched ? out.squeeze(0) : out;
    }

    // ------------------------------------------------------------------ the two differentiable cores

    /** The batched 2-D convolution with its backward. */
    static Tensor conv(Tensor x, Tensor weight, Tensor bias, ConvGeometry g, String op) {
        checkConv(op, x, weight, bias, g);
        int oh = ConvGeometry.outSize(x.size(2), weight.size(2), g.strideH(), g.padH(), g.dilationH());
        int ow = ConvGeometry.outSize(x.size(3), weight.size(3), g.strideW(), g.padW(), g.dilationW());
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException("Calculated output size: (" + weight.size(0) + "x" + oh + "x" + ow
                    + "). Output size is too small");
        }
        Tensor out = Tensor.zeros(x.dtype(), x.device(), x.size(0), weight.size(0), oh, ow);
        if (out.numel() > 0) Backend.of(x.device()).conv().conv2d(x, weight, bias, out, g);
        if (Graph.needsGrad(x, weight, bias)) {
            int h = x.size(2), w = x.size(3);
            int[] wshape = weight.shape();
            Graph.record("ConvolutionBackward0", out, new Tensor[] {x, weight, bias}, new Tensor[] {x, weight}, (n, gr) -> {
                Tensor go = gr[0];
                return new Tensor[] {
                    n.needsInputGrad(0) ? transposed(go, n.saved(1), null, g, h, w) : null,
                    n.needsInputGrad(1) ? weightGrad(go, n.saved(0), wshape, g) : null,
                    n.needsInputGrad(2) ? go.sum(new int[] {0, 2, 3}, false) : null};
            });
        }
        return out;
    }

    /** The batched transposed convolution with an output of {@code oh x ow}, with its backward. */
    static Tensor transposed(Tensor x, Tensor weight, Tensor bias, ConvGeometry g, int oh, int ow) {
        int cout = weight.size(1) * g.groups();
        Tensor out = Tensor.zeros(x.dtype(), x.device(), x.size(0), cout, oh, ow);
        if (out.numel() > 0 && x.numel() > 0) Backend.of(x.device()).conv().conv2dInputGrad(x, weight, out, g);
        if (bias != null) {
            Layout l = bias.layout();
            Tensor b = new Tensor(bias.storage(), new Layout(new int[] {1, cout, 1, 1}, new int[] {0, l.stride(0), 0, 0}, l.offset()));
            Elementwise.binaryInto(BinaryOp.ADD, out, Elementwise.expand(b, out.layout().shape()), out);
        }
        if (Graph.needsGrad(x, weight, bias)) {
            int[] wshape = weight.shape();
            Graph.record("ConvolutionBackward0", out, new Tensor[] {x, weight, bias}, new Tensor[] {x, weight}, (n, gr) -> {
                Tensor go = gr[0];
                return new Tensor[] {
                    n.needsInputGrad(0) ? conv(go, n.saved(1), null, g, "conv_transpose2d") : null,
                    // The transposed conv is the input gradient of a conv from out's space to x's space.
                    n.needsInputGrad(1) ? weightGrad(n.saved(0), go, wshape, g) : null,
                    n.needsInputGrad(2) ? go.sum(new int[] {0, 2, 3}, false) : null};
            });
        }
        return out;
    }

    /** The weight gradient of {@code conv(input, w)} given the output gradient (first order only). */
    private static Tensor weightGrad(Tensor gradOut, Tensor input, int[] wshape, ConvGeometry g) {
        Tensor gw = Tensor.zeros(input.dtype(), input.device(), wshape);
        if (gradOut.numel() > 0 && input.numel() > 0) {
            Backend.of(input.device()).conv().conv2dWeightGrad(gradOut.detach(), input.detach(), gw, g);
        }
        return gw;
    }

    // ------------------------------------------------------------------ checks

    private static void checkDims(String op, Tensor input, Tensor weight, int dims) {
        if (weight.dim() != dims) {
            throw new IllegalArgumentException(op + ": expected weight to be " + dims + "-D, but got weight of size "
                    + weight.shapeString());
        }
        if (input.dim() != dims && input.dim() != dims - 1) {
            throw new IllegalArgumentException("Expected " + (dims - 1) + "D (unbatched) or " + dims + "D (batched) input to "
                    + op + ", but got input of size: " + input.shapeString());
        }
    }

    private static void checkTypes(Tensor x, Tensor weight, Tensor bias) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("convolution expects a floating-point input, got " + x.dtype());
        }
        if (weight.dtype() != x.dtype()) {
            throw new IllegalArgumentException("expected scalar type " + typeName(x.dtype()) + " but found "
                    + typeName(weight.dtype()));
        }
        if (bias != null && bias.dtype() != x.dtype()) {
            throw new IllegalArgumentException("expected scalar type " + typeName(x.dtype()) + " but found "
                    + typeName(bias.dtype()));
        }
        Elementwise.sameDevice(x, weight);
        if (bias != null) Elementwise.sameDevice(x, bias);
    }

    private static void checkConv(String op, Tensor x, Tensor weight, Tensor bias, ConvGeometry g) {
        checkTypes(x, weight, bias);
        int cout = weight.size(0);
        if (cout % g.groups() != 0) {
            throw new IllegalArgumentException("Given groups=" + g.groups() + ", expected weight to be divisible by "
                    + g.groups() + " at dimension 0, but got weight of size " + weight.shapeString() + " instead");
        }
        if (x.size(1) != weight.size(1) * g.groups()) {
            throw new IllegalArgumentException("Given groups=" + g.groups() + ", weight of size " + weight.shapeString()
                    + ", expected input" + x.shapeString() + " to have " + weight.size(1) * g.groups()
                    + " channels, but got " + x.size(1) + " channels instead");
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != cout)) {
            throw new IllegalArgumentException("Given weight of size " + weight.shapeString() + ", expected bias to be 1-dimensional with "
                    + cout + " elements, but got bias of size " + bias.shapeString() + " instead");
        }
        int kh = (weight.size(2) - 1) * g.dilationH() + 1, kw = (weight.size(3) - 1) * g.dilationW() + 1;
        if (x.size(2) + 2 * g.padH() < kh || x.size(3) + 2 * g.padW() < kw) {
            throw new IllegalArgumentException("Calculated padded input size per channel: (" + (x.size(2) + 2 * g.padH()) + " x "
                    + (x.size(3) + 2 * g.padW()) + "). Kernel size: (" + kh + " x " + kw
                    + "). Kernel size can't be greater than actual input size");
        }
    }

    private static void checkTransposed(Tensor x, Tensor weight, Tensor bias, ConvGeometry g) {
        checkTypes(x, weight, bias);
        if (x.size(1) != weight.size(0)) {
            throw new IllegalArgumentException("Given transposed=1, weight of size " + weight.shapeString()
                    + ", expected input" + x.shapeString() + " to have " + weight.size(0) + " channels, but got "
                    + x.size(1) + " channels instead");
        }
        if (weight.size(0) % g.groups() != 0) {
            throw new IllegalArgumentException("Given groups=" + g.groups() + ", expected weight to be divisible by "
                    + g.groups() + " at dimension 0, but got weight of size " + weight.shapeString() + " instead");
        }
        int cout = weight.size(1) * g.groups();
        if (bias != null && (bias.dim() != 1 || bias.size(0) != cout)) {
            throw new IllegalArgumentException("Given transposed=1, weight of size " + weight.shapeString()
                    + ", expected bias to be 1-dimensional with " + cout + " elements, but got bias of size "
                    + bias.shapeString() + " instead");
        }
    }

    static ConvGeometry geometry(String op, int[] stride, int[] padding, int[] dilation, int groups, int dims) {
        int[] s = pair(stride, "stride"), p = pair(padding, "padding"), d = pair(dilation, "dilation");
        for (int i = 0; i < 2; i++) {
            if (s[i] <= 0) throw new IllegalArgumentException("non-positive stride is not supported");
            if (p[i] < 0) throw new IllegalArgumentException("negative padding is not supported");
            if (d[i] <= 0) throw new IllegalArgumentException("dilation should be greater than zero");
        }
        if (groups <= 0) throw new IllegalArgumentException("non-positive groups is not supported");
        return new ConvGeometry(s[0], s[1], p[0], p[1], d[0], d[1], groups);
    }

    /** One value for both dims, or two. */
    static int[] pair(int[] v, String what) {
        if (v.length == 1) return new int[] {v[0], v[0]};
        if (v.length == 2) return v;
        throw new IllegalArgumentException(what + " must have 1 or 2 elements, got " + Arrays.toString(v));
    }

    static String typeName(DType d) {
        return switch (d) {
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
            case INT64 -> "Long";
            case INT32 -> "Int";
            case UINT8 -> "Byte";
            case BOOL -> "Bool";
        };
    }
}

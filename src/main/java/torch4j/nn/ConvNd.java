package torch4j.nn;

import java.util.Arrays;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.init.Init;

/**
 * What {@link Conv1d}, {@link Conv2d} and {@link ConvTranspose2d} share (PyTorch's {@code
 * _ConvNd}): the hyper-parameters, the weight and bias with PyTorch's default initialisation,
 * input validation and the printed form.
 */
public abstract class ConvNd extends Module {
    public final int inChannels;
    public final int outChannels;
    public final int[] kernelSize;
    public final int[] stride;
    /** Explicit padding per dim; for "same"/"valid" the symmetric part ({@link #paddingString} says which). */
    public final int[] padding;
    /** "same" or "valid" when the padding was given as a string, else null. */
    public final String paddingString;
    public final int[] dilation;
    public final int[] outputPadding;
    public final int groups;
    public final Tensor weight;
    public final Tensor bias;

    ConvNd(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, String paddingString,
           int[] dilation, boolean transposed, int[] outputPadding, int groups, boolean bias, String paddingMode) {
        if (groups <= 0) throw new IllegalArgumentException("groups must be a positive integer");
        if (inChannels % groups != 0) throw new IllegalArgumentException("in_channels must be divisible by groups");
        if (outChannels % groups != 0) throw new IllegalArgumentException("out_channels must be divisible by groups");
        if (!"zeros".equals(paddingMode)) {
            throw new IllegalArgumentException("padding_mode '" + paddingMode + "' is not supported; only 'zeros' is");
        }
        if (paddingString != null) {
            if (!paddingString.equals("same") && !paddingString.equals("valid")) {
                throw new IllegalArgumentException("Invalid padding string '" + paddingString
                        + "', should be one of {'valid', 'same'}");
            }
            if (paddingString.equals("same") && Arrays.stream(stride).anyMatch(s -> s != 1)) {
                throw new IllegalArgumentException("padding='same' is not supported for strided convolutions");
            }
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.paddingString = paddingString;
        this.dilation = dilation;
        this.outputPadding = outputPadding;
        this.groups = groups;
        int[] wshape = new int[2 + kernelSize.length];
        wshape[0] = transposed ? inChannels : outChannels;
        wshape[1] = transposed ? outChannels / groups : inChannels / groups;
        System.arraycopy(kernelSize, 0, wshape, 2, kernelSize.length);
        this.weight = registerParameter("weight", Torch.zeros(wshape));
        this.bias = registerParameter("bias", bias ? Torch.zeros(outChannels) : null);
        resetParameters();
    }

    /** PyTorch's default: Kaiming uniform ({@code a = sqrt(5)}) weight, bias {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))}. */
    public void resetParameters() {
        Init.kaimingUniform_(weight, Math.sqrt(5), "fan_in", "leaky_relu", null);
        if (bias != null) {
            int fanIn = Init.calculateFanInAndFanOut(weight)[0];
            double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
            Init.uniform_(bias, -bound, bound);
        }
    }

    /** Checks the input's rank and channel count, naming this layer and the expected shape. */
    void checkInput(Tensor input, int channels) {
        int spatial = kernelSize.length;
        boolean rankOk = input.dim() == spatial + 1 || input.dim() == spatial + 2;
        int c = rankOk ? input.size(input.dim() - spatial - 1) : -1;
        if (!rankOk || c != channels || !input.dtype().isFloatingPoint()) {
            StringBuilder sb = new StringBuilder("[N, ").append(channels);
            String[] names = spatial == 1 ? new String[] {"L"} : new String[] {"H", "W"};
            for (String n : names) sb.append(", ").append(n);
            sb.append(']');
            String what = rankOk && c == channels ? " of a floating-point dtype, got " + input.dtype()
                    : ", got " + input.shapeString();
            throw new IllegalArgumentException(name() + ": expected input of shape " + sb + " (" + (spatial + 1) + "-D or "
                    + (spatial + 2) + "-D)" + what);
        }
    }

    @Override
    public String extraRepr() {
        StringBuilder s = new StringBuilder();
        s.append(inChannels).append(", ").append(outChannels).append(", kernel_size=").append(tuple(kernelSize))
                .append(", stride=").append(tuple(stride));
        if (paddingString != null) s.append(", padding=").append(paddingString);
        else if (Arrays.stream(padding).anyMatch(p -> p != 0)) s.append(", padding=").append(tuple(padding));
        if (Arrays.stream(dilation).anyMatch(d -> d != 1)) s.append(", dilation=").append(tuple(dilation));
        if (Arrays.stream(outputPadding).anyMatch(p -> p != 0)) s.append(", output_padding=").append(tuple(outputPadding));
        if (groups != 1) s.append(", groups=").append(groups);
        if (bias == null) s.append(", bias=False");
        return s.toString();
    }

    /** {@code v} as an n-element array: one value repeated, or n values. */
    static int[] ntuple(int n, int[] v, String what) {
        if (v.length == n) return v.clone();
        if (v.length == 1) {
            int[] r = new int[n];
            Arrays.fill(r, v[0]);
            return r;
        }
        throw new IllegalArgumentException(what + " must have 1 or " + n + " elements, got " + Arrays.toString(v));
    }
}

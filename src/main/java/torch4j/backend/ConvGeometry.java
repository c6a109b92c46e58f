package torch4j.backend;

/**
 * The hyper-parameters of a 2-D convolution, as the conv kernels take them. A 1-D convolution is
 * the 2-D one with a height of 1 (stride, padding and dilation 1, 0, 1 along that height).
 *
 * @param strideH vertical step of the window
 * @param strideW horizontal step of the window
 * @param padH zeros added above and below
 * @param padW zeros added left and right
 * @param dilationH vertical spacing of kernel taps
 * @param dilationW horizontal spacing of kernel taps
 * @param groups number of channel groups (input and output channels are split into this many)
 */
public record ConvGeometry(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {
    /** The output length along one dim: {@code (in + 2 pad - dil (k - 1) - 1) / stride + 1}. */
    public static int outSize(int in, int kernel, int stride, int pad, int dilation) {
        return Math.floorDiv(in + 2 * pad - dilation * (kernel - 1) - 1, stride) + 1;
    }
}

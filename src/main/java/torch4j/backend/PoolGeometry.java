package torch4j.backend;

/**
 * The window of a 2-D pooling op. Output sizes are decided by the op (they depend on {@code
 * ceil_mode}); the kernels only read windows, clipping them to the input.
 *
 * @param kernelH window height
 * @param kernelW window width
 * @param strideH vertical step
 * @param strideW horizontal step
 * @param padH implicit padding above and below (-inf for max pooling, zeros for average)
 * @param padW implicit padding left and right
 * @param dilationH vertical spacing of window taps (max pooling only)
 * @param dilationW horizontal spacing of window taps
 * @param countIncludePad average pooling divides by the padded window size, not the valid one
 * @param divisorOverride when positive, average pooling divides by this instead
 */
public record PoolGeometry(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
                           int dilationH, int dilationW, boolean countIncludePad, int divisorOverride) {
    /**
     * The output length of pooling along one dim, as PyTorch's {@code pooling_output_shape}: with
     * {@code ceilMode} the last window may start in the right padding but not beyond it.
     */
    public static int outSize(int in, int kernel, int stride, int pad, int dilation, boolean ceilMode) {
        int num = in + 2 * pad - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0);
        int out = Math.floorDiv(num, stride) + 1;
        if (ceilMode && (out - 1) * stride >= in + pad) out--;
        return out;
    }
}

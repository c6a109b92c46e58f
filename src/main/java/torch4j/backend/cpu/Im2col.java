package torch4j.backend.cpu;

import torch4j.backend.ConvGeometry;

/**
 * im2col and col2im: the unfolding that turns a convolution into one matrix product per image
 * and group ({@code out[Cout, OH*OW] = W[Cout, Cin*kH*kW] @ col[Cin*kH*kW, OH*OW]}), and its
 * adjoint for the input gradient. One image at a time, so the batch can be split over threads.
 */
final class Im2col {
    private Im2col() {}

    /** First output column whose tap {@code ow * stride + wOff} is {@code >= 0}. */
    static int validLo(int wOff, int stride, int outW) {
        return wOff >= 0 ? 0 : Math.min(outW, (-wOff + stride - 1) / stride);
    }

    /** One past the last output column whose tap {@code ow * stride + wOff} is {@code < width}. */
    static int validHi(int wOff, int stride, int width, int outW) {
        int last = width - 1 - wOff;
        return last < 0 ? 0 : Math.min(outW, last / stride + 1);
    }

    /**
     * Writes the columns of one image: row {@code (c * kH + i) * kW + j} holds, for each output
     * position, the input element under kernel tap {@code (i, j)} of channel {@code c} (0 in the
     * padding), from column {@code colOff} of a matrix with row stride {@code ld} (so several
     * images can sit side by side). {@code x} is read through its strides, so transposed or sliced inputs need no copy.
     */
    static void im2col(float[] x, int xOff, int sC, int sH, int sW, int channels, int height, int width,
                       int kH, int kW, ConvGeometry g, int outH, int outW, float[] col, int colOff, int ld) {
        int step = g.strideW() * sW;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < kH; i++) {
                for (int j = 0; j < kW; j++) {
                    int row = colOff + ((c * kH + i) * kW + j) * ld;
                    int wOff = j * g.dilationW() - g.padW();
                    int lo = validLo(wOff, g.strideW(), outW), hi = validHi(wOff, g.strideW(), width, outW);
                    // Without padding every tap is inside (lo = 0, hi = outW): no zeros to write.
                    boolean inside = lo == 0 && hi == outW;
                    for (int oh = 0; oh < outH; oh++) {
                        int ih = oh * g.strideH() - g.padH() + i * g.dilationH();
                        int dst = row + oh * outW;
                        if (ih < 0 || ih >= height || lo >= hi) {
                            java.util.Arrays.fill(col, dst, dst + outW, 0f);
                            continue;
                        }
                        if (!inside) {
                            java.util.Arrays.fill(col, dst, dst + lo, 0f);
                            java.util.Arrays.fill(col, dst + hi, dst + outW, 0f);
                        }
                        int src = xOff + c * sC + ih * sH + (lo * g.strideW() + wOff) * sW - lo * step;
                        // Rows of LeNet-sized maps are 8-24 wide: a plain loop beats arraycopy's call.
                        if (step == 1) {
                            for (int ow = lo; ow < hi; ow++) col[dst + ow] = x[src + ow];
                        } else {
                            for (int ow = lo; ow < hi; ow++) col[dst + ow] = x[src + ow * step];
                        }
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2col}: adds every column entry back onto the contiguous image {@code dx}. */
    static void col2im(float[] col, int colOff, int ld, int channels, int height, int width, int kH, int kW, ConvGeometry g,
                       int outH, int outW, float[] dx, int dxOff) {
        int step = g.strideW();
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < kH; i++) {
                for (int j = 0; j < kW; j++) {
                    int row = colOff + ((c * kH + i) * kW + j) * ld;
                    int wOff = j * g.dilationW() - g.padW();
                    int lo = validLo(wOff, step, outW), hi = validHi(wOff, step, width, outW);
                    if (lo >= hi) continue;
                    for (int oh = 0; oh < outH; oh++) {
                        int ih = oh * g.strideH() - g.padH() + i * g.dilationH();
                        if (ih < 0 || ih >= height) continue;
                        int src = row + oh * outW;
                        // dst + ow * step is where output column ow lands in the input row
                        int dst = dxOff + (c * height + ih) * width + wOff;
                        if (step == 1) {
                            for (int ow = lo; ow < hi; ow++) dx[dst + ow] += col[src + ow];
                        } else {
                            for (int ow = lo; ow < hi; ow++) dx[dst + ow * step] += col[src + ow];
                        }
                    }
                }
            }
        }
    }

    static void im2col(double[] x, int xOff, int sC, int sH, int sW, int channels, int height, int width,
                       int kH, int kW, ConvGeometry g, int outH, int outW, double[] col, int colOff, int ld) {
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < kH; i++) {
                for (int j = 0; j < kW; j++) {
                    int row = colOff + ((c * kH + i) * kW + j) * ld;
                    int wOff = j * g.dilationW() - g.padW();
                    int lo = validLo(wOff, g.strideW(), outW), hi = validHi(wOff, g.strideW(), width, outW);
                    for (int oh = 0; oh < outH; oh++) {
                        int ih = oh * g.strideH() - g.padH() + i * g.dilationH();
                        int dst = row + oh * outW;
                        if (ih < 0 || ih >= height || lo >= hi) {
                            java.util.Arrays.fill(col, dst, dst + outW, 0.0);
                            continue;
                        }
                        java.util.Arrays.fill(col, dst, dst + lo, 0.0);
                        java.util.Arrays.fill(col, dst + hi, dst + outW, 0.0);
                        int src = xOff + c * sC + ih * sH + (lo * g.strideW() + wOff) * sW;
                        int step = g.strideW() * sW;
                        if (step == 1) {
                            System.arraycopy(x, src, col, dst + lo, hi - lo);
                        } else {
                            for (int ow = lo; ow < hi; ow++, src += step) col[dst + ow] = x[src];
                        }
                    }
                }
            }
        }
    }

    static void col2im(double[] col, int colOff, int ld, int channels, int height, int width, int kH, int kW, ConvGeometry g,
                       int outH, int outW, double[] dx, int dxOff) {
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < kH; i++) {
                for (int j = 0; j < kW; j++) {
                    int row = colOff + ((c * kH + i) * kW + j) * ld;
                    int wOff = j * g.dilationW() - g.padW();
                    int lo = validLo(wOff, g.strideW(), outW), hi = validHi(wOff, g.strideW(), width, outW);
                    if (lo >= hi) continue;
                    for (int oh = 0; oh < outH; oh++) {
                        int ih = oh * g.strideH() - g.padH() + i * g.dilationH();
                        if (ih < 0 || ih >= height) continue;
                        int src = row + oh * outW;
                        int dst = dxOff + (c * height + ih) * width + lo * g.strideW() + wOff;
                        int step = g.strideW();
                        for (int ow = lo; ow < hi; ow++, dst += step) dx[dst] += col[src + ow];
                    }
                }
            }
        }
    }
}

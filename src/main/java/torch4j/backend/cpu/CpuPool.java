package torch4j.backend.cpu;

import torch4j.DType;
import torch4j.Tensor;
import torch4j.backend.PoolGeometry;

/**
 * CPU pooling over [N, C, H, W] tensors, one (image, channel) plane per task. Inputs are read
 * through their strides; outputs and input gradients are the contiguous tensors the op allocated.
 */
final class CpuPool {
    private CpuPool() {}

    static void maxPool2d(Tensor input, Tensor out, Tensor indices, PoolGeometry g) {
        if (input.dtype() == DType.FLOAT64) maxPoolD(input, out, indices, g);
        else maxPoolF(input, out, indices, g);
    }

    static void maxPool2dBackward(Tensor gradOut, Tensor indices, Tensor gradInput) {
        if (gradOut.dtype() == DType.FLOAT64) maxPoolBackwardD(gradOut, indices, gradInput);
        else maxPoolBackwardF(gradOut, indices, gradInput);
    }

    /** Forward ({@code src} input, {@code dst} output) or backward ({@code src} output grad, {@code dst} input grad). */
    static void avgPool2d(Tensor src, Tensor dst, PoolGeometry g, boolean backward) {
        if (src.dtype() == DType.FLOAT64) avgPoolD(src, dst, g, backward);
        else avgPoolF(src, dst, g, backward);
    }

    static void adaptiveAvgPool2d(Tensor src, Tensor dst, boolean backward) {
        if (src.dtype() == DType.FLOAT64) adaptiveAvgD(src, dst, backward);
        else adaptiveAvgF(src, dst, backward);
    }

    /** Planes per task so that each task does at least ~32K element visits. */
    private static int grain(int workPerPlane) {
        return Math.max(1, (1 << 15) / Math.max(1, workPerPlane));
    }

    private static int start(int i, int out, int in) {
        return (int) ((long) i * in / out);
    }

    private static int end(int i, int out, int in) {
        return (int) (((long) (i + 1) * in + out - 1) / out);
    }

    private static void maxPoolF(Tensor input, Tensor out, Tensor indices, PoolGeometry g) {
        float[] x = input.storage().floats(), y = out.storage().floats();
        long[] idx = indices.storage().longs();
        int[] xs = input.layout().strides(), sh = input.layout().shape(), os = out.layout().shape();
        int c = sh[1], h = sh[2], w = sh[3], oh = os[2], ow = os[3], xOff = input.layout().offset();
        int sH = xs[2], sW = xs[3];
        if (isPairPool(g, h, w, oh, ow)) {
            maxPool2x2F(x, xOff, xs, c, w, oh, ow, sh[0] * c, y, idx);
            return;
        }
        Parallel.forRange(sh[0] * c, grain(oh * ow * g.kernelH() * g.kernelW()), (lo, hi) -> {
            for (int p = lo; p < hi; p++) {
                int base = xOff + (p / c) * xs[0] + (p % c) * xs[1];
                int o = p * oh * ow;
                for (int i = 0; i < oh; i++) {
                    int hs = i * g.strideH() - g.padH();
                    for (int j = 0; j < ow; j++, o++) {
                        int ws = j * g.strideW() - g.padW();
                        float best = Float.NEGATIVE_INFINITY;
                        int bestIdx = -1;
                        for (int a = 0; a < g.kernelH(); a++) {
                            int ih = hs + a * g.dilationH();
                            if (ih < 0 || ih >= h) continue;
                            for (int b = 0; b < g.kernelW(); b++) {
                                int iw = ws + b * g.dilationW();
                                if (iw < 0 || iw >= w) continue;
                                float v = x[base + ih * sH + iw * sW];
                                // v != v: NaN wins, and ends the window
                                if (bestIdx < 0 || v > best || v != v) {
                                    best = v;
                                    bestIdx = ih * w + iw;
                                    if (v != v) break;
                                }
                            }
                            if (best != best) break;
                        }
                        y[o] = best;
                        idx[o] = bestIdx;
                    }
                }
            }
        });
    }

    /**
     * The 2x2, stride-2 window without padding or dilation that most CNNs use, with every window
     * inside the input (floor mode): four loads and no bounds checks per output.
     */
    private static boolean isPairPool(PoolGeometry g, int h, int w, int oh, int ow) {
        return g.kernelH() == 2 && g.kernelW() == 2 && g.strideH() == 2 && g.strideW() == 2 && g.padH() == 0
                && g.padW() == 0 && g.dilationH() == 1 && g.dilationW() == 1 && 2 * oh <= h && 2 * ow <= w;
    }

    private static void maxPool2x2F(float[] x, int xOff, int[] xs, int c, int w, int oh, int ow, int planes,
                                    float[] y, long[] idx) {
        Parallel.forRange(planes, grain(4 * oh * ow),
                (lo, hi) -> PoolRows.maxPool2x2F(x, xOff, xs, c, w, oh, ow, lo, hi, y, idx));
    }

    private static void maxPoolBackwardF(Tensor gradOut, Tensor indices, Tensor gradInput) {
        float[] go = gradOut.storage().floats(), dx = gradInput.storage().floats();
        long[] idx = indices.storage().longs();
        int[] gs = gradOut.layout().strides(), os = gradOut.layout().shape(), is = gradInput.layout().shape();
        int c = os[1], oh = os[2], ow = os[3], goOff = gradOut.layout().offset(), hw = is[2] * is[3];
        if (gradOut.layout().isContiguous()) {
            // The usual case: gradOut and the indices run in step, and one flat loop per plane
            // without stride arithmetic takes 0.7-0.85x the time on LeNet's shapes.
            int ohw = oh * ow;
            Parallel.forRange(os[0] * c, grain(ohw), (lo, hi) -> {
                for (int p = lo; p < hi; p++) {
                    int o = p * ohw, g = goOff + o, plane = p * hw;
                    for (int q = 0; q < ohw; q++) dx[plane + (int) idx[o + q]] += go[g + q];
                }
            });
            return;
        }
        Parallel.forRange(os[0] * c, grain(oh * ow), (lo, hi) -> {
            for (int p = lo; p < hi; p++) {
                int base = goOff + (p / c) * gs[0] + (p % c) * gs[1];
                int o = p * oh * ow, plane = p * hw;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++, o++) {
                        dx[plane + (int) idx[o]] += go[base + i * gs[2] + j * gs[3]];
                    }
                }
            }
        });
    }

    private static void avgPoolF(Tensor src, Tensor dst, PoolGeometry g, boolean backward) {
        // Forward reads windows of the input into the output; backward spreads the output
        // gradient (src) over the same windows of the input gradient (dst).
        Tensor big = backward ? dst : src, small = backward ? src : dst;
        float[] s = src.storage().floats(), d = dst.storage().floats();
        int[] ss = src.layout().strides(), sh = big.layout().shape(), os = small.layout().shape();
        int c = sh[1], h = sh[2], w = sh[3], oh = os[2], ow = os[3], sOff = src.layout().offset();
        Parallel.forRange(sh[0] * c, grain(oh * ow * g.kernelH() * g.kernelW()), (lo, hi) -> {
            for (int p = lo; p < hi; p++) {
                int base = sOff + (p / c) * ss[0] + (p % c) * ss[1];
                int o = p * oh * ow, plane = p * h * w;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++, o++) {
                        int hs = i * g.strideH() - g.padH(), ws = j * g.strideW() - g.padW();
                        int he = Math.min(hs + g.kernelH(), h + g.padH()), we = Math.min(ws + g.kernelW(), w + g.padW());
                        int poolSize = (he - hs) * (we - ws);
                        hs = Math.max(hs, 0);
                        ws = Math.max(ws, 0);
                        he = Math.min(he, h);
                        we = Math.min(we, w);
                        if (hs >= he || ws >= we) continue;
                        int div = g.divisorOverride() > 0 ? g.divisorOverride()
                                : g.countIncludePad() ? poolSize : (he - hs) * (we - ws);
                        if (backward) {
                            float v = s[base + i * ss[2] + j * ss[3]] / div;
                            for (int a = hs; a < he; a++) {
                                for (int b = ws; b < we; b++) d[plane + a * w + b] += v;
                            }
                        } else {
                            float sum = 0;
                            for (int a = hs; a < he; a++) {
                                for (int b = ws; b < we; b++) sum += s[base + a * ss[2] + b * ss[3]];
                            }
                            d[o] = sum / div;
                        }
                    }
                }
            }
        });
    }

    private static void adaptiveAvgF(Tensor src, Tensor dst, boolean backward) {
        Tensor big = backward ? dst : src, small = backward ? src : dst;
        float[] s = src.storage().floats(), d = dst.storage().floats();
        int[] ss = src.layout().strides(), sh = big.layout().shape(), os = small.layout().shape();
        int c = sh[1], h = sh[2], w = sh[3], oh = os[2], ow = os[3], sOff = src.layout().offset();
        Parallel.forRange(sh[0] * c, grain(h * w), (lo, hi) -> {
            for (int p = lo; p < hi; p++) {
                int base = sOff + (p / c) * ss[0] + (p % c) * ss[1];
                int o = p * oh * ow, plane = p * h * w;
                for (int i = 0; i < oh; i++) {
                    int hs = start(i, oh, h), he = end(i, oh, h);
                    for (int j = 0; j < ow; j++, o++) {
                        int ws = start(j, ow, w), we = end(j, ow, w);
                        int div = (he - hs) * (we - ws);
                        if (backward) {
                            float v = s[base + i * ss[2] + j * ss[3]] / div;
                            for (int a = hs; a < he; a++) {
                                for (int b = ws; b < we; b++) d[plane + a * w + b] += v;
                            }
                        } else {
                            float sum = 0;
                            for (int a = hs; a < he; a++) {
                                for (int b = ws; b < we; b++) sum += s[base + a * ss[2] + b * ss[3]];
                            }
                            d[o] = sum / div;
                        }
                    }
                }
            }
        });
    }

    private static void maxPoolD(Tensor input, Tensor out, Tensor indices, PoolGeometry g) {
        double[] x = input.storage().doubles(), y = out.storage().doubles();
        long[] idx = indices.storage().longs();
        int[] xs = input.layout().strides(), sh = input.layout().shape(), os = out.layout().shape();
        int c = sh[1], h = sh[2], w = sh[3], oh = os[2], ow = os[3], xOff = input.layout().offset();
        int sH = xs[2], sW = xs[3];
        Parallel.forRange(sh[0] * c, grain(oh * ow * g.kernelH() * g.kernelW()), (lo, hi) -> {
            for (int p = lo; p < hi; p++) {
                int base = xOff + (p / c) * xs[0] + (p % c) * xs[1];
                int o = p * oh * ow;
                for (int i = 0; i < oh; i++) {
                    int hs = i * g.strideH() - g.padH();
                    for (int j = 0; j < ow; j++, o++) {
                        int ws = j * g.strideW() - g.padW();
                        double best = Double.NEGATIVE_INFINITY;
                        int bestIdx = -1;
                        for (int a = 0; a < g.kernelH(); a++) {
                            int ih = hs + a * g.dilationH();
                            if (ih < 0 || ih >= h) continue;
                            for (int b = 0; b < g.kernelW(); b++) {
                                int iw = ws + b * g.dilationW();
                                if (iw < 0 || iw >= w) continue;
                                double v = x[base + ih * sH + iw * sW];
                                if (bestIdx < 0 || v > best || Double.isNaN(v)) {
                                    best = v;
                                    bestIdx = ih * w + iw;
                                    if (Double.isNaN(v)) break;
                                }
                            }
                            if (Double.isNaN(best)) break;
                        }
                        y[o] = best;
                        idx[o] = bestIdx;
                    }
                }
            }
        });
    }

    private static void maxPoolBackwardD(Tensor gradOut, Tensor indices, Tensor gradInput) {
        double[] go = gradOut.storage().doubles(), dx = gradInput.storage().doubles();
        long[] idx = indices.storage().longs();
        int[] gs = gradOut.layout().strides(), os = gradOut.layout().shape(), is = gradInput.layout().shape();
        int c = os[1], oh = os[2], ow = os[3], goOff = gradOut.layout().offset(), hw = is[2] * is[3];
        Parallel.forRange(os[0] * c, grain(oh * ow), (lo, hi) -> {
            for (int p = lo; p < hi; p++) {
                int base = goOff + (p / c) * gs[0] + (p % c) * gs[1];
                int o = p * oh * ow, plane = p * hw;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++, o++) {
                        dx[plane + (int) idx[o]] += go[base + i * gs[2] + j * gs[3]];
                    }
                }
            }
        });
    }

    private static void avgPoolD(Tensor src, Tensor dst, PoolGeometry g, boolean backward) {
        // Forward reads windows of the input into the output; backward spreads the output
        // gradient (src) over the same windows of the input gradient (dst).
        Tensor big = backward ? dst : src, small = backward ? src : dst;
        double[] s = src.storage().doubles(), d = dst.storage().doubles();
        int[] ss = src.layout().strides(), sh = big.layout().shape(), os = small.layout().shape();
        int c = sh[1], h = sh[2], w = sh[3], oh = os[2], ow = os[3], sOff = src.layout().offset();
        Parallel.forRange(sh[0] * c, grain(oh * ow * g.kernelH() * g.kernelW()), (lo, hi) -> {
            for (int p = lo; p < hi; p++) {
                int base = sOff + (p / c) * ss[0] + (p % c) * ss[1];
                int o = p * oh * ow, plane = p * h * w;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++, o++) {
                        int hs = i * g.strideH() - g.padH(), ws = j * g.strideW() - g.padW();
                        int he = Math.min(hs + g.kernelH(), h + g.padH()), we = Math.min(ws + g.kernelW(), w + g.padW());
                        int poolSize = (he - hs) * (we - ws);
                        hs = Math.max(hs, 0);
                        ws = Math.max(ws, 0);
                        he = Math.min(he, h);
                        we = Math.min(we, w);
                        if (hs >= he || ws >= we) continue;
                        int div = g.divisorOverride() > 0 ? g.divisorOverride()
                                : g.countIncludePad() ? poolSize : (he - hs) * (we - ws);
                        if (backward) {
                            double v = s[base + i * ss[2] + j * ss[3]] / div;
                            for (int a = hs; a < he; a++) {
                                for (int b = ws; b < we; b++) d[plane + a * w + b] += v;
                            }
                        } else {
                            double sum = 0;
                            for (int a = hs; a < he; a++) {
                                for (int b = ws; b < we; b++) sum += s[base + a * ss[2] + b * ss[3]];
                            }
                            d[o] = sum / div;
                        }
                    }
                }
            }
        });
    }

    private static void adaptiveAvgD(Tensor src, Tensor dst, boolean backward) {
        Tensor big = backward ? dst : src, small = backward ? src : dst;
        double[] s = src.storage().doubles(), d = dst.storage().doubles();
        int[] ss = src.layout().strides(), sh = big.layout().shape(), os = small.layout().shape();
        int c = sh[1], h = sh[2], w = sh[3], oh = os[2], ow = os[3], sOff = src.layout().offset();
        Parallel.forRange(sh[0] * c, grain(h * w), (lo, hi) -> {
            for (int p = lo; p < hi; p++) {
                int base = sOff + (p / c) * ss[0] + (p % c) * ss[1];
                int o = p * oh * ow, plane = p * h * w;
                for (int i = 0; i < oh; i++) {
                    int hs = start(i, oh, h), he = end(i, oh, h);
                    for (int j = 0; j < ow; j++, o++) {
                        int ws = start(j, ow, w), we = end(j, ow, w);
                        int div = (he - hs) * (we - ws);
                        if (backward) {
                            double v = s[base + i * ss[2] + j * ss[3]] / div;
                            for (int a = hs; a < he; a++) {
                                for (int b = ws; b < we; b++) d[plane + a * w + b] += v;
                            }
                        } else {
                            double sum = 0;
                            for (int a = hs; a < he; a++) {
                                for (int b = ws; b < we; b++) sum += s[base + a * ss[2] + b * ss[3]];
                            }
                            d[o] = sum / div;
                        }
                    }
                }
            }
        });
    }
}

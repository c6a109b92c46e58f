package torch4j.backend.cpu;

import torch4j.backend.ConvGeometry;

/**
 * The sizes every CPU convolution kernel starts from, read off the input, weight and output shapes
 * ({@code [N, C, H, W]}, {@code [Cout, C/groups, kH, kW]}, {@code [N, Cout, oH, oW]}); each kernel's
 * own sizes extend it.
 */
class ConvSizes {
    final int n, cin, h, w, cout, kh, kw, oh, ow;
    /** Channels per group, and the taps one output channel sums over ({@code cinG * kh * kw}). */
    final int cinG, coutG, k;

    ConvSizes(int[] is, int[] ws, int[] os, ConvGeometry g) {
        n = is[0]; cin = is[1]; h = is[2]; w = is[3];
        cout = ws[0]; kh = ws[2]; kw = ws[3];
        oh = os[2]; ow = os[3];
        cinG = cin / g.groups();
        coutG = cout / g.groups();
        k = cinG * kh * kw;
    }

    /** Images per GEMM for about {@code cols} columns of {@code perImage} each, at least one chunk per thread. */
    int batch(int cols, int perImage) {
        int want = Math.max(1, cols / Math.max(1, perImage));
        int perThread = Math.max(1, (n + Parallel.numThreads() - 1) / Parallel.numThreads());
        return Math.max(1, Math.min(want, perThread));
    }

    /** Chunks of {@code batch} images that cover the batch. */
    int chunks(int batch) {
        return (n + batch - 1) / batch;
    }
}

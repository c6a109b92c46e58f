package torch4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.backend.ConvGeometry;
import torch4j.testing.TestDevice;

/**
 * Both stride-1 float32 convolution implementations ({@link WideConv}'s im2col + GEMM and
 * {@code WideConvVector}'s register tiles, when its module and 512-bit vectors are present), called
 * directly, against plain nested loops in double precision: forward, input gradient (which
 * accumulates) and weight gradient (which overwrites), on odd sizes, padding, dilation, groups,
 * and inputs and output gradients that are transposed, channel-sliced or broadcast views.
 */
class WideConvKernelsTest {
    @BeforeEach
    void cpuOnly() {
        TestDevice.assumeCpu("these are the CPU kernels themselves");
    }


    /** {n, cin, h, w, cout, kh, kw, pad, dilation, groups}. */
    private static final int[][] CASES = {
        {3, 6, 12, 12, 16, 5, 5, 0, 1, 1},   // LeNet's conv2, batch 3
        {1, 1, 28, 28, 6, 5, 5, 0, 1, 1},    // LeNet's conv1, batch 1
        {3, 3, 9, 11, 5, 3, 3, 1, 1, 1},
        {3, 6, 7, 10, 9, 3, 3, 2, 2, 3},     // padding 2, dilation 2, groups 3
        {1, 3, 5, 7, 17, 1, 1, 1, 1, 1},     // 1x1 with padding: 3 row tiles, the last nearly empty
        {2, 3, 5, 6, 4, 1, 1, 0, 1, 1},      // 1x1 without padding
        {3, 1, 6, 5, 3, 5, 3, 2, 1, 1},
        {2, 12, 6, 6, 8, 3, 3, 1, 1, 4},     // groups 4: 3 input and 2 output channels each
        {3, 9, 4, 21, 10, 2, 5, 0, 2, 1},    // 2 output rows of 13
        {2, 2, 1, 40, 3, 1, 7, 3, 1, 1},     // one row (a 1-D convolution)
        {2, 19, 5, 5, 9, 3, 3, 1, 1, 1},     // 171 taps, a multiple of neither 8 nor 4; 9 output channels
        {33, 2, 6, 7, 3, 2, 2, 0, 2, 1},     // many images over the threads
        {9, 4, 30, 30, 12, 3, 3, 1, 1, 1},   // weight gradient in several batches per thread
        // Outputs at most 8 wide from wider rows take two-row slots (with 16-float vectors):
        {3, 3, 9, 14, 4, 3, 7, 0, 1, 1},     // 7 output rows: the last slot half-empty
        {2, 4, 7, 10, 6, 3, 3, 1, 2, 2},     // padding 1, dilation 2, groups 2, 5 output rows
        {1, 2, 3, 12, 3, 1, 5, 0, 1, 1},     // 3 output rows of 8
        {2, 8, 9, 9, 4, 3, 3, 1, 1, 2},      // groups 2 of 4 input channels
        {2, 5, 4, 5, 3, 2, 2, 1, 1, 1},      // padded planes of 42 floats, under a tile's reach
    };

    /** Each implementation present, named. */
    private static List<WideConvKernels> implementations() {
        List<WideConvKernels> list = new ArrayList<>();
        list.add(WideConv.INSTANCE);
        if (CpuConv.WIDE_VECTOR != null) list.add(CpuConv.WIDE_VECTOR);
        return list;
    }

    @Test
    void vectorTilesLoadWhereVectorsAre512Bits() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        assumeTrue(Boolean.parseBoolean(System.getProperty("torch4j.vector", "true")), "vector kernels switched off");
        assumeTrue(GemmVector.FS.vectorBitSize() >= 512, "no AVX-512 on this machine");
        assertNotNull(CpuConv.WIDE_VECTOR, "the vector tiles should load with the module and 512-bit vectors");
    }

    @Test
    void vectorTilesLeaveLargeImagesToTheGemm() {
        WideConvKernels v = CpuConv.WIDE_VECTOR;
        assumeTrue(v != null);
        ConvGeometry g = new ConvGeometry(1, 1, 1, 1, 1, 1, 1);
        assertTrue(v.handles(new int[] {64, 6, 12, 12}, new int[] {16, 6, 5, 5}, new int[] {64, 16, 8, 8}, g));
        assertFalse(v.handles(new int[] {1, 64, 56, 56}, new int[] {64, 64, 3, 3}, new int[] {1, 64, 56, 56}, g));
    }

    @Test
    void matchesNestedLoops() {
        Generator gen = new Generator().manualSeed(5);
        for (int[] c : CASES) {
            for (int layout = 0; layout < 3; layout++) {
                for (WideConvKernels k : implementations()) check(k, c, layout, gen);
            }
        }
    }

    /**
     * One case. Layout 0: contiguous; 1: input with H and W swapped in memory, output gradient
     * likewise; 2: input sliced out of a wider channel dimension, output gradient a stride-0
     * broadcast along H.
     */
    private static void check(WideConvKernels k, int[] c, int layout, Generator gen) {
        int n = c[0], cin = c[1], h = c[2], w = c[3], cout = c[4], kh = c[5], kw = c[6], pad = c[7], dil = c[8], groups = c[9];
        ConvGeometry g = new ConvGeometry(1, 1, pad, pad, dil, dil, groups);
        int oh = ConvGeometry.outSize(h, kh, 1, pad, dil), ow = ConvGeometry.outSize(w, kw, 1, pad, dil);
        Tensor x = switch (layout) {
            case 1 -> Torch.randn(gen, n, cin, w, h).transpose(2, 3);
            case 2 -> Torch.randn(gen, n, cin + 3, h, w).narrow(1, 2, cin);
            default -> Torch.randn(gen, n, cin, h, w);
        };
        Tensor gy = switch (layout) {
            case 1 -> Torch.randn(gen, n, cout, ow, oh).transpose(2, 3);
            case 2 -> Torch.randn(gen, n, cout, 1, ow).expand(n, cout, oh, ow);
            default -> Torch.randn(gen, n, cout, oh, ow);
        };
        Tensor wt = Torch.randn(gen, cout, cin / groups, kh, kw);
        Tensor b = Torch.randn(gen, cout);
        String what = k.getClass().getSimpleName() + " case " + java.util.Arrays.toString(c) + " layout " + layout;
        // Every case is one the kernels take; a case they declined would otherwise pass untested.
        assertTrue(k.handles(x.shape(), wt.shape(), gy.shape(), g), what + ": declined");
        Reference ref = new Reference(x, wt, b, gy, c, oh, ow);

        Tensor y = Torch.zeros(n, cout, oh, ow);
        k.conv2d(x, wt, b, y, g);
        assertClose(ref.out, ref.outAbs, null, y, what + ": forward");

        // The input gradient adds to what is there; the weight gradient overwrites it.
        Tensor dx0 = Torch.randn(gen, n, cin, h, w), dx = dx0.clone();
        k.inputGrad(gy, wt, dx, g);
        assertClose(ref.gradInput, ref.gradInputAbs, dx0.toDoubleArray(), dx, what + ": input gradient");
        Tensor dw = Torch.randn(gen, wt.shape());
        k.weightGrad(gy, x, dw, g);
        assertClose(ref.gradWeight, ref.gradWeightAbs, null, dw, what + ": weight gradient");
    }

    /**
     * {@code actual == base + expected} element by element, within float32 rounding of a sum whose
     * terms add up to {@code abs} in magnitude (weight gradients sum thousands of terms).
     */
    private static void assertClose(double[] expected, double[] abs, double[] base, Tensor actual, String what) {
        double[] a = actual.toDoubleArray();
        assertEquals(expected.length, a.length, what + ": size");
        for (int i = 0; i < a.length; i++) {
            double e = expected[i] + (base == null ? 0 : base[i]);
            double tol = 1e-4 + 4e-6 * (abs[i] + (base == null ? 0 : Math.abs(base[i])));
            if (!(Math.abs(a[i] - e) <= tol)) fail(what + ": element " + i + ": expected " + e + " but got " + a[i]);
        }
    }

    /** The convolution and its gradients by nested loops, in double precision. */
    private static final class Reference {
        /** Values, and the sum of the magnitudes of the terms that make up each value. */
        final double[] out, outAbs, gradInput, gradInputAbs, gradWeight, gradWeightAbs;

        Reference(Tensor x, Tensor w, Tensor b, Tensor gy, int[] c, int oh, int ow) {
            double[] xv = x.toDoubleArray(), wv = w.toDoubleArray(), bv = b.toDoubleArray(), gv = gy.toDoubleArray();
            int n = c[0], cin = c[1], h = c[2], wd = c[3], cout = c[4], kh = c[5], kw = c[6], pad = c[7], dil = c[8];
            int cinG = cin / c[9], coutG = cout / c[9];
            out = new double[n * cout * oh * ow];
            outAbs = new double[out.length];
            gradInput = new double[xv.length];
            gradInputAbs = new double[xv.length];
            gradWeight = new double[wv.length];
            gradWeightAbs = new double[wv.length];
            for (int i = 0; i < n; i++) {
                for (int co = 0; co < cout; co++) {
                    int grp = co / coutG;
                    for (int r = 0; r < oh; r++) {
                        for (int q = 0; q < ow; q++) {
                            int yi = ((i * cout + co) * oh + r) * ow + q;
                            double sum = bv[co], abs = Math.abs(bv[co]);
                            for (int ci = 0; ci < cinG; ci++) {
                                for (int a = 0; a < kh; a++) {
                                    for (int e = 0; e < kw; e++) {
                                        int ih = r - pad + a * dil, iw = q - pad + e * dil;
                                        if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
                                        int xi = ((i * cin + grp * cinG + ci) * h + ih) * wd + iw;
                                        int wi = ((co * cinG + ci) * kh + a) * kw + e;
                                        sum += xv[xi] * wv[wi];
                                        abs += Math.abs(xv[xi] * wv[wi]);
                                        gradInput[xi] += gv[yi] * wv[wi];
                                        gradInputAbs[xi] += Math.abs(gv[yi] * wv[wi]);
                                        gradWeight[wi] += gv[yi] * xv[xi];
                                        gradWeightAbs[wi] += Math.abs(gv[yi] * xv[xi]);
                                    }
                                }
                            }
                            out[yi] = sum;
                            outAbs[yi] = abs;
                        }
                    }
                }
            }
        }
    }
}

package torch4j.nn;

import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.functional.F;
import torch4j.testing.Assertions;

/**
 * The CPU convolution paths (im2col + GEMM, batch-parallel and large enough for the blocked GEMM
 * kernels; the 1x1 direct path; the wide-row kernels that float32 stride-1 convolutions take)
 * through {@code F.conv2d} and autograd, against a plain six-loop convolution and its hand-written
 * gradients, on random inputs with odd sizes.
 */
public class ConvReferenceTest {
    /** {n, cin, h, w, cout, kh, kw, stride, pad, dil, groups}; CudaConvTest runs them on the GPU too. */
    public static final int[][] GEOMETRIES = {
        {16, 6, 14, 13, 16, 5, 5, 1, 0, 1, 1},
        {9, 8, 11, 9, 12, 3, 3, 2, 1, 1, 2},
        {5, 16, 7, 7, 33, 1, 1, 1, 0, 1, 1},
        {3, 4, 10, 12, 8, 3, 2, 1, 2, 2, 4},
        // stride 1 takes the wide-row path in float32: one input channel, padding, odd kernels
        {5, 1, 12, 10, 6, 5, 5, 1, 0, 1, 1},
        {7, 3, 9, 11, 5, 3, 4, 1, 1, 1, 1},
        {2, 6, 8, 1, 4, 3, 1, 1, 1, 1, 2},
        {33, 2, 6, 7, 3, 2, 2, 1, 0, 2, 1},
        // LeNet's two layers (batch 3 and 1): 6-row forward tiles and 3 x 5 weight-gradient
        // tiles for the first, two output rows a vector for the second (with 512-bit vectors)
        {3, 1, 28, 28, 6, 5, 5, 1, 0, 1, 1},
        {1, 6, 12, 12, 16, 5, 5, 1, 0, 1, 1},
    };

    @Test
    void matchesNaiveConvolution() {
        Generator g = new Generator().manualSeed(11);
        for (int[] c : GEOMETRIES) {
            check(c, g, false);
            check(c, g, true);
        }
    }

    /** One configuration; {@code transposed} feeds the input as a non-contiguous view (H and W swapped in memory). */
    private static void check(int[] c, Generator g, boolean transposed) {
        Tensor x = transposed ? Torch.randn(g, c[0], c[1], c[3], c[2]).transpose(2, 3).to(DType.FLOAT64)
                : Torch.randn(g, c[0], c[1], c[2], c[3]).to(DType.FLOAT64);
        Tensor w = Torch.randn(g, c[4], c[1] / c[10], c[5], c[6]).to(DType.FLOAT64);
        Tensor b = Torch.randn(g, c[4]).to(DType.FLOAT64);
        int[] s = {c[7]}, p = {c[8]}, d = {c[9]};
        double[][] ref = naive(x, w, b, c);
        Tensor gout = Torch.randn(g, (int) ref[3][0], (int) ref[3][1], (int) ref[3][2], (int) ref[3][3]).to(DType.FLOAT64);
        double[][] refGrads = naiveBackward(x, w, gout, c);
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            double tol = dt == DType.FLOAT64 ? 1e-10 : 2e-4;
            Tensor xd = x.detach().to(dt);
            if (transposed) xd = xd.transpose(2, 3).contiguous().transpose(2, 3);
            Tensor xt = xd.requiresGrad_(), wt = w.detach().to(dt).requiresGrad_();
            Tensor bt = b.detach().to(dt).requiresGrad_();
            Tensor out = F.conv2d(xt, wt, bt, s, p, d, c[10]);
            Assertions.assertClose(Torch.tensor(ref[0], out.shape()).to(dt), out.detach(), tol, tol);
            out.mul(gout.to(dt)).sum().backward();
            Assertions.assertClose(Torch.tensor(refGrads[0], x.shape()).to(dt), xt.grad(), tol, tol);
            Assertions.assertClose(Torch.tensor(refGrads[1], w.shape()).to(dt), wt.grad(), tol, tol * 10);
            Assertions.assertClose(gout.to(dt).sum(new int[] {0, 2, 3}, false), bt.grad(), tol, tol * 10);
        }
    }

    /** {out values, -, -, out shape}. */
    private static double[][] naive(Tensor x, Tensor w, Tensor b, int[] c) {
        double[] xv = x.toDoubleArray(), wv = w.toDoubleArray(), bv = b.toDoubleArray();
        int n = c[0], cin = c[1], h = c[2], wd = c[3], cout = c[4], kh = c[5], kw = c[6], st = c[7], pd = c[8], dl = c[9], gr = c[10];
        int oh = (h + 2 * pd - dl * (kh - 1) - 1) / st + 1, ow = (wd + 2 * pd - dl * (kw - 1) - 1) / st + 1;
        int cinG = cin / gr, coutG = cout / gr;
        double[] out = new double[n * cout * oh * ow];
        for (int i = 0; i < n; i++) {
            for (int co = 0; co < cout; co++) {
                int grp = co / coutG;
                for (int y = 0; y < oh; y++) {
                    for (int z = 0; z < ow; z++) {
                        double sum = bv[co];
                        for (int ci = 0; ci < cinG; ci++) {
                            for (int a = 0; a < kh; a++) {
                                for (int e = 0; e < kw; e++) {
                                    int ih = y * st - pd + a * dl, iw = z * st - pd + e * dl;
                                    if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
                                    sum += xv[((i * cin + grp * cinG + ci) * h + ih) * wd + iw] * wv[((co * cinG + ci) * kh + a) * kw + e];
                                }
                            }
                        }
                        out[((i * cout + co) * oh + y) * ow + z] = sum;
                    }
                }
            }
        }
        return new double[][] {out, null, null, {n, cout, oh, ow}};
    }

    /** {grad input, grad weight} of sum(out * gout). */
    private static double[][] naiveBackward(Tensor x, Tensor w, Tensor gout, int[] c) {
        double[] xv = x.toDoubleArray(), wv = w.toDoubleArray(), gv = gout.toDoubleArray();
        int n = c[0], cin = c[1], h = c[2], wd = c[3], cout = c[4], kh = c[5], kw = c[6], st = c[7], pd = c[8], dl = c[9], gr = c[10];
        int oh = gout.size(2), ow = gout.size(3);
        int cinG = cin / gr, coutG = cout / gr;
        double[] gx = new double[xv.length], gw = new double[wv.length];
        for (int i = 0; i < n; i++) {
            for (int co = 0; co < cout; co++) {
                int grp = co / coutG;
                for (int y = 0; y < oh; y++) {
                    for (int z = 0; z < ow; z++) {
                        double go = gv[((i * cout + co) * oh + y) * ow + z];
                        for (int ci = 0; ci < cinG; ci++) {
                            for (int a = 0; a < kh; a++) {
                                for (int e = 0; e < kw; e++) {
                                    int ih = y * st - pd + a * dl, iw = z * st - pd + e * dl;
                                    if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
                                    int xi = ((i * cin + grp * cinG + ci) * h + ih) * wd + iw, wi = ((co * cinG + ci) * kh + a) * kw + e;
                                    gx[xi] += go * wv[wi];
                                    gw[wi] += go * xv[xi];
                                }
                            }
                        }
                    }
                }
            }
        }
        return new double[][] {gx, gw};
    }
}

package torch4j.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static torch4j.cuda.CudaVsCpu.dev;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Device;
import torch4j.Generator;
import torch4j.Layout;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.backend.Backend;
import torch4j.backend.ConvGeometry;
import torch4j.backend.ConvKernels;
import torch4j.backend.PoolGeometry;
import torch4j.nn.ConvReferenceTest;
import torch4j.testing.Assertions;

/**
 * The CUDA convolution (im2col + cuBLAS, col2im, weight gradient) and pooling kernels against the
 * CPU backend's on random inputs (convolutions against its float64 kernels): ConvReferenceTest's geometries (stride, padding, dilation,
 * groups, 1x1, odd sizes), strided inputs, weights and gradients, several image chunks, and
 * pooling windows with padding, dilation, ceil mode, NaN, count_include_pad and divisor override.
 */
class CudaConvTest {
    /** ConvReferenceTest's geometries, and a 1x1 image through a 1x1 kernel. */
    private static final int[][] CONVS = Stream.concat(Arrays.stream(ConvReferenceTest.GEOMETRIES),
            Stream.of(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1})).toArray(int[][]::new);

    private final Generator g = new Generator().manualSeed(11);
    private final Random r = new Random(5);

    @BeforeEach
    void needsCuda() {
        assumeTrue(Cuda.isAvailable(), "no CUDA device");
    }

    private static ConvKernels cpu() {
        return Backend.of(Device.CPU).conv();
    }

    private static ConvKernels gpu() {
        return Backend.of(Device.CUDA).conv();
    }

    private Tensor randn(DType dt, int... shape) {
        return Torch.randn(g, shape).cpu().to(dt);
    }

    /** {@code t}'s values with H and W swapped in memory: same shape, non-contiguous. */
    private static Tensor transposedCopy(Tensor t) {
        return t.transpose(2, 3).contiguous().transpose(2, 3);
    }

    private static void close(Tensor want, Tensor got, DType dt, double scale) {
        double tol = (dt == DType.FLOAT32 ? 2e-4 : 1e-10) * scale;
        Assertions.assertClose(want, got.cpu(), tol, tol);
    }

    @Test
    void convolutionForwardAndGradientsMatchTheCpu() {
        for (int[] c : CONVS) {
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                for (boolean strided : new boolean[] {false, true}) checkConv(c, dt, strided, true);
            }
        }
    }

    @Test
    void convolutionOverSeveralImageChunks() {
        try {
            for (String bytes : new String[] {"1", "20000"}) { // one image per chunk; a few, with a remainder
                System.setProperty("torch4j.cuda.convColumnBytes", bytes);
                checkConv(CONVS[1], DType.FLOAT64, true, false);
                checkConv(CONVS[7], DType.FLOAT32, false, true);
            }
        } finally {
            System.clearProperty("torch4j.cuda.convColumnBytes");
        }
    }

    /**
     * Forward (with or without bias), input gradient (accumulated) and weight gradient
     * (overwritten) for one geometry. The reference is the CPU backend in float64 on the same
     * values, whatever {@code dt} the device computes in.
     */
    private void checkConv(int[] c, DType dt, boolean strided, boolean bias) {
        ConvGeometry geo = new ConvGeometry(c[7], c[7], c[8], c[8], c[9], c[9], c[10]);
        int oh = ConvGeometry.outSize(c[2], c[5], c[7], c[8], c[9]), ow = ConvGeometry.outSize(c[3], c[6], c[7], c[8], c[9]);
        Tensor x = randn(dt, c[0], c[1], c[2], c[3]), w = randn(dt, c[4], c[1] / c[10], c[5], c[6]);
        Tensor b = bias ? randn(dt, c[4]) : null;
        if (strided) {
            x = transposedCopy(x);
            w = transposedCopy(w);
        }
        Tensor want = Tensor.zeros(DType.FLOAT64, Device.CPU, c[0], c[4], oh, ow);
        Tensor got = Tensor.zeros(dt, Device.CUDA, c[0], c[4], oh, ow);
        cpu().conv2d(f64(x), f64(w), b == null ? null : f64(b), want, geo);
        gpu().conv2d(dev(x), dev(w), b == null ? null : dev(b), got, geo);
        close(want.to(dt), got, dt, 1);

        // A gradient broadcast from [1, Cout, 1, OW] (stride 0 over images and rows) when strided.
        Tensor gout = strided ? randn(dt, 1, c[4], 1, ow).expand(c[0], c[4], oh, ow) : randn(dt, c[0], c[4], oh, ow);
        Tensor gin = randn(dt, c[0], c[1], c[2], c[3]), ginDev = dev(gin), ginRef = f64(gin);
        cpu().conv2dInputGrad(f64(gout), f64(w), ginRef, geo);
        gpu().conv2dInputGrad(dev(gout), dev(w), ginDev, geo);
        close(ginRef.to(dt), ginDev, dt, 1);

        Tensor gw = randn(dt, c[4], c[1] / c[10], c[5], c[6]), gwDev = dev(gw), gwRef = f64(gw);
        cpu().conv2dWeightGrad(f64(gout), f64(x), gwRef, geo);
        gpu().conv2dWeightGrad(dev(gout), dev(x), gwDev, geo);
        close(gwRef.to(dt), gwDev, dt, 10);
    }

    /** A contiguous float64 host copy. */
    private static Tensor f64(Tensor t) {
        Tensor out = Tensor.zeros(DType.FLOAT64, Device.CPU, t.shape());
        Backend.of(Device.CPU).elementwise().copy(t, out);
        return out;
    }

    /** Values from a few levels (ties are common) with NaN and infinities, as PoolReferenceTest draws them. */
    private Tensor poolInput(DType dt, int... shape) {
        double[] levels = {-1, 0, -0.0, 2, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.5};
        double[] v = new double[Layout.numel(shape)];
        for (int i = 0; i < v.length; i++) v[i] = i % 5 == 0 ? levels[r.nextInt(levels.length)] : r.nextGaussian();
        return Torch.tensor(v, shape).cpu().to(dt);
    }

    /** {kH, kW, sH, sW, pad, dil, ceil}. */
    private static final int[][] POOLS = {
        {2, 2, 2, 2, 0, 1, 0},
        {3, 3, 2, 2, 1, 1, 1},
        {3, 2, 1, 2, 1, 2, 0},
        {2, 3, 3, 1, 1, 1, 1},
        {1, 1, 1, 1, 0, 1, 0},
        {3, 3, 3, 3, 0, 1, 1},
        {4, 3, 2, 2, 2, 1, 1},
    };

    @Test
    void maxPoolingAndItsBackward() {
        for (int[] shape : new int[][] {{2, 3, 7, 9}, {3, 2, 8, 5}}) {
            for (int[] p : POOLS) {
                for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                    for (boolean strided : new boolean[] {false, true}) {
                        PoolGeometry geo = new PoolGeometry(p[0], p[1], p[2], p[3], p[4], Math.min(p[4], p[1] / 2), p[5], p[5],
                                false, 0);
                        int oh = PoolGeometry.outSize(shape[2], p[0], p[2], geo.padH(), p[5], p[6] == 1);
                        int ow = PoolGeometry.outSize(shape[3], p[1], p[3], geo.padW(), p[5], p[6] == 1);
                        Tensor x = poolInput(dt, shape);
                        if (strided) x = transposedCopy(x);
                        int[] os = {shape[0], shape[1], oh, ow};
                        Tensor want = Tensor.zeros(dt, Device.CPU, os), got = dev(want);
                        Tensor wantIdx = Tensor.zeros(DType.INT64, Device.CPU, os), gotIdx = dev(wantIdx);
                        cpu().maxPool2d(x, want, wantIdx, geo);
                        gpu().maxPool2d(dev(x), got, gotIdx, geo);
                        Assertions.assertClose(want, got.cpu(), 0, 0);
                        Assertions.assertClose(wantIdx, gotIdx.cpu(), 0, 0);

                        Tensor gout = randn(dt, os);
                        if (strided) gout = transposedCopy(gout);
                        Tensor gin = Tensor.zeros(dt, Device.CPU, shape), ginDev = dev(gin);
                        cpu().maxPool2dBackward(gout, wantIdx, gin);
                        gpu().maxPool2dBackward(dev(gout), gotIdx, ginDev);
                        close(gin, ginDev, dt, 1);
                    }
                }
            }
        }
    }

    @Test
    void averagePoolingAndItsBackward() {
        for (int[] shape : new int[][] {{2, 3, 7, 9}, {3, 2, 8, 5}}) {
            for (int[] p : POOLS) {
                for (boolean includePad : new boolean[] {false, true}) {
                    for (int divisor : new int[] {0, 3}) {
                        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                            boolean strided = divisor == 3;
                            PoolGeometry geo = new PoolGeometry(p[0], p[1], p[2], p[3], Math.min(p[4], p[0] / 2),
                                    Math.min(p[4], p[1] / 2), 1, 1, includePad, divisor);
                            int oh = PoolGeometry.outSize(shape[2], p[0], p[2], geo.padH(), 1, p[6] == 1);
                            int ow = PoolGeometry.outSize(shape[3], p[1], p[3], geo.padW(), 1, p[6] == 1);
                            Tensor x = randn(dt, shape);
                            if (strided) x = transposedCopy(x);
                            int[] os = {shape[0], shape[1], oh, ow};
                            Tensor want = Tensor.zeros(dt, Device.CPU, os), got = dev(want);
                            cpu().avgPool2d(x, want, geo);
                            gpu().avgPool2d(dev(x), got, geo);
                            close(want, got, dt, 1);

                            Tensor gout = randn(dt, os);
                            if (strided) gout = transposedCopy(gout);
                            Tensor gin = randn(dt, shape), ginDev = dev(gin);
                            cpu().avgPool2dBackward(gout, gin, geo);
                            gpu().avgPool2dBackward(dev(gout), ginDev, geo);
                            close(gin, ginDev, dt, 1);
                        }
                    }
                }
            }
        }
    }

    @Test
    void adaptiveAveragePoolingDownAndUp() {
        int[][] sizes = {{7, 9, 3, 4}, {5, 5, 5, 5}, {10, 3, 4, 1}, {3, 3, 5, 7}, {1, 1, 1, 1}, {13, 6, 4, 6}};
        for (int[] s : sizes) {
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                for (boolean strided : new boolean[] {false, true}) {
                    Tensor x = randn(dt, 2, 3, s[0], s[1]);
                    if (strided) x = transposedCopy(x);
                    Tensor want = Tensor.zeros(dt, Device.CPU, 2, 3, s[2], s[3]), got = dev(want);
                    cpu().adaptiveAvgPool2d(x, want);
                    gpu().adaptiveAvgPool2d(dev(x), got);
                    close(want, got, dt, 1);

                    Tensor gout = randn(dt, 2, 3, s[2], s[3]);
                    if (strided) gout = transposedCopy(gout);
                    Tensor gin = randn(dt, 2, 3, s[0], s[1]), ginDev = dev(gin);
                    cpu().adaptiveAvgPool2dBackward(gout, gin);
                    gpu().adaptiveAvgPool2dBackward(dev(gout), ginDev);
                    close(gin, ginDev, dt, 1);
                }
            }
        }
    }
}

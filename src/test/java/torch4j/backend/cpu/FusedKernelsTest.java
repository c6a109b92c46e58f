package torch4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Layout;
import torch4j.Storage;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.autograd.GradCheck;
import torch4j.backend.BinaryOp;
import torch4j.backend.UnaryOp;
import torch4j.ops.Reductions;
import torch4j.ops.UnaryMath;

/**
 * The fast paths of the training step against plain references: ReLU's fused backward, float32
 * comparisons into bool (scalar and Vector API loops), the vectorized float sums, float64 loops,
 * bool mask ops, typed casts and float {@code where}. Sizes are odd (1, 7, 33, 129, 1000003, past
 * the vector width and the parallel grain); operands are offset, transposed, strided and
 * broadcast; values include NaN, infinities and -0.
 */
class FusedKernelsTest {
    private static final int[] SIZES = {1, 7, 33, 129, 1000003};
    private static final BinaryOp[] COMPARISONS = {BinaryOp.EQ, BinaryOp.NE, BinaryOp.LT, BinaryOp.LE, BinaryOp.GT, BinaryOp.GE};

    private static List<FloatKernels> loops() {
        List<FloatKernels> l = new ArrayList<>();
        l.add(FloatLoops.SCALAR);
        if (FloatLoops.VECTOR != null) l.add(FloatLoops.VECTOR);
        return l;
    }

    /** Random floats around 0 (so about half are <= 0), with NaN, infinities, zeros of both signs sprinkled in. */
    private static float[] floats(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (rnd.nextFloat() - 0.5f) * 8;
        float[] sp = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE};
        for (int i = 0; i < Math.min(n, 3 * sp.length); i++) a[rnd.nextInt(n)] = sp[i % sp.length];
        // Equal pairs, so that EQ and LE/GE see ties.
        for (int i = 0; i + 1 < n && i < 20; i += 2) a[i + 1] = a[i];
        return a;
    }

    // ------------------------------------------------------------------ the loops directly

    @Test
    void reluBackwardLoopsMatchReference() {
        Random rnd = new Random(11);
        for (FloatKernels k : loops()) {
            for (int n : SIZES) {
                int ox = rnd.nextInt(5), oy = rnd.nextInt(5), oo = rnd.nextInt(5);
                float[] g = floats(rnd, ox + n), y = floats(rnd, oy + n), o = new float[oo + n + 2];
                k.binary(BinaryOp.RELU_BACKWARD, g, ox, 1, y, oy, 1, o, oo, n);
                for (int j = 0; j < n; j++) {
                    // threshold_backward: 0 where out <= 0 (a NaN or inf gradient too), the gradient itself elsewhere.
                    float want = y[oy + j] <= 0 ? 0f : g[ox + j];
                    int jj = j;
                    assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(o[oo + j]),
                            () -> k.name() + " n=" + n + " at " + jj + ": g=" + g[ox + jj] + " out=" + y[oy + jj]);
                }
                assertEquals(0f, o[oo + n], "wrote past the end");
            }
        }
    }

    @Test
    void comparisonLoopsMatchReference() {
        Random rnd = new Random(12);
        for (FloatKernels k : loops()) {
            for (int n : SIZES) {
                for (BinaryOp op : COMPARISONS) {
                    for (int strides = 0; strides < 3; strides++) {
                        if (n > 1000 && op != BinaryOp.LE && op != BinaryOp.NE) continue;
                        // (1, 1), vector against scalar, scalar against vector
                        int sx = strides == 2 ? 0 : 1, sy = strides == 1 ? 0 : 1;
                        int ox = rnd.nextInt(5), oy = rnd.nextInt(5), oo = rnd.nextInt(5);
                        float[] x = floats(rnd, ox + n), y = floats(rnd, oy + n);
                        if (strides > 0) y[oy] = x[ox + n / 2]; // a scalar that some elements equal
                        if (strides == 2) x[ox] = y[oy + n / 2];
                        byte[] o = new byte[oo + n + 2];
                        o[oo + n] = 7;
                        k.compare(op, x, ox, sx, y, oy, sy, o, oo, n);
                        for (int j = 0; j < n; j++) {
                            float a = x[ox + j * sx], b = y[oy + j * sy];
                            byte want = op.apply((double) a, (double) b) != 0 ? (byte) 1 : 0;
                            assertEquals(want, o[oo + j], () -> k.name() + " " + a + " " + op + " " + b + " n=" + n);
                        }
                        assertEquals(7, o[oo + n], "wrote past the end");
                    }
                }
            }
        }
    }

    @Test
    void floatSumsMatchDoubleReference() {
        Random rnd = new Random(13);
        for (FloatKernels k : loops()) {
            for (int n : SIZES) {
                int off = rnd.nextInt(5);
                float[] a = new float[off + n];
                double want = 0, scale = 0;
                for (int i = 0; i < n; i++) {
                    a[off + i] = (rnd.nextFloat() - 0.3f) * 100;
                    want += a[off + i];
                    scale += Math.abs(a[off + i]);
                }
                a[0] = off > 0 ? 1e30f : a[0]; // outside the range: must not be read
                double got = k.sum(a, off, n);
                assertEquals(want, got, 1e-12 * scale, k.name() + " sum n=" + n);

                double[] acc = new double[n + 1], accWant = new double[n + 1];
                for (int c = 0; c < n; c++) acc[c] = accWant[c] = c * 0.5;
                k.accumulate(a, off, acc, n);
                for (int c = 0; c < n; c++) accWant[c] += a[off + c];
                assertArrayEquals(accWant, acc, k.name() + " accumulate n=" + n);
            }
            float[] special = {1f, Float.NaN, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f, 13f, 14f, 15f, 16f, 17f};
            assertTrue(Double.isNaN(k.sum(special, 0, special.length)), k.name() + ": NaN must propagate");
            special[1] = Float.POSITIVE_INFINITY;
            assertEquals(Double.POSITIVE_INFINITY, k.sum(special, 0, special.length), k.name());
        }
    }

    // ------------------------------------------------------------------ the kernels on strided tensors

    /** A rows x cols float32 or float64 view: contiguous, offset, transposed, strided or row-broadcast. */
    private static Tensor view(DType dt, String kind, int rows, int cols, Random rnd) {
        Layout l = switch (kind) {
            case "contiguous" -> new Layout(new int[] {rows, cols}, new int[] {cols, 1}, 0);
            case "offset" -> new Layout(new int[] {rows, cols}, new int[] {cols, 1}, 3);
            case "transposed" -> new Layout(new int[] {rows, cols}, new int[] {1, rows}, 0);
            case "strided" -> new Layout(new int[] {rows, cols}, new int[] {2 * cols + 1, 2}, 1);
            case "broadcast" -> new Layout(new int[] {rows, cols}, new int[] {0, 1}, 0);
            default -> throw new IllegalArgumentException(kind);
        };
        int size = 4 + Math.max(0, (rows - 1) * l.stride(0)) + Math.max(0, (cols - 1) * l.stride(1));
        float[] f = floats(rnd, size);
        if (dt == DType.FLOAT32) return new Tensor(Storage.wrap(f), l);
        double[] d = new double[size];
        for (int i = 0; i < size; i++) d[i] = f[i];
        return new Tensor(Storage.wrap(d), l);
    }

    private static double get(Tensor t, int i, int j) {
        Layout l = t.layout();
        return Elements.getD(t.storage().data(), l.offset() + i * l.stride(0) + j * l.stride(1));
    }

    private static final String[] KINDS = {"contiguous", "offset", "transposed", "strided", "broadcast"};
    private static final int[][] SHAPES = {{1, 1}, {7, 33}, {129, 7}, {1, 1000003}, {1001, 1001}};

    @Test
    void reluBackwardAndComparisonKernelsFollowLayouts() {
        Random rnd = new Random(14);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] sh : SHAPES) {
                boolean big = sh[0] * sh[1] > 100_000;
                for (String ka : KINDS) {
                    for (String kb : KINDS) {
                        if (big && !(ka.equals("contiguous") || kb.equals("contiguous"))) continue;
                        Tensor a = view(dt, ka, sh[0], sh[1], rnd), b = view(dt, kb, sh[0], sh[1], rnd);
                        for (BinaryOp op : new BinaryOp[] {BinaryOp.RELU_BACKWARD, BinaryOp.LE, BinaryOp.GT, BinaryOp.EQ}) {
                            if (big && op == BinaryOp.GT) continue;
                            boolean pred = op.isPredicate();
                            Tensor out = Tensor.zeros(pred ? DType.BOOL : dt, torch4j.Device.CPU, sh);
                            CpuElementwise.INSTANCE.binary(op, a, b, out);
                            for (int i = 0; i < sh[0]; i++) {
                                for (int j = 0; j < sh[1]; j++) {
                                    double x = get(a, i, j), y = get(b, i, j);
                                    double want = op.apply(x, y);
                                    double got = get(out, i, j);
                                    if (Double.compare(want, got) != 0 && !(want == 0 && got == 0 && !pred && dt == DType.FLOAT64)) {
                                        throw new AssertionError(dt + " " + op + " " + ka + "/" + kb + " at " + i + "," + j
                                                + ": op(" + x + ", " + y + ") = " + want + " but got " + got);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void float64UnaryKernelMatchesReference() {
        Random rnd = new Random(15);
        for (UnaryOp op : new UnaryOp[] {UnaryOp.NEG, UnaryOp.ABS, UnaryOp.SQUARE, UnaryOp.SQRT, UnaryOp.RECIPROCAL, UnaryOp.EXP,
            UnaryOp.LOG, UnaryOp.RELU, UnaryOp.TANH}) {
            for (String kind : KINDS) {
                Tensor x = view(DType.FLOAT64, kind, 33, 7, rnd);
                Tensor out = Tensor.zeros(DType.FLOAT64, torch4j.Device.CPU, 33, 7);
                CpuElementwise.INSTANCE.unary(op, x, out);
                for (int i = 0; i < 33; i++) {
                    for (int j = 0; j < 7; j++) {
                        assertEquals(op.apply(get(x, i, j)), get(out, i, j), 0.0, op + " " + kind);
                    }
                }
            }
        }
    }

    @Test
    void masksCastsAndWhere() {
        Random rnd = new Random(16);
        Tensor a = view(DType.FLOAT32, "transposed", 33, 7, rnd), b = view(DType.FLOAT32, "strided", 33, 7, rnd);
        Tensor ma = Tensor.zeros(DType.BOOL, torch4j.Device.CPU, 33, 7), mb = Tensor.zeros(DType.BOOL, torch4j.Device.CPU, 33, 7);
        CpuElementwise.INSTANCE.binary(BinaryOp.GT, a, Tensor.zeros(DType.FLOAT32, torch4j.Device.CPU, 33, 7), ma);
        CpuElementwise.INSTANCE.unary(UnaryOp.ISFINITE, b, mb);
        for (BinaryOp op : new BinaryOp[] {BinaryOp.LOGICAL_AND, BinaryOp.LOGICAL_OR, BinaryOp.LOGICAL_XOR, BinaryOp.EQ, BinaryOp.NE}) {
            Tensor out = Tensor.zeros(DType.BOOL, torch4j.Device.CPU, 33, 7);
            // mb read transposed-in-place: a strided bool operand.
            Tensor mbT = new Tensor(mb.storage(), new Layout(new int[] {33, 7}, new int[] {1, 33}, 0));
            CpuElementwise.INSTANCE.binary(op, ma, mbT, out);
            for (int i = 0; i < 33; i++) {
                for (int j = 0; j < 7; j++) assertEquals(op.apply(get(ma, i, j), get(mbT, i, j)), get(out, i, j), op.toString());
            }
        }
        Tensor not = Tensor.zeros(DType.BOOL, torch4j.Device.CPU, 33, 7);
        CpuElementwise.INSTANCE.unary(UnaryOp.LOGICAL_NOT, ma, not);
        for (UnaryOp op : new UnaryOp[] {UnaryOp.ISNAN, UnaryOp.ISINF, UnaryOp.ISFINITE, UnaryOp.LOGICAL_NOT}) {
            Tensor out = Tensor.zeros(DType.BOOL, torch4j.Device.CPU, 33, 7);
            CpuElementwise.INSTANCE.unary(op, b, out);
            for (int i = 0; i < 33; i++) {
                for (int j = 0; j < 7; j++) {
                    assertEquals(op.apply(get(b, i, j)), get(out, i, j), op.toString());
                    assertEquals(1 - get(ma, i, j), get(not, i, j));
                }
            }
        }
        // Casts: bool, int64 and float64 to float32; float32 and bool to float64; strided sources.
        Tensor longs = new Tensor(Storage.wrap(new long[] {-3, 5, 1L << 40, 0, 7, -1, 2}), new Layout(new int[] {7}, new int[] {1}, 0));
        Tensor d = view(DType.FLOAT64, "strided", 33, 7, rnd);
        for (Tensor src : new Tensor[] {ma, longs, d, a}) {
            for (DType to : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor dst = Tensor.zeros(to, torch4j.Device.CPU, src.layout().shape());
                CpuElementwise.INSTANCE.copy(src, dst);
                double[] want = src.to(DType.FLOAT64).toDoubleArray(), got = dst.to(DType.FLOAT64).toDoubleArray();
                for (int i = 0; i < want.length; i++) {
                    double w = to == DType.FLOAT32 ? (float) want[i] : want[i];
                    assertEquals(w, got[i], 0.0, src.dtype() + " -> " + to);
                }
            }
        }
        // where on float32 with a strided condition and a broadcast branch.
        Tensor bc = view(DType.FLOAT32, "broadcast", 33, 7, rnd);
        Tensor out = Tensor.zeros(DType.FLOAT32, torch4j.Device.CPU, 33, 7);
        CpuElementwise.INSTANCE.where(ma, bc, b, out);
        for (int i = 0; i < 33; i++) {
            for (int j = 0; j < 7; j++) {
                double w = get(ma, i, j) != 0 ? get(bc, i, j) : get(b, i, j);
                assertEquals(w, get(out, i, j), 0.0);
            }
        }
    }

    // ------------------------------------------------------------------ ops and gradients

    @Test
    void reluGradientIsThresholdBackwardAndHasSecondDerivatives() {
        Tensor x = Torch.tensor(new double[] {-2, -0.0, 0, 1.5, Double.NaN, 3}).requiresGrad_();
        Tensor y = x.relu();
        assertEquals("ReluBackward0", y.gradFn().name());
        y.backward(Torch.tensor(new double[] {1, 2, 3, 4, 5, Double.POSITIVE_INFINITY}));
        // Zero where the output is <= 0 (at 0 too), passed through elsewhere (NaN output included), as PyTorch.
        assertArrayEquals(new double[] {0, 0, 0, 4, 5, Double.POSITIVE_INFINITY}, x.grad().toDoubleArray());

        Torch.manualSeed(3);
        Tensor in = Torch.randn(DType.FLOAT64, 4, 5).requiresGrad_();
        assertTrue(GradCheck.gradcheck(t -> t[0].relu().mul(t[0]), in));
        assertTrue(GradCheck.gradgradcheck(t -> t[0].relu().mul(t[0]), in));
        // The fused backward's own gradients: itself for the incoming gradient, zero for the output.
        Tensor out = Torch.randn(DType.FLOAT64, 4, 5);
        Tensor g = Torch.randn(DType.FLOAT64, 4, 5).requiresGrad_();
        assertTrue(GradCheck.gradcheck(t -> UnaryMath.reluBackward(t[0], out), g));
        Tensor r = UnaryMath.reluBackward(g, out);
        assertEquals("ThresholdBackwardBackward0", r.gradFn().name());
    }

    @Test
    void amaxReducesWithoutIndicesAndSharesTheGradient() {
        Tensor x = Torch.tensor(new double[] {1, 5, 5, -1, 2, 0}).reshape(2, 3).requiresGrad_();
        Tensor m = Reductions.amax(x, new int[] {1}, true);
        assertArrayEquals(new int[] {2, 1}, m.shape());
        assertArrayEquals(new double[] {5, 2}, m.toDoubleArray());
        m.sum().backward();
        assertArrayEquals(new double[] {0, 0.5, 0.5, 0, 1, 0}, x.grad().toDoubleArray());
        assertArrayEquals(new double[] {-1, 2, 0}, Reductions.amin(x.detach(), new int[] {0}, false).toDoubleArray());
    }
}

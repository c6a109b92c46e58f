package torch4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Layout;
import torch4j.Storage;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.backend.BinaryOp;
import torch4j.backend.TernaryOp;
import torch4j.backend.UnaryOp;
import torch4j.testing.TestDevice;

/**
 * The optimized element-wise paths against the plain reference ({@code op.apply} in double or long
 * arithmetic, element by element through each operand's layout): the float32 loops (scalar, and the
 * Vector API loops when the module is present, as under the project's Surefire settings) and the
 * CPU kernels with their contiguous fast path, coalescing and thread split. Sizes are odd (1, 7, 33,
 * 129 and 1000003, past the parallel grain); operands are contiguous, offset, transposed, strided
 * and stride-0 broadcasts; every dtype.
 */
class ElementwiseKernelsTest {
    @BeforeEach
    void cpuOnly() {
        TestDevice.assumeCpu("these are the CPU kernels themselves");
    }

    private static final int[] SIZES = {1, 7, 33, 129, 1000003};
    /** Ops whose float result is correctly rounded in both paths, so must match bit for bit. */
    private static final List<UnaryOp> EXACT_UNARY = List.of(UnaryOp.NEG, UnaryOp.ABS, UnaryOp.RELU, UnaryOp.SQUARE,
            UnaryOp.SQRT, UnaryOp.RECIPROCAL, UnaryOp.FLOOR, UnaryOp.CEIL, UnaryOp.ROUND, UnaryOp.TRUNC, UnaryOp.SIGN);
    /** PyTorch's float kernels are themselves within about 1 ulp (Sleef); we allow 2 against the double reference. */
    private static final int MAX_ULPS = 2;

    private static List<FloatKernels> loops() {
        List<FloatKernels> l = new ArrayList<>();
        l.add(FloatLoops.SCALAR);
        if (FloatLoops.VECTOR != null) l.add(FloatLoops.VECTOR);
        return l;
    }

    @Test
    void vectorLoopsAreActiveUnderTheBuild() {
        // Surefire adds the incubator module: a silent fallback to the scalar loops would go untested.
        assertNotNull(FloatLoops.VECTOR, "the Vector API loops did not load");
        assertEquals(FloatLoops.VECTOR, FloatLoops.FAST);
    }

    // ------------------------------------------------------------------ float loops directly

    /** Random floats with the special values sprinkled in. */
    private static float[] randomFloats(Random rnd, int n, boolean specials) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (rnd.nextFloat() - 0.5f) * 16;
        if (specials) {
            float[] sp = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 1e-30f, -1e-30f, 1e-7f,
                88.7f, -88.7f, 100f, -104f, 20f, -20f, 0.0624f, 0.0626f, Float.MIN_VALUE, Float.MAX_VALUE};
            for (int i = 0; i < sp.length && i < n; i++) a[rnd.nextInt(n)] = sp[i];
        }
        return a;
    }

    @Test
    void binaryLoopsMatchReference() {
        Random rnd = new Random(1);
        for (FloatKernels k : loops()) {
            for (int n : SIZES) {
                for (BinaryOp op : BinaryOp.values()) {
                    // At the large size, relu_backward too: it has a vector loop, and that size streams in blocks.
                    if (op.isPredicate() || (n > 1000 && op.ordinal() > BinaryOp.MINIMUM.ordinal() && op != BinaryOp.RELU_BACKWARD)) continue;
                    for (int strides = 0; strides < 4; strides++) {
                        int sx = strides & 1, sy = strides >> 1;
                        int ox = rnd.nextInt(5), oy = rnd.nextInt(5), oo = rnd.nextInt(5);
                        float[] x = randomFloats(rnd, ox + n, true), y = randomFloats(rnd, oy + n, true);
                        float[] o = new float[oo + n + 3];
                        k.binary(op, x, ox, sx, y, oy, sy, o, oo, n);
                        for (int j = 0; j < n; j++) {
                            float want = (float) op.apply((double) x[ox + j * sx], (double) y[oy + j * sy]);
                            assertUlps(want, o[oo + j], 0, () -> k.name() + " " + op + " sx=" + sx + " sy=" + sy + " n=" + n);
                        }
                        for (int j = oo + n; j < o.length; j++) assertEquals(0f, o[j], "wrote past the end");
                    }
                }
            }
        }
    }

    @Test
    void unaryLoopsMatchReference() {
        Random rnd = new Random(2);
        for (FloatKernels k : loops()) {
            for (int n : SIZES) {
                for (UnaryOp op : UnaryOp.values()) {
                    if (op.isPredicate()) continue;
                    if (n > 1000 && !List.of(UnaryOp.RELU, UnaryOp.EXP, UnaryOp.TANH, UnaryOp.SIGMOID).contains(op)) continue;
                    int ox = rnd.nextInt(5), oo = rnd.nextInt(5);
                    float[] x = randomFloats(rnd, ox + n, true), o = new float[oo + n];
                    k.unary(op, x, ox, o, oo, n);
                    int ulps = EXACT_UNARY.contains(op) ? 0 : MAX_ULPS;
                    for (int j = 0; j < n; j++) {
                        float in = x[ox + j];
                        float want = (float) op.apply((double) in);
                        assertUlps(want, o[oo + j], ulps, () -> k.name() + " " + op + "(" + in + ")");
                    }
                }
            }
        }
    }

    @Test
    void transcendentalLoopsStayAccurateOverTheirRange() {
        // A dense sweep where exp/tanh/sigmoid change regime (tiny, the tanh series cut-off, saturation).
        int n = 200_003;
        float[] x = new float[n], o = new float[n];
        for (int i = 0; i < n; i++) x[i] = -90f + 180f * i / n;
        for (FloatKernels k : loops()) {
            for (UnaryOp op : List.of(UnaryOp.EXP, UnaryOp.TANH, UnaryOp.SIGMOID, UnaryOp.LOG, UnaryOp.RSQRT)) {
                k.unary(op, x, 0, o, 0, n);
                for (int j = 0; j < n; j++) {
                    float in = x[j];
                    assertUlps((float) op.apply((double) in), o[j], MAX_ULPS, () -> k.name() + " " + op + "(" + in + ")");
                }
            }
        }
    }

    @Test
    void transcendentalLoopsStayAccurateOverEveryExponent() {
        // Every 4099th float bit pattern (about a million values, every exponent, both signs,
        // subnormals, infinities and NaNs): exp, log and tanh within 1 ulp of the correctly rounded
        // result, sigmoid (1 / (1 + e^-x), two roundings more) within 2.
        int n = (int) ((1L << 32) / 4099) + 1;
        float[] x = new float[n], o = new float[n];
        for (int i = 0; i < n; i++) x[i] = Float.intBitsToFloat((int) (4099L * i));
        for (FloatKernels k : loops()) {
            for (UnaryOp op : List.of(UnaryOp.EXP, UnaryOp.LOG, UnaryOp.TANH, UnaryOp.SIGMOID)) {
                k.unary(op, x, 0, o, 0, n);
                int ulps = op == UnaryOp.SIGMOID ? 2 : 1;
                for (int j = 0; j < n; j++) {
                    float in = x[j];
                    assertUlps((float) op.apply((double) in), o[j], ulps, () -> k.name() + " " + op + "(" + in + ")");
                }
            }
        }
    }

    @Test
    void ternaryLoopsMatchReference() {
        Random rnd = new Random(3);
        for (FloatKernels k : loops()) {
            for (int n : SIZES) {
                for (TernaryOp op : TernaryOp.values()) {
                    for (float c : new float[] {0.25f, -0.7f, 1f}) {
                        for (int strides = 0; strides < 4; strides++) {
                            if (n > 1000 && (c != 1f || strides == 0)) continue;
                            int sa = strides & 1, sb = strides >> 1;
                            int os = rnd.nextInt(5), oa = rnd.nextInt(5), ob = rnd.nextInt(5);
                            float[] s = randomFloats(rnd, os + n, false), a = randomFloats(rnd, oa + n, false);
                            float[] b = randomFloats(rnd, ob + n, false), before = s.clone();
                            k.ternary(op, s, os, a, oa, sa, b, ob, sb, c, n);
                            for (int j = 0; j < n; j++) {
                                float want = op.apply(before[os + j], a[oa + j * sa], b[ob + j * sb], c);
                                assertUlps(want, s[os + j], 0, () -> k.name() + " " + op + " c=" + c + " n=" + n);
                                // And the float formula is the double one up to float rounding.
                                double exact = op.apply((double) before[os + j], a[oa + j * sa], b[ob + j * sb], c);
                                if (Math.abs(exact - s[os + j]) > 1e-4 * (1 + Math.abs(exact) + Math.abs(before[os + j]))) {
                                    fail(op + ": " + s[os + j] + " vs " + exact);
                                }
                            }
                            for (int j = 0; j < os; j++) assertEquals(before[j], s[j], "wrote before the start");
                        }
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ kernels on strided tensors

    /** Operand layouts: contiguous, offset, transposed, strided (every other column), row and full broadcast. */
    private static final String[] KINDS = {"contiguous", "offset", "transposed", "strided", "broadcast-row", "scalar"};

    /** A rows x cols view of the given kind over fresh random storage of {@code dt}. */
    private static Tensor make(DType dt, String kind, int rows, int cols, Random rnd) {
        int off = kind.equals("offset") ? 1 + rnd.nextInt(4) : 0;
        Layout l = switch (kind) {
            case "contiguous", "offset" -> new Layout(new int[] {rows, cols}, new int[] {cols, 1}, off);
            case "transposed" -> new Layout(new int[] {rows, cols}, new int[] {1, rows}, 0);
            case "strided" -> new Layout(new int[] {rows, cols}, new int[] {2 * cols + 1, 2}, 1);
            case "broadcast-row" -> new Layout(new int[] {rows, cols}, new int[] {0, 1}, 0);
            case "scalar" -> new Layout(new int[] {rows, cols}, new int[] {0, 0}, 0);
            default -> throw new IllegalArgumentException(kind);
        };
        int size = 1 + off + Math.max(0, (rows - 1) * l.stride(0)) + Math.max(0, (cols - 1) * l.stride(1)) + 2;
        return new Tensor(randomStorage(dt, size, rnd), l);
    }

    private static Storage randomStorage(DType dt, int size, Random rnd) {
        switch (dt) {
            case FLOAT32: return Storage.wrap(randomFloats(rnd, size, true));
            case FLOAT64: {
                double[] d = new double[size];
                for (int i = 0; i < size; i++) d[i] = rnd.nextGaussian() * 4;
                if (size > 2) d[rnd.nextInt(size)] = Double.NaN;
                return Storage.wrap(d);
            }
            case INT64: {
                long[] d = new long[size];
                for (int i = 0; i < size; i++) d[i] = 1 + rnd.nextInt(9); // positive: valid divisors and exponents
                return Storage.wrap(d);
            }
            case INT32: {
                int[] d = new int[size];
                for (int i = 0; i < size; i++) d[i] = 1 + rnd.nextInt(9);
                return Storage.wrap(d);
            }
            case UINT8: {
                byte[] d = new byte[size];
                for (int i = 0; i < size; i++) d[i] = (byte) (1 + rnd.nextInt(255));
                return Storage.wrap(d);
            }
            default: {
                byte[] d = new byte[size];
                for (int i = 0; i < size; i++) d[i] = (byte) rnd.nextInt(2);
                return Storage.wrapBool(d);
            }
        }
    }

    /** An output of the given shape: contiguous, or a transposed view (so writes are strided). */
    private static Tensor output(DType dt, int rows, int cols, boolean transposed) {
        Storage s = Storage.allocate(dt, rows * cols + 1);
        return new Tensor(s, transposed ? new Layout(new int[] {rows, cols}, new int[] {1, rows}, 1)
                : new Layout(new int[] {rows, cols}, new int[] {cols, 1}, 1));
    }

    private static int at(Tensor t, int i, int j) {
        Layout l = t.layout();
        return l.offset() + i * l.stride(0) + j * l.stride(1);
    }

    private static double getD(Tensor t, int i, int j) {
        return Elements.getD(t.storage().data(), at(t, i, j));
    }

    private static long getL(Tensor t, int i, int j) {
        return Elements.getL(t.storage().data(), at(t, i, j));
    }

    /** The shapes each kernel test runs: odd 1-D sizes as 1 x n rows, and small 2-D blocks. */
    private static int[][] shapes() {
        List<int[]> s = new ArrayList<>();
        for (int n : SIZES) s.add(new int[] {1, n});
        s.add(new int[] {7, 33});
        s.add(new int[] {129, 5});
        s.add(new int[] {1001, 1001}); // past the parallel grain with every layout
        return s.toArray(new int[0][]);
    }

    private static boolean big(int[] shape) {
        return shape[0] * shape[1] > 100_000;
    }

    /** Sizes past the grain are checked for a few ops and dtypes only, to keep the test fast. */
    private static boolean bigCase(DType dt, boolean op) {
        return op && (dt == DType.FLOAT32 || dt == DType.INT64);
    }

    @Test
    void binaryKernelMatchesReferenceForAllDtypesAndLayouts() {
        Random rnd = new Random(4);
        for (DType dt : DType.values()) {
            for (BinaryOp op : BinaryOp.values()) {
                if (!dt.isFloatingPoint() && (op == BinaryOp.DIV || op == BinaryOp.ATAN2)) continue; // promoted by the ops
                if (dt == DType.BOOL && (op == BinaryOp.REMAINDER || op == BinaryOp.FMOD)) continue; // false is a zero divisor
                for (int[] sh : shapes()) {
                    if (big(sh) && !bigCase(dt, op == BinaryOp.ADD || op == BinaryOp.MUL || op == BinaryOp.LT)) continue;
                    for (int ka = 0; ka < KINDS.length; ka++) {
                        // Every layout of a against a contiguous b, then b's layouts against a contiguous a.
                        for (int kb = 0; kb < KINDS.length; kb++) {
                            if (ka != 0 && kb != 0) continue;
                            if (big(sh) && ka % 2 == 1) continue;
                            boolean outT = (ka + kb) % 3 == 2;
                            checkBinary(dt, op, make(dt, KINDS[ka], sh[0], sh[1], rnd), make(dt, KINDS[kb], sh[0], sh[1], rnd),
                                    output(op.isPredicate() ? DType.BOOL : dt, sh[0], sh[1], outT));
                        }
                    }
                }
            }
        }
    }

    private static void checkBinary(DType dt, BinaryOp op, Tensor a, Tensor b, Tensor out) {
        CpuElementwise.INSTANCE.binary(op, a, b, out);
        int rows = out.layout().size(0), cols = out.layout().size(1);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int ii = i, jj = j;
                if (dt.isFloatingPoint()) {
                    double want = op.apply(getD(a, i, j), getD(b, i, j));
                    double got = getD(out, i, j);
                    if (out.dtype() == DType.FLOAT32) want = (float) want;
                    if (out.dtype() == DType.BOOL) want = want != 0 ? 1 : 0;
                    assertSame(want, got, () -> dt + " " + op + " at " + ii + "," + jj + " " + a.layout() + " " + b.layout());
                } else {
                    long want = op.apply(getL(a, i, j), getL(b, i, j));
                    assertEquals(narrow(out.dtype(), want), getL(out, i, j), () -> dt + " " + op + " at " + ii + "," + jj);
                }
            }
        }
    }

    /** A long as the dtype stores it. */
    private static long narrow(DType dt, long v) {
        return switch (dt) {
            case INT32 -> (int) v;
            case UINT8 -> v & 0xFF;
            case BOOL -> v != 0 ? 1 : 0;
            default -> v;
        };
    }

    @Test
    void unaryKernelMatchesReferenceForAllDtypesAndLayouts() {
        Random rnd = new Random(5);
        for (DType dt : DType.values()) {
            for (UnaryOp op : UnaryOp.values()) {
                boolean integral = !dt.isFloatingPoint();
                if (integral && !op.keepsIntegers() && !op.isPredicate()) continue; // computed in float by the ops
                if (dt == DType.BOOL && op == UnaryOp.NEG) continue;
                for (int[] sh : shapes()) {
                    if (big(sh) && !bigCase(dt, op == UnaryOp.RELU || op == UnaryOp.TANH || op == UnaryOp.ISNAN)) continue;
                    for (String kind : KINDS) {
                        for (boolean outT : new boolean[] {false, true}) {
                            if (big(sh) && outT == kind.equals("contiguous")) continue;
                            Tensor x = make(dt, kind, sh[0], sh[1], rnd);
                            Tensor out = output(op.isPredicate() ? DType.BOOL : dt, sh[0], sh[1], outT);
                            CpuElementwise.INSTANCE.unary(op, x, out);
                            int ulps = dt == DType.FLOAT32 && !EXACT_UNARY.contains(op) ? MAX_ULPS : 0;
                            for (int i = 0; i < sh[0]; i++) {
                                for (int j = 0; j < sh[1]; j++) {
                                    if (integral) {
                                        assertEquals(narrow(out.dtype(), op.apply(getL(x, i, j))), getL(out, i, j), () -> op + " " + dt);
                                        continue;
                                    }
                                    double want = op.apply(getD(x, i, j));
                                    if (out.dtype() == DType.BOOL) want = want != 0 ? 1 : 0;
                                    if (out.dtype() == DType.FLOAT32) {
                                        assertUlps((float) want, (float) getD(out, i, j), ulps, () -> op + " " + kind);
                                    } else {
                                        assertSame(want, getD(out, i, j), () -> dt + " " + op + " " + kind);
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
    void ternaryKernelMatchesReference() {
        Random rnd = new Random(6);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (TernaryOp op : TernaryOp.values()) {
                for (int[] sh : shapes()) {
                    for (String ks : new String[] {"contiguous", "offset", "transposed", "strided"}) {
                        for (String kab : KINDS) {
                            if (big(sh) && (dt == DType.FLOAT64 || !(ks.equals("contiguous") || kab.equals("contiguous")))) continue;
                            Tensor self = make(dt, ks, sh[0], sh[1], rnd);
                            Tensor a = make(dt, kab, sh[0], sh[1], rnd), b = make(dt, "contiguous", sh[0], sh[1], rnd);
                            Tensor before = self.clone();
                            double c = 0.3;
                            CpuElementwise.INSTANCE.ternary(op, self, a, b, c);
                            for (int i = 0; i < sh[0]; i++) {
                                for (int j = 0; j < sh[1]; j++) {
                                    double s0 = before.storage().data() instanceof float[] f ? f[at(before, i, j)]
                                            : ((double[]) before.storage().data())[at(before, i, j)];
                                    double want = dt == DType.FLOAT32
                                            ? op.apply((float) s0, (float) getD(a, i, j), (float) getD(b, i, j), (float) c)
                                            : op.apply(s0, getD(a, i, j), getD(b, i, j), c);
                                    int ii = i, jj = j;
                                    assertSame(want, getD(self, i, j), () -> dt + " " + op + " " + ks + "/" + kab + " at " + ii + "," + jj);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void copyAndFillFollowLayouts() {
        Random rnd = new Random(7);
        for (DType from : DType.values()) {
            for (DType to : new DType[] {DType.FLOAT32, DType.INT64, from}) {
                for (int[] sh : shapes()) {
                    if (big(sh) && from != to) continue;
                    for (String kind : KINDS) {
                        if (big(sh) && kind.equals("offset")) continue;
                        Tensor src = make(from, kind, sh[0], sh[1], rnd);
                        Tensor dst = output(to, sh[0], sh[1], kind.equals("offset"));
                        CpuElementwise.INSTANCE.copy(src, dst);
                        for (int i = 0; i < sh[0]; i++) {
                            for (int j = 0; j < sh[1]; j++) {
                                double v = getD(src, i, j);
                                if (to == DType.INT64 && from.isFloatingPoint()) {
                                    assertEquals(Double.isNaN(v) ? 0 : (long) v, getL(dst, i, j));
                                } else if (to == DType.FLOAT32) {
                                    assertSame((float) v, getD(dst, i, j), () -> "copy " + from + " -> " + to);
                                } else {
                                    assertSame(v, getD(dst, i, j), () -> "copy " + from + " -> " + to);
                                }
                            }
                        }
                    }
                }
            }
            Tensor t = output(from, 33, 7, true);
            CpuElementwise.INSTANCE.fill(t, 1);
            for (int i = 0; i < 33; i++) for (int j = 0; j < 7; j++) assertEquals(1.0, getD(t, i, j));
        }
    }

    // ------------------------------------------------------------------ the fused in-place ops

    @Test
    void fusedInPlaceOpsMatchTheComposedOnes() {
        Torch.manualSeed(0);
        Tensor t1 = Torch.rand(37, 5), t2 = Torch.rand(37, 5).add(0.5), row = Torch.rand(5);
        for (Tensor other : new Tensor[] {t2, row, t2.t().contiguous().t()}) {
            Tensor base = Torch.rand(37, 5);
            // With a graph the op is composed (self must be a non-leaf); without, it is one kernel.
            Tensor leaf = base.clone().requiresGrad_();
            Tensor composed = leaf.mul(1);
            composed.addcmul_(t1, other, -0.3).addcdiv_(t1, other, 0.7).lerp_(t1, 0.25).lerp_(other, 0.75).maximum_(t1);
            Tensor fused = base.clone();
            try (var g = Torch.noGrad()) {
                fused.addcmul_(t1, other, -0.3).addcdiv_(t1, other, 0.7).lerp_(t1, 0.25).lerp_(other, 0.75).maximum_(t1);
            }
            float[] c = composed.detach().contiguous().storage().floats(), f = fused.contiguous().storage().floats();
            for (int i = 0; i < c.length; i++) assertUlps(c[i], f[i], 1, () -> "fused vs composed");
            // The composed path still differentiates: d/dself of the chain, checked against the fused values' shape.
            composed.sum().backward();
            assertNotNull(leaf.grad());
        }
    }

    @Test
    void fusedPathKeepsThePyTorchChecks() {
        Tensor self = Torch.zeros(3);
        try {
            self.addcmul_(Torch.ones(4), Torch.ones(4), 1);
            fail("expected a shape error");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("size") || e.getMessage().contains("shape"), e.getMessage());
        }
        assertEquals(0f, self.storage().floats()[0], "a failed in-place op leaves its tensor unchanged");
    }

    // ------------------------------------------------------------------ helpers

    private static void assertUlps(float want, float got, int ulps, java.util.function.Supplier<String> what) {
        if (Float.isNaN(want) && Float.isNaN(got)) return;
        // Subnormal results (sigmoid far below -87) come out as 0 or rounded from a float exp, as in PyTorch.
        if (ulps > 0 && Math.abs(want) < Float.MIN_NORMAL && Math.abs(got) < Float.MIN_NORMAL) return;
        if (want == got && (want != 0 || Float.floatToIntBits(want) == Float.floatToIntBits(got))) return;
        if (Float.isInfinite(want) || Float.isInfinite(got) || Float.isNaN(want) || Float.isNaN(got) || ulps == 0
                || Math.abs((long) Float.floatToIntBits(want) - Float.floatToIntBits(got)) > ulps) {
            fail(what.get() + ": expected " + want + " but got " + got);
        }
    }

    private static void assertSame(double want, double got, java.util.function.Supplier<String> what) {
        if (Double.isNaN(want) && Double.isNaN(got)) return;
        if (Double.doubleToLongBits(want) != Double.doubleToLongBits(got)) fail(what.get() + ": expected " + want + " but got " + got);
    }
}

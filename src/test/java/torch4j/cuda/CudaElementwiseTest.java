package torch4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static torch4j.cuda.CudaVsCpu.DTYPES;
import static torch4j.cuda.CudaVsCpu.GPU;
import static torch4j.cuda.CudaVsCpu.SHAPES;
import static torch4j.cuda.CudaVsCpu.assertClose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Device;
import torch4j.Layout;
import torch4j.Tensor;
import torch4j.backend.Backend;
import torch4j.backend.BinaryOp;
import torch4j.backend.ElementwiseKernels;
import torch4j.backend.ReduceOp;
import torch4j.backend.TernaryOp;
import torch4j.backend.UnaryOp;
import torch4j.cuda.CudaVsCpu.Pair;
import torch4j.cuda.CudaVsCpu.View;

/**
 * The CUDA element-wise kernels against the CPU backend's: every op code and dtype, on outputs of
 * 1 to 4257 elements (70,001 on the fast path) with contiguous, transposed, sliced, broadcast and
 * scalar operands, and strided outputs. Runs where a CUDA device (or the emulator) is present.
 */
class CudaElementwiseTest {
    private static ElementwiseKernels cpu() {
        return Backend.of(Device.CPU).elementwise();
    }

    private static ElementwiseKernels gpu() {
        return Backend.of(GPU).elementwise();
    }

    private static void requireGpu() {
        assumeTrue(Cuda.isAvailable(), "no CUDA device");
    }

    /** An output of {@code [r, c]} on both devices: contiguous, or (strided) a transposed view of a {@code [c, r]} buffer. */
    private static Pair output(DType dtype, int r, int c, boolean strided) {
        if (!strided) return Pair.zeros(dtype, r, c);
        return Pair.zeros(dtype, c, r).view(new Layout(new int[] {r, c}, new int[] {1, r}, 0));
    }

    // ------------------------------------------------------------------ op codes

    @Test
    void kernelOpCodesAreTheEnumOrdinals() throws IOException {
        String ew = Files.readString(Path.of("src/main/cuda/elementwise.cu"));
        String red = Files.readString(Path.of("src/main/cuda/reduce.cu"));
        assertCodes(ew, "EW_U_", UnaryOp.values());
        assertCodes(ew, "EW_B_", BinaryOp.values());
        assertCodes(ew, "EW_T_", TernaryOp.values());
        assertCodes(red, "RED_", ReduceOp.values());
    }

    private static void assertCodes(String source, String prefix, Enum<?>[] ops) {
        Map<String, Integer> codes = new HashMap<>();
        Matcher m = Pattern.compile("#define " + prefix + "([A-Z0-9_]+) (\\d+)\\n").matcher(source);
        while (m.find()) codes.put(m.group(1), Integer.parseInt(m.group(2)));
        assertEquals(ops.length, codes.size(), prefix + " codes: " + codes);
        for (Enum<?> op : ops) assertEquals(op.ordinal(), codes.get(op.name()), prefix + op.name());
    }

    // ------------------------------------------------------------------ copy and fill

    @Test
    void copyCastsBetweenEveryPairOfDtypes() {
        requireGpu();
        Random rnd = new Random(1);
        for (DType from : DTYPES) {
            for (DType to : DTYPES) {
                for (int[] s : SHAPES) {
                    for (int vi : CudaVsCpu.views(s, from.ordinal() + to.ordinal())) {
                        View v = View.values()[vi];
                        Pair src = v.random(from, s[0], s[1], rnd);
                        Pair dst = output(to, s[0], s[1], v == View.TRANSPOSED);
                        cpu().copy(src.cpu(), dst.cpu());
                        gpu().copy(src.gpu(), dst.gpu());
                        assertClose(dst.cpu(), dst.gpu(), "copy " + from + " -> " + to + " " + v + " " + s[0] + "x" + s[1]);
                    }
                }
            }
        }
    }

    @Test
    void fillCastsTheValueAsTheCpu() {
        requireGpu();
        double[] doubles = {Double.NaN, Double.NEGATIVE_INFINITY, 1e30, -3.7, 300.5, 0.25, -0.0};
        long[] longs = {(1L << 53) + 1, -1, 300, Long.MIN_VALUE};
        for (DType dt : DTYPES) {
            for (boolean strided : new boolean[] {false, true}) {
                for (double d : doubles) {
                    Pair out = output(dt, 7, 33, strided);
                    cpu().fill(out.cpu(), d);
                    gpu().fill(out.gpu(), d);
                    assertClose(out.cpu(), out.gpu(), "fill " + dt + " with " + d);
                }
                for (long l : longs) {
                    Pair out = output(dt, 7, 33, strided);
                    cpu().fill(out.cpu(), l);
                    gpu().fill(out.gpu(), l);
                    assertClose(out.cpu(), out.gpu(), "fill " + dt + " with " + l + "L");
                }
            }
        }
    }

    // ------------------------------------------------------------------ unary

    @Test
    void unaryEveryOpAndDtype() {
        requireGpu();
        Random rnd = new Random(2);
        for (UnaryOp op : UnaryOp.values()) {
            for (DType dt : DTYPES) {
                if (!dt.isFloatingPoint() && !op.keepsIntegers() && !op.isPredicate()) continue;
                DType outType = op.isPredicate() ? DType.BOOL : dt;
                for (int[] s : SHAPES) {
                    for (int vi : CudaVsCpu.views(s, op.ordinal() + dt.ordinal())) {
                        View v = View.values()[vi];
                        Pair x = v.random(dt, s[0], s[1], rnd);
                        Pair out = output(outType, s[0], s[1], v == View.SLICED);
                        cpu().unary(op, x.cpu(), out.cpu());
                        gpu().unary(op, x.gpu(), out.gpu());
                        assertClose(out.cpu(), out.gpu(), op + " " + dt + " " + v + " " + s[0] + "x" + s[1]);
                    }
                }
            }
        }
    }

    @Test
    void unaryRejectsFloatOnlyOpsOnIntegers() {
        requireGpu();
        Pair x = Pair.zeros(DType.INT64, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gpu().unary(UnaryOp.EXP, x.gpu(), x.gpu()));
        assertTrue(e.getMessage().contains("EXP") && e.getMessage().contains("int64"), e.getMessage());
    }

    // ------------------------------------------------------------------ binary

    @Test
    void binaryEveryOpAndDtype() {
        requireGpu();
        Random rnd = new Random(3);
        View[] views = View.values();
        for (BinaryOp op : BinaryOp.values()) {
            for (DType dt : DTYPES) {
                boolean integral = !dt.isFloatingPoint();
                if (integral && (op == BinaryOp.DIV || op == BinaryOp.ATAN2)) continue;
                DType outType = op.isPredicate() ? DType.BOOL : dt;
                for (int[] s : SHAPES) {
                    for (int k : CudaVsCpu.views(s, op.ordinal() + dt.ordinal())) {
                        View va = views[k], vb = views[(k + 2) % views.length]; // every view against another
                        Pair a = va.random(dt, s[0], s[1], rnd);
                        Pair b = integral ? validDivisorOrExponent(op, dt, vb, s, rnd) : vb.random(dt, s[0], s[1], rnd);
                        Pair out = output(outType, s[0], s[1], va == View.TRANSPOSED);
                        cpu().binary(op, a.cpu(), b.cpu(), out.cpu());
                        gpu().binary(op, a.gpu(), b.gpu(), out.gpu());
                        assertClose(out.cpu(), out.gpu(), op + " " + dt + " " + va + "/" + vb + " " + s[0] + "x" + s[1]);
                    }
                }
            }
        }
    }

    /** A right operand the integer op accepts: non-zero divisors, exponents in [0, 6]. */
    private static Pair validDivisorOrExponent(BinaryOp op, DType dt, View v, int[] s, Random rnd) {
        Tensor base = CudaVsCpu.random(dt, v.baseSize(s[0], s[1]), rnd);
        if (op == BinaryOp.POW || op == BinaryOp.REMAINDER || op == BinaryOp.FMOD) {
            long[] vals = CudaVsCpu.longs(base);
            for (int i = 0; i < vals.length; i++) {
                long x = op == BinaryOp.POW ? Math.floorMod(vals[i], 7) : vals[i] == 0 ? 3 : vals[i];
                if (dt == DType.BOOL) x = 1;
                vals[i] = x;
            }
            base = Tensor.zeros(DType.INT64, Device.CPU, vals.length);
            System.arraycopy(vals, 0, base.storage().longs(), 0, vals.length);
            base = base.to(dt);
        }
        return Pair.of(base).view(v.layout(s[0], s[1]));
    }

    @Test
    void binaryFastPathOnContiguousAndScalarFloats() {
        requireGpu();
        Random rnd = new Random(11);
        BinaryOp[] ops = {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.RELU_BACKWARD};
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int n : new int[] {1, 2, 5, 7, 33, 129, 4097, 70_001}) {
                Layout flat = Layout.contiguous(n), scalar = new Layout(new int[] {n}, new int[] {0}, 1);
                for (BinaryOp op : ops) {
                    for (int k = 0; k < 3; k++) { // both contiguous, b a scalar, a a scalar
                        Pair a = Pair.of(CudaVsCpu.random(dt, n + 1, rnd)).view(k == 2 ? scalar : flat);
                        Pair b = Pair.of(CudaVsCpu.random(dt, n + 1, rnd)).view(k == 1 ? scalar : flat);
                        Pair out = Pair.zeros(dt, n);
                        cpu().binary(op, a.cpu(), b.cpu(), out.cpu());
                        gpu().binary(op, a.gpu(), b.gpu(), out.gpu());
                        assertClose(out.cpu(), out.gpu(), op + " " + dt + " n=" + n + " case " + k);
                    }
                }
            }
        }
    }

    @Test
    void integerRemainderByZeroAndNegativePowersThrowAsOnTheCpu() {
        requireGpu();
        for (DType dt : new DType[] {DType.INT64, DType.INT32, DType.UINT8}) {
            Pair a = Pair.of(CudaVsCpu.uniform(dt, 7, 1, 9, new Random(4)));
            Pair zero = Pair.zeros(dt, 7);
            Pair out = Pair.zeros(dt, 7);
            assertThrows(ArithmeticException.class, () -> cpu().binary(BinaryOp.REMAINDER, a.cpu(), zero.cpu(), out.cpu()));
            assertThrows(ArithmeticException.class, () -> gpu().binary(BinaryOp.REMAINDER, a.gpu(), zero.gpu(), out.gpu()));
            assertThrows(ArithmeticException.class, () -> gpu().binary(BinaryOp.FMOD, a.gpu(), zero.gpu(), out.gpu()));
        }
        Pair base = Pair.of(CudaVsCpu.uniform(DType.INT64, 5, 2, 9, new Random(5)));
        Pair exp = Pair.of(CudaVsCpu.uniform(DType.INT64, 5, -3, -1, new Random(6)));
        Pair out = Pair.zeros(DType.INT64, 5);
        assertThrows(IllegalArgumentException.class, () -> cpu().binary(BinaryOp.POW, base.cpu(), exp.cpu(), out.cpu()));
        assertThrows(IllegalArgumentException.class, () -> gpu().binary(BinaryOp.POW, base.gpu(), exp.gpu(), out.gpu()));
    }

    @Test
    void binaryRejectsMismatchedDtypesAndIntegerDivision() {
        requireGpu();
        Pair f = Pair.zeros(DType.FLOAT32, 3), l = Pair.zeros(DType.INT64, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gpu().binary(BinaryOp.ADD, f.gpu(), l.gpu(), f.gpu()));
        assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("int64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gpu().binary(BinaryOp.DIV, l.gpu(), l.gpu(), l.gpu()));
        assertTrue(e.getMessage().contains("DIV"), e.getMessage());
    }

    @Test
    void binaryOnThreeDimensionalPermutedOperands() {
        requireGpu();
        Random rnd = new Random(7);
        int[] shape = {5, 9, 4};
        Layout permuted = new Layout(shape, new int[] {1, 20, 5}, 0); // a [9, 4, 5] buffer permuted (2, 0, 1)
        Layout broadcast = new Layout(shape, new int[] {0, 1, 0}, 3);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT32}) {
            Pair a = Pair.of(CudaVsCpu.random(dt, 180, rnd)).view(permuted);
            Pair b = Pair.of(CudaVsCpu.random(dt, 12, rnd)).view(broadcast);
            Pair out = Pair.zeros(dt, 4, 5, 9).view(new Layout(shape, new int[] {1, 5, 45}, 0));
            cpu().binary(BinaryOp.MUL, a.cpu(), b.cpu(), out.cpu());
            gpu().binary(BinaryOp.MUL, a.gpu(), b.gpu(), out.gpu());
            assertClose(out.cpu(), out.gpu(), "3-d mul " + dt);
        }
    }

    // ------------------------------------------------------------------ ternary, where, optimizers

    @Test
    void ternaryEveryOpInPlace() {
        requireGpu();
        Random rnd = new Random(8);
        for (TernaryOp op : TernaryOp.values()) {
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                for (double c : new double[] {0.3, -2.5}) { // lerp from either end
                    for (int[] s : SHAPES) {
                        for (int vi : CudaVsCpu.views(s, op.ordinal() + dt.ordinal() + (c < 0 ? 1 : 0))) {
                            View v = View.values()[vi];
                            Pair self = output(dt, s[0], s[1], v == View.TRANSPOSED);
                            Tensor init = CudaVsCpu.uniform(dt, s[0] * s[1], -2, 2, rnd).reshape(s);
                            cpu().copy(init, self.cpu());
                            gpu().copy(init.to(GPU), self.gpu());
                            Pair a = v.random(dt, s[0], s[1], rnd);
                            Pair b = View.CONTIGUOUS.random(dt, s[0], s[1], rnd);
                            double[] scale = ternaryScale(op, CudaVsCpu.doubles(self.cpu()), CudaVsCpu.doubles(a.cpu()),
                                    CudaVsCpu.doubles(b.cpu()), c);
                            cpu().ternary(op, self.cpu(), a.cpu(), b.cpu(), c);
                            gpu().ternary(op, self.gpu(), a.gpu(), b.gpu(), c);
                            assertClose(self.cpu(), self.gpu(), scale, op + " " + dt + " c=" + c + " " + v + " " + s[0] + "x" + s[1]);
                        }
                    }
                }
            }
        }
    }

    /** The sizes of the terms each result sums: the GPU may fuse a multiply-add where the CPU rounds twice. */
    private static double[] ternaryScale(TernaryOp op, double[] s, double[] a, double[] b, double c) {
        double[] scale = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            double term = switch (op) {
                case ADDCMUL -> c * a[i] * b[i];
                case ADDCDIV -> c * a[i] / b[i];
                case LERP -> Math.abs(a[i]) + Math.abs(s[i]);
            };
            scale[i] = 4 * (Math.abs(s[i]) + Math.abs(term));
        }
        return scale;
    }

    @Test
    void whereEveryDtype() {
        requireGpu();
        Random rnd = new Random(9);
        View[] views = View.values();
        for (DType dt : DTYPES) {
            for (int[] s : SHAPES) {
                for (int k : CudaVsCpu.views(s, dt.ordinal())) {
                    Pair cond = views[k].random(DType.BOOL, s[0], s[1], rnd);
                    Pair a = views[(k + 1) % views.length].random(dt, s[0], s[1], rnd);
                    Pair b = views[(k + 3) % views.length].random(dt, s[0], s[1], rnd);
                    Pair out = output(dt, s[0], s[1], k % 2 == 1);
                    cpu().where(cond.cpu(), a.cpu(), b.cpu(), out.cpu());
                    gpu().where(cond.gpu(), a.gpu(), b.gpu(), out.gpu());
                    assertClose(out.cpu(), out.gpu(), "where " + dt + " " + views[k] + " " + s[0] + "x" + s[1]);
                }
            }
        }
    }

    @Test
    void adamStepMatchesTheCpuOverSeveralSteps() {
        requireGpu();
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int variant = 0; variant < 4; variant++) {
                boolean amsgrad = variant % 2 == 1, decoupled = variant >= 2, maximize = variant == 3;
                Random rnd = new Random(10 + variant);
                int n = 4097;
                Pair p = Pair.of(CudaVsCpu.uniform(dt, n, -1, 1, rnd)), m = Pair.zeros(dt, n), v = Pair.zeros(dt, n);
                Pair vmax = amsgrad ? Pair.zeros(dt, n) : new Pair(null, null);
                for (int step = 1; step <= 3; step++) {
                    Pair g = Pair.of(CudaVsCpu.uniform(dt, n, -1, 1, rnd));
                    assertTrue(cpu().adamStep(p.cpu(), g.cpu(), m.cpu(), v.cpu(), vmax.cpu(), 1e-2, 0.9, 0.999, 1e-8, 0.1,
                            decoupled, step, amsgrad, maximize));
                    assertTrue(gpu().adamStep(p.gpu(), g.gpu(), m.gpu(), v.gpu(), vmax.gpu(), 1e-2, 0.9, 0.999, 1e-8, 0.1,
                            decoupled, step, amsgrad, maximize));
                }
                String what = "adam " + dt + " amsgrad=" + amsgrad + " decoupled=" + decoupled + " maximize=" + maximize;
                assertClose(p.cpu(), p.gpu(), 1.0, what + ": param");
                assertClose(m.cpu(), m.gpu(), 1.0, what + ": exp_avg");
                assertClose(v.cpu(), v.gpu(), 1.0, what + ": exp_avg_sq");
                if (amsgrad) assertClose(vmax.cpu(), vmax.gpu(), 1.0, what + ": max_exp_avg_sq");
            }
        }
    }

    @Test
    void sgdStepMatchesTheCpu() {
        requireGpu();
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int variant = 0; variant < 4; variant++) {
                boolean momentum = variant > 0, nesterov = variant == 2, maximize = variant == 3;
                Random rnd = new Random(20 + variant);
                int n = 129;
                Pair p = Pair.of(CudaVsCpu.uniform(dt, n, -1, 1, rnd));
                Pair buf = momentum ? Pair.zeros(dt, n) : new Pair(null, null);
                for (int step = 0; step < 3; step++) {
                    Pair g = Pair.of(CudaVsCpu.uniform(dt, n, -1, 1, rnd));
                    double mom = momentum ? 0.9 : 0;
                    assertTrue(cpu().sgdStep(p.cpu(), g.cpu(), buf.cpu(), 0.1, mom, 0.1, 0.01, nesterov, maximize, step == 0));
                    assertTrue(gpu().sgdStep(p.gpu(), g.gpu(), buf.gpu(), 0.1, mom, 0.1, 0.01, nesterov, maximize, step == 0));
                }
                String what = "sgd " + dt + " variant " + variant;
                assertClose(p.cpu(), p.gpu(), 1.0, what + ": param");
                if (momentum) assertClose(buf.cpu(), buf.gpu(), 1.0, what + ": momentum buffer");
            }
        }
    }

    @Test
    void fusedOptimizersDeclineNonContiguousParameters() {
        requireGpu();
        Pair p = Pair.zeros(DType.FLOAT32, 4, 3).view(new Layout(new int[] {3, 4}, new int[] {1, 3}, 0));
        Pair g = Pair.zeros(DType.FLOAT32, 3, 4), m = Pair.zeros(DType.FLOAT32, 3, 4), v = Pair.zeros(DType.FLOAT32, 3, 4);
        assertFalse(gpu().adamStep(p.gpu(), g.gpu(), m.gpu(), v.gpu(), null, 1e-3, 0.9, 0.999, 1e-8, 0, false, 1, false, false));
        assertFalse(gpu().sgdStep(p.gpu(), g.gpu(), null, 0.1, 0, 0, 0, false, false, true));
    }
}

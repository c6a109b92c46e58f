package torch4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.backend.OptimizerScalars;
import torch4j.testing.TestDevice;

/**
 * The fused optimizer loops (Adam/AdamW, SGD) against a plain reference: PyTorch 1.13's composed
 * update written out per element in double, with its own operation order ({@code m / (sqrt(v) /
 * sqrt(c2) + eps)}, not the kernels' rearranged form). The float32 scalar and Vector API loops
 * must also agree bit for bit. Sizes are odd, past the vector width and the parallel grain; every
 * option combination is covered, and the kernels must decline (touching nothing) what they cannot
 * take.
 */
class OptimizerKernelsTest {
    @BeforeEach
    void cpuOnly() {
        TestDevice.assumeCpu("these are the CPU kernels themselves");
    }

    private static final int[] SIZES = {1, 7, 33, 129, 4099};

    private static List<FloatKernels> loops() {
        List<FloatKernels> l = new ArrayList<>();
        l.add(FloatLoops.SCALAR);
        if (FloatLoops.VECTOR != null) l.add(FloatLoops.VECTOR);
        return l;
    }

    /** One Adam configuration: the kernel's arguments after the tensors. */
    private record AdamCase(double lr, double beta1, double beta2, double eps, double wd, boolean decoupled, int step,
            boolean amsgrad, boolean maximize) {}

    private static List<AdamCase> adamCases() {
        List<AdamCase> cases = new ArrayList<>();
        for (int mask = 0; mask < 16; mask++) {
            boolean amsgrad = (mask & 1) != 0, maximize = (mask & 2) != 0, wd = (mask & 4) != 0, decoupled = (mask & 8) != 0;
            cases.add(new AdamCase(1e-2, 0.9, 0.999, 1e-8, wd ? 0.1 : 0, decoupled, 1 + mask % 5, amsgrad, maximize));
        }
        cases.add(new AdamCase(0.3, 0.5, 0.8, 1e-3, 0.05, false, 17, true, false));
        return cases;
    }

    /** PyTorch 1.13's single-tensor Adam/AdamW on element j, in double: returns {p, m, v, vmax}. */
    private static double[] adamReference(AdamCase c, double p, double g, double m, double v, double vmax) {
        if (c.maximize()) g = -g;
        if (c.decoupled()) p *= 1 - c.lr() * c.wd();
        else if (c.wd() != 0) g = g + c.wd() * p;
        m = m * c.beta1() + (1 - c.beta1()) * g;
        v = v * c.beta2() + (1 - c.beta2()) * g * g;
        double c1 = 1 - Math.pow(c.beta1(), c.step()), c2Sqrt = Math.sqrt(1 - Math.pow(c.beta2(), c.step()));
        double second = v;
        if (c.amsgrad()) second = vmax = Math.max(vmax, v);
        double denom = Math.sqrt(second) / c2Sqrt + c.eps();
        p = p - c.lr() / c1 * m / denom;
        return new double[] {p, m, v, vmax};
    }

    private static float[] randoms(Random rnd, int n, float lo, float hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * rnd.nextFloat();
        return a;
    }

    private static void assertNear(double want, double got, double tol, String what) {
        if (!(Math.abs(want - got) <= tol * (1 + Math.abs(want)))) fail(what + ": expected " + want + " but got " + got);
    }

    @Test
    void adamLoopsMatchReference() {
        Random rnd = new Random(1);
        for (AdamCase c : adamCases()) {
            OptimizerScalars.Adam s = OptimizerScalars.Adam.of(c.lr(), c.beta1(), c.beta2(), c.eps(), c.wd(), c.decoupled(),
                    c.step(), c.maximize());
            for (int n : SIZES) {
                int off = rnd.nextInt(4);
                float[] p0 = randoms(rnd, off + n, -2, 2), g0 = randoms(rnd, off + n, -1, 1), m0 = randoms(rnd, off + n, -0.5f, 0.5f);
                float[] v0 = randoms(rnd, off + n, 0, 0.3f), x0 = randoms(rnd, off + n, 0, 0.3f);
                float[][] first = null;
                for (FloatKernels k : loops()) {
                    float[] p = p0.clone(), g = g0.clone(), m = m0.clone(), v = v0.clone(), x = c.amsgrad() ? x0.clone() : null;
                    // Operands at different offsets, as views into larger storages are.
                    k.adam(s, p, off, g, off, m, off, v, off, x, off, n);
                    for (int j = off; j < off + n; j++) {
                        double[] r = adamReference(c, p0[j], g0[j], m0[j], v0[j], x0[j]);
                        String what = k.name() + " " + c + " n=" + n + " at " + j;
                        assertNear(r[0], p[j], 1e-5, what + " param");
                        assertNear(r[1], m[j], 1e-6, what + " expAvg");
                        assertNear(r[2], v[j], 1e-6, what + " expAvgSq");
                        if (x != null) assertNear(r[3], x[j], 1e-6, what + " maxExpAvgSq");
                    }
                    assertArrayEquals(g0, g, "the gradient must not change");
                    for (int j = 0; j < off; j++) assertEquals(p0[j], p[j], "wrote before the start");
                    float[][] got = {p, m, v, x == null ? new float[0] : x};
                    if (first == null) first = got;
                    else for (int a = 0; a < 4; a++) assertBitsEqual(first[a], got[a], "vector vs scalar " + c + " n=" + n);
                }
            }
        }
    }

    private static void assertBitsEqual(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(got[i])) {
                fail(what + " at " + i + ": " + want[i] + " vs " + got[i]);
            }
        }
    }

    /** One SGD configuration. */
    private record SgdCase(double lr, double momentum, double dampening, double wd, boolean nesterov, boolean maximize,
            boolean first) {}

    private static List<SgdCase> sgdCases() {
        List<SgdCase> cases = new ArrayList<>();
        for (int mask = 0; mask < 16; mask++) {
            boolean maximize = (mask & 1) != 0, wd = (mask & 2) != 0, nesterov = (mask & 4) != 0, first = (mask & 8) != 0;
            cases.add(new SgdCase(0.05, 0.9, 0, wd ? 1e-2 : 0, nesterov, maximize, first));
        }
        cases.add(new SgdCase(0.1, 0, 0, 0, false, false, false));
        cases.add(new SgdCase(0.1, 0, 0, 0.3, false, true, false));
        cases.add(new SgdCase(0.1, 0.5, 0.25, 0.01, false, false, false));
        cases.add(new SgdCase(0.1, 0.5, 0.25, 0.01, false, false, true));
        return cases;
    }

    /** PyTorch 1.13's single-tensor SGD on one element, in double: returns {p, buf}. */
    private static double[] sgdReference(SgdCase c, double p, double g, double buf) {
        double d = c.maximize() ? -g : g;
        if (c.wd() != 0) d = d + c.wd() * p;
        if (c.momentum() != 0) {
            buf = c.first() ? d : buf * c.momentum() + (1 - c.dampening()) * d;
            d = c.nesterov() ? d + c.momentum() * buf : buf;
        }
        return new double[] {p - c.lr() * d, buf};
    }

    @Test
    void sgdLoopsMatchReference() {
        Random rnd = new Random(2);
        for (SgdCase c : sgdCases()) {
            OptimizerScalars.Sgd s = OptimizerScalars.Sgd.of(c.lr(), c.momentum(), c.dampening(), c.wd(), c.nesterov(),
                    c.maximize(), c.first());
            for (int n : SIZES) {
                int off = rnd.nextInt(4);
                float[] p0 = randoms(rnd, off + n, -2, 2), g0 = randoms(rnd, off + n, -1, 1), b0 = randoms(rnd, off + n, -1, 1);
                float[][] first = null;
                for (FloatKernels k : loops()) {
                    float[] p = p0.clone(), g = g0.clone(), b = c.momentum() != 0 ? b0.clone() : null;
                    k.sgd(s, p, off, g, off, b, off, n);
                    for (int j = off; j < off + n; j++) {
                        double[] r = sgdReference(c, p0[j], g0[j], b0[j]);
                        String what = k.name() + " " + c + " n=" + n + " at " + j;
                        assertNear(r[0], p[j], 1e-6, what + " param");
                        if (b != null) assertNear(r[1], b[j], 1e-6, what + " buffer");
                    }
                    float[][] got = {p, b == null ? new float[0] : b};
                    if (first == null) first = got;
                    else for (int a = 0; a < 2; a++) assertBitsEqual(first[a], got[a], "vector vs scalar " + c + " n=" + n);
                }
            }
        }
    }

    // ------------------------------------------------------------------ through the backend interface

    private static Tensor rand(Random rnd, DType dt, float lo, float hi, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return Torch.tensor(randoms(rnd, n, lo, hi), shape).to(dt);
    }

    /** float32 and float64 tensors, sliced at an offset, and large enough to be split over threads. */
    @Test
    void adamStepOnTensorsMatchesReference() {
        Random rnd = new Random(3);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int n : new int[] {5, 70001}) {
                AdamCase c = new AdamCase(1e-3, 0.9, 0.999, 1e-8, 0.01, dt == DType.FLOAT32, 3, true, dt == DType.FLOAT64);
                // Contiguous views at an offset: row 1 of a [2, n] tensor.
                Tensor p = rand(rnd, dt, -2, 2, 2, n).select(0, 1), g = rand(rnd, dt, -1, 1, 2, n).select(0, 1);
                Tensor m = rand(rnd, dt, -0.5f, 0.5f, n), v = rand(rnd, dt, 0, 0.3f, n), x = rand(rnd, dt, 0, 0.3f, n);
                double[] p0 = p.toDoubleArray(), g0 = g.toDoubleArray(), m0 = m.toDoubleArray(), v0 = v.toDoubleArray();
                double[] x0 = x.toDoubleArray();
                assertTrue(CpuElementwise.INSTANCE.adamStep(p, g, m, v, x, c.lr(), c.beta1(), c.beta2(), c.eps(), c.wd(),
                        c.decoupled(), c.step(), c.amsgrad(), c.maximize()));
                double tol = dt == DType.FLOAT32 ? 1e-5 : 1e-13;
                double[] p1 = p.toDoubleArray(), m1 = m.toDoubleArray(), v1 = v.toDoubleArray(), x1 = x.toDoubleArray();
                for (int j = 0; j < n; j++) {
                    double[] r = adamReference(c, p0[j], g0[j], m0[j], v0[j], x0[j]);
                    String what = dt + " n=" + n + " at " + j;
                    assertNear(r[0], p1[j], tol, what + " param");
                    assertNear(r[1], m1[j], tol, what + " expAvg");
                    assertNear(r[2], v1[j], tol, what + " expAvgSq");
                    assertNear(r[3], x1[j], tol, what + " maxExpAvgSq");
                }
            }
        }
    }

    @Test
    void sgdStepOnTensorsMatchesReference() {
        Random rnd = new Random(4);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int n : new int[] {5, 70001}) {
                SgdCase c = new SgdCase(0.1, 0.9, 0, 1e-3, true, false, false);
                Tensor p = rand(rnd, dt, -2, 2, n), g = rand(rnd, dt, -1, 1, n), b = rand(rnd, dt, -1, 1, 2, n).select(0, 1);
                double[] p0 = p.toDoubleArray(), g0 = g.toDoubleArray(), b0 = b.toDoubleArray();
                assertTrue(CpuElementwise.INSTANCE.sgdStep(p, g, b, c.lr(), c.momentum(), c.dampening(), c.wd(), c.nesterov(),
                        c.maximize(), c.first()));
                double tol = dt == DType.FLOAT32 ? 1e-6 : 1e-14;
                double[] p1 = p.toDoubleArray(), b1 = b.toDoubleArray();
                for (int j = 0; j < n; j++) {
                    double[] r = sgdReference(c, p0[j], g0[j], b0[j]);
                    assertNear(r[0], p1[j], tol, dt + " n=" + n + " param at " + j);
                    assertNear(r[1], b1[j], tol, dt + " n=" + n + " buffer at " + j);
                }
            }
        }
    }

    /** What the fused kernels cannot take they decline, changing nothing: the optimizer then composes the step. */
    @Test
    void declinesWhatItCannotTake() {
        Random rnd = new Random(5);
        Tensor p = rand(rnd, DType.FLOAT32, -1, 1, 3, 4), m = Torch.zeros(DType.FLOAT32, torch4j.Device.CPU, 3, 4);
        Tensor v = Torch.zeros(DType.FLOAT32, torch4j.Device.CPU, 3, 4);
        float[] before = p.toFloatArray();
        Tensor[] grads = {
            rand(rnd, DType.FLOAT32, -1, 1, 4, 3).t(),      // non-contiguous
            rand(rnd, DType.FLOAT64, -1, 1, 3, 4),          // another dtype
            rand(rnd, DType.FLOAT32, -1, 1, 12),            // another shape
        };
        for (Tensor g : grads) {
            assertFalse(CpuElementwise.INSTANCE.adamStep(p, g, m, v, null, 0.1, 0.9, 0.999, 1e-8, 0, false, 1, false, false));
            assertFalse(CpuElementwise.INSTANCE.sgdStep(p, g, null, 0.1, 0, 0, 0, false, false, false));
        }
        Tensor g = rand(rnd, DType.FLOAT32, -1, 1, 3, 4);
        // Operands sharing a storage: a write to one would be read through the other.
        assertFalse(CpuElementwise.INSTANCE.adamStep(p, m, m, v, null, 0.1, 0.9, 0.999, 1e-8, 0, false, 1, false, false));
        assertFalse(CpuElementwise.INSTANCE.sgdStep(p, g, g, 0.1, 0.9, 0, 0, false, false, false));
        assertFalse(CpuElementwise.INSTANCE.sgdStep(p, p, null, 0.1, 0, 0, 0, false, false, false));
        // AMSGrad without its buffer, momentum without a buffer, an int parameter.
        assertFalse(CpuElementwise.INSTANCE.adamStep(p, g, m, v, null, 0.1, 0.9, 0.999, 1e-8, 0, false, 1, true, false));
        assertFalse(CpuElementwise.INSTANCE.sgdStep(p, g, null, 0.1, 0.9, 0, 0, false, false, false));
        Tensor ip = Torch.zeros(DType.INT64, torch4j.Device.CPU, 3, 4);
        assertFalse(CpuElementwise.INSTANCE.sgdStep(ip, ip.clone(), null, 0.1, 0, 0, 0, false, false, false));
        assertArrayEquals(before, p.toFloatArray());
        assertArrayEquals(new float[12], m.toFloatArray());
        assertArrayEquals(new float[12], v.toFloatArray());
    }
}

package torch4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;

/** Tensor comparisons for tests: shape, dtype and values within a tolerance (NaNs match NaNs). */
public final class Assertions {
    private Assertions() {}

    /**
     * Same shape and dtype, values within {@code atol + rtol * |expected|}. Either tensor may be on
     * any device: both are copied to the CPU first (a CUDA result is compared once computed).
     */
    public static void assertClose(Tensor expectedTensor, Tensor actualTensor, double rtol, double atol) {
        Tensor expected = onCpu(expectedTensor), actual = onCpu(actualTensor);
        assertArrayEquals(expected.shape(), actual.shape(), () -> "shape: expected " + expected.size() + " got " + actual.size());
        assertEquals(expected.dtype(), actual.dtype(), "dtype");
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            if (Double.isNaN(e[i]) && Double.isNaN(a[i])) continue;
            if (e[i] == a[i]) continue;
            if (!(Math.abs(e[i] - a[i]) <= atol + rtol * Math.abs(e[i]))) {
                fail("element " + i + ": expected " + e[i] + " but got " + a[i] + "\nexpected: " + expected + "\nactual: " + actual);
            }
        }
    }

    private static Tensor onCpu(Tensor t) {
        return t.device().equals(Device.CPU) ? t : t.detach().cpu();
    }

    /** Tolerances suited to the dtype: float32 1e-5 relative, float64 1e-10, integers exact. */
    public static void assertClose(Tensor expected, Tensor actual) {
        DType d = expected.dtype();
        if (d == DType.FLOAT32) assertClose(expected, actual, 1e-5, 1e-6);
        else if (d == DType.FLOAT64) assertClose(expected, actual, 1e-10, 1e-12);
        else assertClose(expected, actual, 0, 0);
    }
}

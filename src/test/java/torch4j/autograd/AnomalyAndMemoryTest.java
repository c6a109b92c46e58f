package torch4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;

/** detectAnomaly, and that a backward without retainGraph frees what the graph saved. */
class AnomalyAndMemoryTest {
    @Test
    void anomalyModeNamesTheOpThatMadeNaN() {
        Tensor x = Torch.zeros(DType.FLOAT64, 2).requiresGrad_();
        try (Scope a = Torch.detectAnomaly()) {
            assertTrue(AnomalyMode.isEnabled());
            Tensor y = x.sqrt().mul(0); // backward: 0 / (2 * sqrt(0)) = nan
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.backward(Torch.onesLike(y)));
            assertEquals("Function 'SqrtBackward0' returned nan values in its 0th output.", e.getMessage());
            // The forward call that created the node travels with the error.
            Throwable trace = Arrays.stream(e.getSuppressed()).filter(t -> t.getMessage().contains("SqrtBackward0"))
                    .findFirst().orElse(null);
            assertNotNull(trace, "forward traceback");
            assertTrue(Arrays.stream(trace.getStackTrace()).anyMatch(f -> f.getMethodName().contains("anomalyModeNamesTheOp")),
                    "the trace points at the test's forward line");
        }
        assertTrue(!AnomalyMode.isEnabled());
    }

    @Test
    void withoutAnomalyModeNaNPassesSilently() {
        Tensor x = Torch.zeros(DType.FLOAT64, 2).requiresGrad_();
        Tensor y = x.sqrt().mul(0);
        y.backward(Torch.onesLike(y));
        assertTrue(Double.isNaN(x.grad().toDoubleArray()[0]));
    }

    @Test
    void anomalyModeNamesACustomFunction() {
        Function bad = new Function() {
            @Override
            protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
                return new Tensor[] {in[0].clone()};
            }

            @Override
            protected Tensor[] backward(FunctionCtx ctx, Tensor... g) {
                return new Tensor[] {g[0].div(0).mul(0)};
            }
        };
        Tensor x = Torch.ones(DType.FLOAT64, 3).requiresGrad_();
        try (Scope a = Torch.detectAnomaly()) {
            Tensor y = new NaNMaker().applyOne(x);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.backward(Torch.onesLike(y)));
            assertEquals("Function 'NaNMakerBackward' returned nan values in its 0th output.", e.getMessage());
            Tensor z = bad.applyOne(x);
            e = assertThrows(IllegalStateException.class, () -> z.backward(Torch.onesLike(z)));
            assertTrue(e.getMessage().contains("returned nan values"), e.getMessage());
        }
    }

    static final class NaNMaker extends Function {
        @Override
        protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
            return new Tensor[] {in[0].mul(2)};
        }

        @Override
        protected Tensor[] backward(FunctionCtx ctx, Tensor... g) {
            return new Tensor[] {g[0].mul(Double.NaN)};
        }
    }

    @Test
    void anomalyModeReportsInfinity() {
        Tensor x = Torch.zeros(DType.FLOAT64, 1).requiresGrad_();
        try (Scope a = Torch.detectAnomaly()) {
            Tensor y = x.sqrt();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.backward(Torch.onesLike(y)));
            assertEquals("Function 'SqrtBackward0' returned inf values in its 0th output.", e.getMessage());
        }
    }

    @Test
    void savedTensorsAreFreedAfterBackward() throws InterruptedException {
        Tensor x = Torch.ones(DType.FLOAT64, 1000).requiresGrad_();
        Tensor y = x.add(1);
        Tensor z = y.mul(y); // MulBackward0 saves y; nothing else holds it once we drop our reference
        WeakReference<Tensor> saved = new WeakReference<>(y);
        y = null;
        z.backward(Torch.onesLike(z));
        assertEquals(4.0, x.grad().toDoubleArray()[0], 0);
        assertTrue(collected(saved), "the saved intermediate must be released after backward");
        assertNotNull(z.gradFn(), "the graph itself stays, as in PyTorch");
        assertThrows(IllegalStateException.class, () -> z.backward(Torch.onesLike(z)));
    }

    @Test
    void customFunctionSavedTensorsAreFreedAfterBackward() throws InterruptedException {
        Tensor x = Torch.ones(DType.FLOAT64, 1000).requiresGrad_();
        Tensor h = x.add(1);
        Tensor z = new FunctionTest.MyExp().applyOne(h.mul(1));
        WeakReference<Tensor> saved = new WeakReference<>(z);
        Tensor out = z.mul(2);
        z = null;
        h = null;
        out.backward(Torch.onesLike(out));
        assertEquals(2 * Math.exp(2), x.grad().toDoubleArray()[0], 1e-9);
        assertTrue(collected(saved), "the custom function's saved output must be released after backward");
    }

    @Test
    void intermediateIsFreedWhenTheGraphIsDropped() throws InterruptedException {
        Tensor x = Torch.ones(DType.FLOAT64, 1000).requiresGrad_();
        Tensor y = x.exp();
        WeakReference<Tensor> ref = new WeakReference<>(y);
        y = null;
        assertTrue(collected(ref));
        assertNull(x.grad());
    }

    private static boolean collected(WeakReference<?> ref) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (ref.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
        }
        return ref.get() == null;
    }
}

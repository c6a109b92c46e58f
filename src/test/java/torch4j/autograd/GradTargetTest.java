package torch4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static torch4j.testing.Assertions.assertClose;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.functional.F;
import torch4j.testing.TestDevice;

/**
 * A product's weight gradient added straight into an existing {@code .grad} ({@link
 * Node#gradTarget}) must give what the ordinary path gives, and must step aside wherever something
 * could observe the gradient on its way: hooks, {@code retain_grad()} on the view between,
 * {@code create_graph}, {@code autograd.grad}. The reference is {@code autograd.grad}, which never
 * takes the in-place path.
 */
class GradTargetTest {
    private static Tensor param(int... shape) {
        return Torch.randn(DType.FLOAT64, shape).requiresGrad_();
    }

    /**
     * {@code t^T x} by plain loops in float64, row-major: the weight gradient of {@code
     * sum(linear(x, W, b) * t)}, computed without torch4j's kernels.
     */
    private static double[] tTransposedX(Tensor t, Tensor x) {
        int rows = x.size(0), outs = t.size(1), ins = x.size(1);
        double[] ts = t.to(DType.FLOAT64).cpu().contiguous().storage().doubles();
        double[] xs = x.to(DType.FLOAT64).cpu().contiguous().storage().doubles();
        double[] out = new double[outs * ins];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < outs; o++) {
                for (int i = 0; i < ins; i++) out[o * ins + i] += ts[r * outs + o] * xs[r * ins + i];
            }
        }
        return out;
    }

    /** The gradient of {@code loss(w)} w.r.t. w by autograd.grad (never in place). */
    private static Tensor reference(java.util.function.Function<Tensor, Tensor> loss, Tensor w) {
        return Autograd.grad(loss.apply(w), w, false)[0];
    }

    @Test
    void linearWeightGradientAddsOntoTheExistingGrad() {
        Torch.manualSeed(1);
        Tensor x = Torch.randn(DType.FLOAT64, 7, 33), w = param(29, 33), b = param(29), t = Torch.randn(DType.FLOAT64, 7, 29);
        java.util.function.Function<Tensor, Tensor> loss = v -> F.linear(x, v, b).mul(t).sum();
        Tensor g = reference(loss, w);
        Tensor start = Torch.randn(DType.FLOAT64, 29, 33);
        w.setGrad(start.clone());
        Tensor grad = w.grad();
        loss.apply(w).backward();
        assertSame(grad, w.grad(), "accumulates into the same tensor, as PyTorch's in-place add");
        assertClose(start.add(g), w.grad(), 1e-12, 1e-12);
        loss.apply(w).backward();
        assertClose(start.add(g.mul(2)), w.grad(), 1e-12, 1e-12);
    }

    @Test
    void plainAndScaledProductsAddOntoTheExistingGrad() {
        Torch.manualSeed(2);
        Tensor x = Torch.randn(DType.FLOAT64, 5, 9), w = param(9, 11), b = Torch.randn(DType.FLOAT64, 11);
        for (java.util.function.Function<Tensor, Tensor> loss : java.util.List.<java.util.function.Function<Tensor, Tensor>>of(
                v -> x.mm(v).pow(2).sum(),                       // mat2 not transposed
                v -> x.mm(v.t().t()).sum(),                      // through two transposes
                v -> Torch.addmm(b, x, v, 0.5, -1.5).pow(2).sum(),  // alpha != 1
                v -> x.matmul(v).sum())) {
            Tensor g = reference(loss, w);
            w.setGrad(Torch.ones(DType.FLOAT64, 9, 11));
            loss.apply(w).backward();
            assertClose(g.add(1), w.grad(), 1e-12, 1e-12);
        }
    }

    @Test
    void aHookOnTheWeightStillSeesItsGradient() {
        Torch.manualSeed(3);
        Tensor x = Torch.randn(DType.FLOAT64, 4, 6), w = param(3, 6);
        Tensor g = reference(v -> F.linear(x, v, null).sum(), w);
        AtomicReference<Tensor> seen = new AtomicReference<>();
        w.registerHook(v -> {
            seen.set(v);
            return v.mul(3);
        });
        w.setGrad(Torch.zeros(DType.FLOAT64, 3, 6));
        F.linear(x, w, null).sum().backward();
        assertNotNull(seen.get(), "the hook ran");
        assertClose(g, seen.get(), 1e-12, 1e-12);
        assertClose(g.mul(3), w.grad(), 1e-12, 1e-12);
    }

    @Test
    void retainGradOnTheTransposedViewStillFillsIt() {
        Torch.manualSeed(4);
        Tensor x = Torch.randn(DType.FLOAT64, 4, 6), w = param(3, 6);
        w.setGrad(Torch.zeros(DType.FLOAT64, 3, 6));
        Tensor wt = w.t();
        wt.retainGrad();
        x.mm(wt).sum().backward();
        assertNotNull(wt.grad());
        assertClose(wt.grad().t(), w.grad(), 1e-12, 1e-12);
        assertClose(x.sum(0).unsqueeze(0).expand(3, 6), w.grad(), 1e-12, 1e-12);
    }

    @Test
    void createGraphKeepsTheAccumulatedGradientDifferentiable() {
        Torch.manualSeed(5);
        Tensor x = Torch.randn(DType.FLOAT64, 4, 6), w = param(3, 6);
        w.setGrad(Torch.zeros(DType.FLOAT64, 3, 6));
        F.linear(x, w, null).pow(2).sum().backward(null, false, true);
        assertTrue(w.grad().requiresGrad(), "create_graph: .grad has a history");
    }

    @Test
    void autogradGradLeavesTheExistingGradAlone() {
        Torch.manualSeed(6);
        Tensor x = Torch.randn(DType.FLOAT64, 4, 6), w = param(3, 6);
        Tensor start = Torch.randn(DType.FLOAT64, 3, 6);
        w.setGrad(start.clone());
        Autograd.grad(F.linear(x, w, null).sum(), w, false);
        assertClose(start, w.grad(), 0, 0);
    }

    @Test
    void noGradYetMeansAFreshTensor() {
        Tensor x = Torch.randn(DType.FLOAT64, 4, 6), w = param(3, 6);
        assertNull(w.grad());
        F.linear(x, w, null).sum().backward();
        assertClose(x.sum(0).unsqueeze(0).expand(3, 6), w.grad(), 1e-12, 1e-12);
    }

    /** What {@link Node#gradTarget} offers a node whose input is {@code w.t()}, during {@code run}. */
    private static Tensor offered(Tensor w, java.util.function.Consumer<Tensor> run) {
        AtomicReference<Tensor> target = new AtomicReference<>();
        Tensor wt = w.t();
        Tensor out = Graph.record("ProbeBackward", wt.mul(1.0), new Tensor[] {wt}, new Tensor[0], (n, g) -> {
            target.set(n.gradTarget(0));
            return new Tensor[] {g[0]};
        });
        run.accept(out.sum());
        return target.get();
    }

    @Test
    void theTargetIsTheLeafsGradSeenThroughTheView() {
        Tensor w = param(3, 5);
        assertNull(offered(w, Tensor::backward), "no .grad yet");
        Tensor target = offered(w, Tensor::backward);
        assertNotNull(target);
        assertSame(w.grad().storage(), target.storage());
        assertArrayEquals(new int[] {5, 3}, target.shape());
        assertEquals(w.grad().get(1, 4).item(), target.get(4, 1).item(), 0);
    }

    @Test
    void noTargetWhereTheGradientCouldBeObserved() {
        Tensor w = param(3, 5);
        w.setGrad(Torch.zeros(DType.FLOAT64, 3, 5));
        assertNull(offered(w, l -> l.backward(null, false, true)), "create_graph");
        assertNull(offered(w, l -> Autograd.grad(l, w, false)), "autograd.grad");
        try (var a = Torch.detectAnomaly()) {
            assertNull(offered(w, Tensor::backward), "anomaly mode");
        }
        Tensor strided = Torch.zeros(DType.FLOAT64, 5, 3).t();
        w.setGrad(strided);
        assertNull(offered(w, Tensor::backward), "non-contiguous .grad");
        w.setGrad(Torch.zeros(DType.FLOAT64, 3, 5));
        w.registerHook(g -> g);
        assertNull(offered(w, Tensor::backward), "hook on the leaf");
        Tensor v = param(3, 5);
        v.setGrad(Torch.zeros(DType.FLOAT64, 3, 5));
        AtomicReference<Tensor> target = new AtomicReference<>();
        Tensor vt = v.t();
        vt.retainGrad();
        Graph.record("ProbeBackward", vt.mul(1.0), new Tensor[] {vt}, new Tensor[0], (n, g) -> {
            target.set(n.gradTarget(0));
            return new Tensor[] {g[0]};
        }).sum().backward();
        assertNull(target.get(), "retain_grad on the view");
        assertNotNull(vt.grad());
    }

    @Test
    void aNestedBackwardInsideABackwardLeavesTheOuterTargetInPlace() {
        Tensor w = param(3, 5);
        w.setGrad(Torch.zeros(DType.FLOAT64, 3, 5));
        Tensor u = param(2);
        AtomicReference<Tensor> target = new AtomicReference<>();
        Tensor wt = w.t();
        Graph.record("ProbeBackward", wt.mul(1.0), new Tensor[] {wt}, new Tensor[0], (n, g) -> {
            try (var on = Torch.enableGrad()) {
                Autograd.grad(u.mul(u).sum(), u, false); // a whole backward run inside this one
            }
            target.set(n.gradTarget(0));
            return new Tensor[] {g[0]};
        }).sum().backward();
        assertNotNull(target.get());
        assertSame(w.grad().storage(), target.get().storage());
    }

    @Test
    void aGradZeroedByZeroGradIsOverwrittenWithTheSameBitsAsTheProduct() {
        Torch.manualSeed(7);
        Tensor x = Torch.randn(DType.FLOAT64, 6, 13), w = param(10, 13), b = param(10), t = Torch.randn(DType.FLOAT64, 6, 10);
        java.util.function.Function<Tensor, Tensor> loss = v -> F.linear(x, v, b).mul(t).sum();
        Tensor g = reference(loss, w);
        var opt = new torch4j.optim.SGD(java.util.List.of(w, b), 0.1);
        w.setGrad(Torch.randn(DType.FLOAT64, 10, 13));
        opt.zeroGrad();
        assertTrue(w.grad().storage().isZeroed());
        loss.apply(w).backward();
        assertArrayEquals(g.cpu().contiguous().storage().doubles(), w.grad().cpu().contiguous().storage().doubles(),
                "zeros plus the product is the product");
        // Independently: d/dW sum((x W^T + b) * t) = t^T x, by plain loops.
        assertClose(Torch.tensor(tTransposedX(t, x)).reshape(10, 13), w.grad().cpu(), 1e-12, 1e-12);
        loss.apply(w).backward();
        assertClose(g.mul(2), w.grad(), 1e-12, 1e-12);
    }

    @Test
    void aWriteAfterZeroingIsAddedTo() {
        Torch.manualSeed(8);
        Tensor x = Torch.randn(DType.FLOAT64, 6, 13), w = param(10, 13);
        java.util.function.Function<Tensor, Tensor> loss = v -> F.linear(x, v, null).pow(2).sum();
        Tensor g = reference(loss, w);
        w.setGrad(Torch.zeros(DType.FLOAT64, 10, 13));
        w.grad().zero_();
        w.grad().add_(1); // written after the zeroing: the product must be added to it
        loss.apply(w).backward();
        assertClose(g.add(1), w.grad(), 1e-12, 1e-12);
        w.grad().fill_(2);
        w.grad().narrow(0, 0, 4).zero_(); // zeroes only part of the storage
        loss.apply(w).backward();
        Tensor expected = g.add(2);
        expected.narrow(0, 0, 4).sub_(2);
        assertClose(expected, w.grad(), 1e-12, 1e-12);
    }

    @Test
    void onlyAWholeStorageSetToPositiveZeroCountsAsZeroed() {
        Tensor a = Torch.ones(DType.FLOAT32, 4, 5);
        a.zero_();
        assertTrue(a.storage().isZeroed());
        a.add_(1);
        assertTrue(!a.storage().isZeroed(), "written since");
        a.fill_(-0.0);
        assertTrue(!a.storage().isZeroed(), "-0.0 is not +0.0 once added to");
        a.narrow(1, 0, 5).zero_(); // a view over the whole storage
        assertTrue(a.storage().isZeroed());
        a.narrow(0, 1, 2).zero_();
        assertTrue(!a.storage().isZeroed(), "part of the storage");
    }

    @Test
    void zeroGradLeavesTheFillToTheFirstReadOfTheGrad() {
        TestDevice.assumeCpu("a deferred zero fill is for CPU arrays; device buffers are zeroed at once");
        Torch.manualSeed(9);
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            torch4j.nn.Linear layer = new torch4j.nn.Linear(4, 3);
            layer.to(dtype);
            Tensor w = layer.weight, b = layer.bias;
            w.setGrad(Torch.randn(dtype, 3, 4));
            b.setGrad(Torch.randn(dtype, 3));
            new torch4j.optim.SGD(java.util.List.of(w), 0.1).zeroGrad();
            layer.zeroGrad(); // Module.zeroGrad: b, and w again
            for (Tensor p : new Tensor[] {w, b}) {
                assertTrue(p.grad().storage().isZeroPending(), dtype + ": the fill waits");
                assertEquals(0.0, p.grad().abs().sum().item(), dtype + ": but a read sees zeros");
                assertTrue(!p.grad().storage().isZeroPending());
            }
            Object raw = w.grad().storage().data();
            if (dtype == DType.FLOAT32) assertArrayEquals(new float[12], (float[]) raw);
            else assertArrayEquals(new double[12], (double[]) raw);
        }
    }

    @Test
    void aPartialWriteAfterZeroGradLeavesZerosAroundIt() {
        TestDevice.assumeCpu("a deferred zero fill is for CPU arrays; device buffers are zeroed at once");
        Tensor w = param(3, 4);
        w.setGrad(Torch.randn(DType.FLOAT64, 3, 4));
        new torch4j.optim.SGD(java.util.List.of(w), 0.1).zeroGrad();
        w.grad().narrow(0, 1, 1).fill_(5);
        double[] expected = new double[12];
        java.util.Arrays.fill(expected, 4, 8, 5.0);
        assertArrayEquals(expected, w.grad().storage().doubles());
        assertTrue(!w.grad().storage().isZeroed());
    }

    @Test
    void zeroGradZeroesAGradOverACallersArrayAtOnce() {
        TestDevice.assumeCpu("a deferred zero fill is for CPU arrays; device buffers are zeroed at once");
        // fromArray shares the caller's array, which no access through the storage will fill later.
        double[] callers = {1, 2, 3, 4};
        Tensor w = param(4);
        w.setGrad(Torch.fromArray(callers));
        new torch4j.optim.SGD(java.util.List.of(w), 0.1).zeroGrad();
        assertArrayEquals(new double[4], callers);
    }

    @Test
    void zeroOfATensorIsWrittenAtOnce() {
        TestDevice.assumeCpu("a deferred zero fill is for CPU arrays; device buffers are zeroed at once");
        // Only zeroGrad defers: an array taken from a tensor's storage sees its zero_() at once.
        Tensor t = Torch.ones(DType.FLOAT32, 2, 3);
        float[] raw = t.storage().floats();
        t.zero_();
        assertArrayEquals(new float[6], raw);
        assertTrue(!t.storage().isZeroPending());
    }

    @Test
    void aGradOverPartOfItsStorageIsZeroedInPlaceAndItsProductAdded() {
        TestDevice.assumeCpu("a deferred zero fill is for CPU arrays; device buffers are zeroed at once");
        Torch.manualSeed(10);
        Tensor x = Torch.randn(DType.FLOAT32, 6, 13), w = Torch.randn(DType.FLOAT32, 10, 13).requiresGrad_();
        Tensor t = Torch.randn(DType.FLOAT32, 6, 10);
        Tensor backing = Torch.full(new int[] {200}, 7.0, DType.FLOAT32);
        w.setGrad(backing.narrow(0, 0, 130).view(10, 13));
        new torch4j.optim.SGD(java.util.List.of(w), 0.1).zeroGrad();
        assertTrue(!w.grad().storage().isZeroPending(), "130 of 200 elements: filled in place");
        F.linear(x, w, null).mul(t).sum().backward();
        double[] expected = tTransposedX(t, x);
        float[] all = backing.storage().floats();
        for (int k = 0; k < 130; k++) assertEquals(expected[k], all[k], 1e-4, "t^T x at " + k / 13 + "," + k % 13);
        for (int i = 130; i < 200; i++) assertEquals(7f, all[i], "beyond the grad: untouched");
    }
}

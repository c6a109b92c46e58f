package torch4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;

/** The engine: graph structure, backward, accumulation, retain/create graph, autograd.grad, grad modes. */
class AutogradEngineTest {
    private static Tensor vec(double... v) {
        return Torch.tensor(v).requiresGrad_();
    }

    private static void assertValues(Tensor t, double... expected) {
        assertArrayEquals(expected, t.toDoubleArray(), 1e-6, () -> "got " + java.util.Arrays.toString(t.toDoubleArray()));
    }

    @Test
    void seedExampleGivesFourPointFive() {
        Tensor x = Torch.ones(2, 2).requiresGrad_();
        Tensor y = x.add(2);
        Tensor z = y.mul(y).mul(3);
        Tensor out = z.mean();
        assertEquals(27.0, out.item(), 1e-6);
        out.backward();
        assertArrayEquals(new int[] {2, 2}, x.grad().shape());
        assertEquals(DType.FLOAT32, x.grad().dtype());
        assertValues(x.grad(), 4.5, 4.5, 4.5, 4.5);
    }

    @Test
    void gradFnPrintsAndWalksToTheLeaf() {
        Tensor x = Torch.ones(2, 2).requiresGrad_();
        Tensor y = x.add(2);
        assertTrue(y.gradFn().toString().contains("AddBackward"), y.gradFn().toString());
        assertTrue(y.gradFn().toString().startsWith("<") && y.gradFn().toString().endsWith(" object>"));
        Edge first = y.gradFn().nextFunctions().get(0);
        AccumulateGrad acc = assertInstanceOf(AccumulateGrad.class, first.node());
        assertSame(x, acc.variable());
        assertEquals("AccumulateGrad", acc.name());
        assertTrue(x.isLeaf());
        assertFalse(y.isLeaf());
        assertTrue(y.requiresGrad());
        assertNull(x.gradFn());

        Tensor z = y.mul(y);
        assertEquals("MulBackward0", z.gradFn().name());
        // Both inputs of z are y: both edges lead to y's node.
        assertSame(y.gradFn(), z.gradFn().nextFunctions().get(0).node());
        assertSame(y.gradFn(), z.gradFn().nextFunctions().get(1).node());
    }

    private static <T> T assertInstanceOf(Class<T> c, Object o) {
        assertTrue(c.isInstance(o), () -> "expected " + c.getSimpleName() + " but got " + o);
        return c.cast(o);
    }

    @Test
    void nonScalarBackwardNeedsAGradient() {
        Tensor x = vec(1, 2, 3);
        Tensor y = x.mul(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("grad can be implicitly created only for scalar outputs"), e.getMessage());
        y.backward(Torch.tensor(new double[] {1, 10, 100}));
        assertValues(x.grad(), 2, 20, 200);
    }

    @Test
    void backwardGradientOfWrongShapeIsRefused() {
        Tensor x = vec(1, 2, 3);
        Tensor y = x.mul(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> y.backward(Torch.tensor(new double[] {1, 2})));
        assertTrue(e.getMessage().contains("Mismatch in shape"), e.getMessage());
    }

    @Test
    void backwardOnTensorWithoutGradIsRefused() {
        Tensor x = Torch.tensor(new double[] {1, 2});
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.mul(2).backward(Torch.onesLike(x)));
        assertTrue(e.getMessage().contains("does not require grad and does not have a grad_fn"), e.getMessage());
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Tensor x = vec(1, 2);
        x.mul(x).backward(Torch.onesLike(x));
        assertValues(x.grad(), 2, 4);
        x.mul(3).backward(Torch.onesLike(x));
        assertValues(x.grad(), 5, 7);
        x.setGrad(null);
        x.mul(3).backward(Torch.onesLike(x));
        assertValues(x.grad(), 3, 3);
    }

    @Test
    void accumulatedGradIsNotSharedWithOtherLeaves() {
        Tensor a = vec(1, 2), b = vec(3, 4);
        a.add(b).backward(Torch.onesLike(a));
        assertValues(a.grad(), 1, 1);
        a.grad().zero_();
        assertValues(b.grad(), 1, 1);
    }

    @Test
    void secondBackwardWithoutRetainGraphFails() {
        Tensor x = vec(1, 2);
        Tensor y = x.mul(x);
        Tensor g = Torch.onesLike(y);
        y.backward(g);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.backward(g));
        assertTrue(e.getMessage().startsWith("Trying to backward through the graph a second time"), e.getMessage());
        assertTrue(e.getMessage().contains("retain_graph=True"));
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Tensor x = vec(1, 2);
        Tensor y = x.mul(x);
        y.backward(Torch.onesLike(y), true, false);
        y.backward(Torch.onesLike(y), false, false);
        assertValues(x.grad(), 4, 8);
    }

    @Test
    void createGraphGivesSecondDerivative() {
        Tensor x = vec(1, 2, -3);
        Tensor y = x.pow(3);
        Tensor dy = Autograd.grad(new Tensor[] {y}, new Tensor[] {x}, new Tensor[] {Torch.onesLike(y)}, true, true, false)[0];
        assertValues(dy, 3, 12, 27);
        assertTrue(dy.requiresGrad());
        Tensor d2 = Autograd.grad(new Tensor[] {dy}, new Tensor[] {x}, new Tensor[] {Torch.onesLike(dy)}, false, false, false)[0];
        assertValues(d2, 6, 12, -18);
        assertFalse(d2.requiresGrad());
        assertNull(x.grad(), "autograd.grad must not touch .grad");
    }

    @Test
    void scalarGradHelperWithCreateGraph() {
        Tensor x = Torch.scalarTensor(2.0, DType.FLOAT64).requiresGrad_();
        Tensor y = x.mul(x).mul(x);
        Tensor dy = Autograd.grad(y, x, true)[0];
        assertEquals(12.0, dy.item(), 1e-12);
        Tensor d2 = Autograd.grad(dy, x, false)[0];
        assertEquals(12.0, d2.item(), 1e-12);
        Tensor d3src = x.mul(x).mul(x);
        Tensor g1 = Autograd.grad(d3src, x, true)[0];
        Tensor g2 = Autograd.grad(g1, x, true)[0];
        Tensor g3 = Autograd.grad(g2, x, false)[0];
        assertEquals(6.0, g3.item(), 1e-12);
    }

    @Test
    void backwardWithCreateGraphMakesDifferentiableGrad() {
        Tensor x = vec(1, 2);
        Tensor y = x.mul(x).mul(x);
        y.backward(Torch.onesLike(y), false, true);
        Tensor g = x.grad();
        assertValues(g, 3, 12);
        assertTrue(g.requiresGrad());
        Tensor d2 = Autograd.grad(new Tensor[] {g}, new Tensor[] {x}, new Tensor[] {Torch.onesLike(g)}, false, false, false)[0];
        assertValues(d2, 6, 12);
    }

    @Test
    void gradLeavesDotGradUntouchedAndAccumulatesNothing() {
        Tensor x = vec(1, 2);
        Tensor w = vec(3, 4);
        Tensor y = x.mul(w);
        Tensor[] g = Autograd.grad(new Tensor[] {y}, new Tensor[] {x}, new Tensor[] {Torch.onesLike(y)}, false, false, false);
        assertValues(g[0], 3, 4);
        assertNull(x.grad());
        assertNull(w.grad(), "autograd.grad must not run the other leaves' accumulators");
    }

    @Test
    void gradOfNonLeafInput() {
        Tensor x = vec(1, 2);
        Tensor h = x.mul(2);
        Tensor y = h.mul(h);
        Tensor g = Autograd.grad(new Tensor[] {y}, new Tensor[] {h}, new Tensor[] {Torch.onesLike(y)}, false, false, false)[0];
        assertValues(g, 4, 8);
    }

    @Test
    void allowUnused() {
        Tensor x = vec(1, 2), unused = vec(5, 6);
        Tensor y = x.mul(2);
        Tensor[] ins = {x, unused};
        Tensor[] go = {Torch.onesLike(y)};
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Autograd.grad(new Tensor[] {y}, ins, go,
                true, false, false));
        assertTrue(e.getMessage().contains("appears to not have been used in the graph"), e.getMessage());
        Tensor[] g = Autograd.grad(new Tensor[] {y}, ins, go, false, false, true);
        assertValues(g[0], 2, 2);
        assertNull(g[1]);
    }

    @Test
    void gradWrtInputThatDoesNotRequireGradIsRefused() {
        Tensor x = vec(1, 2), c = Torch.tensor(new double[] {1, 2});
        Tensor y = x.mul(c);
        assertThrows(IllegalArgumentException.class, () -> Autograd.grad(new Tensor[] {y}, new Tensor[] {c},
                new Tensor[] {Torch.onesLike(y)}, false, false, false));
    }

    @Test
    void severalRootsSumTheirGradients() {
        Tensor x = vec(1, 2);
        Tensor a = x.mul(2), b = x.mul(x);
        Tensor[] g = Autograd.grad(new Tensor[] {a, b}, new Tensor[] {x}, new Tensor[] {Torch.onesLike(a), Torch.onesLike(b)},
                false, false, false);
        assertValues(g[0], 4, 6);
    }

    @Test
    void diamondGraphSumsBothPaths() {
        Tensor x = vec(2);
        Tensor a = x.mul(3), b = x.exp();
        Tensor y = a.mul(b); // 3x e^x -> 3e^x (1 + x)
        y.backward(Torch.onesLike(y));
        assertValues(x.grad(), 3 * Math.exp(2) * 3);
    }

    @Test
    void noGradRecordsNothing() {
        Tensor x = vec(1, 2);
        Tensor y;
        try (Scope s = Torch.noGrad()) {
            assertFalse(Torch.isGradEnabled());
            y = x.mul(2).add(1);
        }
        assertTrue(Torch.isGradEnabled());
        assertNull(y.gradFn());
        assertFalse(y.requiresGrad());
        assertTrue(x.mul(2).requiresGrad());
    }

    @Test
    void noGradIsPerThread() throws Exception {
        Tensor x = vec(1, 2);
        AtomicReference<Tensor> other = new AtomicReference<>();
        try (Scope s = Torch.noGrad()) {
            Thread t = new Thread(() -> other.set(x.mul(2)));
            t.start();
            t.join();
            assertNull(x.mul(2).gradFn());
        }
        assertNotNull(other.get().gradFn(), "another thread still records");
        assertTrue(other.get().requiresGrad());
    }

    @Test
    void enableGradInsideNoGrad() {
        Tensor x = vec(1, 2);
        try (Scope s = Torch.noGrad()) {
            try (Scope e = Torch.enableGrad()) {
                Tensor y = x.mul(2);
                assertTrue(y.requiresGrad());
                assertEquals("MulBackward0", y.gradFn().name());
            }
            assertFalse(x.mul(2).requiresGrad());
        }
    }

    @Test
    void hookReadsGradient() {
        Tensor x = vec(1, 2);
        AtomicReference<Tensor> seenLeaf = new AtomicReference<>(), seenMid = new AtomicReference<>();
        x.registerHook(g -> {
            seenLeaf.set(g);
            return null;
        });
        Tensor h = x.mul(3);
        h.registerHook(g -> {
            seenMid.set(g);
            return null;
        });
        h.mul(h).backward(Torch.onesLike(h));
        assertValues(seenMid.get(), 6, 12);
        assertValues(seenLeaf.get(), 18, 36);
        assertValues(x.grad(), 18, 36);
    }

    @Test
    void hookReplacesGradient() {
        Tensor x = vec(1, 2);
        x.registerHook(g -> g.mul(10));
        Tensor h = x.mul(3);
        h.registerHook(g -> g.add(1));
        h.backward(Torch.tensor(new double[] {1, 2}));
        // h's grad (1,2) -> (2,3), times 3 -> (6,9), leaf hook -> (60,90)
        assertValues(x.grad(), 60, 90);
    }

    @Test
    void hookOfWrongShapeIsRefused() {
        Tensor x = vec(1, 2);
        x.registerHook(g -> Torch.ones(DType.FLOAT64, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> x.mul(2).backward(Torch.onesLike(x)));
        assertTrue(e.getMessage().contains("hook"), e.getMessage());
    }

    @Test
    void hookOnTensorWithoutGradIsRefused() {
        Tensor c = Torch.tensor(new double[] {1});
        assertThrows(IllegalStateException.class, () -> c.registerHook(g -> g));
    }

    @Test
    void retainGradKeepsNonLeafGradient() {
        Tensor x = vec(1, 2);
        Tensor h = x.mul(3);
        Tensor k = x.mul(4);
        h.retainGrad();
        h.registerHook(g -> g.mul(2)); // registered after retainGrad, still seen by it (PyTorch 2 semantics)
        h.mul(h).add(k).backward(Torch.onesLike(x));
        assertValues(h.grad(), 12, 24);
        assertNull(k.grad(), "non-leaf grads are not kept unless retained");
        assertValues(x.grad(), 36 + 4, 72 + 4);
        assertTrue(h.autogradMeta().retainsGrad());
    }

    @Test
    void retainGradAccumulates() {
        Tensor x = vec(1, 2);
        Tensor h = x.mul(3).retainGrad();
        Tensor y = h.mul(2);
        y.backward(Torch.onesLike(y), true, false);
        y.backward(Torch.onesLike(y));
        assertValues(h.grad(), 4, 4);
    }

    @Test
    void retainGradFollowsAnInPlaceOp() {
        Tensor x = vec(1, 2);
        Tensor h = x.mul(3).retainGrad();
        h.mul_(2); // h now holds 6x; its grad is the gradient w.r.t. the new value
        h.mul(h).backward(Torch.onesLike(h));
        assertValues(h.grad(), 12, 24);
        assertValues(x.grad(), 72, 144);
    }

    @Test
    void inPlaceOnSavedTensorIsDetected() {
        Tensor x = vec(1, 2);
        Tensor h = x.add(1);
        Tensor y = h.mul(h); // saves h
        h.add_(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.backward(Torch.onesLike(y)));
        assertTrue(e.getMessage().startsWith("one of the variables needed for gradient computation has been modified by an"
                + " inplace operation"), e.getMessage());
        assertTrue(e.getMessage().contains("MulBackward0"), e.getMessage());
        assertTrue(e.getMessage().contains("is at version 1; expected version 0"), e.getMessage());
    }

    @Test
    void inPlaceThroughADetachedAliasIsDetected() {
        Tensor x = vec(1, 2);
        Tensor h = x.add(1);
        Tensor y = h.exp(); // saves its output
        y.detach().mul_(2); // detach shares storage and version counter
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.backward(Torch.onesLike(y)));
        assertTrue(e.getMessage().contains("modified by an inplace operation"), e.getMessage());
    }

    @Test
    void inPlaceThroughAViewIsDetected() {
        Tensor x = Torch.ones(DType.FLOAT64, 2, 3).requiresGrad_();
        Tensor h = x.mul(2);
        Tensor y = h.mul(h);
        try (Scope s = Torch.noGrad()) {
            h.narrow(1, 0, 1).add_(1); // a view shares the version counter
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.backward(Torch.onesLike(y)));
        assertTrue(e.getMessage().contains("modified by an inplace operation"), e.getMessage());
    }

    @Test
    void inPlaceOnNonSavedTensorIsFine() {
        Tensor x = vec(1, 2);
        Tensor h = x.mul(2);
        h.add_(1); // h = 2x + 1, recorded in place
        Tensor y = h.mul(3);
        y.backward(Torch.onesLike(y));
        assertValues(h, 3, 5);
        assertValues(x.grad(), 6, 6);
        assertEquals("AddBackward0", h.gradFn().name());
    }

    @Test
    void inPlaceOnLeafRequiringGradIsRefused() {
        Tensor x = vec(1, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.add_(1));
        assertTrue(e.getMessage().contains("a leaf Variable that requires grad is being used in an in-place operation"));
        assertValues(x, 1, 2);
        try (Scope s = Torch.noGrad()) {
            x.add_(1); // allowed without grad, as optimizers do
        }
        assertValues(x, 2, 3);
        x.data().mul_(2); // .data is outside autograd
        assertValues(x, 4, 6);
        assertTrue(x.isLeaf());
    }

    @Test
    void integerTensorsCannotRequireGrad() {
        Tensor i = Torch.tensor(new long[] {1, 2});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> i.requiresGrad_());
        assertTrue(e.getMessage().contains("only Tensors of floating point"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Torch.tensor(new boolean[] {true}).requiresGrad_());
        assertFalse(i.requiresGrad());
    }

    @Test
    void integerResultsOfGradOpsDoNotRequireGrad() {
        Tensor x = vec(1.5, -2.5);
        assertFalse(x.gt(0).requiresGrad());
        assertFalse(x.to(DType.INT64).requiresGrad());
    }

    @Test
    void detachSharesStorageAndLeavesTheGraph() {
        Tensor x = vec(1, 2);
        Tensor h = x.mul(2);
        Tensor d = h.detach();
        assertNull(d.gradFn());
        assertFalse(d.requiresGrad());
        assertSame(h.storage(), d.storage());
        try (Scope s = Torch.noGrad()) {
            d.fill_(7);
        }
        assertValues(h, 7, 7);
        h.detach_();
        assertTrue(h.isLeaf());
        assertFalse(h.requiresGrad());
    }

    @Test
    void requiresGradFlagOfNonLeafCannotBeCleared() {
        Tensor h = vec(1).mul(2);
        assertThrows(IllegalStateException.class, () -> h.requiresGrad_(false));
    }

    @Test
    void broadcastGradientsAreSummedBackToInputShape() {
        Tensor a = Torch.ones(DType.FLOAT64, 2, 3).requiresGrad_();
        Tensor b = Torch.tensor(new double[] {1, 2, 3}).requiresGrad_();
        Tensor y = a.mul(b);
        y.backward(Torch.onesLike(y));
        assertArrayEquals(new int[] {3}, b.grad().shape());
        assertValues(b.grad(), 2, 2, 2);
        assertValues(a.grad(), 1, 2, 3, 1, 2, 3);
    }

    @Test
    void backwardFromLeafAccumulatesDirectly() {
        Tensor x = vec(1, 2);
        x.backward(Torch.tensor(new double[] {3, 4}));
        assertValues(x.grad(), 3, 4);
    }

    @Test
    void deepChainDoesNotOverflowTheStack() {
        Tensor x = vec(1);
        Tensor y = x;
        for (int i = 0; i < 20000; i++) y = y.mul(1.0);
        y.backward(Torch.onesLike(y));
        assertValues(x.grad(), 1);
        Tensor z = x;
        for (int i = 0; i < 20000; i++) z = z.add(0.0);
        assertValues(Autograd.grad(new Tensor[] {z}, new Tensor[] {x}, new Tensor[] {Torch.onesLike(z)}, false, false,
                false)[0], 1);
    }
}

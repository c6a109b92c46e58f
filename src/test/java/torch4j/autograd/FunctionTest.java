package torch4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;

/** User-defined functions: forward/backward, ctx, naming, checks on what backward returns. */
class FunctionTest {
    /** exp, saving its output as the PyTorch docs' example does. */
    static final class MyExp extends Function {
        @Override
        protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
            Tensor r = in[0].exp();
            ctx.saveForBackward(r);
            return new Tensor[] {r};
        }

        @Override
        protected Tensor[] backward(FunctionCtx ctx, Tensor... g) {
            return new Tensor[] {g[0].mul(ctx.savedTensors()[0])};
        }
    }

    /** (a * b, a + 2b): two outputs, two inputs. */
    static final class MulAndAdd extends Function {
        @Override
        protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1]);
            return new Tensor[] {in[0].mul(in[1]), in[0].add(in[1].mul(2))};
        }

        @Override
        protected Tensor[] backward(FunctionCtx ctx, Tensor... g) {
            Tensor[] s = ctx.savedTensors();
            Tensor ga = ctx.needsInputGrad(0) ? g[0].mul(s[1]).add(g[1]) : null;
            Tensor gb = ctx.needsInputGrad(1) ? g[0].mul(s[0]).add(g[1].mul(2)) : null;
            return new Tensor[] {ga, gb};
        }
    }

    /** Sorts-like: values (differentiable) and a mask-like float output marked non-differentiable. */
    static final class ScaleWithFlag extends Function {
        private final double factor;

        ScaleWithFlag(double factor) {
            this.factor = factor;
        }

        @Override
        protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
            Tensor positive = in[0].gt(0).to(in[0].dtype());
            ctx.markNonDifferentiable(positive);
            ctx.put("factor", factor);
            return new Tensor[] {in[0].mul(factor), positive};
        }

        @Override
        protected Tensor[] backward(FunctionCtx ctx, Tensor... g) {
            double f = ctx.get("factor");
            return new Tensor[] {g[0].mul(f)};
        }
    }

    /** Returns a gradient of the wrong shape. */
    static final class MyBad extends Function {
        @Override
        protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
            return new Tensor[] {in[0].mul(2)};
        }

        @Override
        protected Tensor[] backward(FunctionCtx ctx, Tensor... g) {
            return new Tensor[] {Torch.ones(DType.FLOAT64, 3)};
        }
    }

    private static Tensor rand(int... shape) {
        Torch.manualSeed(0);
        return Torch.rand(DType.FLOAT64, shape).requiresGrad_();
    }

    @Test
    void expMatchesBuiltInAndNamesItsNode() {
        Tensor x = Torch.tensor(new double[] {0, 1, -2}).requiresGrad_();
        Tensor y = new MyExp().applyOne(x);
        assertEquals("MyExpBackward", y.gradFn().name());
        assertEquals("<MyExpBackward object>", y.gradFn().toString());
        assertSame(x, ((AccumulateGrad) y.gradFn().nextFunctions().get(0).node()).variable());
        assertArrayEquals(new double[] {1, Math.E, Math.exp(-2)}, y.toDoubleArray(), 1e-12);
        y.backward(Torch.onesLike(y));
        assertArrayEquals(new double[] {1, Math.E, Math.exp(-2)}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void forwardRunsWithoutGradAndOutputsGetOneNode() {
        List<Boolean> modeInForward = new ArrayList<>();
        Function f = new Function() {
            @Override
            protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
                modeInForward.add(GradMode.isEnabled());
                Tensor t = in[0].mul(3);
                assertNull(t.gradFn(), "nothing recorded inside forward");
                return new Tensor[] {t};
            }

            @Override
            protected Tensor[] backward(FunctionCtx ctx, Tensor... g) {
                return new Tensor[] {g[0].mul(3)};
            }
        };
        Tensor x = rand(2);
        Tensor y = f.applyOne(x);
        assertEquals(List.of(false), modeInForward);
        assertTrue(GradMode.isEnabled());
        assertEquals("FunctionBackward", y.gradFn().name());
        // No input requires grad: no node.
        Tensor c = f.applyOne(Torch.ones(DType.FLOAT64, 2));
        assertNull(c.gradFn());
        assertFalse(c.requiresGrad());
        try (Scope s = Torch.noGrad()) {
            assertFalse(f.applyOne(x).requiresGrad());
        }
    }

    @Test
    void customFunctionsPassGradcheck() {
        assertTrue(GradCheck.gradcheck(in -> new MyExp().applyOne(in[0]), rand(3, 2)));
        Tensor a = rand(2, 3);
        Tensor b = Torch.rand(DType.FLOAT64, 2, 3).requiresGrad_();
        assertTrue(GradCheck.gradcheckMulti(in -> new MulAndAdd().apply(in[0], in[1]), a, b));
        assertTrue(GradCheck.gradcheckMulti(in -> new ScaleWithFlag(2.5).apply(in[0]), rand(4)));
    }

    @Test
    void customFunctionsAreTwiceDifferentiable() {
        assertTrue(GradCheck.gradgradcheck(in -> new MyExp().applyOne(in[0]), rand(3)));
        Tensor a = rand(2, 2);
        Tensor b = Torch.rand(DType.FLOAT64, 2, 2).requiresGrad_();
        assertTrue(GradCheck.gradgradcheckMulti(in -> new MulAndAdd().apply(in[0], in[1]), a, b));
    }

    @Test
    void missingOutputGradientsArriveAsZeros() {
        Tensor a = Torch.tensor(new double[] {1, 2}).requiresGrad_();
        Tensor b = Torch.tensor(new double[] {3, 4}).requiresGrad_();
        Tensor[] out = new MulAndAdd().apply(a, b);
        out[1].backward(Torch.onesLike(out[1])); // out[0] gets no gradient: zeros
        assertArrayEquals(new double[] {1, 1}, a.grad().toDoubleArray(), 0);
        assertArrayEquals(new double[] {2, 2}, b.grad().toDoubleArray(), 0);
    }

    @Test
    void needsInputGradFollowsTheInputs() {
        boolean[][] seen = new boolean[1][];
        Function f = new Function() {
            @Override
            protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
                return new Tensor[] {in[0].mul(in[1])};
            }

            @Override
            protected Tensor[] backward(FunctionCtx ctx, Tensor... g) {
                seen[0] = new boolean[] {ctx.needsInputGrad(0), ctx.needsInputGrad(1)};
                return new Tensor[] {g[0], g[0]};
            }
        };
        Tensor a = rand(2);
        Tensor y = f.applyOne(a, Torch.ones(DType.FLOAT64, 2));
        y.backward(Torch.onesLike(y));
        assertArrayEquals(new boolean[] {true, false}, seen[0]);
    }

    @Test
    void nonDifferentiableOutputsDoNotRequireGrad() {
        Tensor x = Torch.tensor(new double[] {-1, 2}).requiresGrad_();
        Tensor[] out = new ScaleWithFlag(3).apply(x);
        assertTrue(out[0].requiresGrad());
        assertFalse(out[1].requiresGrad());
        assertNull(out[1].gradFn());
        assertArrayEquals(new double[] {0, 1}, out[1].toDoubleArray(), 0);
        out[0].backward(Torch.onesLike(out[0]));
        assertArrayEquals(new double[] {3, 3}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void integerOutputsDoNotRequireGrad() {
        Function f = new Function() {
            @Override
            protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
                return new Tensor[] {in[0].mul(2), in[0].gt(0)};
            }

            @Override
            protected Tensor[] backward(FunctionCtx ctx, Tensor... g) {
                return new Tensor[] {g[0].mul(2)};
            }
        };
        Tensor[] out = f.apply(rand(2));
        assertTrue(out[0].requiresGrad());
        assertFalse(out[1].requiresGrad());
    }

    @Test
    void wrongGradientShapeGivesPyTorchsError() {
        Tensor x = Torch.ones(DType.FLOAT64, 2, 3).requiresGrad_();
        Tensor y = new MyBad().applyOne(x);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> y.backward(Torch.onesLike(y)));
        assertEquals("Function MyBadBackward returned an invalid gradient at index 0 - got [3] but expected shape"
                + " compatible with [2, 3]", e.getMessage());
    }

    @Test
    void broadcastableGradientIsSummedBack() {
        Function f = new Function() {
            @Override
            protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
                return new Tensor[] {in[0].mul(1)};
            }

            @Override
            protected Tensor[] backward(FunctionCtx ctx, Tensor... g) {
                return new Tensor[] {Torch.ones(DType.FLOAT64, 2, 3)}; // x is [3]: compatible, summed to [3]
            }
        };
        Tensor x = Torch.ones(DType.FLOAT64, 3).requiresGrad_();
        Tensor y = f.applyOne(x);
        y.backward(Torch.onesLike(y));
        assertArrayEquals(new double[] {2, 2, 2}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void wrongNumberOfGradientsIsRefused() {
        Function f = new Function() {
            @Override
            protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
                return new Tensor[] {in[0].mul(in[1])};
            }

            @Override
            protected Tensor[] backward(FunctionCtx ctx, Tensor... g) {
                return new Tensor[] {g[0]};
            }
        };
        Tensor y = f.applyOne(rand(2), rand(2));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.backward(Torch.onesLike(y)));
        assertTrue(e.getMessage().contains("returned an incorrect number of gradients (expected 2, got 1)"), e.getMessage());
    }

    @Test
    void savedTensorsAreVersionCheckedAndFreed() {
        Tensor x = Torch.tensor(new double[] {1, 2}).requiresGrad_();
        Tensor h = x.mul(1);
        Tensor y = new MulAndAdd().apply(h, h)[0];
        h.add_(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.backward(Torch.onesLike(y)));
        assertTrue(e.getMessage().contains("modified by an inplace operation"), e.getMessage());
        assertTrue(e.getMessage().contains("MulAndAddBackward"), e.getMessage());

        Tensor z = new MyExp().applyOne(x);
        z.backward(Torch.onesLike(z));
        e = assertThrows(IllegalStateException.class, () -> z.backward(Torch.onesLike(z)));
        assertTrue(e.getMessage().startsWith("Trying to backward through the graph a second time"), e.getMessage());
    }

    @Test
    void returningAnInputGivesAFreshAlias() {
        Function identity = new Function() {
            @Override
            protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
                return new Tensor[] {in[0]};
            }

            @Override
            protected Tensor[] backward(FunctionCtx ctx, Tensor... g) {
                return new Tensor[] {g[0].mul(5)};
            }
        };
        Tensor x = rand(2);
        Tensor y = identity.applyOne(x);
        assertNotSame(x, y);
        assertSame(x.storage(), y.storage());
        assertTrue(x.isLeaf(), "the input keeps its own history");
        y.backward(Torch.onesLike(y));
        assertArrayEquals(new double[] {5, 5}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void ctxStateAndSavedTensorsInForward() {
        Function f = new Function() {
            @Override
            protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
                ctx.saveForBackward(in[0]);
                assertSame(in[0], ctx.savedTensors()[0]);
                ctx.put("n", 4);
                return new Tensor[] {in[0].pow(4)};
            }

            @Override
            protected Tensor[] backward(FunctionCtx ctx, Tensor... g) {
                int n = ctx.get("n");
                return new Tensor[] {g[0].mul(ctx.savedTensors()[0].pow(n - 1)).mul(n)};
            }
        };
        Tensor x = Torch.tensor(new double[] {2}).requiresGrad_();
        Tensor y = f.applyOne(x);
        y.backward(Torch.onesLike(y));
        assertEquals(32.0, x.grad().item(), 0);
        assertThrows(IllegalStateException.class, () -> new MulAndAdd().applyOne(x, x), "applyOne needs one output");
    }
}

package torch4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.testing.Fixtures;

/** The Optimizer API: state dicts, graph-free updates, zeroGrad, groups and argument checks. */
class OptimizerTest {
    /**
     * Five steps, save, load into a fresh optimizer over fresh parameters (built with other
     * defaults, which the loaded groups replace), then both go on in lockstep; both must follow
     * PyTorch's uninterrupted 20-step trajectory, so the copy shares no state with the original.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sgd_momentum__rosen", "adam_amsgrad__rosen", "adamw_amsgrad_wd__quad", "rmsprop_all__quad",
        "adagrad_all__rosen", "adadelta_wd__quad"})
    void stateDictRoundTripContinuesTheTrajectory(String name) {
        Fixtures.Case c = Problems.FIXTURES.get(name);
        String problem = name.substring(name.indexOf("__") + 2);
        List<Tensor> params = Problems.params(problem, c.tensor("x0").toDoubleArray());
        Optimizer opt = Problems.build(c, params);
        double[] traj = c.tensor("traj").toDoubleArray();
        TrajectoryTest.run(opt, problem, params, java.util.Arrays.copyOf(traj, 5 * Problems.flat(params).length), 0, name);

        Map<String, Object> saved = opt.stateDict();
        List<Tensor> params2 = Problems.params(problem, Problems.flat(params));
        Optimizer opt2 = fresh(name, params2);
        opt2.loadStateDict(saved);
        assertEquals(opt.paramGroups().get(0).options().keySet(), opt2.paramGroups().get(0).options().keySet());
        int n = Problems.flat(params).length;
        for (int step = 5; step < 20; step++) {
            for (var pair : List.of(Map.entry(opt, params), Map.entry(opt2, params2))) {
                pair.getKey().zeroGrad();
                Problems.lossAndGrad(problem, pair.getValue());
                pair.getKey().step();
                Problems.assertCloseArrays(Problems.row(traj, n, step), Problems.flat(pair.getValue()), 1e-9, 1e-11,
                        name + (pair.getKey() == opt ? " original" : " reloaded") + " after step " + (step + 1));
            }
        }
    }

    private static Optimizer fresh(String name, List<Tensor> params) {
        Function<List<Tensor>, Optimizer> make = switch (name.substring(0, name.indexOf('_'))) {
            case "sgd" -> p -> new SGD(p, 0.5);
            case "adam" -> p -> new Adam(p, 0.5);
            case "adamw" -> p -> new AdamW(p, 0.5);
            case "rmsprop" -> p -> new RMSprop(p, 0.5);
            case "adagrad" -> p -> new Adagrad(p, 0.5);
            default -> p -> new Adadelta(p, 0.5);
        };
        return make.apply(params);
    }

    @Test
    void stateDictRefersToParametersByIndex() {
        Tensor a = Torch.ones(2).requiresGrad_(), b = Torch.ones(3).requiresGrad_(), c = Torch.ones(1).requiresGrad_();
        Adam opt = new Adam(List.of(ParamGroup.of(a, b), ParamGroup.of(c).set("lr", 0.5)), Adam.options());
        a.setGrad(Torch.ones(2));
        c.setGrad(Torch.ones(1));
        opt.step();
        Map<String, Object> sd = opt.stateDict();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> groups = (List<Map<String, Object>>) sd.get("paramGroups");
        assertEquals(List.of(0, 1), groups.get(0).get("params"));
        assertEquals(List.of(2), groups.get(1).get("params"));
        assertEquals(0.5, groups.get(1).get("lr"));
        assertEquals(0.001, groups.get(0).get("lr"));
        @SuppressWarnings("unchecked")
        Map<Integer, Map<String, Object>> state = (Map<Integer, Map<String, Object>>) sd.get("state");
        assertEquals(List.of(0, 2), List.copyOf(state.keySet()), "b had no gradient, so no state");
        assertEquals(1.0, ((Tensor) state.get(0).get("step")).item());
        assertEquals(DType.FLOAT32, ((Tensor) state.get(2).get("expAvg")).dtype());

        // Loading casts floating state to each parameter's dtype; the step count keeps its own.
        Tensor a2 = Torch.ones(DType.FLOAT64, 2).requiresGrad_(), b2 = Torch.ones(DType.FLOAT64, 3).requiresGrad_();
        Tensor c2 = Torch.ones(DType.FLOAT64, 1).requiresGrad_();
        Adam opt2 = new Adam(List.of(ParamGroup.of(a2, b2), ParamGroup.of(c2)), Adam.options());
        opt2.loadStateDict(sd);
        assertEquals(DType.FLOAT64, ((Tensor) opt2.state(a2).get("expAvg")).dtype());
        assertEquals(DType.FLOAT32, ((Tensor) opt2.state(a2).get("step")).dtype());
        assertNotSame(state.get(0).get("expAvg"), opt2.state(a2).get("expAvg"));
        assertEquals(0.5, opt2.paramGroups().get(1).lr());

        Adam wrongSizes = new Adam(List.of(ParamGroup.of(a2), ParamGroup.of(b2, c2)), Adam.options());
        var e = assertThrows(IllegalArgumentException.class, () -> wrongSizes.loadStateDict(sd));
        assertTrue(e.getMessage().contains("doesn't match the size of optimizer's group"), e.getMessage());
        Adam oneGroup = new Adam(List.of(a2, b2, c2), 0.1);
        e = assertThrows(IllegalArgumentException.class, () -> oneGroup.loadStateDict(sd));
        assertTrue(e.getMessage().contains("different number of parameter groups"), e.getMessage());
    }

    /** Updates never record graph nodes: parameters stay leaves and state tensors need no grad. */
    @Test
    void stepRecordsNoGraph() {
        for (Function<List<Tensor>, Optimizer> make : List.<Function<List<Tensor>, Optimizer>>of(
                p -> new SGD(p, SGD.options().lr(0.1).momentum(0.9).nesterov(true).weightDecay(0.01)),
                p -> new Adam(p, Adam.options().lr(0.1).weightDecay(0.1).amsgrad(true).maximize(true)),
                p -> new AdamW(p, 0.1), p -> new RMSprop(p, RMSprop.options().centered(true).momentum(0.5)),
                p -> new Adagrad(p, 0.1), p -> new Adadelta(p))) {
            Tensor x = Torch.tensor(new float[] {1, -2, 3}, 3).requiresGrad_();
            Optimizer opt = make.apply(List.of(x));
            for (int i = 0; i < 2; i++) {
                opt.zeroGrad();
                x.mul(x).mul(0.5f).backward(Torch.onesLike(x));
                opt.step();
            }
            assertTrue(x.isLeaf() && x.requiresGrad(), opt.getClass().getSimpleName() + ": x must stay a leaf");
            assertNull(x.gradFn());
            assertFalse(java.util.Arrays.equals(new float[] {1, -2, 3}, x.toFloatArray()), "x was updated");
            for (Object v : opt.state(x).values()) {
                if (v instanceof Tensor t) {
                    assertFalse(t.requiresGrad(), opt.getClass().getSimpleName() + " state needs no grad");
                    assertNull(t.gradFn());
                }
            }
        }
    }

    @Test
    void parametersWithoutGradientAreSkipped() {
        Tensor a = Torch.ones(2).requiresGrad_(), b = Torch.ones(2).requiresGrad_();
        Adam opt = new Adam(List.of(a, b), 0.1);
        a.setGrad(Torch.ones(2));
        opt.step();
        assertArrayEquals(new float[] {1, 1}, b.toFloatArray());
        assertFalse(opt.state().containsKey(b));
        assertArrayEquals(new float[] {0.9f, 0.9f}, a.toFloatArray(), 1e-6f);
    }

    @Test
    void zeroGradZeroesInPlaceOrSetsToNull() {
        Tensor x = Torch.ones(3).requiresGrad_();
        SGD opt = new SGD(List.of(x), 0.1);
        x.mul(x).backward(Torch.onesLike(x));
        Tensor g = x.grad();
        opt.zeroGrad();
        assertSame(g, x.grad());
        assertArrayEquals(new float[] {0, 0, 0}, g.toFloatArray());
        opt.zeroGrad(true);
        assertNull(x.grad());
        opt.step(); // nothing to do
        assertArrayEquals(new float[] {1, 1, 1}, x.toFloatArray());
    }

    @Test
    void stepReturnsTheClosuresLossComputedWithGradEnabled() {
        Tensor x = Torch.tensor(new double[] {3}, 1).requiresGrad_();
        SGD opt = new SGD(List.of(x), 0.25);
        try (var s = Torch.noGrad()) {
            Tensor loss = opt.step(() -> {
                opt.zeroGrad();
                Tensor l = x.mul(x);
                l.backward(Torch.onesLike(l));
                return l;
            });
            assertEquals(9.0, loss.item());
        }
        assertEquals(1.5, x.item(), 0); // 3 - 0.25 * 6
    }

    @Test
    void groupsFillMissingOptionsFromDefaults() {
        Tensor a = Torch.ones(1).requiresGrad_(), b = Torch.ones(1).requiresGrad_();
        SGD opt = new SGD(List.of(ParamGroup.of(a).set("lr", 0.5)), SGD.options().lr(0.1).momentum(0.9));
        opt.addParamGroup(ParamGroup.of(b).set("momentum", 0.0));
        assertEquals(0.5, opt.paramGroups().get(0).lr());
        assertEquals(0.9, opt.paramGroups().get(0).getDouble("momentum"));
        assertEquals(0.1, opt.paramGroups().get(1).lr());
        assertEquals(0.0, opt.paramGroups().get(1).getDouble("momentum"));
        var e = assertThrows(IllegalArgumentException.class, () -> opt.addParamGroup(ParamGroup.of(a)));
        assertEquals("some parameters appear in more than one parameter group", e.getMessage());
        assertTrue(opt.toString().startsWith("SGD (\nParameter Group 0\n    dampening: 0.0\n"), opt.toString());
    }

    @Test
    void invalidArgumentsAreRejectedWithPyTorchsMessages() {
        Tensor x = Torch.ones(1).requiresGrad_();
        var e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(x), SGD.options().momentum(0.9)));
        assertEquals("parameter group didn't specify a value of required optimization parameter lr", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(x), SGD.options().lr(0.1).nesterov(true)));
        assertEquals("Nesterov momentum requires a momentum and zero dampening", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(x), Adam.options().betas(0.9, 1.0)));
        assertEquals("Invalid beta parameter at index 1: 1.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.<Tensor>of(), 0.1));
        assertEquals("optimizer got an empty parameter list", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(x), -0.1));
        assertEquals("Invalid learning rate: -0.1", e.getMessage());
        Tensor nonLeaf = x.mul(2);
        e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(nonLeaf), 0.1));
        assertEquals("can't optimize a non-leaf Tensor", e.getMessage());
    }
}

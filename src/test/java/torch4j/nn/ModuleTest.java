package torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.functional.F;
import torch4j.testing.Assertions;
import torch4j.testing.Fixtures;

/** Module mechanics against PyTorch: the seeds' LeNet, printing, state dicts, modes, conversion. */
class ModuleTest {

    /** The seeds' LeNet, as a user writes it. */
    static class Net extends Module {
        final Conv2d conv1 = registerModule("conv1", new Conv2d(1, 6, 5));
        final Conv2d conv2 = registerModule("conv2", new Conv2d(6, 16, 5));
        final Linear fc1 = registerModule("fc1", new Linear(16 * 5 * 5, 120));
        final Linear fc2 = registerModule("fc2", new Linear(120, 84));
        final Linear fc3 = registerModule("fc3", new Linear(84, 10));

        @Override
        public Tensor forward(Tensor x) {
            x = F.maxPool2d(F.relu(conv1.forward(x)), new int[] {2, 2});
            x = F.maxPool2d(F.relu(conv2.forward(x)), 2);
            x = x.flatten(1, -1);
            x = F.relu(fc1.forward(x));
            x = F.relu(fc2.forward(x));
            return fc3.forward(x);
        }
    }

    /** The fixture's deterministic weights: {@code 0.1 sin(0.37 i + k)} for parameter k. */
    static void setLenetWeights(Module net) {
        int k = 0;
        try (var s = Torch.noGrad()) {
            for (Tensor p : net.parameters()) {
                Tensor v = Torch.arange(0, p.numel(), 1, DType.FLOAT64).mul(0.37).add(k++).sin().mul(0.1);
                p.copy_(v.to(DType.FLOAT32).reshape(p.shape()));
            }
        }
    }

    @Test
    void lenetMatchesPyTorch() {
        Fixtures.Case c = NnCases.get("lenet");
        Net net = new Net();
        assertEquals(NnCases.text(c, "print"), net.toString());
        assertEquals(NnCases.text(c, "names"), String.join("\n", net.namedParameters().keySet()));
        assertEquals(NnCases.text(c, "state_keys"), String.join("\n", net.stateDict().keySet()));
        assertEquals(10, net.parameters().size());
        for (var e : net.namedParameters().entrySet()) {
            assertArrayEquals(c.tensor("size_" + e.getKey()).toIntArray(), e.getValue().shape(), e.getKey());
            assertTrue(e.getValue().requiresGrad());
        }
        setLenetWeights(net);
        Tensor x = c.tensor("x");
        Tensor out = net.forward(x);
        Assertions.assertClose(c.tensor("out"), out.detach(), 1e-4, 1e-5);
        Tensor loss = new CrossEntropyLoss().forward(out, c.tensor("target"));
        Assertions.assertClose(c.tensor("loss"), loss.detach(), 1e-4, 1e-6);
        net.zeroGrad();
        loss.backward();
        for (var e : net.namedParameters().entrySet()) {
            Tensor g = e.getValue().grad();
            Tensor expected = c.tensor("g_" + e.getKey());
            Tensor actual = g.numel() <= 1000 ? g : g.flatten().narrow(0, 0, 150);
            Assertions.assertClose(expected, actual, 1e-3, 1e-6);
            assertEquals(c.scalar("gabs_" + e.getKey()), g.abs().sum().item(), 1e-3 * c.scalar("gabs_" + e.getKey()));
        }
        double lr = 0.01;
        for (Tensor p : net.parameters()) p.data().sub_(p.grad().mul(lr));
        Assertions.assertClose(c.tensor("updated_fc3.weight"), net.fc3.weight.detach(), 1e-4, 1e-6);
        Assertions.assertClose(c.tensor("out_after_step"), net.forward(x).detach(), 1e-4, 1e-5);
    }

    @Test
    void printsLikePyTorch() {
        Fixtures.Case c = NnCases.get("print_sequential");
        Sequential seq = new Sequential(new Conv2d(3, 8, new int[] {3}, new int[] {2}, new int[] {1}, new int[] {1}, 1, false),
                new BatchNorm2d(8), new ReLU(), new MaxPool2d(2), new Dropout(0.25), new Flatten(), new Linear(32, 10),
                new LogSoftmax(1));
        assertEquals(NnCases.text(c, "text"), seq.toString());
        assertEquals(NnCases.text(c, "keys"), String.join("\n", seq.stateDict().keySet()));
        ModuleList misc = new ModuleList(new Conv1d(2, 4, 3, 1, "same", 1, 1, true),
                new ConvTranspose2d(4, 2, new int[] {3}, new int[] {2}, new int[] {1}, new int[] {1}, 2, true, new int[] {1}),
                new AvgPool2d(2), new AdaptiveAvgPool2d(5, 7), new LayerNorm(10), new GroupNorm(2, 4), new Embedding(10, 3, 0),
                new LeakyReLU(), new ELU(), new GELU(), new GELU("tanh"), new SiLU(), new Sigmoid(), new Tanh(), new Softmax(-1),
                new Softplus(), new Hardtanh(), new Identity(), new Unflatten(1, 2, 5), new Bilinear(3, 4, 5), new MaxPool1d(3),
                new BatchNorm1d(4, 1e-5, null, true, true),
                new Conv2d(2, 4, new int[] {3, 1}, new int[] {1}, new int[] {0}, new int[] {2}, 2, true),
                new CrossEntropyLoss(), new MSELoss());
        assertEquals(NnCases.text(NnCases.get("print_misc"), "text"), misc.toString());
        assertEquals("Module()", new Module() {}.toString());
    }

    @Test
    void loadStateDictErrors() {
        class Small extends Module {
            final Linear fc1;
            final BatchNorm1d bn = registerModule("bn", new BatchNorm1d(120));

            Small(int n) {
                fc1 = registerModule("fc1", new Linear(n, 120));
            }
        }
        // PyTorch's message starts with "Error(s) in loading state_dict for Small:" as ours does.
        var e = assertThrows(IllegalArgumentException.class, () -> new Small(256).loadStateDict(new Small(400).stateDict()));
        assertEquals(NnCases.text(NnCases.get("load_size_mismatch"), "msg"), e.getMessage());
        Map<String, Tensor> sd = new Small(400).stateDict();
        sd.remove("fc1.bias");
        sd.put("extra.weight", Torch.zeros(1));
        e = assertThrows(IllegalArgumentException.class, () -> new Small(400).loadStateDict(sd));
        assertEquals(NnCases.text(NnCases.get("load_missing_unexpected"), "msg"), e.getMessage());
        Small target = new Small(400);
        var keys = target.loadStateDict(sd, false);
        assertEquals(List.of("fc1.bias"), keys.missingKeys());
        assertEquals(List.of(), keys.unexpectedKeys());
        Assertions.assertClose(sd.get("fc1.weight"), target.fc1.weight.detach());
    }

    @Test
    void stateDictRoundTripAndSharing() {
        Net a = new Net(), b = new Net();
        b.loadStateDict(a.stateDict());
        for (var e : a.stateDict().entrySet()) Assertions.assertClose(e.getValue(), b.stateDict().get(e.getKey()));
        // stateDict shares storage with the parameters, detached
        Tensor w = a.stateDict().get("fc3.bias");
        assertTrue(!w.requiresGrad());
        assertSame(a.fc3.bias.storage(), w.storage());
        // a module registered twice contributes its parameters once
        Linear shared = new Linear(2, 2);
        Sequential s = new Sequential(shared, shared);
        assertEquals(2, s.parameters().size());
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias"), new ArrayList<>(s.stateDict().keySet()));
        assertEquals(List.of("0.weight", "0.bias"), new ArrayList<>(s.namedParameters().keySet()));
    }

    @Test
    void modesGradsAndConversion() {
        Net net = new Net();
        assertTrue(net.isTraining());
        net.eval();
        for (Module m : net.modules()) assertTrue(!m.isTraining());
        net.train();
        assertEquals(6, net.modules().size());
        assertEquals(5, net.children().size());
        List<String> visited = new ArrayList<>();
        net.apply(m -> visited.add(m.getClass().getSimpleName()));
        assertEquals(List.of("Conv2d", "Conv2d", "Linear", "Linear", "Linear", "Net"), visited);

        Tensor out = net.forward(Torch.randn(2, 1, 32, 32)).sum();
        out.backward();
        Tensor g = net.fc3.bias.grad();
        net.zeroGrad();
        assertSame(g, net.fc3.bias.grad());
        assertEquals(0.0, g.abs().sum().item());
        net.zeroGrad(true);
        assertNull(net.fc3.bias.grad());

        Tensor weight = net.fc1.weight;
        net.to(DType.FLOAT64);
        assertSame(weight, net.fc1.weight);
        assertEquals(DType.FLOAT64, net.fc1.weight.dtype());
        assertTrue(net.fc1.weight.requiresGrad());
        for (Tensor p : net.parameters()) assertEquals(DType.FLOAT64, p.dtype());
        Tensor y = net.forward(Torch.randn(DType.FLOAT64, 1, 1, 32, 32));
        assertEquals(DType.FLOAT64, y.dtype());

        net.requiresGrad_(false);
        for (Tensor p : net.parameters()) assertTrue(!p.requiresGrad());
        assertThrows(UnsupportedOperationException.class, () -> new Module() {}.forward(Torch.zeros(1)));
        assertThrows(IllegalArgumentException.class, () -> net.registerModule("fc1", new Linear(1, 1)));
    }

    @Test
    void batchNormTrainAndEval() {
        Fixtures.Case train = NnCases.get("batchnorm2d_train");
        BatchNorm2d bn = new BatchNorm2d(3);
        loadParams(bn, train);
        checkModule(bn, "batchnorm2d_train");
        Fixtures.Case stats = NnCases.get("batchnorm2d_stats");
        Assertions.assertClose(stats.tensor("running_mean"), bn.runningMean, 1e-5, 1e-6);
        Assertions.assertClose(stats.tensor("running_var"), bn.runningVar, 1e-5, 1e-6);
        assertEquals(1, bn.numBatchesTracked.itemLong());
        bn.eval();
        checkModule(bn, "batchnorm2d_eval");
        assertEquals(1, bn.numBatchesTracked.itemLong());

        BatchNorm1d bn1 = new BatchNorm1d(4, 1e-5, null, true, true);
        checkModule(bn1, "batchnorm1d_cma");
        checkModule(bn1, "batchnorm1d_cma2");
        Fixtures.Case s1 = NnCases.get("batchnorm1d_stats");
        Assertions.assertClose(s1.tensor("running_mean"), bn1.runningMean, 1e-5, 1e-6);
        Assertions.assertClose(s1.tensor("running_var"), bn1.runningVar, 1e-5, 1e-6);
        var e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3).forward(Torch.zeros(1, 3)));
        assertEquals("Expected more than 1 value per channel when training, got input size torch.Size([1, 3])", e.getMessage());
    }

    @Test
    void layerAndGroupNorm() {
        LayerNorm ln = new LayerNorm(3, 4);
        loadParams(ln, NnCases.get("layernorm"));
        checkModule(ln, "layernorm");
        GroupNorm gn = new GroupNorm(2, 4);
        loadParams(gn, NnCases.get("groupnorm"));
        checkModule(gn, "groupnorm");
    }

    @Test
    void dropoutModuleIsIdentityInEval() {
        Dropout d = new Dropout(0.5);
        Tensor x = Torch.ones(64);
        assertTrue(d.forward(x).eq(0).any().itemBool());
        d.eval();
        assertSame(x, d.forward(x));
    }

    @Test
    void embeddingPaddingRow() {
        Embedding e = new Embedding(5, 3, 2);
        assertEquals(0.0, e.weight.get("2").abs().sum().item());
        Tensor out = e.forward(Torch.tensor(new long[] {2, 1, 2}, 3));
        out.sum().backward();
        assertEquals(0.0, e.weight.grad().get("2").abs().sum().item());
        assertEquals(3.0, e.weight.grad().get("1").sum().item(), 1e-6);
    }

    private static void loadParams(Module m, Fixtures.Case c) {
        Map<String, Tensor> sd = new LinkedHashMap<>(m.stateDict());
        for (String k : m.namedParameters().keySet()) sd.put(k, c.tensor("p_" + k));
        m.loadStateDict(sd);
    }

    /** A module case: forward, then input and parameter gradients of (out * gout).sum(). */
    private static void checkModule(Module m, String name) {
        Fixtures.Case c = NnCases.get(name);
        m.zeroGrad(true);
        Tensor x = c.tensor("x").requiresGrad_();
        Tensor out = m.forward(x);
        Assertions.assertClose(c.tensor("out"), out.detach(), 1e-4, 1e-5);
        out.mul(c.tensor("gout")).sum().backward();
        Assertions.assertClose(c.tensor("g_x"), x.grad(), 1e-4, 1e-5);
        for (var e : m.namedParameters().entrySet()) {
            Assertions.assertClose(c.tensor("g_" + e.getKey()), e.getValue().grad(), 1e-4, 1e-5);
        }
    }
}

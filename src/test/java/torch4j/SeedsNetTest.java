package torch4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static torch4j.Torch.*;
import static torch4j.testing.Assertions.assertClose;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import torch4j.examples.OurNet;
import torch4j.nn.Conv2d;
import torch4j.nn.CrossEntropyLoss;
import torch4j.nn.Linear;
import torch4j.nn.MSELoss;
import torch4j.nn.Module;
import torch4j.nn.functional.F;
import torch4j.optim.Adam;
import torch4j.optim.SGD;
import torch4j.testing.Fixtures;

/** The seed tutorials' network programs, as Java, checked against the same programs run in PyTorch. */
class SeedsNetTest {
    /** The seeds' Net, for 32x32 inputs as written there. */
    static final class Net extends Module {
        final Conv2d conv1 = registerModule("conv1", new Conv2d(1, 6, 5));
        final Conv2d conv2 = registerModule("conv2", new Conv2d(6, 16, 5));
        final Linear fc1 = registerModule("fc1", new Linear(16 * 5 * 5, 120));
        final Linear fc2 = registerModule("fc2", new Linear(120, 84));
        final Linear fc3 = registerModule("fc3", new Linear(84, 10));

        @Override
        public Tensor forward(Tensor x) {
            x = F.maxPool2d(F.relu(conv1.forward(x)), new int[] {2, 2});
            x = F.maxPool2d(F.relu(conv2.forward(x)), 2);
            x = x.view(-1, numFlatFeatures(x));
            x = F.relu(fc1.forward(x));
            x = F.relu(fc2.forward(x));
            return fc3.forward(x);
        }

        int numFlatFeatures(Tensor x) {
            int n = 1;
            for (int s : x.size().slice(1)) n *= s;
            return n;
        }
    }

    @Test
    void netPrintsAndHasPyTorchsParameters() throws Exception {
        Net net = new Net();
        String want = new String(SeedsNetTest.class.getResourceAsStream("/fixtures/seeds_net_repr.txt").readAllBytes(),
                StandardCharsets.UTF_8).strip();
        // The class name is the Java class's, as PyTorch's is the Python class's.
        assertEquals(want, net.toString());
        List<Tensor> params = net.parameters();
        assertEquals(10, params.size());
        assertEquals(new Size(6, 1, 5, 5), params.get(0).size());
    }

    @Test
    void forwardLossBackwardAndUpdatesMatchPyTorch() {
        Fixtures.Case c = Fixtures.load("seeds").get("lenet32");
        Net net = new Net();
        try (var g = noGrad()) {
            int k = 0;
            for (Tensor p : net.parameters()) {
                int n = p.numel();
                p.copy_(arange(0, n, 1, DType.FLOAT64).mul(0.37).add(k++).sin().mul(0.1).float_().view(p.shape()));
            }
        }
        Tensor input = c.tensor("input");
        Tensor out = net.forward(input);
        assertClose(c.tensor("output"), out, 1e-4, 1e-5);

        Tensor target = c.tensor("target");
        Tensor loss = new MSELoss().forward(out, target);
        assertClose(c.tensor("loss"), loss, 1e-4, 1e-5);

        net.zeroGrad();
        assertTrue(net.conv1.getParameter("bias").grad() == null
                || net.conv1.getParameter("bias").grad().abs().sum().item() == 0);
        loss.backward();
        assertClose(c.tensor("conv1_bias_grad"), net.conv1.getParameter("bias").grad(), 1e-3, 1e-5);

        SGD optimizer = new SGD(net.parameters(), 0.01);
        optimizer.step();
        assertClose(c.tensor("fc3_bias_after_step"), net.fc3.getParameter("bias"), 1e-4, 1e-5);
    }

    @Test
    void manualSgdUpdateAndBackwardWithGradient() {
        manualSeed(1);
        Net net = new Net();
        Tensor input = randn(1, 1, 32, 32);
        Tensor out = net.forward(input);
        net.zeroGrad();
        out.backward(randn(1, 10));
        Tensor before = net.fc3.getParameter("bias").clone();
        double learningRate = 0.01;
        for (Tensor f : net.parameters()) f.data().sub_(f.grad().data().mul(learningRate));
        Tensor expected = before.sub(net.fc3.getParameter("bias").grad().mul(learningRate));
        assertClose(expected, net.fc3.getParameter("bias"));
        assertTrue(net.fc3.getParameter("bias").isLeaf());
    }

    @Test
    void ourNetTrainsWithAdamAndCrossEntropy() {
        manualSeed(2);
        OurNet net = new OurNet(20, 32, 3);
        assertEquals(List.of("layer_1.weight", "layer_1.bias", "layer_2.weight", "layer_2.bias",
                "output_layer.weight", "output_layer.bias"), List.copyOf(net.stateDict().keySet()));
        Adam optimizer = new Adam(net.parameters(), 0.01);
        CrossEntropyLoss criterion = new CrossEntropyLoss();
        Tensor x = randn(64, 20);
        Tensor y = x.get(":, :3").argmax(1);
        double first = 0, last = 0;
        for (int i = 0; i < 50; i++) {
            optimizer.zeroGrad();
            Tensor loss = criterion.forward(net.forward(x), y);
            loss.backward();
            optimizer.step();
            if (i == 0) first = loss.item();
            last = loss.item();
        }
        assertTrue(last < first * 0.5, "loss " + first + " -> " + last);
    }

    @Test
    void absoluteDifferenceSgdMeetsAtFour() {
        // Seed 003: both tensors require grad and move toward each other (the seed's comment says 3.0; PyTorch gives 4.0).
        Fixtures.Case c = Fixtures.load("seeds").get("abs_sgd");
        Tensor y = tensor(new float[] {3.0f}).requiresGrad_();
        Tensor y_ = tensor(new float[] {5.0f}).requiresGrad_();
        SGD optimizer = new SGD(List.of(y_, y), 0.1);
        Tensor trace = c.tensor("trace");
        for (int i = 0; i < 100; i++) {
            Tensor loss = y_.sub(y).abs();
            loss.backward();
            optimizer.step();
            optimizer.zeroGrad();
            assertEquals(trace.get(i, 0).item(), y.item(), 1e-6, "step " + i);
            assertEquals(trace.get(i, 1).item(), y_.item(), 1e-6, "step " + i);
        }
        assertClose(c.tensor("y"), y.detach(), 1e-6, 1e-6);
        assertClose(c.tensor("y_"), y_.detach(), 1e-6, 1e-6);
        assertEquals(4.0, y.item(), 1e-5);
    }

    @Test
    void autogradExampleMatchesPyTorch() {
        Fixtures.Case c = Fixtures.load("seeds").get("autograd_example");
        Tensor x = ones(2, 2).requiresGrad_();
        Tensor y = x.add(2);
        assertNotNull(y.gradFn());
        assertEquals("AddBackward0", y.gradFn().name());
        Tensor z = y.mul(y).mul(3);
        Tensor out = z.mean();
        assertClose(c.tensor("z"), z.detach());
        out.backward();
        assertClose(c.tensor("grad"), x.grad());
        assertArrayEquals(new float[] {4.5f, 4.5f, 4.5f, 4.5f}, x.grad().toFloatArray());
    }
}

package torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.init.Init;
import torch4j.nn.utils.ClipGrad;
import torch4j.testing.Assertions;
import torch4j.testing.Fixtures;

/** nn.init (gains against PyTorch, distributions by their bounds and moments) and gradient clipping. */
class InitAndClipTest {

    @Test
    void gains() {
        Fixtures.Case c = NnCases.get("gains");
        assertEquals(c.scalar("relu"), Init.calculateGain("relu"), 1e-15);
        assertEquals(c.scalar("tanh"), Init.calculateGain("tanh"), 1e-15);
        assertEquals(c.scalar("leaky"), Init.calculateGain("leaky_relu", Math.sqrt(5)), 1e-15);
        assertEquals(c.scalar("selu"), Init.calculateGain("selu"), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Init.calculateGain("swish"));
    }

    @Test
    void defaultLayerInitBounds() {
        // kaiming_uniform(a=sqrt(5)) gives U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and biases alike.
        Linear fc = new Linear(400, 120);
        double bound = 1 / Math.sqrt(400);
        assertTrue(fc.weight.abs().max().item() <= bound);
        assertTrue(fc.weight.abs().max().item() > 0.95 * bound);
        assertTrue(fc.bias.abs().max().item() <= bound);
        Conv2d conv = new Conv2d(6, 16, 5);
        double cb = 1 / Math.sqrt(150);
        assertTrue(conv.weight.abs().max().item() <= cb && conv.weight.abs().max().item() > 0.9 * cb);
        BatchNorm2d bn = new BatchNorm2d(4);
        Assertions.assertClose(Torch.ones(4), bn.weight.detach());
        Assertions.assertClose(Torch.zeros(4), bn.bias.detach());
        Embedding e = new Embedding(200, 50);
        assertEquals(1.0, e.weight.std().item(), 0.05);
    }

    @Test
    void initializers() {
        Generator g = new Generator().manualSeed(3);
        Tensor w = Torch.zeros(300, 200);
        Init.xavierUniform_(w, 2.0, g);
        double a = 2.0 * Math.sqrt(6.0 / 500);
        assertTrue(w.abs().max().item() <= a && w.abs().max().item() > 0.99 * a);
        Init.kaimingNormal_(w, 0, "fan_out", "relu", g);
        assertEquals(Math.sqrt(2.0 / 300), w.std().item(), 0.003);
        Init.xavierNormal_(w);
        assertEquals(Math.sqrt(2.0 / 500), w.std().item(), 0.003);
        Init.constant_(w, 0.5);
        assertEquals(0.5 * 60000, w.sum().item(), 1e-6);
        assertTrue(!w.requiresGrad());
        Tensor p = Torch.zeros(3, 4).requiresGrad_();
        Init.ones_(p);  // runs under no-grad, so a leaf that requires grad is fine
        assertEquals(12.0, p.sum().item());
        assertThrows(IllegalArgumentException.class, () -> Init.xavierUniform_(Torch.zeros(5)));
    }

    @Test
    void orthogonal() {
        for (int[] shape : new int[][] {{6, 4}, {3, 7}, {4, 2, 3}}) {
            Tensor w = Torch.zeros(DType.FLOAT64, shape);
            Init.orthogonal_(w, 1.5, new Generator().manualSeed(5));
            Tensor m = w.reshape(shape[0], -1);
            Tensor gram = m.size(0) >= m.size(1) ? m.t().matmul(m) : m.matmul(m.t());
            Assertions.assertClose(Torch.eye(gram.size(0)).to(DType.FLOAT64).mul(2.25), gram, 1e-10, 1e-10);
        }
    }

    @Test
    void clipGradNorm() {
        Fixtures.Case c = NnCases.get("clip_norm");
        Tensor p0 = Torch.zeros(3, 4).requiresGrad_(), p1 = Torch.zeros(5).requiresGrad_();
        p0.setGrad(c.tensor("g0"));
        p1.setGrad(c.tensor("g1"));
        Tensor norm = ClipGrad.clipGradNorm_(List.of(p0, p1), 1.0);
        Assertions.assertClose(c.tensor("norm"), norm, 1e-5, 1e-6);
        Assertions.assertClose(c.tensor("c0"), p0.grad(), 1e-5, 1e-6);
        Assertions.assertClose(c.tensor("c1"), p1.grad(), 1e-5, 1e-6);
        Fixtures.Case inf = NnCases.get("clip_norm_inf");
        p0.setGrad(c.tensor("g0"));
        p1.setGrad(c.tensor("g1"));
        Assertions.assertClose(inf.tensor("norm"), ClipGrad.clipGradNorm_(List.of(p0, p1), 0.5, Double.POSITIVE_INFINITY),
                1e-5, 1e-6);
        Assertions.assertClose(inf.tensor("c0"), p0.grad(), 1e-5, 1e-6);
        ClipGrad.clipGradValue_(List.of(p1), 0.1);
        assertTrue(p1.grad().abs().max().item() <= 0.1 + 1e-7);
    }
}

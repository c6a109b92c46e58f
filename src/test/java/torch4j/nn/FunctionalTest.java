package torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static torch4j.nn.NnCases.check;

import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.ValuesIndices;
import torch4j.nn.functional.F;
import torch4j.testing.Assertions;
import torch4j.testing.Fixtures;

/** torch4j.nn.functional against PyTorch: forward values and gradients. */
class FunctionalTest {
    private static final int[] ONE = {1}, ZERO = {0};

    @Test
    void conv2d() {
        check("conv2d_basic", m -> F.conv2d(m.get("x"), m.get("w"), m.get("b")));
        check("conv2d_stride_pad", m -> F.conv2d(m.get("x"), m.get("w"), m.get("b"), new int[] {2}, new int[] {1}, ONE, 1));
        check("conv2d_dilation_groups", m -> F.conv2d(m.get("x"), m.get("w"), m.get("b"), new int[] {1, 2}, new int[] {2, 1},
                new int[] {2}, 2));
        check("conv2d_nobias_1x1", m -> F.conv2d(m.get("x"), m.get("w"), null));
        check("conv2d_depthwise", m -> F.conv2d(m.get("x"), m.get("w"), m.get("b"), ONE, ONE, ONE, 4));
        check("conv2d_noncontig", m -> F.conv2d(m.get("x").transpose(2, 3), m.get("w"), m.get("b"), ONE, ONE, ONE, 1));
        check("conv2d_same_even", m -> F.conv2d(m.get("x"), m.get("w"), m.get("b"), ONE, "same", ONE, 1));
        check("conv2d_unbatched", m -> F.conv2d(m.get("x"), m.get("w"), m.get("b"), new int[] {2}, ZERO, ONE, 1));
        check("conv2d_double", m -> F.conv2d(m.get("x"), m.get("w"), m.get("b"), new int[] {2}, ONE, ONE, 1), 1e-10, 1e-12);
    }

    @Test
    void conv1dAndTransposed() {
        check("conv1d", m -> F.conv1d(m.get("x"), m.get("w"), m.get("b"), 2, 1, 2, 2));
        check("conv1d_same", m -> F.conv1d(m.get("x"), m.get("w"), m.get("b"), 1, "same", 1, 1));
        check("conv_transpose2d", m -> F.convTranspose2d(m.get("x"), m.get("w"), m.get("b"), new int[] {2}, ONE, ONE, 2, ONE));
        check("conv_transpose2d_dilation", m -> F.convTranspose2d(m.get("x"), m.get("w"), m.get("b"), new int[] {2, 1},
                new int[] {0, 2}, ZERO, 1, new int[] {2}));
    }

    @Test
    void convErrors() {
        Tensor w = Torch.zeros(6, 1, 5, 5);
        var e = assertThrows(IllegalArgumentException.class, () -> F.conv2d(Torch.zeros(2, 3, 32, 32), w, null));
        assertEquals("Given groups=1, weight of size [6, 1, 5, 5], expected input[2, 3, 32, 32] to have 1 channels, but got 3"
                + " channels instead", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.conv2d(Torch.zeros(32, 32), w, null));
        assertEquals("Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [32, 32]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> F.conv2d(Torch.zeros(1, 1, 3, 3), w, null));
        var conv = new Conv2d(1, 6, 5);
        e = assertThrows(IllegalArgumentException.class, () -> conv.forward(Torch.zeros(2, 3, 32, 32)));
        assertEquals("Conv2d: expected input of shape [N, 1, H, W] (3-D or 4-D), got [2, 3, 32, 32]", e.getMessage());
    }

    @Test
    void pooling() {
        check("max_pool2d", m -> F.maxPool2d(m.get("x"), new int[] {3}, new int[] {2}, ONE, ONE, true));
        check("max_pool2d_dilation", m -> F.maxPool2d(m.get("x"), new int[] {2, 3}, new int[] {1, 2}, ONE, new int[] {2, 1}, false));
        check("max_pool2d_k2", m -> F.maxPool2d(m.get("x"), 2));
        check("max_pool1d", m -> F.maxPool1d(m.get("x"), 3, 2, 1, 1, false));
        check("avg_pool2d", m -> F.avgPool2d(m.get("x"), new int[] {3}, new int[] {2}, ONE, true, false, 0));
        check("avg_pool2d_incl", m -> F.avgPool2d(m.get("x"), new int[] {3, 2}, new int[] {2, 1}, ONE, false, true, 0));
        check("avg_pool2d_divisor", m -> F.avgPool2d(m.get("x"), new int[] {2}, null, ZERO, false, true, 3));
        check("adaptive_avg_pool2d", m -> F.adaptiveAvgPool2d(m.get("x"), 3, 2));
        Fixtures.Case c = NnCases.get("max_pool2d_indices");
        ValuesIndices r = F.maxPool2dWithIndices(c.tensor("x"), new int[] {2}, null, ZERO, ONE, false);
        Assertions.assertClose(c.tensor("out"), r.values());
        Assertions.assertClose(c.tensor("idx"), r.indices());
    }

    @Test
    void linearAndEmbedding() {
        check("linear", m -> F.linear(m.get("x"), m.get("w"), m.get("b")));
        check("bilinear", m -> F.bilinear(m.get("x1"), m.get("x2"), m.get("w"), m.get("b")));
        check("embedding", m -> F.embedding(m.get("idx"), m.get("w"), 1));
        Fixtures.Case c = NnCases.get("one_hot");
        Assertions.assertClose(c.tensor("out"), F.oneHot(c.tensor("x"), 5));
        var e = assertThrows(IllegalArgumentException.class, () -> F.linear(Torch.zeros(2, 3), Torch.zeros(5, 4), null));
        assertEquals("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)", e.getMessage());
    }

    @Test
    void activations() {
        Map<String, Function<Tensor, Tensor>> acts = Map.ofEntries(
                Map.entry("relu", F::relu), Map.entry("leaky_relu", x -> F.leakyRelu(x, 0.2)),
                Map.entry("elu", x -> F.elu(x, 1.5)), Map.entry("gelu", F::gelu), Map.entry("gelu_tanh", x -> F.gelu(x, "tanh")),
                Map.entry("silu", F::silu), Map.entry("sigmoid", F::sigmoid), Map.entry("tanh", F::tanh),
                Map.entry("softplus", x -> F.softplus(x, 2, 10)), Map.entry("hardtanh", x -> F.hardtanh(x, -1, 1)),
                Map.entry("softmax0", x -> F.softmax(x, 0)), Map.entry("softmax1", x -> F.softmax(x, 1)),
                Map.entry("log_softmax1", x -> F.logSoftmax(x, 1)), Map.entry("log_softmax0", x -> F.logSoftmax(x, 0)));
        for (var e : acts.entrySet()) check("act_" + e.getKey(), m -> e.getValue().apply(m.get("x")));
        check("log_softmax_big", m -> F.logSoftmax(m.get("x"), -1));
        Tensor x = Torch.tensor(new float[] {1, 2, 3}, 3).requiresGrad_();
        assertEquals("SoftmaxBackward0", F.softmax(x, 0).gradFn().name());
        assertEquals("LogSoftmaxBackward0", F.logSoftmax(x, 0).gradFn().name());
    }

    @Test
    void regressionLosses() {
        for (String r : new String[] {"mean", "sum", "none"}) {
            check("mse_" + r, m -> F.mseLoss(m.get("x"), m.get("t"), r));
            check("l1_" + r, m -> F.l1Loss(m.get("x"), m.get("t"), r));
        }
        check("smooth_l1", m -> F.smoothL1Loss(m.get("x"), m.get("t"), "mean", 0.5));
        check("huber", m -> F.huberLoss(m.get("x"), m.get("t"), "sum", 0.7));
        assertThrows(IllegalArgumentException.class, () -> F.mseLoss(Torch.zeros(2), Torch.zeros(2), "avg"));
    }

    @Test
    void classificationLosses() {
        check("ce", m -> F.crossEntropy(m.get("x"), m.get("t")));
        check("ce_weight_ignore", m -> F.crossEntropy(m.get("x"), m.get("t"), m.get("cw"), 3, "mean", 0));
        check("ce_smooth_weight", m -> F.crossEntropy(m.get("x"), m.get("t"), m.get("cw"), 1, "mean", 0.2));
        check("ce_smooth_sum", m -> F.crossEntropy(m.get("x"), m.get("t"), null, -100, "sum", 0.1));
        check("ce_none", m -> F.crossEntropy(m.get("x"), m.get("t"), null, -100, "none", 0));
        check("ce_probs", m -> F.crossEntropy(m.get("x"), m.get("t"), m.get("cw"), -100, "mean", 0.1));
        check("ce_spatial", m -> F.crossEntropy(m.get("x"), m.get("t")));
        check("ce_big", m -> new CrossEntropyLoss().forward(m.get("x"), m.get("t")));
        check("nll_weight", m -> F.nllLoss(m.get("x"), m.get("t"), m.get("cw"), -100, "mean"));
        check("bce", m -> new BCELoss().forward(m.get("x"), m.get("t")));
        check("bce_weight_sum", m -> F.binaryCrossEntropy(m.get("x"), m.get("t"), m.get("cw"), "sum"));
        check("bce_edges", m -> F.binaryCrossEntropy(m.get("x"), m.get("t"), null, "none"));
        check("bce_logits", m -> new BCEWithLogitsLoss().forward(m.get("x"), m.get("t")));
        check("bce_logits_pos", m -> F.binaryCrossEntropyWithLogits(m.get("x"), m.get("t"), m.get("cw"), "none", m.get("pw")));
        check("kl_batchmean", m -> new KLDivLoss("batchmean", false).forward(m.get("x"), m.get("t")));
        check("kl_mean", m -> F.klDiv(m.get("x"), m.get("t")));
        check("kl_log_target", m -> F.klDiv(m.get("x"), m.get("t"), "sum", true));
        var e = assertThrows(IndexOutOfBoundsException.class,
                () -> F.crossEntropy(Torch.zeros(2, 3), Torch.tensor(new long[] {0, 5}, 2)));
        assertEquals("Target 5 is out of bounds.", e.getMessage());
    }

    @Test
    void crossEntropyStableForHugeLogits() {
        Tensor x = Torch.tensor(new float[] {1e4f, 0, -1e4f, 0, 1e4f, 1e4f}, 2, 3).requiresGrad_();
        Tensor loss = F.crossEntropy(x, Torch.tensor(new long[] {1, 2}, 2));
        loss.backward();
        assertTrue(Double.isFinite(loss.item()), "loss " + loss.item());
        for (float g : x.grad().toFloatArray()) assertTrue(Float.isFinite(g));
    }

    @Test
    void paddingAndInterpolation() {
        check("pad_constant", m -> F.pad(m.get("x"), new int[] {1, 2, 0, 1}, "constant", 0.5));
        check("pad_crop", m -> F.pad(m.get("x"), -1, 2, 1, -2));
        check("pad_reflect", m -> F.pad(m.get("x"), new int[] {2, 1, 3, 1}, "reflect", 0));
        check("pad_replicate", m -> F.pad(m.get("x"), new int[] {2, 3, 1, 0}, "replicate", 0));
        check("interp_nearest", m -> F.interpolate(m.get("x"), new int[] {7, 3}, "nearest", false));
        check("interp_nearest_scale", m -> F.interpolate(m.get("x"), new double[] {2}, "nearest", false));
        check("interp_bilinear", m -> F.interpolate(m.get("x"), new int[] {7, 9}, "bilinear", false));
        check("interp_bilinear_ac", m -> F.interpolate(m.get("x"), new int[] {3, 8}, "bilinear", true));
        check("interp_bilinear_scale", m -> F.interpolate(m.get("x"), new double[] {1.5}, "bilinear", false));
        check("interp_linear", m -> F.interpolate(m.get("x"), new int[] {9}, "linear", false));
    }

    @Test
    void dropout() {
        Tensor x = Torch.ones(1000);
        Tensor y = F.dropout(x, 0.3, true, new torch4j.Generator().manualSeed(1));
        double[] v = y.toDoubleArray();
        int zeros = 0;
        for (double d : v) {
            if (d == 0) zeros++;
            else assertEquals(1 / 0.7, d, 1e-6);
        }
        assertTrue(zeros > 230 && zeros < 370, "zeros: " + zeros);
        assertTrue(F.dropout(x, 0.3, false) == x);
        Tensor again = F.dropout(x, 0.3, true, new torch4j.Generator().manualSeed(1));
        Assertions.assertClose(y, again);
        assertEquals(DType.FLOAT32, y.dtype());
    }
}

package torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.autograd.Scope;
import torch4j.testing.Assertions;
import torch4j.testing.Fixtures;

/** MultiheadAttention and TransformerEncoderLayer against PyTorch (eval mode), masks included, plus dropout statistics. */
class AttentionTest {
    static Stream<Arguments> attentionCases() {
        return Stream.of(
                arguments("mha_basic", (Supplier<MultiheadAttention>) () -> new MultiheadAttention(4, 2)),
                arguments("mha_self_bf_kpm_heads", (Supplier<MultiheadAttention>) () -> new MultiheadAttention(4, 2, 0, true)),
                arguments("mha_self_causal_bool", (Supplier<MultiheadAttention>) () -> new MultiheadAttention(4, 4)),
                arguments("mha_float_mask3d_kpm", (Supplier<MultiheadAttention>) () -> new MultiheadAttention(4, 2)),
                arguments("mha_bool_mask_kpm", (Supplier<MultiheadAttention>) () -> new MultiheadAttention(4, 2)),
                arguments("mha_kdim_vdim_nobias", (Supplier<MultiheadAttention>) () -> new MultiheadAttention(4, 2, 0, false, false,
                        false, 3, 5, false)),
                arguments("mha_bias_kv_zero_attn", (Supplier<MultiheadAttention>) () -> new MultiheadAttention(4, 2, 0, true, true,
                        true, null, null, false)),
                arguments("mha_unbatched_kpm", (Supplier<MultiheadAttention>) () -> new MultiheadAttention(4, 2)),
                arguments("mha_no_weights_float_kpm", (Supplier<MultiheadAttention>) () -> new MultiheadAttention(4, 2, 0, true)),
                arguments("mha_float32", (Supplier<MultiheadAttention>) () -> new MultiheadAttention(4, 2)));
    }

    /** Without "k" the case is self-attention (one tensor for query, key and value); without "v", key is value. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("attentionCases")
    void multiheadAttentionAgainstPyTorch(String name, Supplier<MultiheadAttention> make) {
        Fixtures.Case c = RnnCases.get(name);
        MultiheadAttention m = RnnCases.load(c, make.get());
        m.eval();
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (String k : new String[] {"q", "k", "v", "kpm", "mask"}) in.put(k, RnnCases.input(c, k));
        Tensor q = in.get("q"), k = in.get("k") == null ? q : in.get("k"), v = in.get("v") == null ? k : in.get("v");
        boolean needWeights = c.has("w"), average = !name.contains("heads");
        MultiheadAttention.Output r = m.forward(q, k, v, in.get("kpm"), needWeights, in.get("mask"), average);
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("out", r.attnOutput());
        out.put("w", r.attnWeights());
        RnnCases.check(c, m, in, out);
    }

    static Stream<Arguments> encoderCases() {
        return Stream.of(
                arguments("enc_post_relu_mask", (Supplier<TransformerEncoderLayer>) () -> new TransformerEncoderLayer(4, 2, 6, 0.1,
                        "relu", 1e-5, false, false)),
                arguments("enc_pre_gelu_bf_kpm", (Supplier<TransformerEncoderLayer>) () -> new TransformerEncoderLayer(4, 2, 6, 0.1,
                        "gelu", 1e-6, true, true)),
                arguments("enc_post_unbatched", (Supplier<TransformerEncoderLayer>) () -> new TransformerEncoderLayer(4, 4, 5, 0.1,
                        "relu", 1e-5, false, false)),
                arguments("enc_pre_float32", (Supplier<TransformerEncoderLayer>) () -> new TransformerEncoderLayer(4, 2, 6, 0.1,
                        "relu", 1e-5, false, true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encoderCases")
    void encoderLayerAgainstPyTorch(String name, Supplier<TransformerEncoderLayer> make) {
        Fixtures.Case c = RnnCases.get(name);
        TransformerEncoderLayer m = RnnCases.load(c, make.get());
        m.eval();
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (String k : new String[] {"x", "mask", "kpm"}) in.put(k, RnnCases.input(c, k));
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("out", m.forward(in.get("x"), in.get("mask"), in.get("kpm")));
        RnnCases.check(c, m, in, out);
    }

    @Test
    void printingAndStateDictKeysMatchPyTorch() {
        Fixtures.Case c = RnnCases.get("repr_attention");
        assertEquals(RnnCases.text(c, "mha"), new MultiheadAttention(8, 2, 0, false, false, false, 3, null, false).toString());
        assertEquals(RnnCases.text(c, "enc"), new TransformerEncoderLayer(8, 2, 16, 0.2, "relu", 1e-5, true, false).toString());
        assertEquals(RnnCases.text(c, "mha_keys"),
                String.join(" ", new MultiheadAttention(8, 2, 0, true, true, false, 3, null, false).stateDict().keySet()));
    }

    /** In training the returned per-head weights are the dropped ones: each is 0 or twice its eval value. */
    @Test
    void attentionDropoutOnlyInTraining() {
        MultiheadAttention m = new MultiheadAttention(8, 2, 0.5, false);
        Tensor x = Torch.randn(16, 4, 8);
        Tensor train = m.forward(x, x, x, null, true, null, false).attnWeights();
        m.eval();
        Tensor eval = m.forward(x, x, x, null, true, null, false).attnWeights();
        Assertions.assertClose(Torch.ones(4, 2, 16), eval.sum(-1), 1e-5, 1e-5);
        double[] t = train.toDoubleArray(), e = eval.toDoubleArray();
        int zeros = 0;
        for (int i = 0; i < t.length; i++) {
            if (t[i] == 0) zeros++;
            else assertEquals(2 * e[i], t[i], 1e-5);
        }
        double frac = zeros / (double) t.length;
        assertTrue(frac > 0.4 && frac < 0.6, "dropped fraction " + frac);
    }

    @Test
    void encoderLayerDropsOutInTrainingAndIsDeterministicInEval() {
        TransformerEncoderLayer layer = new TransformerEncoderLayer(8, 2, 16, 0.3, "gelu", 1e-5, true, false);
        Tensor x = Torch.randn(3, 5, 8);
        Tensor a = layer.forward(x), b = layer.forward(x);
        assertFalse(a.allclose(b), "two training passes drew the same dropout masks");
        a.sum().backward();
        assertEquals(layer.parameters().size(), layer.parameters().stream().filter(p -> p.grad() != null).count());
        layer.eval();
        try (Scope s = Torch.noGrad()) {
            Tensor e1 = layer.forward(x), e2 = layer.forward(x);
            assertArrayEquals(e1.toDoubleArray(), e2.toDoubleArray());
        }
    }

    @Test
    void needWeightsFalseReturnsNoWeights() {
        MultiheadAttention m = new MultiheadAttention(4, 2);
        Tensor x = Torch.randn(3, 4);
        MultiheadAttention.Output r = m.forward(x, x, x, null, false, null);
        assertNull(r.attnWeights());
        assertArrayEquals(new int[] {3, 4}, r.attnOutput().shape());
        Assertions.assertClose(m.forward(x, x, x).attnOutput(), r.attnOutput(), 1e-6, 1e-7);
    }

    @Test
    void errorsUsePyTorchsMessages() {
        var e = assertThrows(IllegalArgumentException.class, () -> new MultiheadAttention(6, 4));
        assertEquals("embed_dim must be divisible by num_heads", e.getMessage());
        MultiheadAttention m = new MultiheadAttention(4, 2);
        Tensor q = Torch.randn(3, 2, 4), kv = Torch.randn(5, 2, 4);
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(q, kv, kv, null, true, Torch.zeros(3, 4)));
        assertEquals("The shape of the 2D attn_mask is torch.Size([3, 4]), but should be (3, 5).", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(q, kv, kv, Torch.zeros(2, 4).bool_(), true, null));
        assertEquals("expecting key_padding_mask shape of (2, 5), but got torch.Size([2, 4])", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(Torch.randn(3, 2, 6), kv, kv));
        assertEquals("was expecting embedding dimension of 4, but got 6", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(q, kv.select(1, 0), kv));
        assertEquals("For batched (3-D) `query`, expected `key` and `value` to be 3-D but found 2-D and 3-D tensors respectively",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TransformerEncoderLayer(4, 2, 8, 0.1, "tanh", 1e-5, false, false));
        assertEquals("activation should be relu/gelu, not tanh", e.getMessage());
    }
}

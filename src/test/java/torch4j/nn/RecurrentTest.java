package torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
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

/** RNN, LSTM and GRU against PyTorch: outputs, final states and the gradients of inputs, states and every weight. */
class RecurrentTest {
    static Stream<Arguments> cases() {
        UnaryOperator<Tensor> same = x -> x;
        return Stream.of(
                arguments("rnn_tanh", (Supplier<RNNBase>) () -> new RNN(2, 3), same),
                arguments("rnn_relu_2l_bi_bf_h0", (Supplier<RNNBase>) () -> new RNN(2, 3, 2, "relu", true, true, 0, true), same),
                arguments("rnn_nobias_unbatched_h0", (Supplier<RNNBase>) () -> new RNN(2, 3, 1, "tanh", false, false, 0, false),
                        same),
                arguments("rnn_2l_float32", (Supplier<RNNBase>) () -> new RNN(2, 3, 2), same),
                arguments("lstm", (Supplier<RNNBase>) () -> new LSTM(2, 3), same),
                arguments("lstm_2l_h0", (Supplier<RNNBase>) () -> new LSTM(2, 3, 2), same),
                arguments("lstm_bi_bf_h0", (Supplier<RNNBase>) () -> new LSTM(2, 3, 1, true, true, 0, true), same),
                arguments("lstm_2l_bi", (Supplier<RNNBase>) () -> new LSTM(2, 2, 2, true, false, 0, true), same),
                arguments("lstm_unbatched_h0", (Supplier<RNNBase>) () -> new LSTM(2, 3, 1, false, false, 0, false), same),
                arguments("lstm_proj_2l_bi_h0", (Supplier<RNNBase>) () -> new LSTM(2, 3, 2, true, false, 0, true, 2), same),
                arguments("lstm_2l_bf_float32", (Supplier<RNNBase>) () -> new LSTM(2, 3, 2, true, true, 0, false), same),
                arguments("gru", (Supplier<RNNBase>) () -> new GRU(2, 3), same),
                arguments("gru_2l_bi_bf_h0", (Supplier<RNNBase>) () -> new GRU(2, 2, 2, true, true, 0, true), same),
                arguments("gru_unbatched_bi", (Supplier<RNNBase>) () -> new GRU(2, 3, 1, true, false, 0, true), same),
                arguments("gru_nobias_2l_h0", (Supplier<RNNBase>) () -> new GRU(2, 3, 2, false, false, 0, false), same),
                arguments("gru_transposed_input", (Supplier<RNNBase>) () -> new GRU(2, 3), (UnaryOperator<Tensor>) x -> x.transpose(0, 1)),
                arguments("gru_float32", (Supplier<RNNBase>) () -> new GRU(2, 3), same));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void againstPyTorch(String name, Supplier<RNNBase> make, UnaryOperator<Tensor> prep) {
        Fixtures.Case c = RnnCases.get(name);
        RNNBase m = RnnCases.load(c, make.get());
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (String k : new String[] {"x", "h0", "c0"}) in.put(k, RnnCases.input(c, k));
        Tensor x = prep.apply(in.get("x"));
        RnnOutput r;
        if (m instanceof LSTM) r = ((LSTM) m).forward(x, in.get("h0"), in.get("c0"));
        else if (m instanceof GRU) r = ((GRU) m).forward(x, in.get("h0"));
        else r = ((RNN) m).forward(x, in.get("h0"));
        if (!(m instanceof LSTM)) assertNull(r.cN());
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("out", r.output());
        out.put("hn", r.hN());
        out.put("cn", r.cN());
        RnnCases.check(c, m, in, out);
    }

    @Test
    void printingAndStateDictKeysMatchPyTorch() {
        Fixtures.Case c = RnnCases.get("repr_recurrent");
        assertEquals(RnnCases.text(c, "lstm"), new LSTM(10, 20, 2, true, true, 0, true).toString());
        assertEquals(RnnCases.text(c, "rnn"), new RNN(10, 20, 3, "relu", false, false, 0.5, false).toString());
        assertEquals(RnnCases.text(c, "gru"), new GRU(3, 4).toString());
        assertEquals(RnnCases.text(c, "proj"), new LSTM(10, 20, 2, true, false, 0.25, false, 5).toString());
        assertEquals(RnnCases.text(c, "keys"),
                String.join(" ", new LSTM(2, 3, 2, false, false, 0, true, 2).stateDict().keySet()));
        assertEquals("LSTM(10, 20, num_layers=2, batch_first=True, bidirectional=True)",
                new LSTM(10, 20, 2, true, true, 0, true).toString());
    }

    @Test
    void defaultInitIsUniformWithinOneOverSqrtHidden() {
        GRU g = new GRU(5, 16, 2, true, false, 0, true);
        assertEquals(2 * 2 * 4, g.parameters().size());
        assertEquals(4, g.allWeights().size());
        double bound = 1 / Math.sqrt(16), max = 0;
        for (Tensor p : g.parameters()) max = Math.max(max, p.abs().max().item());
        assertTrue(max <= bound && max > 0.9 * bound, "max |w| = " + max);
    }

    /**
     * Identity weights and relu make layer 0 copy its positive input and layer 1 copy what the
     * inter-layer dropout lets through, so each output is 0 or 2x in training and exactly x in eval.
     */
    @Test
    void dropoutBetweenLayersOnlyInTraining() {
        int n = 8;
        RNN rnn = new RNN(n, n, 2, "relu", false, false, 0.5, false);
        try (Scope s = Torch.noGrad()) {
            rnn.getParameter("weight_ih_l0").copy_(Torch.eye(n));
            rnn.getParameter("weight_ih_l1").copy_(Torch.eye(n));
            rnn.getParameter("weight_hh_l0").zero_();
            rnn.getParameter("weight_hh_l1").zero_();
        }
        Tensor x = Torch.rand(30, 10, n).add(0.5);
        RnnOutput train = rnn.forward(x, null);
        double[] xs = x.toDoubleArray(), ys = train.output().toDoubleArray();
        int zeros = 0;
        for (int i = 0; i < xs.length; i++) {
            if (ys[i] == 0) zeros++;
            else assertEquals(2 * xs[i], ys[i], 1e-5);
        }
        double frac = zeros / (double) xs.length;
        assertTrue(frac > 0.4 && frac < 0.6, "dropped fraction " + frac);
        // Layer 0's final state is taken before the dropout; the last layer is never dropped.
        Assertions.assertClose(x.select(0, 29), train.hN().select(0, 0));
        rnn.eval();
        RnnOutput eval = rnn.forward(x, null);
        Assertions.assertClose(x, eval.output());
        Assertions.assertClose(x.select(0, 29), eval.hN().select(0, 1));
    }

    @Test
    void forwardWithoutStateReturnsTheOutputSequence() {
        LSTM lstm = new LSTM(3, 4, 1, true, true, 0, true);
        Tensor x = Torch.randn(2, 5, 3);
        Tensor out = lstm.forward(x);
        assertArrayEquals(new int[] {2, 5, 8}, out.shape());
        Assertions.assertClose(lstm.forward(x, null, null).output(), out);
        RnnOutput unbatched = lstm.forward(x.select(0, 1), null, null);
        assertArrayEquals(new int[] {5, 8}, unbatched.output().shape());
        assertArrayEquals(new int[] {2, 4}, unbatched.cN().shape());
        Assertions.assertClose(out.select(0, 1), unbatched.output(), 1e-6, 1e-7);
    }

    @Test
    void errorsUsePyTorchsMessages() {
        LSTM lstm = new LSTM(3, 4, 2);
        var e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(Torch.zeros(5, 2, 7), null, null));
        assertEquals("input.size(-1) must be equal to input_size. Expected 3, got 7", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> lstm.forward(Torch.zeros(5, 2, 3), Torch.zeros(2, 3, 4), Torch.zeros(2, 2, 4)));
        assertEquals("Expected hidden[0] size (2, 2, 4), got [2, 3, 4]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> lstm.forward(Torch.zeros(5, 2, 3), Torch.zeros(2, 2, 4), Torch.zeros(2, 4)));
        assertEquals("For batched 3-D input, hx and cx should also be 3-D but got (3-D, 2-D) tensors", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> lstm.forward(Torch.zeros(5, 2, 3), Torch.zeros(2, 2, 4), null));
        GRU gru = new GRU(3, 4);
        e = assertThrows(IllegalArgumentException.class, () -> gru.forward(Torch.zeros(5, 3), Torch.zeros(1, 2, 4)));
        assertEquals("For unbatched 2-D input, hx should also be 2-D but got 3-D tensor", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gru.forward(Torch.zeros(5, 2, 3), Torch.zeros(2, 2, 4)));
        assertEquals("Expected hidden size (1, 2, 4), got [2, 2, 4]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RNN(3, 4, 1, "sigmoid", true, false, 0, false));
        assertEquals("Unknown nonlinearity 'sigmoid'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new GRU(3, 4, 2, true, false, 1.5, false));
        assertEquals("dropout should be a number in range [0, 1] representing the probability of an element being zeroed",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LSTM(3, 4, 1, true, false, 0, false, 4));
        assertEquals("proj_size has to be smaller than hidden_size", e.getMessage());
    }
}

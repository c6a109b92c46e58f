package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/**
 * {@code nn.RNN}: an Elman recurrent network, {@code h_t = act(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)}
 * with {@code act} tanh or relu, stacked {@code numLayers} deep and optionally bidirectional.
 *
 * <pre>{@code
 * RNN rnn = new RNN(10, 20, 2);
 * RnnOutput r = rnn.forward(randn(5, 3, 10), randn(2, 3, 20));  // r.output(): [5, 3, 20], r.hN(): [2, 3, 20]
 * }</pre>
 */
public class RNN extends RNNBase {
    /** "tanh" or "relu". */
    public final String nonlinearity;
    private final boolean relu;

    public RNN(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1);
    }

    public RNN(int inputSize, int hiddenSize, int numLayers) {
        this(inputSize, hiddenSize, numLayers, "tanh", true, false, 0, false);
    }

    /** All of PyTorch's arguments, in its order: {@code nn.RNN(input_size, hidden_size, num_layers, nonlinearity, bias, batch_first, dropout, bidirectional)}. */
    public RNN(int inputSize, int hiddenSize, int numLayers, String nonlinearity, boolean bias, boolean batchFirst,
            double dropout, boolean bidirectional) {
        super(1, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, 0);
        if (!"tanh".equals(nonlinearity) && !"relu".equals(nonlinearity)) {
            throw new IllegalArgumentException("Unknown nonlinearity '" + nonlinearity + "'");
        }
        this.nonlinearity = nonlinearity;
        this.relu = nonlinearity.equals("relu");
    }

    /**
     * {@code output, h_n = rnn(input, h0)}: input {@code [L, N, inputSize]} ({@code [N, L, inputSize]} with
     * batchFirst) or unbatched {@code [L, inputSize]}; {@code h0} {@code [D*numLayers, N, hiddenSize]} or null for zeros.
     */
    public RnnOutput forward(Tensor input, Tensor h0) {
        return run(input, h0, null);
    }

    @Override
    Tensor[] cell(Tensor gi, Tensor h, Tensor c, Tensor[] w) {
        Tensor pre = gi.add(F.linear(h, w[1], w[3]));
        return new Tensor[] {relu ? pre.relu() : pre.tanh()};
    }
}

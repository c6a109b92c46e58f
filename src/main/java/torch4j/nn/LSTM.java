package torch4j.nn;

import java.util.List;
import torch4j.Tensor;
import torch4j.nn.functional.F;

/**
 * {@code nn.LSTM}: a long short-term memory stack. Per step, with gates stacked as i, f, g, o:
 * {@code c' = σ(f) * c + σ(i) * tanh(g)}, {@code h' = σ(o) * tanh(c')}, and with {@code projSize > 0}
 * {@code h'} is further multiplied by {@code weight_hr^T}.
 *
 * <pre>{@code
 * LSTM lstm = new LSTM(10, 20, 2);
 * RnnOutput r = lstm.forward(randn(5, 3, 10), h0, c0);  // output [5, 3, 20], hN and cN [2, 3, 20]
 * }</pre>
 */
public class LSTM extends RNNBase {
    public LSTM(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1);
    }

    public LSTM(int inputSize, int hiddenSize, int numLayers) {
        this(inputSize, hiddenSize, numLayers, true, false, 0, false, 0);
    }

    /** {@code nn.LSTM(input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional)}. */
    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
            boolean bidirectional) {
        this(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, 0);
    }

    /** All of PyTorch's arguments, in its order, {@code proj_size} last (0: no projection). */
    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
            boolean bidirectional, int projSize) {
        super(4, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, projSize);
    }

    /**
     * {@code output, (h_n, c_n) = lstm(input, (h0, c0))}: input {@code [L, N, inputSize]} ({@code [N, L, inputSize]}
     * with batchFirst) or unbatched {@code [L, inputSize]}; {@code h0} {@code [D*numLayers, N, Hout]} and {@code c0}
     * {@code [D*numLayers, N, hiddenSize]}, both or neither null (zeros).
     */
    public RnnOutput forward(Tensor input, Tensor h0, Tensor c0) {
        return run(input, h0, c0);
    }

    @Override
    Tensor[] cell(Tensor gi, Tensor h, Tensor c, Tensor[] w) {
        List<Tensor> g = gi.add(F.linear(h, w[1], w[3])).chunk(4, -1);
        Tensor i = g.get(0).sigmoid(), f = g.get(1).sigmoid(), cand = g.get(2).tanh(), o = g.get(3).sigmoid();
        Tensor c2 = f.mul(c).add(i.mul(cand));
        Tensor h2 = o.mul(c2.tanh());
        if (w[4] != null) h2 = F.linear(h2, w[4], null);
        return new Tensor[] {h2, c2};
    }
}

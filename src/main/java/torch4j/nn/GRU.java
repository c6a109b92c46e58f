package torch4j.nn;

import java.util.List;
import torch4j.Tensor;
import torch4j.nn.functional.F;

/**
 * {@code nn.GRU}: a gated recurrent unit stack. Per step, with gates stacked as r, z, n:
 * {@code r = σ(W_ir x + b_ir + W_hr h + b_hr)}, {@code z = σ(W_iz x + b_iz + W_hz h + b_hz)},
 * {@code n = tanh(W_in x + b_in + r * (W_hn h + b_hn))}, {@code h' = (1 - z) * n + z * h}.
 *
 * <pre>{@code
 * GRU gru = new GRU(10, 20, 2);
 * RnnOutput r = gru.forward(randn(5, 3, 10), null);  // r.output(): [5, 3, 20], r.hN(): [2, 3, 20]
 * }</pre>
 */
public class GRU extends RNNBase {
    public GRU(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1);
    }

    public GRU(int inputSize, int hiddenSize, int numLayers) {
        this(inputSize, hiddenSize, numLayers, true, false, 0, false);
    }

    /** All of PyTorch's arguments, in its order: {@code nn.GRU(input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional)}. */
    public GRU(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
            boolean bidirectional) {
        super(3, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, 0);
    }

    /**
     * {@code output, h_n = gru(input, h0)}: input {@code [L, N, inputSize]} ({@code [N, L, inputSize]} with
     * batchFirst) or unbatched {@code [L, inputSize]}; {@code h0} {@code [D*numLayers, N, hiddenSize]} or null for zeros.
     */
    public RnnOutput forward(Tensor input, Tensor h0) {
        return run(input, h0, null);
    }

    @Override
    Tensor[] cell(Tensor gi, Tensor h, Tensor c, Tensor[] w) {
        List<Tensor> x = gi.chunk(3, -1), hh = F.linear(h, w[1], w[3]).chunk(3, -1);
        Tensor r = x.get(0).add(hh.get(0)).sigmoid();
        Tensor z = x.get(1).add(hh.get(1)).sigmoid();
        Tensor n = x.get(2).add(r.mul(hh.get(2))).tanh();
        return new Tensor[] {n.add(z.mul(h.sub(n)))};  // (1 - z) * n + z * h, one op fewer
    }
}

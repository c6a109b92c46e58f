package torch4j.nn;

import torch4j.Tensor;

/**
 * What a recurrent layer's forward returns, PyTorch's {@code output, h_n} (and {@code c_n} for LSTM).
 *
 * <pre>{@code RnnOutput r = lstm.forward(x, null, null); Tensor out = r.output(), hn = r.hN(), cn = r.cN(); }</pre>
 *
 * @param output the last layer's hidden state at every step: {@code [L, N, D*Hout]} ({@code [N, L, D*Hout]} with
 *     batchFirst, {@code [L, D*Hout]} for unbatched input)
 * @param hN the final hidden state of every layer and direction: {@code [D*numLayers, N, Hout]} ({@code [D*numLayers,
 *     Hout]} unbatched)
 * @param cN LSTM's final cell state, shaped as {@code hN} but with {@code hiddenSize}; null for RNN and GRU
 */
public record RnnOutput(Tensor output, Tensor hN, Tensor cN) {}

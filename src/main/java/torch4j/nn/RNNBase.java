package torch4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.functional.F;
import torch4j.nn.init.Init;

/**
 * The multi-layer, optionally bidirectional recurrent stack shared by {@link RNN}, {@link LSTM} and
 * {@link GRU}, PyTorch's {@code nn.RNNBase}: parameter names, shapes, initialisation, input checks
 * and the time loop live here; a subclass supplies one cell step.
 *
 * <p>Each layer and direction projects its whole input sequence with one matmul
 * ({@code x @ W_ih^T + b_ih} for all steps), then loops over time for the recurrent part. Autograd
 * records every step, so backward through time needs no code of its own.
 */
public abstract class RNNBase extends Module {
    public final int inputSize;
    public final int hiddenSize;
    public final int numLayers;
    public final boolean bias;
    public final boolean batchFirst;
    /** Dropout probability applied to the output of every layer but the last, in training mode. */
    public final double dropout;
    public final boolean bidirectional;
    /** LSTM's projection size (0: no projection); always 0 for RNN and GRU. */
    public final int projSize;

    /** Per layer and direction ({@code layer * D + direction}): weight_ih, weight_hh, bias_ih, bias_hh, weight_hr. */
    private final Tensor[][] cells;

    /**
     * @param gates the number of gate blocks stacked in each weight: 1 (RNN), 3 (GRU), 4 (LSTM)
     */
    protected RNNBase(int gates, int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst,
            double dropout, boolean bidirectional, int projSize) {
        if (!(dropout >= 0 && dropout <= 1)) {
            throw new IllegalArgumentException("dropout should be a number in range [0, 1] representing the probability of"
                    + " an element being zeroed");
        }
        if (projSize < 0) throw new IllegalArgumentException("proj_size should be a positive integer or zero to disable projections");
        if (projSize >= hiddenSize) throw new IllegalArgumentException("proj_size has to be smaller than hidden_size");
        if (inputSize < 0 || numLayers <= 0) {
            throw new IllegalArgumentException("input_size must be non-negative and num_layers positive, got input_size="
                    + inputSize + ", num_layers=" + numLayers);
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.bias = bias;
        this.batchFirst = batchFirst;
        this.dropout = dropout;
        this.bidirectional = bidirectional;
        this.projSize = projSize;
        int dirs = bidirectional ? 2 : 1, gateSize = gates * hiddenSize, realHidden = projSize > 0 ? projSize : hiddenSize;
        cells = new Tensor[numLayers * dirs][];
        for (int layer = 0; layer < numLayers; layer++) {
            for (int d = 0; d < dirs; d++) {
                int layerInput = layer == 0 ? inputSize : realHidden * dirs;
                String suffix = layer + (d == 1 ? "_reverse" : "");
                Tensor[] w = new Tensor[5];
                w[0] = registerParameter("weight_ih_l" + suffix, Torch.empty(gateSize, layerInput));
                w[1] = registerParameter("weight_hh_l" + suffix, Torch.empty(gateSize, realHidden));
                if (bias) {
                    w[2] = registerParameter("bias_ih_l" + suffix, Torch.empty(gateSize));
                    w[3] = registerParameter("bias_hh_l" + suffix, Torch.empty(gateSize));
                }
                if (projSize > 0) w[4] = registerParameter("weight_hr_l" + suffix, Torch.empty(projSize, hiddenSize));
                cells[layer * dirs + d] = w;
            }
        }
        resetParameters();
    }

    /** Re-draws every weight and bias from {@code U(-1/sqrt(hiddenSize), 1/sqrt(hiddenSize))}, as PyTorch. */
    public void resetParameters() {
        double stdv = hiddenSize > 0 ? 1.0 / Math.sqrt(hiddenSize) : 0;
        for (Tensor p : parameters()) Init.uniform_(p, -stdv, stdv);
    }

    /** PyTorch's {@code all_weights}: per layer and direction, the parameters in registration order. */
    public List<List<Tensor>> allWeights() {
        List<List<Tensor>> out = new ArrayList<>();
        for (Tensor[] w : cells) {
            List<Tensor> l = new ArrayList<>();
            for (Tensor t : w) {
                if (t != null) l.add(t);
            }
            out.add(l);
        }
        return out;
    }

    /**
     * One time step of one layer and direction.
     *
     * @param gi the input projection {@code x_t W_ih^T + b_ih} for this step, {@code [N, gates*H]}
     * @param h the previous hidden state {@code [N, Hout]}
     * @param c the previous cell state (LSTM) or null
     * @param w weight_ih, weight_hh, bias_ih, bias_hh (null without bias), weight_hr (null without projection)
     * @return the new hidden state, and for LSTM the new cell state
     */
    abstract Tensor[] cell(Tensor gi, Tensor h, Tensor c, Tensor[] w);

    /** The output sequence only, PyTorch's {@code rnn(x)[0]} (zero initial state); for the final state use the other forward. */
    @Override
    public Tensor forward(Tensor input) {
        return run(input, null, null).output();
    }

    /**
     * Validates shapes as PyTorch does, adds a batch dim to unbatched input, runs the stack and
     * removes the batch dim again. {@code h0}/{@code c0} may be null (zeros).
     */
    final RnnOutput run(Tensor input, Tensor h0, Tensor c0) {
        boolean lstm = this instanceof LSTM;
        if (input.dim() != 2 && input.dim() != 3) {
            throw new IllegalArgumentException(name() + ": Expected input to be 2-D or 3-D but received " + input.dim()
                    + "-D tensor");
        }
        boolean batched = input.dim() == 3;
        if (lstm && (h0 == null) != (c0 == null)) {
            throw new IllegalArgumentException("LSTM: h0 and c0 must be given together (or both null for zeros)");
        }
        if (h0 != null) {
            int want = batched ? 3 : 2;
            String kind = batched ? "For batched 3-D input" : "For unbatched 2-D input";
            if (lstm && (h0.dim() != want || c0.dim() != want)) {
                throw new IllegalArgumentException(kind + ", hx and cx should also be " + want + "-D but got (" + h0.dim()
                        + "-D, " + c0.dim() + "-D) tensors");
            }
            if (!lstm && h0.dim() != want) {
                throw new IllegalArgumentException(kind + ", hx should also be " + want + "-D but got " + h0.dim() + "-D tensor");
            }
            if (!batched) {
                h0 = h0.unsqueeze(1);
                if (c0 != null) c0 = c0.unsqueeze(1);
            }
        }
        int batchDim = batchFirst ? 0 : 1;
        Tensor x = batched ? input : input.unsqueeze(batchDim);
        if (x.size(-1) != inputSize) {
            throw new IllegalArgumentException("input.size(-1) must be equal to input_size. Expected " + inputSize + ", got "
                    + x.size(-1));
        }
        if (batchFirst) x = x.transpose(0, 1);  // time-major from here on: [T, N, I]
        int steps = x.size(0), n = x.size(1), dirs = bidirectional ? 2 : 1;
        int hOut = projSize > 0 ? projSize : hiddenSize;
        int[] hShape = {numLayers * dirs, n, hOut}, cShape = {numLayers * dirs, n, hiddenSize};
        if (h0 == null) {
            h0 = Tensor.zeros(x.dtype(), x.device(), hShape);
            if (lstm) c0 = Tensor.zeros(x.dtype(), x.device(), cShape);
        }
        checkHidden(h0, hShape, lstm ? "Expected hidden[0] size " : "Expected hidden size ");
        if (lstm) checkHidden(c0, cShape, "Expected hidden[1] size ");
        if (steps == 0) throw new IllegalArgumentException("Expected sequence length to be larger than 0 in RNN");

        List<Tensor> hN = new ArrayList<>(), cN = new ArrayList<>();
        Tensor layerInput = x;
        for (int layer = 0; layer < numLayers; layer++) {
            List<Tensor> dirOut = new ArrayList<>(dirs);
            for (int d = 0; d < dirs; d++) {
                int idx = layer * dirs + d;
                Tensor[] w = cells[idx];
                Tensor gates = F.linear(layerInput, w[0], w[2]);  // [T, N, gates*H]: every step's input part at once
                Tensor h = h0.select(0, idx), c = lstm ? c0.select(0, idx) : null;
                Tensor[] outs = new Tensor[steps];
                for (int s = 0; s < steps; s++) {
                    int t = d == 0 ? s : steps - 1 - s;
                    Tensor[] hc = cell(gates.select(0, t), h, c, w);
                    h = hc[0];
                    if (lstm) c = hc[1];
                    outs[t] = h;
                }
                dirOut.add(Torch.stack(Arrays.asList(outs), 0));
                hN.add(h);
                if (lstm) cN.add(c);
            }
            layerInput = dirs == 1 ? dirOut.get(0) : Torch.cat(dirOut, 2);
            if (dropout > 0 && isTraining() && layer < numLayers - 1) layerInput = F.dropout(layerInput, dropout, true);
        }
        Tensor out = batchFirst ? layerInput.transpose(0, 1) : layerInput;
        Tensor hn = Torch.stack(hN, 0), cn = lstm ? Torch.stack(cN, 0) : null;
        if (!batched) {
            out = out.squeeze(batchDim);
            hn = hn.squeeze(1);
            if (cn != null) cn = cn.squeeze(1);
        }
        return new RnnOutput(out, hn, cn);
    }

    private static void checkHidden(Tensor h, int[] want, String msg) {
        if (!Arrays.equals(h.shape(), want)) {
            throw new IllegalArgumentException(msg + "(" + want[0] + ", " + want[1] + ", " + want[2] + "), got "
                    + Arrays.toString(h.shape()));
        }
    }

    @Override
    public String extraRepr() {
        StringBuilder s = new StringBuilder().append(inputSize).append(", ").append(hiddenSize);
        if (projSize != 0) s.append(", proj_size=").append(projSize);
        if (numLayers != 1) s.append(", num_layers=").append(numLayers);
        if (!bias) s.append(", bias=False");
        if (batchFirst) s.append(", batch_first=True");
        if (dropout != 0) s.append(", dropout=").append(Repr.pyFloat(dropout));
        if (bidirectional) s.append(", bidirectional=True");
        return s.toString();
    }
}

package torch4j.nn;

import torch4j.Tensor;
import torch4j.Torch;
import torch4j.autograd.GradMode;
import torch4j.autograd.Scope;
import torch4j.nn.functional.F;
import torch4j.nn.init.Init;

/**
 * {@code nn.Embedding}: a lookup table of {@code numEmbeddings} rows of size {@code embeddingDim},
 * initialised {@code N(0, 1)}; the {@code paddingIdx} row is zero and never receives a gradient.
 */
public class Embedding extends Module {
    public final int numEmbeddings;
    public final int embeddingDim;
    /** Non-negative padding row, or null. */
    public final Integer paddingIdx;
    public final Tensor weight;

    public Embedding(int numEmbeddings, int embeddingDim) {
        this(numEmbeddings, embeddingDim, null);
    }

    public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx) {
        this(numEmbeddings, embeddingDim, paddingIdx,
                Init.normal_(Torch.zeros(numEmbeddings, embeddingDim), 0, 1), true);
    }

    private Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx, Tensor weight, boolean zeroPad) {
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        if (paddingIdx != null) {
            if (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings) {
                throw new IllegalArgumentException("Padding_idx must be within num_embeddings");
            }
            paddingIdx = paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
        }
        this.paddingIdx = paddingIdx;
        this.weight = registerParameter("weight", weight);
        if (paddingIdx != null && zeroPad) {
            try (Scope s = GradMode.set(false)) {
                weight.select(0, paddingIdx).fill_(0);
            }
        }
    }

    /** {@code Embedding.from_pretrained(weight, freeze, padding_idx)}: the rows are used as given. */
    public static Embedding fromPretrained(Tensor embeddings, boolean freeze, Integer paddingIdx) {
        if (embeddings.dim() != 2) throw new IllegalArgumentException("Embeddings parameter is expected to be 2-dimensional");
        Tensor w = embeddings.detach().clone();
        Embedding e = new Embedding(w.size(0), w.size(1), paddingIdx, w, false);
        e.weight.requiresGrad_(!freeze);
        return e;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.embedding(input, weight, paddingIdx);
    }

    @Override
    public String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + (paddingIdx != null ? ", padding_idx=" + paddingIdx : "");
    }
}

package torch4j.nn;

import java.util.function.UnaryOperator;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.nn.functional.F;

/**
 * {@code nn.TransformerEncoderLayer}: self-attention then a feed-forward block, each with a residual
 * connection and layer norm, applied after the residual (post-norm, the default) or before the block
 * ({@code normFirst}).
 *
 * <pre>{@code
 * TransformerEncoderLayer layer = new TransformerEncoderLayer(512, 8);
 * Tensor out = layer.forward(src);   // src [S, N, 512] -> [S, N, 512]
 * }</pre>
 */
public class TransformerEncoderLayer extends Module {
    public final MultiheadAttention selfAttn;
    public final Linear linear1;
    public final Dropout dropout;
    public final Linear linear2;
    public final boolean normFirst;
    public final LayerNorm norm1;
    public final LayerNorm norm2;
    public final Dropout dropout1;
    public final Dropout dropout2;
    private final UnaryOperator<Tensor> activation;

    /** {@code nn.TransformerEncoderLayer(d_model, nhead)}: feed-forward 2048 wide, dropout 0.1, relu, post-norm. */
    public TransformerEncoderLayer(int dModel, int nhead) {
        this(dModel, nhead, 2048, 0.1, "relu", 1e-5, false, false);
    }

    /**
     * All of PyTorch's arguments, in its order: {@code nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward,
     * dropout, activation, layer_norm_eps, batch_first, norm_first)}; activation is "relu" or "gelu".
     */
    public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, String activation,
            double layerNormEps, boolean batchFirst, boolean normFirst) {
        this(dModel, nhead, dimFeedforward, dropout, activationFn(activation), layerNormEps, batchFirst, normFirst);
    }

    /** As above with any activation function, e.g. {@code F::silu}. */
    public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, UnaryOperator<Tensor> activation,
            double layerNormEps, boolean batchFirst, boolean normFirst) {
        this.selfAttn = registerModule("self_attn", new MultiheadAttention(dModel, nhead, dropout, batchFirst));
        this.linear1 = registerModule("linear1", new Linear(dModel, dimFeedforward));
        this.dropout = registerModule("dropout", new Dropout(dropout));
        this.linear2 = registerModule("linear2", new Linear(dimFeedforward, dModel));
        this.normFirst = normFirst;
        this.norm1 = registerModule("norm1", new LayerNorm(new int[] {dModel}, layerNormEps, true));
        this.norm2 = registerModule("norm2", new LayerNorm(new int[] {dModel}, layerNormEps, true));
        this.dropout1 = registerModule("dropout1", new Dropout(dropout));
        this.dropout2 = registerModule("dropout2", new Dropout(dropout));
        this.activation = activation;
    }

    private static UnaryOperator<Tensor> activationFn(String name) {
        if ("relu".equals(name)) return F::relu;
        if ("gelu".equals(name)) return F::gelu;
        throw new IllegalArgumentException("activation should be relu/gelu, not " + name);
    }

    /** {@code layer(src)}: no masks. */
    @Override
    public Tensor forward(Tensor src) {
        return forward(src, null, null);
    }

    /**
     * {@code layer(src, src_mask, src_key_padding_mask)}: src {@code [S, N, E]} ({@code [N, S, E]} with batchFirst)
     * or unbatched {@code [S, E]}; the masks as {@link MultiheadAttention#forward}'s attnMask and keyPaddingMask, or null.
     */
    public Tensor forward(Tensor src, Tensor srcMask, Tensor srcKeyPaddingMask) {
        if (srcKeyPaddingMask != null && srcKeyPaddingMask.dtype() != DType.BOOL && !srcKeyPaddingMask.isFloatingPoint()) {
            throw new IllegalArgumentException("only bool and floating types of key_padding_mask are supported");
        }
        Tensor x = src;
        if (normFirst) {
            x = x.add(selfAttentionBlock(norm1.forward(x), srcMask, srcKeyPaddingMask));
            return x.add(feedForwardBlock(norm2.forward(x)));
        }
        x = norm1.forward(x.add(selfAttentionBlock(x, srcMask, srcKeyPaddingMask)));
        return norm2.forward(x.add(feedForwardBlock(x)));
    }

    private Tensor selfAttentionBlock(Tensor x, Tensor attnMask, Tensor keyPaddingMask) {
        return dropout1.forward(selfAttn.forward(x, x, x, keyPaddingMask, false, attnMask).attnOutput());
    }

    private Tensor feedForwardBlock(Tensor x) {
        return dropout2.forward(linear2.forward(dropout.forward(activation.apply(linear1.forward(x)))));
    }
}

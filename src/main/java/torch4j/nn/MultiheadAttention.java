package torch4j.nn;

import java.util.Arrays;
import java.util.List;
import torch4j.DType;
import torch4j.Size;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.functional.F;
import torch4j.nn.init.Init;

/**
 * {@code nn.MultiheadAttention}: {@code softmax(Q K^T / sqrt(headDim) + mask) V} over {@code numHeads}
 * heads, between an input projection ({@code in_proj_weight}/{@code in_proj_bias}, or separate
 * {@code q/k/v_proj_weight} when {@code kdim}/{@code vdim} differ from {@code embedDim}) and
 * {@code out_proj}.
 *
 * <pre>{@code
 * MultiheadAttention mha = new MultiheadAttention(8, 2);
 * MultiheadAttention.Output r = mha.forward(q, k, v);   // q [L, N, 8], k and v [S, N, 8]
 * Tensor out = r.attnOutput(), weights = r.attnWeights();   // [L, N, 8], [N, L, S] (averaged over heads)
 * }</pre>
 *
 * <p>Masks as PyTorch: {@code attnMask} is {@code [L, S]} or {@code [N*numHeads, L, S]}, bool (true: not
 * allowed to attend) or float (added to the scores); {@code keyPaddingMask} is {@code [N, S]}, bool
 * (true: ignore that key) or float (added).
 */
public class MultiheadAttention extends Module {
    public final int embedDim;
    public final int kdim;
    public final int vdim;
    public final int numHeads;
    public final int headDim;
    /** Dropout probability on the attention weights, in training mode. */
    public final double dropout;
    public final boolean batchFirst;
    public final boolean addZeroAttn;
    /** {@code [3*embedDim, embedDim]}, or null when kdim/vdim differ from embedDim. */
    public final Tensor inProjWeight;
    /** Set instead of {@link #inProjWeight} when kdim/vdim differ from embedDim: {@code [E, E]}, {@code [E, kdim]}, {@code [E, vdim]}. */
    public final Tensor qProjWeight, kProjWeight, vProjWeight;
    /** {@code [3*embedDim]}, or null without bias. */
    public final Tensor inProjBias;
    public final NonDynamicallyQuantizableLinear outProj;
    /** {@code [1, 1, embedDim]} with addBiasKv, else null. */
    public final Tensor biasK, biasV;

    /** Result of {@link #forward}: {@code attnWeights} is null unless asked for. */
    public record Output(Tensor attnOutput, Tensor attnWeights) {}

    public MultiheadAttention(int embedDim, int numHeads) {
        this(embedDim, numHeads, 0.0, false);
    }

    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean batchFirst) {
        this(embedDim, numHeads, dropout, true, false, false, null, null, batchFirst);
    }

    /**
     * All of PyTorch's arguments, in its order; {@code kdim}/{@code vdim} null mean {@code embedDim}:
     * {@code nn.MultiheadAttention(embed_dim, num_heads, dropout, bias, add_bias_kv, add_zero_attn, kdim, vdim, batch_first)}.
     */
    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, boolean addBiasKv,
            boolean addZeroAttn, Integer kdim, Integer vdim, boolean batchFirst) {
        if (numHeads <= 0 || embedDim <= 0) {
            throw new IllegalArgumentException("embed_dim and num_heads must be positive, got embed_dim=" + embedDim
                    + ", num_heads=" + numHeads);
        }
        if (!(dropout >= 0 && dropout <= 1)) {
            throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + dropout);
        }
        this.embedDim = embedDim;
        this.kdim = kdim != null ? kdim : embedDim;
        this.vdim = vdim != null ? vdim : embedDim;
        this.numHeads = numHeads;
        this.dropout = dropout;
        this.batchFirst = batchFirst;
        this.addZeroAttn = addZeroAttn;
        this.headDim = embedDim / numHeads;
        if (headDim * numHeads != embedDim) throw new IllegalArgumentException("embed_dim must be divisible by num_heads");
        boolean same = this.kdim == embedDim && this.vdim == embedDim;
        // Registration order is PyTorch's, so stateDict() lists the same keys in the same order.
        if (!same) {
            qProjWeight = registerParameter("q_proj_weight", Torch.empty(embedDim, embedDim));
            kProjWeight = registerParameter("k_proj_weight", Torch.empty(embedDim, this.kdim));
            vProjWeight = registerParameter("v_proj_weight", Torch.empty(embedDim, this.vdim));
            inProjWeight = registerParameter("in_proj_weight", null);
        } else {
            inProjWeight = registerParameter("in_proj_weight", Torch.empty(3 * embedDim, embedDim));
            qProjWeight = registerParameter("q_proj_weight", null);
            kProjWeight = registerParameter("k_proj_weight", null);
            vProjWeight = registerParameter("v_proj_weight", null);
        }
        inProjBias = registerParameter("in_proj_bias", bias ? Torch.empty(3 * embedDim) : null);
        outProj = registerModule("out_proj", new NonDynamicallyQuantizableLinear(embedDim, embedDim, bias));
        biasK = registerParameter("bias_k", addBiasKv ? Torch.empty(1, 1, embedDim) : null);
        biasV = registerParameter("bias_v", addBiasKv ? Torch.empty(1, 1, embedDim) : null);
        resetParameters();
    }

    /** PyTorch's {@code _reset_parameters}: Xavier-uniform projections, zero biases, Xavier-normal bias_k/v. */
    public void resetParameters() {
        if (inProjWeight != null) {
            Init.xavierUniform_(inProjWeight);
        } else {
            Init.xavierUniform_(qProjWeight);
            Init.xavierUniform_(kProjWeight);
            Init.xavierUniform_(vProjWeight);
        }
        if (inProjBias != null) {
            Init.constant_(inProjBias, 0);
            Init.constant_(outProj.bias, 0);
        }
        if (biasK != null) {
            Init.xavierNormal_(biasK);
            Init.xavierNormal_(biasV);
        }
    }

    /** {@code mha(query, key, value)}: no masks, averaged weights returned. */
    public Output forward(Tensor query, Tensor key, Tensor value) {
        return forward(query, key, value, null, true, null, true);
    }

    /** {@code mha(query, key, value, key_padding_mask, need_weights, attn_mask)}, weights averaged over heads. */
    public Output forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, boolean needWeights, Tensor attnMask) {
        return forward(query, key, value, keyPaddingMask, needWeights, attnMask, true);
    }

    /**
     * {@code mha(query, key, value, key_padding_mask, need_weights, attn_mask, average_attn_weights)}.
     *
     * @param query {@code [L, N, E]} ({@code [N, L, E]} with batchFirst) or unbatched {@code [L, E]}
     * @param key {@code [S, N, kdim]}, likewise
     * @param value {@code [S, N, vdim]}, likewise
     * @param keyPaddingMask {@code [N, S]} ({@code [S]} unbatched), bool or float, or null
     * @param needWeights whether to return the attention weights
     * @param attnMask {@code [L, S]} or {@code [N*numHeads, L, S]}, bool or float, or null
     * @param averageAttnWeights average the weights over heads ({@code [N, L, S]}) or not ({@code [N, numHeads, L, S]})
     */
    public Output forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, boolean needWeights,
            Tensor attnMask, boolean averageAttnWeights) {
        if (keyPaddingMask != null && keyPaddingMask.dtype() != DType.BOOL && !keyPaddingMask.isFloatingPoint()) {
            throw new IllegalArgumentException("only bool and floating types of key_padding_mask are supported");
        }
        boolean batched = query.dim() == 3;
        if (batchFirst && batched) {
            // Keep the identities: self-attention projects q, k, v with one matmul below.
            Tensor q = query.transpose(1, 0);
            Tensor k = key == query ? q : key.transpose(1, 0);
            value = value == query ? q : value == key ? k : value.transpose(1, 0);
            query = q;
            key = k;
        }
        Output r = attention(query, key, value, keyPaddingMask, needWeights, attnMask, averageAttnWeights);
        return batchFirst && batched ? new Output(r.attnOutput().transpose(1, 0), r.attnWeights()) : r;
    }

    /** PyTorch's {@code F.multi_head_attention_forward} on sequence-first inputs. */
    private Output attention(Tensor query, Tensor key, Tensor value, Tensor kpm, boolean needWeights, Tensor attnMask,
            boolean average) {
        boolean batched = checkShapes(query, key, value, kpm, attnMask);
        if (!batched) {
            Tensor q0 = query, k0 = key;
            query = q0.unsqueeze(1);
            key = k0 == q0 ? query : k0.unsqueeze(1);
            value = value == q0 ? query : value == k0 ? key : value.unsqueeze(1);
            if (kpm != null) kpm = kpm.unsqueeze(0);
        }
        int tgtLen = query.size(0), bsz = query.size(1), e = query.size(2), srcLen = key.size(0), h = numHeads;
        if (e != embedDim) throw new IllegalArgumentException("was expecting embedding dimension of " + embedDim + ", but got " + e);
        if (inProjWeight == null) {
            if (key.size(0) != value.size(0) || key.size(1) != value.size(1)) {
                throw new IllegalArgumentException("key's sequence and batch dims " + new Size(Arrays.copyOf(key.shape(), 2))
                        + " do not match value's " + new Size(Arrays.copyOf(value.shape(), 2)));
            }
        } else if (!Arrays.equals(key.shape(), value.shape())) {
            throw new IllegalArgumentException("key shape " + key.size() + " does not match value shape " + value.size());
        }

        Tensor[] qkv = inProjection(query, key, value);
        Tensor q = qkv[0], k = qkv[1], v = qkv[2];

        if (attnMask != null) {
            if (attnMask.dtype() == DType.UINT8) {
                attnMask = attnMask.bool_();
            } else if (!attnMask.isFloatingPoint() && attnMask.dtype() != DType.BOOL) {
                throw new IllegalArgumentException("Only float, byte, and bool types are supported for attn_mask, not "
                        + attnMask.dtype());
            }
            if (attnMask.dim() == 2) {
                if (attnMask.size(0) != tgtLen || attnMask.size(1) != srcLen) {
                    throw new IllegalArgumentException("The shape of the 2D attn_mask is " + attnMask.size() + ", but should be ("
                            + tgtLen + ", " + srcLen + ").");
                }
                attnMask = attnMask.unsqueeze(0);
            } else if (attnMask.dim() == 3) {
                if (attnMask.size(0) != bsz * h || attnMask.size(1) != tgtLen || attnMask.size(2) != srcLen) {
                    throw new IllegalArgumentException("The shape of the 3D attn_mask is " + attnMask.size() + ", but should be ("
                            + bsz * h + ", " + tgtLen + ", " + srcLen + ").");
                }
            } else {
                throw new IllegalArgumentException("attn_mask's dimension " + attnMask.dim() + " is not supported");
            }
        }
        if (biasK != null) {
            k = Torch.cat(List.of(k, biasK.repeat(1, bsz, 1)), 0);
            v = Torch.cat(List.of(v, biasV.repeat(1, bsz, 1)), 0);
            attnMask = padKey(attnMask);
            kpm = padKey(kpm);
        }
        // [len, N, E] -> [N*H, len, headDim]: batch and head become one bmm batch.
        q = q.contiguous().view(tgtLen, bsz * h, headDim).transpose(0, 1);
        k = k.contiguous().view(k.size(0), bsz * h, headDim).transpose(0, 1);
        v = v.contiguous().view(v.size(0), bsz * h, headDim).transpose(0, 1);
        if (addZeroAttn) {
            k = Torch.cat(List.of(k, Tensor.zeros(k.dtype(), k.device(), bsz * h, 1, headDim)), 1);
            v = Torch.cat(List.of(v, Tensor.zeros(v.dtype(), v.device(), bsz * h, 1, headDim)), 1);
            attnMask = padKey(attnMask);
            kpm = padKey(kpm);
        }
        srcLen = k.size(1);
        attnMask = mergeMasks(attnMask, kpm, bsz, srcLen, q.dtype());

        double p = isTraining() ? dropout : 0;
        Tensor scores = q.div(Math.sqrt(q.size(2))).bmm(k.transpose(-2, -1));
        if (attnMask != null) scores = scores.add(attnMask);
        Tensor weights = F.softmax(scores, -1);
        if (p > 0) weights = F.dropout(weights, p, true);
        Tensor out = weights.bmm(v).transpose(0, 1).contiguous().view(tgtLen * bsz, embedDim);
        out = F.linear(out, outProj.weight, outProj.bias).view(tgtLen, bsz, embedDim);
        if (!needWeights) return new Output(batched ? out : out.squeeze(1), null);
        weights = weights.view(bsz, h, tgtLen, srcLen);
        if (average) weights = weights.sum(1).div(h);
        return batched ? new Output(out, weights) : new Output(out.squeeze(1), weights.squeeze(0));
    }

    /** PyTorch's {@code _mha_shape_check}; returns whether the input is batched. */
    private boolean checkShapes(Tensor query, Tensor key, Tensor value, Tensor kpm, Tensor attnMask) {
        if (query.dim() == 3) {
            if (key.dim() != 3 || value.dim() != 3) {
                throw new IllegalArgumentException("For batched (3-D) `query`, expected `key` and `value` to be 3-D but found "
                        + key.dim() + "-D and " + value.dim() + "-D tensors respectively");
            }
            if (kpm != null && kpm.dim() != 2) {
                throw new IllegalArgumentException("For batched (3-D) `query`, expected `key_padding_mask` to be `None` or 2-D"
                        + " but found " + kpm.dim() + "-D tensor instead");
            }
            if (attnMask != null && attnMask.dim() != 2 && attnMask.dim() != 3) {
                throw new IllegalArgumentException("For batched (3-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D"
                        + " but found " + attnMask.dim() + "-D tensor instead");
            }
            return true;
        }
        if (query.dim() == 2) {
            if (key.dim() != 2 || value.dim() != 2) {
                throw new IllegalArgumentException("For unbatched (2-D) `query`, expected `key` and `value` to be 2-D but found "
                        + key.dim() + "-D and " + value.dim() + "-D tensors respectively");
            }
            if (kpm != null && kpm.dim() != 1) {
                throw new IllegalArgumentException("For unbatched (2-D) `query`, expected `key_padding_mask` to be `None` or 1-D"
                        + " but found " + kpm.dim() + "-D tensor instead");
            }
            if (attnMask != null) {
                if (attnMask.dim() != 2 && attnMask.dim() != 3) {
                    throw new IllegalArgumentException("For unbatched (2-D) `query`, expected `attn_mask` to be `None`, 2-D or"
                            + " 3-D but found " + attnMask.dim() + "-D tensor instead");
                }
                int[] want = {numHeads, query.size(0), key.size(0)};
                if (attnMask.dim() == 3 && !Arrays.equals(attnMask.shape(), want)) {
                    throw new IllegalArgumentException("Expected `attn_mask` shape to be (" + want[0] + ", " + want[1] + ", "
                            + want[2] + ") but got " + attnMask.size());
                }
            }
            return false;
        }
        throw new IllegalArgumentException("query should be unbatched 2D or batched 3D tensor but received " + query.dim()
                + "-D query tensor");
    }

    /** q, k, v projected to {@code [len, N, E]}; self-attention (one tensor for all three) takes a single matmul. */
    private Tensor[] inProjection(Tensor query, Tensor key, Tensor value) {
        int e = embedDim;
        Tensor bq = null, bk = null, bv = null;
        if (inProjBias != null) {
            bq = inProjBias.narrow(0, 0, e);
            bk = inProjBias.narrow(0, e, e);
            bv = inProjBias.narrow(0, 2 * e, e);
        }
        if (inProjWeight == null) {
            return new Tensor[] {F.linear(query, qProjWeight, bq), F.linear(key, kProjWeight, bk), F.linear(value, vProjWeight, bv)};
        }
        if (query == key && key == value) {
            List<Tensor> c = F.linear(query, inProjWeight, inProjBias).chunk(3, -1);
            return new Tensor[] {c.get(0), c.get(1), c.get(2)};
        }
        Tensor q = F.linear(query, inProjWeight.narrow(0, 0, e), bq);
        if (key == value) {
            List<Tensor> c = F.linear(key, inProjWeight.narrow(0, e, 2 * e), inProjBias == null ? null
                    : inProjBias.narrow(0, e, 2 * e)).chunk(2, -1);
            return new Tensor[] {q, c.get(0), c.get(1)};
        }
        return new Tensor[] {q, F.linear(key, inProjWeight.narrow(0, e, e), bk), F.linear(value, inProjWeight.narrow(0, 2 * e, e), bv)};
    }

    /** {@code F.pad(mask, (0, 1))}: one more key column that is never masked (false / 0). */
    private static Tensor padKey(Tensor mask) {
        if (mask == null) return null;
        int[] shape = mask.shape().clone();
        shape[shape.length - 1] = 1;
        return Torch.cat(List.of(mask, Tensor.zeros(mask.dtype(), mask.device(), shape)), -1);
    }

    /**
     * Folds the key padding mask into the attention mask and turns a bool result into an additive
     * float mask ({@code -inf} where masked), as PyTorch. A float key padding mask is added; PyTorch
     * 1.13 accepts that only without an attention mask, here it also combines with one.
     */
    private Tensor mergeMasks(Tensor attnMask, Tensor kpm, int bsz, int srcLen, DType dtype) {
        if (kpm != null) {
            if (kpm.size(0) != bsz || kpm.size(1) != srcLen) {
                throw new IllegalArgumentException("expecting key_padding_mask shape of (" + bsz + ", " + srcLen + "), but got "
                        + kpm.size());
            }
            kpm = kpm.view(bsz, 1, 1, srcLen).expand(-1, numHeads, -1, -1).reshape(bsz * numHeads, 1, srcLen);
            if (attnMask == null) {
                attnMask = kpm;
            } else if (kpm.dtype() == DType.BOOL) {
                attnMask = attnMask.dtype() == DType.BOOL ? attnMask.logicalOr(kpm)
                        : attnMask.maskedFill(kpm, Double.NEGATIVE_INFINITY);
            } else {
                attnMask = toFloatMask(attnMask, dtype).add(kpm);
            }
        }
        return attnMask == null ? null : toFloatMask(attnMask, dtype);
    }

    private static Tensor toFloatMask(Tensor mask, DType dtype) {
        if (mask.dtype() != DType.BOOL) return mask;
        return Tensor.zeros(dtype, mask.device(), mask.shape()).maskedFill_(mask, Double.NEGATIVE_INFINITY);
    }
}

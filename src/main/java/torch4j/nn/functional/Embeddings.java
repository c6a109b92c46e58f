package torch4j.nn.functional;

import torch4j.DType;
import torch4j.Tensor;
import torch4j.autograd.GradMode;
import torch4j.autograd.Graph;
import torch4j.autograd.Scope;

/** {@code F.embedding} (a row lookup whose backward skips the padding row) and {@code F.one_hot}. */
public final class Embeddings {
    private Embeddings() {}

    /** Rows of {@code weight} picked by the integer {@code indices}; {@code paddingIdx} (or null) gets no gradient. */
    public static Tensor embedding(Tensor indices, Tensor weight, Integer paddingIdx) {
        if (weight.dim() != 2) throw new IllegalArgumentException("'weight' must be 2-D, got " + weight.shapeString());
        if (indices.dtype() != DType.INT64 && indices.dtype() != DType.INT32) {
            throw new IllegalArgumentException("Expected tensor for argument #1 'indices' to have one of the following scalar"
                    + " types: Long, Int; but got " + indices.typeName() + " instead");
        }
        int num = weight.size(0), dim = weight.size(1);
        Tensor flat = indices.reshape(-1).long_();
        for (long v : flat.toLongArray()) {
            if (v < 0 || v >= num) throw new IndexOutOfBoundsException("index out of range in self: index " + v
                    + " for an embedding of " + num + " rows");
        }
        int pad = paddingIdx == null ? -1 : (paddingIdx < 0 ? paddingIdx + num : paddingIdx);
        Tensor out;
        try (Scope s = GradMode.set(false)) {
            out = weight.indexSelect(0, flat);
        }
        int[] shape = java.util.Arrays.copyOf(indices.shape(), indices.dim() + 1);
        shape[indices.dim()] = dim;
        out = out.reshape(shape);
        if (Graph.needsGrad(weight)) {
            int[] wshape = weight.shape();
            Graph.record("EmbeddingBackward0", out, new Tensor[] {weight}, new Tensor[] {flat}, (n, g) -> {
                Tensor idx = n.saved(0);
                Tensor rows = g[0].reshape(-1, dim);
                if (pad >= 0) rows = rows.maskedFill(idx.eq(pad).unsqueeze(1), 0);
                Tensor zeros = Tensor.zeros(rows.dtype(), rows.device(), wshape);
                return new Tensor[] {zeros.scatterAdd(0, idx.unsqueeze(1).expand(idx.size(0), dim), rows)};
            });
        }
        return out;
    }

    /** {@code F.one_hot(t, numClasses)}: int64 with a trailing dim of {@code numClasses} (-1: max + 1). */
    public static Tensor oneHot(Tensor t, int numClasses) {
        if (t.dtype() != DType.INT64) throw new IllegalArgumentException("one_hot is only applicable to index tensor.");
        long[] v = t.toLongArray();
        long max = -1;
        for (long x : v) {
            if (x < 0) throw new IllegalArgumentException("Class values must be non-negative.");
            max = Math.max(max, x);
        }
        int classes = numClasses;
        if (classes == -1) {
            if (v.length == 0) throw new IllegalArgumentException("Can not infer total number of classes from empty tensor.");
            classes = (int) max + 1;
        } else if (max >= classes) {
            throw new IllegalArgumentException("Class values must be smaller than num_classes.");
        }
        int[] shape = java.util.Arrays.copyOf(t.shape(), t.dim() + 1);
        shape[t.dim()] = classes;
        Tensor out = Tensor.zeros(DType.INT64, t.device(), shape);
        if (v.length == 0) return out;
        return out.scatter(-1, t.unsqueeze(-1), 1);
    }
}

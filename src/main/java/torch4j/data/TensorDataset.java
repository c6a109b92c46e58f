package torch4j.data;

import java.util.Arrays;
import torch4j.Tensor;

/**
 * Rows of several tensors that share their first dimension ({@code torch.utils.data.TensorDataset}):
 * item {@code i} is {@code new Tensor[] {t0[i], t1[i], ...}}, views of the tensors' rows.
 *
 * <pre>{@code TensorDataset ds = new TensorDataset(features, labels); Tensor[] row = ds.get(3); }</pre>
 */
public final class TensorDataset implements Dataset<Tensor[]> {
    private final Tensor[] tensors;

    /** The tensors must all have at least one dimension and the same size in dim 0. */
    public TensorDataset(Tensor... tensors) {
        if (tensors.length == 0) throw new IllegalArgumentException("TensorDataset needs at least one tensor");
        for (Tensor t : tensors) {
            if (t.dim() == 0) throw new IllegalArgumentException("TensorDataset tensors must have at least one dimension, got a 0-d tensor");
            if (t.size(0) != tensors[0].size(0)) {
                throw new IllegalArgumentException("Size mismatch between tensors: " + Arrays.toString(tensors[0].shape())
                        + " and " + Arrays.toString(t.shape()) + " differ in dim 0");
            }
        }
        this.tensors = tensors.clone();
    }

    @Override
    public Tensor[] get(int index) {
        DataSets.checkIndex(index, size());
        Tensor[] row = new Tensor[tensors.length];
        for (int k = 0; k < row.length; k++) row[k] = Rows.row(tensors[k], index);
        return row;
    }

    @Override
    public int size() {
        return tensors[0].size(0);
    }

    /** The tensors this dataset was built from ({@code .tensors}). */
    public Tensor[] tensors() {
        return tensors.clone();
    }
}

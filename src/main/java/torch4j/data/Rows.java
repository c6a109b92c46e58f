package torch4j.data;

import torch4j.Layout;
import torch4j.Tensor;

/** Row views without autograd, for datasets that hand out slices of a bigger tensor. */
final class Rows {
    private Rows() {}

    /**
     * {@code t[i]} as a view sharing {@code t}'s storage. Built from the layout directly (not through
     * {@code select}) so that a dataset of leaf tensors does not record graph nodes per item.
     */
    static Tensor row(Tensor t, int i) {
        Layout l = t.layout();
        int[] shape = l.shape(), strides = l.strides();
        int[] s = new int[shape.length - 1], st = new int[shape.length - 1];
        System.arraycopy(shape, 1, s, 0, s.length);
        System.arraycopy(strides, 1, st, 0, st.length);
        return Tensor.view(t.requiresGrad() ? t.detach() : t, new Layout(s, st, l.offset() + i * strides[0]));
    }
}

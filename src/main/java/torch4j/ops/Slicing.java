package torch4j.ops;

import java.util.List;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.ValuesIndices;

/** NumPy-style indexing with slices, in typed and text form. */
public final class Slicing {
    private Slicing() {}


    /** The {@code ...} marker for typed indexing. */
    public static final Object ELLIPSIS = new Object() {
        @Override
        public String toString() {
            return "...";
        }
    };

    public static Tensor get(Tensor x, String index) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor get(Tensor x, Object[] index) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor set(Tensor x, String index, Tensor value) { throw new UnsupportedOperationException("not implemented yet"); }
    public static Tensor set(Tensor x, String index, Number value) { throw new UnsupportedOperationException("not implemented yet"); }
}

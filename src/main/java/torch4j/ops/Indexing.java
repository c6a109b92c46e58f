package torch4j.ops;

import java.util.Arrays;
import torch4j.DType;
import torch4j.Layout;
import torch4j.Tensor;
import torch4j.autograd.Graph;
import torch4j.backend.Backend;
import torch4j.backend.IndexKernels;
import torch4j.internal.Shapes;

/**
 * Gathering, scattering and masking by index, each with its backward. The out-of-place scatter
 * forms copy {@code self} and write into the copy; the in-place ones ({@code scatter_},
 * {@code maskedFill_}) go through {@link Arithmetic#inPlace}. Index values are checked against
 * their dim's size and a bad one gives PyTorch's message ("index 5 is out of bounds for dimension
 * 0 with size 3") as an {@link IndexOutOfBoundsException}.
 *
 * <pre>{@code
 * Tensor picked = logits.gather(1, target.unsqueeze(1));   // [N, 1]
 * }</pre>
 */
public final class Indexing {
    private Indexing() {}

    /** {@code x.index_select(dim, index)}: the slices of {@code x} along {@code dim} named by a 1-D int64/int32 index. */
    public static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        if (index.dtype() != DType.INT64 && index.dtype() != DType.INT32) {
            throw new IllegalArgumentException("index_select(): Expected dtype int32 or int64 for index");
        }
        if (index.dim() > 1) throw new IllegalArgumentException("index_select(): Index is supposed to be a vector");
        Elementwise.sameDevice(x, index);
        int d = Shapes.wrapDim(dim, x.dim());
        IndexKernels k = Backend.of(x.device()).index();
        if (x.dim() == 0) {
            // A 0-d tensor is its own only slice: check the indices, keep the 0-d shape (as PyTorch).
            k.indexSelect(as1d(x), 0, index, Tensor.zeros(x.dtype(), x.device(), index.numel()));
            return Conversion.clone(x);
        }
        int[] shape = x.shape();
        shape[d] = index.numel();
        Tensor out = Tensor.zeros(x.dtype(), x.device(), shape);
        k.indexSelect(x, d, index, out);
        if (Graph.needsGrad(x)) {
            int[] xShape = x.shape();
            Graph.record("IndexSelectBackward0", out, new Tensor[] {x}, new Tensor[] {index}, (n, g) -> new Tensor[] {
                indexAdd(Tensor.zeros(g[0].dtype(), g[0].device(), xShape), d, n.saved(0), g[0])});
        }
        return out;
    }

    /**
     * {@code x.index_add(dim, index, src)}: a copy of {@code x} with the slices of {@code src}
     * added at the positions {@code index} names along {@code dim} (repeated indices add up).
     * It is index-select's backward.
     */
    public static Tensor indexAdd(Tensor x, int dim, Tensor index, Tensor src) {
        if (index.dtype() != DType.INT64 && index.dtype() != DType.INT32) {
            throw new IllegalArgumentException("index_add_(): Expected dtype int32/int64 for index but got: " + typeName(index.dtype()));
        }
        if (index.dim() > 1) {
            throw new IllegalArgumentException("index_add_(): Index is supposed to be a vector, but got dim: " + index.dim()
                    + " with type: " + typeName(index.dtype()) + " and size: " + index.shapeString());
        }
        if (x.dtype() != src.dtype()) {
            throw new IllegalArgumentException("index_add_(): self (" + typeName(x.dtype()) + ") and source ("
                    + typeName(src.dtype()) + ") must have the same scalar type");
        }
        Elementwise.sameDevice(x, index);
        Elementwise.sameDevice(x, src);
        int d = Shapes.wrapDim(dim, x.dim());
        Tensor x1 = as1d(x), s1 = as1d(src);
        int srcLen = s1.dim() > d ? s1.layout().size(d) : -1;
        if (index.numel() != srcLen) {
            throw new IllegalArgumentException("index_add_(): Number of indices (" + index.numel()
                    + ") should be equal to source.size(dim): (" + srcLen + "), for dim: " + d);
        }
        int[] expected = x1.shape();
        expected[d] = index.numel();
        if (!Arrays.equals(expected, s1.layout().shape())) {
            throw new IllegalArgumentException("index_add_(): source of shape " + src.shapeString()
                    + " must match self of shape " + x.shapeString() + " apart from dimension " + d);
        }
        Tensor out = copyOf(x, x.layout().shape());
        Backend.of(x.device()).index().indexAdd(as1d(out), d, index, s1);
        if (Graph.needsGrad(x, src)) {
            Graph.record("IndexAddBackward0", out, new Tensor[] {x, src}, new Tensor[] {index}, (n, g) -> new Tensor[] {
                g[0],
                n.needsInputGrad(1) ? indexSelect(g[0], d, n.saved(0)) : null});
        }
        return out;
    }

    /** {@code x.gather(dim, index)}: {@code out[i][j] = x[index[i][j]][j]} for dim 0, and so on; int64 index of x's rank. */
    public static Tensor gather(Tensor x, int dim, Tensor index) {
        if (index.dtype() != DType.INT64) throw new IllegalArgumentException("gather(): Expected dtype int64 for index");
        Elementwise.sameDevice(x, index);
        int d = Shapes.wrapDim(dim, x.dim());
        Tensor x1 = as1d(x), i1 = as1d(index);
        if (i1.dim() != x1.dim()) {
            throw new IllegalArgumentException("Index tensor must have the same number of dimensions as input tensor");
        }
        for (int i = 0; i < x1.dim(); i++) {
            if (i != d && i1.layout().size(i) > x1.layout().size(i)) {
                throw new IllegalArgumentException("Size does not match at dimension " + i + " expected index "
                        + i1.shapeString() + " to be smaller than self " + x1.shapeString() + " apart from dimension " + d);
            }
        }
        Tensor out = Tensor.zeros(x.dtype(), x.device(), index.layout().shape());
        Backend.of(x.device()).index().gather(x1, d, i1, as1d(out));
        if (Graph.needsGrad(x)) {
            int[] xShape = x.shape();
            Graph.record("GatherBackward0", out, new Tensor[] {x}, new Tensor[] {index}, (n, g) -> new Tensor[] {
                scatterAdd(Tensor.zeros(g[0].dtype(), g[0].device(), xShape), d, n.saved(0), g[0])});
        }
        return out;
    }

    /**
     * Out of place {@code x.scatter(dim, index, src)}: a copy of {@code x} with {@code src[p]}
     * written at {@code p} with its {@code dim} coordinate replaced by {@code index[p]}.
     */
    public static Tensor scatter(Tensor x, int dim, Tensor index, Tensor src) {
        int d = checkScatter(x, dim, index, src);
        Tensor out = copyOf(x, x.layout().shape());
        Backend.of(x.device()).index().scatter(as1d(out), d, as1d(index), as1d(src), false);
        if (Graph.needsGrad(x, src)) {
            Graph.record("ScatterBackward0", out, new Tensor[] {x, src}, new Tensor[] {index}, (n, g) -> new Tensor[] {
                n.needsInputGrad(0) ? scatter(g[0], d, n.saved(0), 0) : null,
                n.needsInputGrad(1) ? gather(g[0], d, n.saved(0)) : null});
        }
        return out;
    }

    /** Out of place {@code x.scatter(dim, index, value)}: writes the scalar at every indexed position. */
    public static Tensor scatter(Tensor x, int dim, Tensor index, Number value) {
        int d = checkScatter(x, dim, index, null);
        Tensor out = copyOf(x, x.layout().shape());
        Backend.of(x.device()).index().scatterFill(as1d(out), d, as1d(index), value.doubleValue());
        if (Graph.needsGrad(x)) {
            Graph.record("ScatterBackward1", out, new Tensor[] {x}, new Tensor[] {index}, (n, g) -> new Tensor[] {
                scatter(g[0], d, n.saved(0), 0)});
        }
        return out;
    }

    /** Out of place {@code x.scatter_add(dim, index, src)}: like scatter, but adds, so repeated indices accumulate. */
    public static Tensor scatterAdd(Tensor x, int dim, Tensor index, Tensor src) {
        int d = checkScatter(x, dim, index, src);
        Tensor out = copyOf(x, x.layout().shape());
        Backend.of(x.device()).index().scatter(as1d(out), d, as1d(index), as1d(src), true);
        if (Graph.needsGrad(x, src)) {
            Graph.record("ScatterAddBackward0", out, new Tensor[] {x, src}, new Tensor[] {index}, (n, g) -> new Tensor[] {
                g[0],
                n.needsInputGrad(1) ? gather(g[0], d, n.saved(0)) : null});
        }
        return out;
    }

    /**
     * Out of place {@code x.masked_fill(mask, value)}: {@code value} where the bool mask is true.
     * The mask broadcasts with {@code x}; the result has the broadcast shape.
     */
    public static Tensor maskedFill(Tensor x, Tensor mask, Number value) {
        Tensor m = boolMask(mask, "masked_fill_ only supports boolean masks, but got mask with dtype " + mask.dtype());
        Elementwise.sameDevice(x, m);
        checkFits(value, x.dtype());
        int[] shape = Shapes.broadcast(x.layout().shape(), m.layout().shape());
        Tensor out = Tensor.zeros(x.dtype(), x.device(), shape);
        Tensor v = Elementwise.scalar(value, x.dtype(), x.device());
        Backend.of(x.device()).elementwise().where(Elementwise.expand(m, shape), Elementwise.expand(v, shape),
                Elementwise.expand(x, shape), out);
        if (Graph.needsGrad(x)) {
            Graph.record("MaskedFillBackward0", out, new Tensor[] {x}, new Tensor[] {m}, (n, g) -> new Tensor[] {
                maskedFill(g[0], n.saved(0), 0)});
        }
        return out;
    }

    /** {@code x.masked_select(mask)}: the elements where the (broadcast) bool mask is true, as a 1-D tensor. */
    public static Tensor maskedSelect(Tensor x, Tensor mask) {
        Tensor m = boolMask(mask, "masked_select: expected BoolTensor or ByteTensor for mask");
        Elementwise.sameDevice(x, m);
        int[] shape = Shapes.broadcast(x.layout().shape(), m.layout().shape());
        IndexKernels k = Backend.of(x.device()).index();
        Tensor me = Elementwise.expand(m, shape);
        Tensor out = Tensor.zeros(x.dtype(), x.device(), k.countNonzero(me));
        k.maskedSelect(Elementwise.expand(x, shape), me, out);
        if (Graph.needsGrad(x)) {
            Graph.record("MaskedSelectBackward0", out, new Tensor[] {x}, new Tensor[] {m}, (n, g) -> new Tensor[] {
                maskedScatter(Tensor.zeros(g[0].dtype(), g[0].device(), shape), n.saved(0), g[0])});
        }
        return out;
    }

    /**
     * Out of place {@code x.masked_scatter(mask, source)}: a copy of {@code x} (broadcast with the
     * mask) whose masked positions take the elements of {@code source} in row-major order. It is
     * masked-select's backward.
     */
    public static Tensor maskedScatter(Tensor x, Tensor mask, Tensor source) {
        Tensor m = boolMask(mask, "masked_scatter_ only supports boolean masks, but got mask with dtype " + mask.dtype());
        if (x.dtype() != source.dtype()) {
            throw new IllegalArgumentException("masked_scatter: expected self and source to have same dtypes but got "
                    + typeName(x.dtype()) + " and " + typeName(source.dtype()));
        }
        Elementwise.sameDevice(x, m);
        Elementwise.sameDevice(x, source);
        int[] shape = Shapes.broadcast(x.layout().shape(), m.layout().shape());
        IndexKernels k = Backend.of(x.device()).index();
        Tensor me = Elementwise.expand(m, shape);
        int count = k.countNonzero(me);
        if (source.numel() < count) throw new IllegalArgumentException("Number of elements of source < number of ones in mask");
        Tensor out = copyOf(x, shape);
        k.maskedScatter(out, me, source);
        if (Graph.needsGrad(x, source)) {
            int[] srcShape = source.shape();
            Graph.record("MaskedScatterBackward0", out, new Tensor[] {x, source}, new Tensor[] {m}, (n, g) -> {
                Tensor gs = null;
                if (n.needsInputGrad(1)) {
                    gs = maskedSelect(g[0], n.saved(0));
                    int numel = Layout.numel(srcShape);
                    if (numel > count) {
                        // Source elements past the used ones got no gradient: pad with zeros.
                        Tensor used = Creation.arange(0, numel, 1, null).to(gs.device()).lt(count);
                        gs = maskedScatter(Tensor.zeros(gs.dtype(), gs.device(), numel), used, gs);
                    }
                    if (srcShape.length != 1) gs = gs.reshape(srcShape);
                }
                return new Tensor[] {n.needsInputGrad(0) ? maskedFill(g[0], n.saved(0), 0) : null, gs};
            });
        }
        return out;
    }

    /** {@code x.nonzero()}: the int64 coordinates of the non-zero elements, shape {@code [count, x.dim()]}, row-major order. */
    public static Tensor nonzero(Tensor x) {
        IndexKernels k = Backend.of(x.device()).index();
        Tensor out = Tensor.zeros(DType.INT64, x.device(), k.countNonzero(x), x.dim());
        k.nonzero(x, out);
        return out;
    }

    // ------------------------------------------------------------------ helpers

    /** Validates a scatter (src null for the scalar form) and returns the wrapped dim. */
    private static int checkScatter(Tensor x, int dim, Tensor index, Tensor src) {
        if (index.dtype() != DType.INT64) throw new IllegalArgumentException("scatter(): Expected dtype int64 for index");
        if (src != null && src.dtype() != x.dtype()) {
            throw new IllegalArgumentException("scatter(): Expected self.dtype to be equal to src.dtype");
        }
        Elementwise.sameDevice(x, index);
        if (src != null) Elementwise.sameDevice(x, src);
        int d = Shapes.wrapDim(dim, x.dim());
        Tensor x1 = as1d(x), i1 = as1d(index), s1 = src == null ? null : as1d(src);
        if (i1.dim() != x1.dim()) {
            throw new IllegalArgumentException("Index tensor must have the same number of dimensions as self tensor");
        }
        if (s1 != null && i1.dim() != s1.dim()) {
            throw new IllegalArgumentException("Index tensor must have the same number of dimensions as src tensor");
        }
        for (int i = 0; i < i1.dim(); i++) {
            int is = i1.layout().size(i);
            if ((i != d && is > x1.layout().size(i)) || (s1 != null && is > s1.layout().size(i))) {
                throw new IllegalArgumentException("Expected index " + i1.shapeString() + " to be smaller than self "
                        + x1.shapeString() + " apart from dimension " + d
                        + (s1 == null ? "" : " and to be smaller size than src " + s1.shapeString()));
            }
        }
        return d;
    }

    /** The mask as bool (uint8 masks are accepted, as PyTorch still does), or the error {@code message}. */
    private static Tensor boolMask(Tensor mask, String message) {
        if (mask.dtype() == DType.BOOL) return mask;
        if (mask.dtype() == DType.UINT8) return Elementwise.cast(mask, DType.BOOL);
        throw new IllegalArgumentException(message);
    }

    /** PyTorch refuses fill values the dtype cannot hold. */
    private static void checkFits(Number value, DType dt) {
        double v = value.doubleValue();
        String name = switch (dt) {
            case INT32 -> v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? "int" : null;
            case UINT8 -> v < -128 || v > 255 ? "uint8_t" : null;
            case FLOAT32 -> Double.isFinite(v) && Math.abs(v) > Float.MAX_VALUE ? "float" : null;
            default -> null;
        };
        if (name != null) throw new IllegalArgumentException("value cannot be converted to type " + name + " without overflow");
    }

    /** A new contiguous copy of {@code x} broadcast to {@code shape}, outside autograd (the op records its own node). */
    private static Tensor copyOf(Tensor x, int[] shape) {
        Tensor out = Tensor.zeros(x.dtype(), x.device(), shape);
        Backend.of(x.device()).elementwise().copy(Elementwise.expand(x, shape), out);
        return out;
    }

    /** A 0-d tensor as a one-element 1-D kernel view (PyTorch treats 0-d as 1-d in gather/scatter). */
    private static Tensor as1d(Tensor t) {
        if (t.dim() != 0) return t;
        return new Tensor(t.storage(), new Layout(new int[] {1}, new int[] {1}, t.layout().offset()));
    }

    private static String typeName(DType d) {
        return switch (d) {
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
            case INT64 -> "Long";
            case INT32 -> "Int";
            case UINT8 -> "Byte";
            case BOOL -> "Bool";
        };
    }
}

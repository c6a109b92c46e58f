package torch4j.ops;

import java.util.ArrayList;
import java.util.List;
import torch4j.DType;
import torch4j.Slice;
import torch4j.Tensor;
import torch4j.autograd.GradMode;
import torch4j.autograd.Graph;
import torch4j.autograd.Scope;

/**
 * NumPy-style indexing with integers, slices, new axes and an ellipsis, in text form
 * ({@code x.get("1:3, ::2")}) and typed form ({@code x.get(Slice.of(1, 3), Slice.of(null, null, 2))}).
 * Reading gives a view built from {@link Movement#select}, {@link Movement#slice} and {@link
 * Movement#unsqueeze}; writing ({@code x.set("0, 1:", v)}) copies into that view in place.
 */
public final class Slicing {
    private Slicing() {}

    private static final Tensor[] NONE = new Tensor[0];

    /** The {@code ...} marker for typed indexing. */
    public static final Object ELLIPSIS = new Object() {
        @Override
        public String toString() {
            return "...";
        }
    };

    /** {@code x[1:3, ::2]} as {@code get(x, "1:3, ::2")}; also {@code ":, 1"}, {@code "..., -1"}, {@code "None, 0"}. */
    public static Tensor get(Tensor x, String index) {
        return get(x, parse(index));
    }

    /**
     * Typed indexing: each entry is an {@code Integer} (selects and drops the dim), a {@link Slice},
     * {@code null} (a new axis) or {@link #ELLIPSIS}.
     */
    public static Tensor get(Tensor x, Object[] index) {
        Tensor out = apply(x, index == null ? new Object[] {null} : index);
        if (out != x) return out;
        // Indexing that picks everything still returns a new view, as x[...] does.
        Tensor alias = Tensor.view(x, x.layout());
        if (Graph.needsGrad(x)) Graph.record("AliasBackward0", alias, new Tensor[] {x}, NONE, (n, g) -> new Tensor[] {g[0]});
        return alias;
    }

    /** {@code x[index] = value}: copies {@code value} (broadcast, cast to x's dtype) into the indexed view of x. */
    public static Tensor set(Tensor x, String index, Tensor value) {
        return set(x, parse(index), value);
    }

    /** {@code x[index] = value} for a number. */
    public static Tensor set(Tensor x, String index, Number value) {
        return set(x, parse(index), Elementwise.scalar(value, x.dtype(), x.device()));
    }

    /** {@code x[index] = value} with a typed index (see {@link #get(Tensor, Object[])}). */
    public static Tensor set(Tensor x, Object[] index, Tensor value) {
        if (x.requiresGrad() && x.isLeaf() && GradMode.isEnabled()) {
            throw new IllegalStateException("a view of a leaf Variable that requires grad is being used in an in-place operation.");
        }
        Arithmetic.checkInPlaceAllowed(x);
        Elementwise.sameDevice(x, value);
        Object[] idx = index == null ? new Object[] {null} : index;
        Tensor view;
        try (Scope s = GradMode.set(false)) {
            view = apply(x, idx);
        }
        Tensor v = fit(value, view.layout().shape());
        if (!Graph.needsGrad(x, v)) {
            Tensor src = Elementwise.expand(v, view.layout().shape());
            // The value may alias x (x.set("1:", x.get(":-1"))): read it out before writing.
            if (src.storage() == x.storage()) {
                Tensor tmp = Tensor.zeros(src.dtype(), src.device(), src.layout().shape());
                Movement.copy(src, tmp);
                src = tmp;
            }
            Movement.copy(src, view);
            x.storage().bumpVersion();
            return x;
        }
        Arithmetic.writeResult(x, indexPut(x, idx, v));
        return x;
    }

    /**
     * {@code value} without the leading size-1 dims that the indexed view lacks (PyTorch allows
     * {@code x[0] = ones(1, 3)}), checked to broadcast to {@code shape}.
     */
    private static Tensor fit(Tensor value, int[] shape) {
        int[] vs = value.layout().shape();
        int drop = 0;
        while (vs.length - drop > shape.length && vs[drop] == 1) drop++;
        Tensor v = drop == 0 ? value : Movement.reshape(value, java.util.Arrays.copyOfRange(vs, drop, vs.length));
        torch4j.internal.Broadcast.expand(v.layout(), shape); // throws PyTorch's message when it cannot broadcast
        return v;
    }

    /** Out of place {@code base[index] = v}: a copy of base with v written into the view; differentiable in both. */
    private static Tensor indexPut(Tensor base, Object[] index, Tensor v) {
        Tensor out = Tensor.zeros(base.dtype(), base.device(), base.shape());
        Movement.copy(base, out);
        Tensor view = apply(out, index);
        Movement.copy(Elementwise.expand(v, view.layout().shape()), view);
        if (Graph.needsGrad(base, v)) {
            DType vType = v.dtype();
            Graph.record("CopySlices", out, new Tensor[] {base, v}, NONE, (n, g) -> new Tensor[] {
                n.needsInputGrad(0) ? indexPut(g[0], index, Elementwise.scalar(0, g[0].dtype(), g[0].device())) : null,
                n.needsInputGrad(1) ? Conversion.to(apply(g[0], index), vType) : null});
        }
        return out;
    }

    /** Applies the index left to right; returns {@code x} itself when nothing was selected, sliced or added. */
    static Tensor apply(Tensor x, Object[] index) {
        int specified = 0, ellipses = 0;
        for (Object o : index) {
            if (o == ELLIPSIS) ellipses++;
            else if (o instanceof Integer || o instanceof Slice) specified++;
            else if (o != null) {
                throw new IllegalArgumentException("only integers, slices (Slice), ellipsis (Slicing.ELLIPSIS) and None (null)"
                        + " are valid indices here, got " + o.getClass().getSimpleName());
            }
        }
        if (ellipses > 1) throw new IllegalArgumentException("an index can only have a single ellipsis ('...')");
        if (x.dim() == 0 && specified > 0) {
            throw new IndexOutOfBoundsException("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or"
                    + " `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number");
        }
        if (specified > x.dim()) throw new IndexOutOfBoundsException("too many indices for tensor of dimension " + x.dim());
        Tensor r = x;
        int d = 0, realDim = 0;
        for (Object o : index) {
            if (o == null) {
                r = Movement.unsqueeze(r, d++);
            } else if (o == ELLIPSIS) {
                d += x.dim() - specified;
                realDim += x.dim() - specified;
            } else if (o instanceof Integer i) {
                int size = r.layout().shape()[d];
                if (i < -size || i >= size) {
                    throw new IndexOutOfBoundsException("index " + i + " is out of bounds for dimension " + realDim + " with size " + size);
                }
                r = Movement.select(r, d, i);
                realDim++;
            } else {
                Slice s = (Slice) o;
                boolean all = (s.start() == null || s.start() == 0) && s.stop() == null && s.step() == 1;
                if (!all) r = Movement.slice(r, d, s.start(), s.stop(), s.step());
                d++;
                realDim++;
            }
        }
        return r;
    }

    /** Parses {@code "1:3, ::2, ..., None, -1"} into typed index entries. */
    static Object[] parse(String index) {
        String[] items = index.split(",", -1);
        List<Object> out = new ArrayList<>(items.length);
        for (int k = 0; k < items.length; k++) {
            String item = items[k].trim();
            if (item.isEmpty()) {
                // "" is x[()], and "1," is x[1,] in Python; an empty entry elsewhere is a typo.
                if (k == items.length - 1 && (k > 0 || items.length == 1)) continue;
                throw new IllegalArgumentException("invalid index \"" + index + "\": empty entry " + k);
            }
            if (item.equals("...")) out.add(ELLIPSIS);
            else if (item.equals("None")) out.add(null);
            else if (item.indexOf(':') >= 0) out.add(parseSlice(item, index));
            else out.add(parseInt(item, index));
        }
        return out.toArray();
    }

    private static Slice parseSlice(String item, String index) {
        String[] p = item.split(":", -1);
        if (p.length > 3) throw new IllegalArgumentException("invalid slice '" + item + "' in index \"" + index + "\"");
        Integer start = p[0].isBlank() ? null : parseInt(p[0], index);
        Integer stop = p[1].isBlank() ? null : parseInt(p[1], index);
        Integer step = p.length < 3 || p[2].isBlank() ? null : parseInt(p[2], index);
        if (step != null && step <= 0) throw new IllegalArgumentException("step must be greater than zero");
        return new Slice(start, stop, step == null ? 1 : step);
    }

    private static Integer parseInt(String s, String index) {
        try {
            return Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid index '" + s.trim() + "' in \"" + index
                    + "\": expected an integer, a slice like 1:3:2, '...' or None");
        }
    }
}

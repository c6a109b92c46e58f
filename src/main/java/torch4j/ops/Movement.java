package torch4j.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import torch4j.Layout;
import torch4j.Tensor;
import torch4j.autograd.Graph;
import torch4j.backend.Backend;
import torch4j.internal.Broadcast;
import torch4j.internal.Shapes;

/**
 * Views and data movement: view, reshape, transpose, permute, narrow, select, slice, expand,
 * squeeze, split; and the copying ops flip, roll and repeat.
 *
 * <p>Every view is a new {@link Layout} over the input's storage ({@link Tensor#view}); nothing is
 * copied, so writes through a view are seen by its base and all views share one version counter.
 * The backward of each op sits beside it and is written in differentiable ops, so double backward
 * works. Select and slice send their gradient through {@link #intoZeros}, a small op of its own.
 */
public final class Movement {
    private Movement() {}

    private static final Tensor[] NONE = new Tensor[0];

    static final String VIEW_ERROR = "view size is not compatible with input tensor's size and stride (at least one"
            + " dimension spans across two contiguous subspaces). Use .reshape(...) instead.";

    // ------------------------------------------------------------------ reshaping

    /** {@code x.view(2, -1)}: the same elements with another shape; never copies (see {@link #reshape}). */
    public static Tensor view(Tensor x, int[] shape) {
        int[] sh = Shapes.inferSize(shape, x.numel());
        int[] st = computeStride(x.layout().shape(), x.layout().strides(), sh);
        if (st == null) throw new IllegalArgumentException(VIEW_ERROR);
        return reshapeView("ViewBackward0", x, new Layout(sh, st, x.layout().offset()));
    }

    /** {@code x.reshape(2, -1)}: a view when the strides allow one, else a contiguous copy. */
    public static Tensor reshape(Tensor x, int[] shape) {
        int[] sh = Shapes.inferSize(shape, x.numel());
        int[] st = computeStride(x.layout().shape(), x.layout().strides(), sh);
        if (st != null) return reshapeView("ReshapeAliasBackward0", x, new Layout(sh, st, x.layout().offset()));
        Tensor out = Tensor.zeros(x.dtype(), x.device(), sh);
        // Writing x in its own shape into out's row-major storage is the copy reshape needs.
        copy(x, new Tensor(out.storage(), Layout.contiguous(x.shape())));
        recordReshape("UnsafeViewBackward0", x, out);
        return out;
    }

    private static Tensor reshapeView(String name, Tensor x, Layout layout) {
        Tensor out = Tensor.view(x, layout);
        recordReshape(name, x, out);
        return out;
    }

    private static void recordReshape(String name, Tensor x, Tensor out) {
        if (Graph.needsGrad(x)) {
            int[] in = x.shape();
            Graph.record(name, out, new Tensor[] {x}, NONE, (n, g) -> new Tensor[] {reshape(g[0], in)});
        }
    }

    /**
     * The strides that let {@code newShape} view the elements of a tensor with {@code oldShape}
     * and {@code oldStride}, or null when no view can (PyTorch's {@code computeStride}): the old
     * dims are grouped into runs laid out back to back, and each new dim must fall inside one run.
     */
    static int[] computeStride(int[] oldShape, int[] oldStride, int[] newShape) {
        int[] newStride = new int[newShape.length];
        if (oldShape.length == 0) {
            Arrays.fill(newStride, 1);
            return newStride;
        }
        int numel = Layout.numel(oldShape);
        if (numel == 0 && Arrays.equals(oldShape, newShape)) return oldStride.clone();
        if (numel == 0) return Layout.contiguousStrides(newShape);
        int viewD = newShape.length - 1;
        long chunkBaseStride = oldStride[oldStride.length - 1];
        long tensorNumel = 1, viewNumel = 1;
        for (int tensorD = oldShape.length - 1; tensorD >= 0; tensorD--) {
            tensorNumel *= oldShape[tensorD];
            // A run ends where the next outer dim is not laid out right after this one.
            if (tensorD == 0 || (oldShape[tensorD - 1] != 1 && oldStride[tensorD - 1] != tensorNumel * chunkBaseStride)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    newStride[viewD] = (int) (viewNumel * chunkBaseStride);
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (tensorD > 0) {
                    chunkBaseStride = oldStride[tensorD - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? newStride : null;
    }

    /** {@code x.flatten(1, -1)}: dims {@code start..end} merged into one (a view when possible). */
    public static Tensor flatten(Tensor x, int start, int end) {
        int rank = x.dim();
        if (rank == 0) return reshape(x, new int[] {1});
        int s = Shapes.wrapDim(start, rank), e = Shapes.wrapDim(end, rank);
        if (s > e) throw new IllegalArgumentException("flatten() has invalid args: start_dim cannot come after end_dim");
        if (s == e) return x;
        int[] shape = x.layout().shape();
        int[] sh = new int[rank - (e - s)];
        int merged = 1;
        for (int d = s; d <= e; d++) merged *= shape[d];
        System.arraycopy(shape, 0, sh, 0, s);
        sh[s] = merged;
        System.arraycopy(shape, e + 1, sh, s + 1, rank - e - 1);
        return reshape(x, sh);
    }

    /** {@code x.unflatten(1, 2, -1)}: dim {@code dim} split into {@code sizes} (one may be -1). */
    public static Tensor unflatten(Tensor x, int dim, int[] sizes) {
        int d = Shapes.wrapDim(dim, x.dim());
        if (sizes.length == 0) throw new IllegalArgumentException("unflatten: sizes must be non-empty");
        int size = x.layout().shape()[d];
        int[] sz = sizes.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < sz.length; i++) {
            if (sz[i] == -1 && infer < 0) infer = i;
            else known *= sz[i];
        }
        if (infer >= 0 && known != 0 && size % known == 0) sz[infer] = (int) (size / known);
        if (infer >= 0 ? sz[infer] == -1 : known != size) {
            throw new IllegalArgumentException("unflatten: Provided sizes " + Arrays.toString(sizes)
                    + " don't multiply up to the size of dim " + d + " (" + size + ") in the input tensor");
        }
        int[] shape = x.layout().shape();
        int[] sh = new int[shape.length - 1 + sz.length];
        System.arraycopy(shape, 0, sh, 0, d);
        System.arraycopy(sz, 0, sh, d, sz.length);
        System.arraycopy(shape, d + 1, sh, d + sz.length, shape.length - d - 1);
        return view(x, sh);
    }

    // ------------------------------------------------------------------ dim order

    /** {@code x.transpose(0, 1)}: a view with two dims swapped. */
    public static Tensor transpose(Tensor x, int d0, int d1) {
        int rank = x.dim();
        int a = Shapes.wrapDim(d0, rank), b = Shapes.wrapDim(d1, rank);
        Tensor out = Tensor.view(x, rank == 0 ? x.layout() : swap(x.layout(), a, b));
        if (Graph.needsGrad(x)) {
            Graph.recordView("TransposeBackward0", out, x, (n, g) -> new Tensor[] {transpose(g[0], a, b)}, v -> transpose(v, a, b));
        }
        return out;
    }

    /** {@code x.t()}: transpose of a tensor of at most 2 dims. */
    public static Tensor t(Tensor x) {
        int rank = x.dim();
        if (rank > 2) throw new IllegalArgumentException("t() expects a tensor with <= 2 dimensions, but self is " + rank + "D");
        Tensor out = Tensor.view(x, rank < 2 ? x.layout() : swap(x.layout(), 0, 1));
        if (Graph.needsGrad(x)) Graph.recordView("TBackward0", out, x, (n, g) -> new Tensor[] {t(g[0])}, Movement::t);
        return out;
    }

    /** {@code x.T}: all dims reversed. */
    public static Tensor reverseDims(Tensor x) {
        int[] perm = new int[x.dim()];
        for (int i = 0; i < perm.length; i++) perm[i] = perm.length - 1 - i;
        return permute(x, perm);
    }

    /** {@code x.permute(2, 0, 1)}: a view with the dims reordered. */
    public static Tensor permute(Tensor x, int[] dims) {
        int rank = x.dim();
        if (dims.length != rank) {
            throw new IllegalArgumentException("permute(sparse_coo): number of dimensions in the tensor input does not match"
                    + " the length of the desired ordering of dimensions i.e. input.dim() = " + rank
                    + " is not equal to len(dims) = " + dims.length);
        }
        int[] perm = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = Shapes.wrapDim(dims[i], rank);
            if (seen[perm[i]]) throw new IllegalArgumentException("permute(): duplicate dims are not allowed.");
            seen[perm[i]] = true;
        }
        Layout l = x.layout();
        int[] sh = new int[rank], st = new int[rank];
        for (int i = 0; i < rank; i++) {
            sh[i] = l.shape()[perm[i]];
            st[i] = l.strides()[perm[i]];
        }
        Tensor out = Tensor.view(x, new Layout(sh, st, l.offset()));
        if (Graph.needsGrad(x)) {
            int[] inverse = new int[rank];
            for (int i = 0; i < rank; i++) inverse[perm[i]] = i;
            Graph.record("PermuteBackward0", out, new Tensor[] {x}, NONE, (n, g) -> new Tensor[] {permute(g[0], inverse)});
        }
        return out;
    }

    private static Layout swap(Layout l, int a, int b) {
        int[] sh = l.shape().clone(), st = l.strides().clone();
        sh[a] = l.shape()[b];
        sh[b] = l.shape()[a];
        st[a] = l.strides()[b];
        st[b] = l.strides()[a];
        return new Layout(sh, st, l.offset());
    }

    // ------------------------------------------------------------------ sub-ranges

    /** {@code x.narrow(dim, start, length)}: elements {@code start .. start+length-1} along {@code dim}. */
    public static Tensor narrow(Tensor x, int dim, int start, int length) {
        if (x.dim() == 0) throw new IllegalArgumentException("narrow() cannot be applied to a 0-dim tensor.");
        int d = Shapes.wrapDim(dim, x.dim());
        int size = x.layout().shape()[d];
        // start == size is a valid empty range, though not a valid index.
        int s = start == size ? start : Shapes.wrapDim(start, size);
        if (length < 0 || s > size - length) {
            throw new IllegalArgumentException("start (" + s + ") + length (" + length + ") exceeds dimension size (" + size + ").");
        }
        return sliceView(x, d, s, length, 1);
    }

    /** {@code x.select(dim, index)}: the sub-tensor at {@code index} along {@code dim}, which is removed. */
    public static Tensor select(Tensor x, int dim, int index) {
        if (x.dim() == 0) throw new IndexOutOfBoundsException("select() cannot be applied to a 0-dim tensor.");
        int d = Shapes.wrapDim(dim, x.dim());
        int size = x.layout().shape()[d];
        if (index < -size || index >= size) {
            throw new IndexOutOfBoundsException("select(): index " + index + " out of range for tensor of size "
                    + x.shapeString() + " at dimension " + d);
        }
        int i = index < 0 ? index + size : index;
        Tensor out = Tensor.view(x, selectLayout(x.layout(), d, i));
        if (Graph.needsGrad(x)) {
            int[] in = x.shape();
            Graph.record("SelectBackward0", out, new Tensor[] {x}, NONE, (n, g) -> new Tensor[] {
                intoZeros("SelectBackwardBackward0", g[0], in, l -> selectLayout(l, d, i), gg -> select(gg, d, i))});
        }
        return out;
    }

    /** {@code x[start:stop:step]} along {@code dim}, bounds clamped as in Python; null bounds mean the ends. */
    public static Tensor slice(Tensor x, int dim, Integer start, Integer stop, int step) {
        if (step <= 0) throw new IllegalArgumentException("slice step must be positive");
        if (x.dim() == 0) throw new IllegalArgumentException("slice() cannot be applied to a 0-dim tensor.");
        int d = Shapes.wrapDim(dim, x.dim());
        int size = x.layout().shape()[d];
        int s = clampBound(start, 0, size), e = clampBound(stop, size, size);
        int len = e <= s ? 0 : (e - s + step - 1) / step;
        return sliceView(x, d, s, len, step);
    }

    private static int clampBound(Integer bound, int dflt, int size) {
        if (bound == null) return dflt;
        int b = bound < 0 ? bound + size : bound;
        return Math.max(0, Math.min(b, size));
    }

    /** The view of {@code len} elements from {@code start} by {@code step} along {@code d} (all checked). */
    static Tensor sliceView(Tensor x, int d, int start, int len, int step) {
        Tensor out = Tensor.view(x, sliceLayout(x.layout(), d, start, len, step));
        if (Graph.needsGrad(x)) {
            int[] in = x.shape();
            Graph.record("SliceBackward0", out, new Tensor[] {x}, NONE, (n, g) -> new Tensor[] {intoZeros(
                    "SliceBackwardBackward0", g[0], in, l -> sliceLayout(l, d, start, len, step), gg -> sliceView(gg, d, start, len, step))});
        }
        return out;
    }

    static Layout sliceLayout(Layout l, int d, int start, int len, int step) {
        int[] sh = l.shape().clone(), st = l.strides().clone();
        sh[d] = len;
        st[d] = l.strides()[d] * step;
        // An empty slice keeps the base offset so that it never points past the storage.
        int offset = len == 0 ? l.offset() : l.offset() + start * l.strides()[d];
        return new Layout(sh, st, offset);
    }

    static Layout selectLayout(Layout l, int d, int index) {
        int rank = l.dim();
        int[] sh = new int[rank - 1], st = new int[rank - 1];
        for (int k = 0, j = 0; k < rank; k++) {
            if (k == d) continue;
            sh[j] = l.shape()[k];
            st[j++] = l.strides()[k];
        }
        return new Layout(sh, st, l.offset() + index * l.strides()[d]);
    }

    /**
     * Zeros of {@code shape} with {@code g} written into the region {@code region} picks: the
     * gradient of select and slice. It is differentiable in {@code g} (its own backward picks the
     * region again with {@code pick}), so double backward works.
     */
    private static Tensor intoZeros(String name, Tensor g, int[] shape, UnaryOperator<Layout> region, UnaryOperator<Tensor> pick) {
        Tensor out = Tensor.zeros(g.dtype(), g.device(), shape);
        copy(g, new Tensor(out.storage(), region.apply(out.layout())));
        if (Graph.needsGrad(g)) Graph.record(name, out, new Tensor[] {g}, NONE, (n, gg) -> new Tensor[] {pick.apply(gg[0])});
        return out;
    }

    // ------------------------------------------------------------------ size-1 dims and broadcasting

    /** {@code x.expand(3, -1)}: size-1 dims repeated by a stride of 0, -1 keeping a size; never copies. */
    public static Tensor expand(Tensor x, int[] sizes) {
        Tensor out = Tensor.view(x, Broadcast.expand(x.layout(), sizes));
        if (Graph.needsGrad(x)) {
            int[] in = x.shape();
            Graph.record("ExpandBackward0", out, new Tensor[] {x}, NONE, (n, g) -> new Tensor[] {g[0].sumToSize(in)});
        }
        return out;
    }

    /** {@code x.squeeze()}: all size-1 dims removed. */
    public static Tensor squeeze(Tensor x) {
        Layout l = x.layout();
        int keep = 0;
        for (int s : l.shape()) if (s != 1) keep++;
        int[] sh = new int[keep], st = new int[keep];
        for (int d = 0, j = 0; d < l.dim(); d++) {
            if (l.shape()[d] == 1) continue;
            sh[j] = l.shape()[d];
            st[j++] = l.strides()[d];
        }
        return squeezed("SqueezeBackward0", x, new Layout(sh, st, l.offset()));
    }

    /** {@code x.squeeze(dim)}: removes {@code dim} if its size is 1, else returns a view of x as it is. */
    public static Tensor squeeze(Tensor x, int dim) {
        int d = Shapes.wrapDim(dim, x.dim());
        Layout l = x.layout();
        Layout out = x.dim() == 0 || l.shape()[d] != 1 ? l : selectLayout(l, d, 0);
        return squeezed("SqueezeBackward1", x, out);
    }

    private static Tensor squeezed(String name, Tensor x, Layout layout) {
        Tensor out = Tensor.view(x, layout);
        if (Graph.needsGrad(x)) {
            int[] in = x.shape();
            Graph.record(name, out, new Tensor[] {x}, NONE, (n, g) -> new Tensor[] {reshape(g[0], in)});
        }
        return out;
    }

    /** {@code x.unsqueeze(dim)}: a new size-1 dim at {@code dim} (which may be {@code x.dim()}). */
    public static Tensor unsqueeze(Tensor x, int dim) {
        int d = Shapes.wrapDim(dim, x.dim() + 1);
        Tensor out = Tensor.view(x, unsqueezeLayout(x.layout(), d));
        if (Graph.needsGrad(x)) {
            Graph.record("UnsqueezeBackward0", out, new Tensor[] {x}, NONE, (n, g) -> new Tensor[] {squeeze(g[0], d)});
        }
        return out;
    }

    static Layout unsqueezeLayout(Layout l, int d) {
        int rank = l.dim();
        int[] sh = new int[rank + 1], st = new int[rank + 1];
        for (int k = 0, j = 0; k <= rank; k++) {
            if (k == d) {
                sh[k] = 1;
                st[k] = d < rank ? l.shape()[d] * l.strides()[d] : 1;
            } else {
                sh[k] = l.shape()[j];
                st[k] = l.strides()[j++];
            }
        }
        return new Layout(sh, st, l.offset());
    }

    // ------------------------------------------------------------------ splitting

    /** {@code x.chunk(3, dim)}: pieces of {@code ceil(size / chunks)} along {@code dim}; may return fewer. */
    public static List<Tensor> chunk(Tensor x, int chunks, int dim) {
        if (x.dim() == 0) throw new IllegalArgumentException("chunk expects at least a 1-dimensional tensor");
        if (chunks <= 0) throw new IllegalArgumentException("chunk expects `chunks` to be greater than 0, got: " + chunks);
        int d = Shapes.wrapDim(dim, x.dim());
        int size = x.layout().shape()[d];
        int splitSize = (size + chunks - 1) / chunks;
        // An empty dim still yields `chunks` empty pieces (split alone would give one).
        if (splitSize == 0) return splitAt(x, d, new int[chunks], "SplitBackward0");
        return split(x, splitSize, d);
    }

    /** {@code x.split(2, dim)}: pieces of {@code size} along {@code dim}, the last one smaller if need be. */
    public static List<Tensor> split(Tensor x, int size, int dim) {
        if (x.dim() == 0) throw new IllegalArgumentException("split expects at least a 1-dimensional tensor");
        if (size < 0) throw new IllegalArgumentException("split expects split_size be non-negative, but got split_size=" + size);
        int d = Shapes.wrapDim(dim, x.dim());
        int dimSize = x.layout().shape()[d];
        if (size == 0 && dimSize != 0) {
            throw new IllegalArgumentException("split_size can only be 0 if dimension size is 0, but got dimension size of " + dimSize);
        }
        int count = size == 0 ? 1 : Math.max((dimSize + size - 1) / size, 1);
        int[] sizes = new int[count];
        Arrays.fill(sizes, size);
        sizes[count - 1] = size - (size * count - dimSize);
        return splitAt(x, d, sizes, "SplitBackward0");
    }

    /** {@code x.split(new int[] {1, 2}, dim)}: pieces of the given sizes, which must add up to the dim's size. */
    public static List<Tensor> split(Tensor x, int[] sizes, int dim) {
        if (x.dim() == 0) throw new IllegalArgumentException("split expects at least a 1-dimensional tensor");
        int d = Shapes.wrapDim(dim, x.dim());
        int dimSize = x.layout().shape()[d];
        long sum = 0;
        for (int s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException("split_with_sizes expects split_sizes have only non-negative entries, but got"
                        + " split_sizes=" + Arrays.toString(sizes));
            }
            sum += s;
        }
        if (sum != dimSize) {
            throw new IllegalArgumentException("split_with_sizes expects split_sizes to sum exactly to " + dimSize
                    + " (input tensor's size at dimension " + d + "), but got split_sizes=" + Arrays.toString(sizes));
        }
        return splitAt(x, d, sizes.clone(), "SplitWithSizesBackward0");
    }

    /** Views of consecutive pieces of {@code sizes} along {@code d}, one node for all; backward concatenates. */
    private static List<Tensor> splitAt(Tensor x, int d, int[] sizes, String name) {
        Tensor[] outs = new Tensor[sizes.length];
        for (int i = 0, start = 0; i < sizes.length; start += sizes[i++]) {
            outs[i] = Tensor.view(x, sliceLayout(x.layout(), d, start, sizes[i], 1));
        }
        if (Graph.needsGrad(x)) {
            Graph.recordAll(name, outs, new Tensor[] {x}, NONE, (n, g) -> new Tensor[] {Joining.cat(Arrays.asList(g), d)});
        }
        return new ArrayList<>(Arrays.asList(outs));
    }

    /** {@code x.unbind(dim)}: the slices along {@code dim}, which is removed. */
    public static List<Tensor> unbind(Tensor x, int dim) {
        if (x.dim() == 0) throw new IndexOutOfBoundsException("Dimension specified as 0 but tensor has no dimensions");
        int d = Shapes.wrapDim(dim, x.dim());
        Tensor[] outs = new Tensor[x.layout().shape()[d]];
        for (int i = 0; i < outs.length; i++) outs[i] = Tensor.view(x, selectLayout(x.layout(), d, i));
        if (Graph.needsGrad(x)) {
            Graph.recordAll("UnbindBackward0", outs, new Tensor[] {x}, NONE, (n, g) -> new Tensor[] {Joining.stack(Arrays.asList(g), d)});
        }
        return new ArrayList<>(Arrays.asList(outs));
    }

    // ------------------------------------------------------------------ copies

    /** {@code x.flip(0, 1)}: a copy with the order of elements reversed along {@code dims}. */
    public static Tensor flip(Tensor x, int[] dims) {
        int[] ds = Shapes.wrapDims(dims, x.dim());
        Layout l = x.layout();
        Tensor out = Tensor.zeros(x.dtype(), x.device(), x.shape());
        if (x.dim() == 0 || x.numel() == 0) {
            copy(x, out);
        } else {
            // A negative-stride view walks the flipped dims backwards; kernels take any strides.
            int[] st = l.strides().clone();
            int offset = l.offset();
            for (int d : ds) {
                offset += (l.shape()[d] - 1) * st[d];
                st[d] = -st[d];
            }
            copy(new Tensor(x.storage(), new Layout(l.shape(), st, offset)), out);
        }
        if (Graph.needsGrad(x)) Graph.record("FlipBackward0", out, new Tensor[] {x}, NONE, (n, g) -> new Tensor[] {flip(g[0], ds)});
        return out;
    }

    /** {@code x.roll(shifts, dims)}: a copy with elements shifted cyclically; no dims rolls the flattened tensor. */
    public static Tensor roll(Tensor x, int[] shifts, int[] dims) {
        if (shifts.length == 0) throw new IllegalArgumentException("`shifts` required");
        if (shifts.length != dims.length && !(dims.length == 0 && shifts.length == 1)) {
            throw new IllegalArgumentException("shifts and dimensions must align. shifts: " + shifts.length + ", dims:" + dims.length);
        }
        Tensor out;
        if (dims.length == 0) {
            Tensor flat = Tensor.zeros(x.dtype(), x.device(), x.numel());
            copy(x, new Tensor(flat.storage(), Layout.contiguous(x.shape())));
            out = new Tensor(rollCopy(flat, shifts, new int[] {0}).storage(), Layout.contiguous(x.shape()));
        } else {
            int[] ds = new int[dims.length];
            for (int i = 0; i < dims.length; i++) ds[i] = Shapes.wrapDim(dims[i], x.dim());
            out = rollCopy(x, shifts, ds);
        }
        if (Graph.needsGrad(x)) {
            int[] back = new int[shifts.length];
            for (int i = 0; i < back.length; i++) back[i] = -shifts[i];
            int[] ds = dims.clone();
            Graph.record("RollBackward0", out, new Tensor[] {x}, NONE, (n, g) -> new Tensor[] {roll(g[0], back, ds)});
        }
        return out;
    }

    /** One pass per dim, each two block copies into a fresh tensor; always returns a new tensor. */
    private static Tensor rollCopy(Tensor x, int[] shifts, int[] dims) {
        Tensor cur = x;
        for (int i = 0; i < dims.length; i++) {
            int d = dims[i], n = x.layout().shape()[d];
            if (n == 0) continue;
            int s = Math.floorMod(shifts[i], n);
            if (s == 0) continue;
            Tensor next = Tensor.zeros(x.dtype(), x.device(), x.shape());
            Layout cl = cur.layout(), nl = next.layout();
            copy(new Tensor(cur.storage(), sliceLayout(cl, d, n - s, s, 1)), new Tensor(next.storage(), sliceLayout(nl, d, 0, s, 1)));
            copy(new Tensor(cur.storage(), sliceLayout(cl, d, 0, n - s, 1)), new Tensor(next.storage(), sliceLayout(nl, d, s, n - s, 1)));
            cur = next;
        }
        if (cur == x) {
            cur = Tensor.zeros(x.dtype(), x.device(), x.shape());
            copy(x, cur);
        }
        return cur;
    }

    /** {@code x.repeat(2, 1, 3)}: a copy tiled {@code repeats[i]} times along each dim; extra repeats add leading dims. */
    public static Tensor repeat(Tensor x, int[] repeats) {
        int rank = x.dim(), n = repeats.length;
        if (n < rank) {
            throw new IllegalArgumentException("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor");
        }
        Layout l = x.layout();
        int pad = n - rank;
        int[] outShape = new int[n];
        // The output seen as [r0, s0, r1, s1, ...]: the source is x with stride 0 along every r.
        int[] pairShape = new int[2 * n], srcStride = new int[2 * n];
        for (int i = 0; i < n; i++) {
            int s = i < pad ? 1 : l.shape()[i - pad];
            outShape[i] = s * repeats[i];
            pairShape[2 * i] = repeats[i];
            pairShape[2 * i + 1] = s;
            srcStride[2 * i + 1] = i < pad ? 0 : l.strides()[i - pad];
        }
        Tensor out = Tensor.zeros(x.dtype(), x.device(), outShape);
        if (out.numel() > 0) {
            copy(new Tensor(x.storage(), new Layout(pairShape, srcStride, l.offset())),
                    new Tensor(out.storage(), Layout.contiguous(pairShape.clone())));
        }
        if (Graph.needsGrad(x)) {
            int[] in = x.shape();
            int[] repeatDims = new int[n];
            for (int i = 0; i < n; i++) repeatDims[i] = 2 * i;
            Graph.record("RepeatBackward0", out, new Tensor[] {x}, NONE, (nd, g) -> {
                Tensor pairs = reshape(g[0], pairShape);
                return new Tensor[] {reshape(n == 0 ? pairs : pairs.sum(repeatDims, false), in)};
            });
        }
        return out;
    }

    /** Kernel copy between two same-shaped tensors (cast to dst's dtype), outside autograd. */
    static void copy(Tensor src, Tensor dst) {
        Backend.of(dst.device()).elementwise().copy(src, dst);
    }
}

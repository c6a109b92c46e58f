package torch4j.ops;

import java.util.Arrays;
import torch4j.DType;
import torch4j.Layout;
import torch4j.Tensor;
import torch4j.ValuesIndices;
import torch4j.autograd.Graph;
import torch4j.backend.Backend;
import torch4j.backend.BinaryOp;
import torch4j.backend.ReduceOp;
import torch4j.internal.Shapes;

/**
 * Reductions over all elements or along dims (sum, mean, prod, max/min, argmax/argmin, all/any),
 * each with its backward beside it, and {@link #sumToSize}, broadcasting's backward. The
 * statistics built on them (var, std, logsumexp, norm) are in {@link Statistics}.
 *
 * <p>A reduction is described by a {@link Reduced}: which dims fold and which of those disappear
 * from the result. Its backward is {@link #expandBack}, a stride-0 view, whose own backward is
 * the sum again, so gradients of any order come for free.
 */
public final class Reductions {
    private Reductions() {}

    /**
     * The dims a reduction folds ({@code mask}) and those of them dropped from the result shape
     * ({@code dropped}; the rest stay as size 1, as with {@code keepdim=true}).
     */
    record Reduced(int[] shape, boolean[] mask, boolean[] dropped) {
        /** Result shape. */
        int[] outShape() {
            int k = 0;
            for (boolean b : dropped) if (!b) k++;
            int[] out = new int[k];
            for (int d = 0, j = 0; d < shape.length; d++) {
                if (!dropped[d]) out[j++] = mask[d] ? 1 : shape[d];
            }
            return out;
        }

        /** Result shape with the folded dims kept as size 1: what the kernels see. */
        int[] keptShape() {
            int[] out = shape.clone();
            for (int d = 0; d < out.length; d++) if (mask[d]) out[d] = 1;
            return out;
        }

        /** Number of elements each result element folds. */
        int count() {
            long n = 1;
            for (int d = 0; d < shape.length; d++) if (mask[d]) n *= shape[d];
            return (int) n;
        }

        boolean keepsAll() {
            for (boolean b : dropped) if (b) return false;
            return true;
        }
    }

    /** Reduces {@code dims} of {@code x}; null or empty {@code dims} means all dims. */
    static Reduced reduced(Tensor x, int[] dims, boolean keepdim) {
        int rank = x.dim();
        boolean[] mask = new boolean[rank];
        if (dims == null || dims.length == 0) {
            Arrays.fill(mask, true);
        } else {
            for (int d : Shapes.wrapDims(dims, rank)) if (d < rank) mask[d] = true;
        }
        boolean[] dropped = keepdim ? new boolean[rank] : mask.clone();
        return new Reduced(x.layout().shape(), mask, dropped);
    }

    /** Runs the reduce kernel into a new tensor of the result shape and {@code dtype}. */
    static Tensor run(ReduceOp op, Tensor x, Reduced r, DType dtype) {
        Tensor out = Tensor.zeros(dtype, x.device(), r.outShape());
        // Dropped dims have size 1, so the kept-shape view of the result is the same memory.
        Tensor kept = r.keepsAll() ? out : new Tensor(out.storage(), Layout.contiguous(r.keptShape()));
        Backend.of(x.device()).reduce().reduce(op, x, kept);
        return out;
    }

    /** The dtype sums and products give: int64 for integers and bool. */
    static DType accumulateType(DType d) {
        return d.isFloatingPoint() ? d : DType.INT64;
    }

    // ------------------------------------------------------------------ sum, mean, prod

    /** {@code x.sum()}: the sum of all elements (int64 for integer and bool inputs). */
    public static Tensor sum(Tensor x) {
        return sum(x, reduced(x, null, false), "SumBackward0");
    }

    /** {@code x.sum(dims, keepdim)}; an empty {@code dims} sums everything, as in PyTorch. */
    public static Tensor sum(Tensor x, int[] dims, boolean keepdim) {
        return sum(x, reduced(x, dims, keepdim), "SumBackward1");
    }

    static Tensor sum(Tensor x, Reduced r, String name) {
        Tensor out = run(ReduceOp.SUM, x, r, accumulateType(x.dtype()));
        if (Graph.needsGrad(x)) {
            Graph.record(name, out, new Tensor[] {x}, new Tensor[0], (n, g) -> new Tensor[] {expandBack(g[0], r)});
        }
        return out;
    }

    /**
     * Sums a broadcast tensor back to {@code shape}: over leading extra dims and over dims where
     * {@code shape} has 1. Returns {@code x} itself when the shapes already match.
     *
     * <pre>{@code Tensor g = grad.sumToSize(3, 1);  // [2, 3, 4] -> [3, 1] }</pre>
     */
    public static Tensor sumToSize(Tensor x, int[] shape) {
        int[] xs = x.layout().shape();
        if (Arrays.equals(xs, shape)) return x;
        int lead = xs.length - shape.length;
        boolean fits = lead >= 0;
        boolean[] mask = new boolean[xs.length], dropped = new boolean[xs.length];
        for (int d = 0; d < xs.length && fits; d++) {
            if (d < lead) {
                mask[d] = dropped[d] = true;
            } else if (shape[d - lead] != xs[d]) {
                fits = shape[d - lead] == 1;
                mask[d] = true;
            }
        }
        if (!fits) {
            throw new IllegalArgumentException("size {" + Arrays.toString(shape) + "} is not expandable to size {"
                    + Arrays.toString(xs) + "}.");
        }
        return sum(x, new Reduced(xs, mask, dropped), "SumBackward1");
    }

    /**
     * The gradient of a reduction: {@code g} (the result's shape) as a stride-0 view of the input's
     * shape. Its backward sums back, so double backward works.
     */
    static Tensor expandBack(Tensor g, Reduced r) {
        int[] shape = r.shape();
        Layout gl = g.layout();
        int[] st = new int[shape.length];
        for (int d = 0, j = 0; d < shape.length; d++) {
            if (r.dropped()[d]) continue;
            st[d] = r.mask()[d] ? 0 : gl.strides()[j];
            j++;
        }
        Tensor out = Tensor.view(g, new Layout(shape.clone(), st, gl.offset()));
        if (Graph.needsGrad(g)) {
            Graph.record("ExpandBackward0", out, new Tensor[] {g}, new Tensor[0], (n, gg) -> new Tensor[] {sum(gg[0], r, "SumBackward1")});
        }
        return out;
    }

    /** {@code x.mean()}; floating-point inputs only. The mean of no elements is NaN. */
    public static Tensor mean(Tensor x) {
        return mean(x, reduced(x, null, false), "MeanBackward0");
    }

    /** {@code x.mean(dims, keepdim)}; an empty {@code dims} averages everything. */
    public static Tensor mean(Tensor x, int[] dims, boolean keepdim) {
        return mean(x, reduced(x, dims, keepdim), "MeanBackward1");
    }

    static Tensor mean(Tensor x, Reduced r, String name) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("mean(): could not infer output dtype. Input dtype must be either a floating"
                    + " point or complex dtype. Got: " + typeName(x.dtype()));
        }
        Tensor out = run(ReduceOp.SUM, x, r, x.dtype());
        int count = r.count();
        Elementwise.binaryInto(BinaryOp.DIV, out, Elementwise.scalar(count, out.dtype(), out.device()), out);
        if (Graph.needsGrad(x)) {
            Graph.record(name, out, new Tensor[] {x}, new Tensor[0], (n, g) -> new Tensor[] {Arithmetic.div(expandBack(g[0], r), count)});
        }
        return out;
    }

    /** {@code x.prod()}: the product of all elements (int64 for integer and bool inputs). */
    public static Tensor prod(Tensor x) {
        return prod(x, reduced(x, null, false), "ProdBackward0");
    }

    /** {@code x.prod(dim, keepdim)}. */
    public static Tensor prod(Tensor x, int dim, boolean keepdim) {
        return prod(x, reduced(x, new int[] {Shapes.wrapDim(dim, x.dim())}, keepdim), "ProdBackward1");
    }

    private static Tensor prod(Tensor x, Reduced r, String name) {
        Tensor out = run(ReduceOp.PROD, x, r, accumulateType(x.dtype()));
        if (Graph.needsGrad(x)) {
            Graph.record(name, out, new Tensor[] {x}, new Tensor[] {x, out}, (n, g) -> new Tensor[] {prodBackward(g[0], n.saved(0), n.saved(1), r)});
        }
        return out;
    }

    /**
     * As PyTorch: with no zero in a slice the gradient is {@code g * prod / x}; with one zero, the
     * zero's gradient is the product of the others and the rest get 0; with more zeros, all get 0.
     */
    private static Tensor prodBackward(Tensor g, Tensor x, Tensor out, Reduced r) {
        Tensor isZero = x.eq(0);
        Tensor zeros = expandBack(run(ReduceOp.SUM, isZero, r, DType.INT64), r);
        Tensor gx = expandBack(g, r);
        Tensor noZero = Arithmetic.div(Arithmetic.mul(gx, expandBack(out, r)), Arithmetic.where(isZero, one(x), x));
        // The product of the non-zero elements, with its own gradient path for double backward.
        Tensor others = expandBack(prod(Arithmetic.where(isZero, one(x), x), r, "ProdBackward1"), r);
        Tensor oneZero = Arithmetic.where(isZero, Arithmetic.mul(gx, others), zero(x));
        return Arithmetic.where(zeros.eq(0), noZero, Arithmetic.where(zeros.eq(1), oneZero, zero(x)));
    }

    // ------------------------------------------------------------------ max, min, argmax, argmin

    /** {@code x.max()}: the largest element (NaN if any is NaN). */
    public static Tensor max(Tensor x) {
        return extremum(x, true);
    }

    /** {@code x.min()}: the smallest element (NaN if any is NaN). */
    public static Tensor min(Tensor x) {
        return extremum(x, false);
    }

    private static Tensor extremum(Tensor x, boolean isMax) {
        String op = isMax ? "max" : "min";
        if (x.numel() == 0) {
            throw new IllegalArgumentException(op + "(): Expected reduction dim to be specified for input.numel() == 0."
                    + " Specify the reduction dim with the 'dim' argument.");
        }
        Reduced r = reduced(x, null, false);
        Tensor out = run(isMax ? ReduceOp.MAX : ReduceOp.MIN, x, r, x.dtype());
        if (Graph.needsGrad(x)) {
            Graph.record(isMax ? "MaxBackward1" : "MinBackward1", out, new Tensor[] {x}, new Tensor[] {x, out},
                    (n, g) -> new Tensor[] {evenlyDistribute(g[0], n.saved(0), n.saved(1), r)});
        }
        return out;
    }

    /** The gradient split evenly among the elements equal to the result (NaNs when it is NaN). */
    static Tensor evenlyDistribute(Tensor g, Tensor x, Tensor value, Reduced r) {
        Tensor v = expandBack(value, r);
        Tensor mask = x.eq(v).logicalOr(x.isnan().logicalAnd(v.isnan()));
        Tensor count = expandBack(run(ReduceOp.SUM, mask, r, DType.INT64), r);
        return Arithmetic.where(mask, Arithmetic.div(expandBack(g, r), count), zero(x));
    }

    /**
     * {@code torch.amax(x, dims, keepdim)}: the largest values over {@code dims}, without indices
     * (one reduce pass); the gradient is shared evenly among the maximal elements, as in PyTorch.
     *
     * <pre>{@code Tensor m = Reductions.amax(logits, new int[] {1}, true);  // [N, 1] }</pre>
     */
    public static Tensor amax(Tensor x, int[] dims, boolean keepdim) {
        return extremum(x, dims, keepdim, true);
    }

    /** {@code torch.amin(x, dims, keepdim)}: as {@link #amax}, the smallest values. */
    public static Tensor amin(Tensor x, int[] dims, boolean keepdim) {
        return extremum(x, dims, keepdim, false);
    }

    private static Tensor extremum(Tensor x, int[] dims, boolean keepdim, boolean isMax) {
        Reduced r = reduced(x, dims, keepdim);
        for (int d = 0; d < r.shape().length; d++) {
            if (r.mask()[d] && r.shape()[d] == 0) {
                throw new IllegalArgumentException((isMax ? "amax" : "amin") + "(): Expected reduction dim " + d
                        + " to have non-zero size.");
            }
        }
        Tensor out = run(isMax ? ReduceOp.MAX : ReduceOp.MIN, x, r, x.dtype());
        if (Graph.needsGrad(x)) {
            Graph.record(isMax ? "AmaxBackward0" : "AminBackward0", out, new Tensor[] {x}, new Tensor[] {x, out},
                    (n, g) -> new Tensor[] {evenlyDistribute(g[0], n.saved(0), n.saved(1), r)});
        }
        return out;
    }

    /** {@code x.max(dim, keepdim)}: the largest values along {@code dim} and their first indices. */
    public static ValuesIndices max(Tensor x, int dim, boolean keepdim) {
        return extremum(x, dim, keepdim, true);
    }

    /** {@code x.min(dim, keepdim)}. */
    public static ValuesIndices min(Tensor x, int dim, boolean keepdim) {
        return extremum(x, dim, keepdim, false);
    }

    private static ValuesIndices extremum(Tensor x, int dim, boolean keepdim, boolean isMax) {
        int d = Shapes.wrapDim(dim, x.dim());
        Reduced r = reduced(x, new int[] {d}, keepdim);
        Tensor values = Tensor.zeros(x.dtype(), x.device(), r.outShape());
        Tensor indices = argReduce(isMax ? "max" : "min", isMax, x, d, r, values);
        if (Graph.needsGrad(x)) {
            Tensor keptIdx = kept(indices, r);
            int[] shape = x.layout().shape();
            Graph.recordAll(isMax ? "MaxBackward0" : "MinBackward0", new Tensor[] {values, indices}, new Tensor[] {x},
                    new Tensor[] {keptIdx}, (n, g) -> new Tensor[] {shape.length == 0 ? g[0] : scatterBack(g[0], n.saved(0), d, r, shape)});
        }
        return new ValuesIndices(values, indices);
    }

    /**
     * {@code g} placed at {@code index} along {@code dim} of a zero tensor of {@code shape}
     * (index has the kept shape: one index per slice). Written as a one-hot mask so it stays
     * differentiable: its backward picks the gradient back out at the index.
     */
    static Tensor scatterBack(Tensor g, Tensor index, int dim, Reduced r, int[] shape) {
        Tensor positions = alongDim(shape, dim, index.device());
        return Arithmetic.where(positions.eq(index), expandBack(g, r), zero(g));
    }

    /** {@code 0, 1, ..., shape[dim]-1} laid out along {@code dim} (size 1 elsewhere): broadcasts against {@code shape}. */
    static Tensor alongDim(int[] shape, int dim, torch4j.Device device) {
        Tensor ar = Creation.arange(0, shape[dim], 1, DType.INT64).to(device);
        int[] sh = new int[shape.length], st = new int[shape.length];
        Arrays.fill(sh, 1);
        sh[dim] = shape[dim];
        st[dim] = 1;
        return new Tensor(ar.storage(), new Layout(sh, st, 0));
    }

    /** {@code x.argmax()}: the flat index of the largest element. */
    public static Tensor argmax(Tensor x) {
        return argFlat(x, true);
    }

    /** {@code x.argmin()}. */
    public static Tensor argmin(Tensor x) {
        return argFlat(x, false);
    }

    /** {@code x.argmax(dim, keepdim)}: first index of the largest value along {@code dim}. */
    public static Tensor argmax(Tensor x, int dim, boolean keepdim) {
        int d = Shapes.wrapDim(dim, x.dim());
        return argReduce("argmax", true, x, d, reduced(x, new int[] {d}, keepdim), null);
    }

    /** {@code x.argmin(dim, keepdim)}. */
    public static Tensor argmin(Tensor x, int dim, boolean keepdim) {
        int d = Shapes.wrapDim(dim, x.dim());
        return argReduce("argmin", false, x, d, reduced(x, new int[] {d}, keepdim), null);
    }

    private static Tensor argFlat(Tensor x, boolean isMax) {
        String op = isMax ? "argmax" : "argmin";
        checkArgType(op, x);
        if (x.numel() == 0) {
            throw new IndexOutOfBoundsException(op + "(): Expected reduction dim to be specified for input.numel() == 0.");
        }
        Tensor c = x;
        if (!x.isContiguous()) {
            c = Tensor.zeros(x.dtype(), x.device(), x.layout().shape());
            Backend.of(x.device()).elementwise().copy(x, c);
        }
        Tensor flat = new Tensor(c.storage(), new Layout(new int[] {x.numel()}, new int[] {1}, c.layout().offset()));
        return argReduce(op, isMax, flat, 0, reduced(flat, new int[] {0}, false), null);
    }

    /** Runs the arg kernel; fills {@code values} too when given. Returns the int64 indices. */
    private static Tensor argReduce(String op, boolean isMax, Tensor x, int dim, Reduced r, Tensor values) {
        if (values == null) checkArgType(op, x);
        if (x.dim() > 0 && x.layout().shape()[dim] == 0) {
            throw new IndexOutOfBoundsException(op + "(): Expected reduction dim " + dim + " to have non-zero size.");
        }
        Tensor indices = Tensor.zeros(DType.INT64, x.device(), r.outShape());
        if (indices.numel() > 0) {
            Backend.of(x.device()).reduce().argReduce(isMax, x, dim, values == null ? null : kept(values, r), kept(indices, r));
        }
        return indices;
    }

    private static void checkArgType(String op, Tensor x) {
        if (x.dtype() == DType.BOOL) throw new IllegalArgumentException("\"" + op + "_cpu\" not implemented for 'Bool'");
    }

    /** A fresh result viewed with the reduced dims kept as size 1 (no autograd: for kernels and masks). */
    static Tensor kept(Tensor out, Reduced r) {
        return r.keepsAll() ? out : new Tensor(out.storage(), Layout.contiguous(r.keptShape()));
    }

    // ------------------------------------------------------------------ all, any

    /** {@code x.all()}: true when every element is non-zero (bool; uint8 for uint8 input, as PyTorch). */
    public static Tensor all(Tensor x) {
        return run(ReduceOp.ALL, x, reduced(x, null, false), logicalType(x));
    }

    /** {@code x.all(dim, keepdim)}. */
    public static Tensor all(Tensor x, int dim, boolean keepdim) {
        return run(ReduceOp.ALL, x, reduced(x, new int[] {dim}, keepdim), logicalType(x));
    }

    /** {@code x.any()}: true when some element is non-zero. */
    public static Tensor any(Tensor x) {
        return run(ReduceOp.ANY, x, reduced(x, null, false), logicalType(x));
    }

    /** {@code x.any(dim, keepdim)}. */
    public static Tensor any(Tensor x, int dim, boolean keepdim) {
        return run(ReduceOp.ANY, x, reduced(x, new int[] {dim}, keepdim), logicalType(x));
    }

    private static DType logicalType(Tensor x) {
        return x.dtype() == DType.UINT8 ? DType.UINT8 : DType.BOOL;
    }

    // ------------------------------------------------------------------ var, std, logsumexp, norm

    /** {@code x.var(dims, unbiased, keepdim)}; null or empty {@code dims} means all. See {@link Statistics}. */
    public static Tensor var(Tensor x, int[] dims, boolean unbiased, boolean keepdim) {
        return Statistics.var(x, dims, unbiased, keepdim);
    }

    /** {@code x.std(dims, unbiased, keepdim)}. */
    public static Tensor std(Tensor x, int[] dims, boolean unbiased, boolean keepdim) {
        return Statistics.std(x, dims, unbiased, keepdim);
    }

    /** {@code x.logsumexp(dims, keepdim)}: {@code log(sum(exp(x)))} computed without overflow. */
    public static Tensor logsumexp(Tensor x, int[] dims, boolean keepdim) {
        return Statistics.logsumexp(x, dims, keepdim);
    }

    /** {@code x.norm(p, dims, keepdim)}: the p-norm (p may be 0 or infinite); null {@code dims} means all. */
    public static Tensor norm(Tensor x, double p, int[] dims, boolean keepdim) {
        return Statistics.norm(x, p, dims, keepdim);
    }

    // ------------------------------------------------------------------ helpers

    static Tensor zero(Tensor like) {
        return Elementwise.scalar(0, like.dtype(), like.device());
    }

    static Tensor one(Tensor like) {
        return Elementwise.scalar(1, like.dtype(), like.device());
    }

    /** PyTorch's name for a dtype in messages ({@code Long}, {@code Float} ...). */
    static String typeName(DType d) {
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

package torch4j;

import java.util.List;
import java.util.function.UnaryOperator;
import torch4j.autograd.Autograd;
import torch4j.autograd.AutogradMeta;
import torch4j.autograd.Node;
import torch4j.backend.Backend;
import torch4j.ops.Arithmetic;
import torch4j.ops.Comparison;
import torch4j.ops.Conversion;
import torch4j.ops.Creation;
import torch4j.ops.Indexing;
import torch4j.ops.LinearAlgebra;
import torch4j.ops.Movement;
import torch4j.ops.Printing;
import torch4j.ops.RandomOps;
import torch4j.ops.Reductions;
import torch4j.ops.Scans;
import torch4j.ops.Slicing;
import torch4j.ops.Sorting;
import torch4j.ops.UnaryMath;

/**
 * A multi-dimensional array of one dtype on one device: shared {@link Storage} plus a {@link
 * Layout} (shape, strides, offset), with the autograd state of PyTorch's tensors.
 *
 * <p>Names follow PyTorch, camelCased; in-place variants end in {@code _}. Movement ops ({@link
 * #view}, {@link #transpose}, {@link #get(String)} ...) return views that share storage. Ops are
 * implemented in {@code torch4j.ops}, one class per family, each op's backward beside its forward.
 *
 * <pre>{@code
 * Tensor x = Torch.ones(2, 2).requiresGrad_();
 * Tensor out = x.add(2).pow(2).mul(3).mean();
 * out.backward();
 * x.grad();  // tensor([[4.5000, 4.5000], [4.5000, 4.5000]])
 * }</pre>
 */
public final class Tensor implements AutoCloseable {
    private Storage storage;
    private Layout layout;
    /** The tensor this one is a view of, or null ({@code ._base}). */
    private Tensor base;
    private AutogradMeta autograd;

    /** Wraps {@code storage} with {@code layout}; ops use this to make results and views. */
    public Tensor(Storage storage, Layout layout) {
        this.storage = storage;
        this.layout = layout;
    }

    /** A view of {@code base}'s storage with another layout (autograd is recorded by the caller). */
    public static Tensor view(Tensor base, Layout layout) {
        Tensor t = new Tensor(base.storage, layout);
        t.base = base.base != null ? base.base : base;
        return t;
    }

    /** A new zero-filled contiguous tensor. */
    public static Tensor zeros(DType dtype, Device device, int... shape) {
        int[] sh = torch4j.internal.Shapes.checkShape(shape);
        return new Tensor(Backend.of(device).allocate(dtype, Layout.numel(sh)), Layout.contiguous(sh));
    }

    /** A new tensor of ones shaped, typed and placed like {@code t}. */
    public static Tensor onesLike(Tensor t) {
        return Creation.onesLike(t);
    }

    // ---------------------------------------------------------------- metadata

    public Storage storage() {
        return storage;
    }

    /** Shape, strides and offset; the arrays inside must not be modified. */
    public Layout layout() {
        return layout;
    }

    public DType dtype() {
        return storage.dtype();
    }

    public Device device() {
        return storage.device();
    }

    /** {@code x.size()}: the shape, printing as {@code torch.Size([4, 3])}. */
    public Size size() {
        return new Size(layout.shape());
    }

    /** {@code x.size(d)}; negative {@code d} counts from the end. */
    public int size(int d) {
        return layout.shape()[torch4j.internal.Shapes.wrapDim(d, dim())];
    }

    /** The shape as a new array. */
    public int[] shape() {
        return layout.shape().clone();
    }

    /** The strides, in elements, as a new array. */
    public int[] stride() {
        return layout.strides().clone();
    }

    public int stride(int d) {
        return layout.strides()[torch4j.internal.Shapes.wrapDim(d, dim())];
    }

    public int storageOffset() {
        return layout.offset();
    }

    public int dim() {
        return layout.dim();
    }

    public int numel() {
        return layout.numel();
    }

    public boolean isContiguous() {
        return layout.isContiguous();
    }

    public boolean isFloatingPoint() {
        return dtype().isFloatingPoint();
    }

    public boolean isCuda() {
        return device().isCuda();
    }

    /** The tensor this one is a view of, or null. */
    public Tensor base() {
        return base;
    }

    /** e.g. {@code torch.FloatTensor}, as PyTorch's {@code x.type()}. */
    public String typeName() {
        String t = switch (dtype()) {
            case FLOAT32 -> "FloatTensor";
            case FLOAT64 -> "DoubleTensor";
            case INT64 -> "LongTensor";
            case INT32 -> "IntTensor";
            case UINT8 -> "ByteTensor";
            case BOOL -> "BoolTensor";
        };
        return (isCuda() ? "torch.cuda." : "torch.") + t;
    }

    /** The shape as PyTorch writes it in messages: {@code [2, 3]}. */
    public String shapeString() {
        return java.util.Arrays.toString(layout.shape());
    }

    /**
     * Replaces storage and layout in place (the {@code out=} forms resize their output this way).
     * Not for users: views of this tensor keep the old storage.
     */
    public void setData(Storage storage, Layout layout) {
        this.storage = storage;
        this.layout = layout;
    }

    // ---------------------------------------------------------------- autograd

    /** Autograd state, or null if this tensor never took part in autograd. */
    public AutogradMeta autogradMeta() {
        return autograd;
    }

    /** Autograd state, created on first use. */
    public AutogradMeta autogradMetaOrCreate() {
        if (autograd == null) autograd = new AutogradMeta();
        return autograd;
    }

    public boolean requiresGrad() {
        return autograd != null && autograd.requiresGrad();
    }

    /** {@code requires_grad_()}: makes this leaf record operations for autograd. */
    public Tensor requiresGrad_() {
        return requiresGrad_(true);
    }

    /** {@code requires_grad_(flag)}; only floating-point leaves can require grad. */
    public Tensor requiresGrad_(boolean flag) {
        if (flag && !dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("only Tensors of floating point dtype can require gradients, got " + dtype());
        }
        if (!flag && autograd != null && autograd.gradFn() != null) {
            throw new IllegalStateException("you can only change requires_grad flags of leaf variables. If you want to use"
                    + " a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
        }
        if (flag || autograd != null) autogradMetaOrCreate().setRequiresGrad(flag);
        return this;
    }

    /** The accumulated gradient, or null. */
    public Tensor grad() {
        return autograd == null ? null : autograd.grad();
    }

    /** Sets {@code .grad} (null clears it). */
    public void setGrad(Tensor g) {
        if (g != null && !java.util.Arrays.equals(g.layout.shape(), layout.shape())) {
            throw new IllegalArgumentException("assigned grad has data of a different size: expected " + shapeString()
                    + " but got " + g.shapeString());
        }
        autogradMetaOrCreate().setGrad(g);
    }

    /** The node that created this tensor, or null for leaves ({@code grad_fn}). */
    public Node gradFn() {
        return autograd == null ? null : autograd.gradFn();
    }

    /** True when this tensor has no {@code gradFn}. */
    public boolean isLeaf() {
        return gradFn() == null;
    }

    /** {@code backward()} of a one-element tensor. */
    public void backward() {
        Autograd.backward(this, null, false, false);
    }

    /** {@code backward(gradient)}. */
    public void backward(Tensor gradient) {
        Autograd.backward(this, gradient, false, false);
    }

    /** {@code backward(gradient, retain_graph, create_graph)}; gradient may be null for one-element tensors. */
    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        Autograd.backward(this, gradient, retainGraph, createGraph);
    }

    /** A view of the same data that is not part of the graph. */
    public Tensor detach() {
        Tensor t = new Tensor(storage, layout);
        t.base = base != null ? base : this;
        return t;
    }

    /** Makes this tensor a leaf that does not require grad. */
    public Tensor detach_() {
        if (autograd != null) {
            autograd.clearGradFn();
            autograd.setRequiresGrad(false);
        }
        return this;
    }

    /** {@code .data}: the same storage, outside autograd (for manual updates like {@code p.data().sub_(...)}). */
    public Tensor data() {
        return detach();
    }

    /** Keeps this non-leaf's gradient in {@link #grad()} after backward. */
    public Tensor retainGrad() {
        Autograd.retainGrad(this);
        return this;
    }

    /** Registers a hook called with this tensor's gradient; it may return a replacement or null. */
    public Tensor registerHook(UnaryOperator<Tensor> hook) {
        Autograd.registerHook(this, hook);
        return this;
    }

    // ---------------------------------------------------------------- conversion

    /** {@code to(dtype)}: this tensor if it already has the dtype, else a converted copy. */
    public Tensor to(DType dtype) {
        return Conversion.to(this, dtype);
    }

    /** {@code to(device)}. */
    public Tensor to(Device device) {
        return Conversion.to(this, device);
    }

    public Tensor cpu() {
        return to(Device.CPU);
    }

    public Tensor cuda() {
        return to(Device.CUDA);
    }

    /**
     * Releases a CUDA tensor's device memory now instead of when the tensor becomes unreachable;
     * does nothing on the CPU. Views share their base's memory: closing either invalidates both,
     * and using a closed CUDA tensor fails. {@code try (Tensor t = x.cuda()) { ... } }
     */
    @Override
    public void close() {
        torch4j.backend.Backends.release(storage);
    }

    public Tensor float_() {
        return to(DType.FLOAT32);
    }

    public Tensor double_() {
        return to(DType.FLOAT64);
    }

    public Tensor long_() {
        return to(DType.INT64);
    }

    public Tensor int_() {
        return to(DType.INT32);
    }

    public Tensor bool_() {
        return to(DType.BOOL);
    }

    /** A contiguous copy that autograd sees as the identity. */
    public Tensor clone() {
        return Conversion.clone(this);
    }

    /** This tensor if contiguous, else a contiguous copy. */
    public Tensor contiguous() {
        return Conversion.contiguous(this);
    }

    /** Copies {@code src} (broadcast, cast) into this tensor. */
    public Tensor copy_(Tensor src) {
        return Conversion.copy_(this, src);
    }

    /** The single element as a double ({@code item()}). */
    public double item() {
        return Conversion.item(this);
    }

    /** The single element as a long. */
    public long itemLong() {
        return Conversion.itemLong(this);
    }

    /** The single element as a boolean (non-zero is true). */
    public boolean itemBool() {
        return Conversion.item(this) != 0;
    }

    public float[] toFloatArray() {
        return Conversion.toFloatArray(this);
    }

    public double[] toDoubleArray() {
        return Conversion.toDoubleArray(this);
    }

    public long[] toLongArray() {
        return Conversion.toLongArray(this);
    }

    public int[] toIntArray() {
        return Conversion.toIntArray(this);
    }

    public boolean[] toBooleanArray() {
        return Conversion.toBooleanArray(this);
    }

    /** Nested Java arrays ({@code float[][]} for a 2-D float32 tensor ...), as {@code tolist()}. */
    public Object toArray() {
        return Conversion.toNestedArray(this);
    }

    // ---------------------------------------------------------------- movement (views)

    public Tensor view(int... shape) {
        return Movement.view(this, shape);
    }

    public Tensor viewAs(Tensor other) {
        return Movement.view(this, other.layout.shape());
    }

    public Tensor reshape(int... shape) {
        return Movement.reshape(this, shape);
    }

    public Tensor reshapeAs(Tensor other) {
        return Movement.reshape(this, other.layout.shape());
    }

    public Tensor transpose(int dim0, int dim1) {
        return Movement.transpose(this, dim0, dim1);
    }

    /** Transpose of a tensor of at most 2 dims. */
    public Tensor t() {
        return Movement.t(this);
    }

    /** {@code x.T}: all dims reversed. */
    public Tensor T() {
        return Movement.reverseDims(this);
    }

    /** {@code x.mT}: the last two dims swapped. */
    public Tensor mT() {
        return Movement.transpose(this, -2, -1);
    }

    public Tensor permute(int... dims) {
        return Movement.permute(this, dims);
    }

    public Tensor narrow(int dim, int start, int length) {
        return Movement.narrow(this, dim, start, length);
    }

    public Tensor select(int dim, int index) {
        return Movement.select(this, dim, index);
    }

    /** {@code x[start:stop:step]} along {@code dim}. */
    public Tensor slice(int dim, Integer start, Integer stop, int step) {
        return Movement.slice(this, dim, start, stop, step);
    }

    public Tensor expand(int... sizes) {
        return Movement.expand(this, sizes);
    }

    public Tensor expandAs(Tensor other) {
        return Movement.expand(this, other.layout.shape());
    }

    public Tensor squeeze() {
        return Movement.squeeze(this);
    }

    public Tensor squeeze(int dim) {
        return Movement.squeeze(this, dim);
    }

    public Tensor unsqueeze(int dim) {
        return Movement.unsqueeze(this, dim);
    }

    public Tensor flatten() {
        return Movement.flatten(this, 0, -1);
    }

    public Tensor flatten(int startDim, int endDim) {
        return Movement.flatten(this, startDim, endDim);
    }

    public Tensor unflatten(int dim, int... sizes) {
        return Movement.unflatten(this, dim, sizes);
    }

    public List<Tensor> chunk(int chunks, int dim) {
        return Movement.chunk(this, chunks, dim);
    }

    public List<Tensor> chunk(int chunks) {
        return Movement.chunk(this, chunks, 0);
    }

    public List<Tensor> split(int splitSize, int dim) {
        return Movement.split(this, splitSize, dim);
    }

    public List<Tensor> split(int[] sizes, int dim) {
        return Movement.split(this, sizes, dim);
    }

    public List<Tensor> unbind(int dim) {
        return Movement.unbind(this, dim);
    }

    public List<Tensor> unbind() {
        return Movement.unbind(this, 0);
    }

    /** Copies: reverses the order along {@code dims}. */
    public Tensor flip(int... dims) {
        return Movement.flip(this, dims);
    }

    /** Copies: rolls elements along {@code dims} by {@code shifts}. */
    public Tensor roll(int[] shifts, int[] dims) {
        return Movement.roll(this, shifts, dims);
    }

    public Tensor roll(int shift, int dim) {
        return Movement.roll(this, new int[] {shift}, new int[] {dim});
    }

    /** Copies: tiles the tensor {@code repeats} times along each dim. */
    public Tensor repeat(int... repeats) {
        return Movement.repeat(this, repeats);
    }

    /** Sums a broadcast tensor back to {@code shape} (broadcasting's backward). */
    public Tensor sumToSize(int... shape) {
        return Reductions.sumToSize(this, shape);
    }

    // ---------------------------------------------------------------- indexing by slices

    /** NumPy-style indexing from text: {@code x.get(":, 1")}, {@code x.get("1:3, ::2")}, {@code x.get("..., -1")}. */
    public Tensor get(String index) {
        return Slicing.get(this, index);
    }

    /**
     * Typed indexing: each argument is an {@code Integer} (select), a {@link Slice}, {@code null}
     * (a new axis) or {@link Slicing#ELLIPSIS}; e.g. {@code x.get(Slice.all(), 1)}.
     */
    public Tensor get(Object... index) {
        return Slicing.get(this, index);
    }

    /** {@code x[index] = value}. */
    public Tensor set(String index, Tensor value) {
        return Slicing.set(this, index, value);
    }

    /** {@code x[index] = value}. */
    public Tensor set(String index, Number value) {
        return Slicing.set(this, index, value);
    }

    /** Typed {@code x[index] = value}, indices as in {@link #get(Object...)}. */
    public Tensor set(Object[] index, Tensor value) {
        return Slicing.set(this, index, value);
    }

    /** Typed {@code x[index] = value}. */
    public Tensor set(Object[] index, Number value) {
        return Slicing.set(this, index, torch4j.ops.Elementwise.scalar(value, dtype(), device()));
    }

    // ---------------------------------------------------------------- arithmetic

    public Tensor add(Tensor other) {
        return Arithmetic.add(this, other);
    }

    /** {@code self + alpha * other}. */
    public Tensor add(Tensor other, Number alpha) {
        return Arithmetic.add(this, other, alpha);
    }

    public Tensor add(Number other) {
        return Arithmetic.add(this, other);
    }

    public Tensor sub(Tensor other) {
        return Arithmetic.sub(this, other);
    }

    /** {@code self - alpha * other}. */
    public Tensor sub(Tensor other, Number alpha) {
        return Arithmetic.sub(this, other, alpha);
    }

    public Tensor sub(Number other) {
        return Arithmetic.sub(this, other);
    }

    /** {@code other - self} (Python's {@code 2 - x}). */
    public Tensor rsub(Number other) {
        return Arithmetic.rsub(this, other);
    }

    public Tensor mul(Tensor other) {
        return Arithmetic.mul(this, other);
    }

    public Tensor mul(Number other) {
        return Arithmetic.mul(this, other);
    }

    /** True division: integer inputs give a float result. */
    public Tensor div(Tensor other) {
        return Arithmetic.div(this, other);
    }

    public Tensor div(Number other) {
        return Arithmetic.div(this, other);
    }

    /** {@code other / self} (Python's {@code 1 / x}). */
    public Tensor rdiv(Number other) {
        return Arithmetic.rdiv(this, other);
    }

    public Tensor pow(Tensor exponent) {
        return Arithmetic.pow(this, exponent);
    }

    public Tensor pow(Number exponent) {
        return Arithmetic.pow(this, exponent);
    }

    public Tensor remainder(Number other) {
        return Arithmetic.remainder(this, other);
    }

    public Tensor remainder(Tensor other) {
        return Arithmetic.remainder(this, other);
    }

    public Tensor neg() {
        return Arithmetic.neg(this);
    }

    public Tensor maximum(Tensor other) {
        return Arithmetic.maximum(this, other);
    }

    public Tensor minimum(Tensor other) {
        return Arithmetic.minimum(this, other);
    }

    /** {@code clamp(min, max)}; either bound may be null. */
    public Tensor clamp(Number min, Number max) {
        return Arithmetic.clamp(this, min, max);
    }

    public Tensor clampMin(Number min) {
        return Arithmetic.clamp(this, min, null);
    }

    public Tensor clampMax(Number max) {
        return Arithmetic.clamp(this, null, max);
    }

    /** {@code torch.where(condition, self, other)}. */
    public Tensor where(Tensor condition, Tensor other) {
        return Arithmetic.where(condition, this, other);
    }

    public Tensor add_(Tensor other) {
        return Arithmetic.add_(this, other, 1);
    }

    public Tensor add_(Tensor other, Number alpha) {
        return Arithmetic.add_(this, other, alpha);
    }

    public Tensor add_(Number other) {
        return Arithmetic.binary_(this, torch4j.backend.BinaryOp.ADD, other);
    }

    public Tensor sub_(Tensor other) {
        return Arithmetic.add_(this, other, -1);
    }

    public Tensor sub_(Tensor other, Number alpha) {
        return Arithmetic.add_(this, other, Arithmetic.negate(alpha));
    }

    public Tensor sub_(Number other) {
        return Arithmetic.binary_(this, torch4j.backend.BinaryOp.SUB, other);
    }

    public Tensor mul_(Tensor other) {
        return Arithmetic.binary_(this, torch4j.backend.BinaryOp.MUL, other);
    }

    public Tensor mul_(Number other) {
        return Arithmetic.binary_(this, torch4j.backend.BinaryOp.MUL, other);
    }

    public Tensor div_(Tensor other) {
        return Arithmetic.binary_(this, torch4j.backend.BinaryOp.DIV, other);
    }

    public Tensor div_(Number other) {
        return Arithmetic.binary_(this, torch4j.backend.BinaryOp.DIV, other);
    }

    public Tensor pow_(Number exponent) {
        return Arithmetic.inPlace(this, s -> Arithmetic.pow(s, exponent));
    }

    public Tensor neg_() {
        return Arithmetic.inPlace(this, s -> Arithmetic.neg(s));
    }

    public Tensor clamp_(Number min, Number max) {
        return Arithmetic.inPlace(this, s -> Arithmetic.clamp(s, min, max));
    }

    /** {@code addcmul_}: {@code self += value * t1 * t2} (optimizers use it; one fused pass under noGrad). */
    public Tensor addcmul_(Tensor t1, Tensor t2, Number value) {
        return Arithmetic.addcmul_(this, t1, t2, value);
    }

    /** {@code addcdiv_}: {@code self += value * t1 / t2}. */
    public Tensor addcdiv_(Tensor t1, Tensor t2, Number value) {
        return Arithmetic.addcdiv_(this, t1, t2, value);
    }

    /** {@code lerp_(end, weight)}: {@code self += weight * (end - self)}. */
    public Tensor lerp_(Tensor end, Number weight) {
        return Arithmetic.lerp_(this, end, weight);
    }

    /** {@code maximum_(other)}: element-wise maximum in place (AMSGrad's running max). */
    public Tensor maximum_(Tensor other) {
        return Arithmetic.maximum_(this, other);
    }

    public Tensor zero_() {
        return fill_(0);
    }

    public Tensor fill_(Number value) {
        return Arithmetic.fill_(this, value);
    }

    // ---------------------------------------------------------------- unary math

    public Tensor abs() {
        return UnaryMath.abs(this);
    }

    public Tensor exp() {
        return UnaryMath.exp(this);
    }

    public Tensor log() {
        return UnaryMath.log(this);
    }

    public Tensor log1p() {
        return UnaryMath.log1p(this);
    }

    public Tensor expm1() {
        return UnaryMath.expm1(this);
    }

    public Tensor log2() {
        return UnaryMath.log2(this);
    }

    public Tensor sqrt() {
        return UnaryMath.sqrt(this);
    }

    public Tensor rsqrt() {
        return UnaryMath.rsqrt(this);
    }

    public Tensor square() {
        return UnaryMath.square(this);
    }

    public Tensor reciprocal() {
        return UnaryMath.reciprocal(this);
    }

    public Tensor sin() {
        return UnaryMath.sin(this);
    }

    public Tensor cos() {
        return UnaryMath.cos(this);
    }

    public Tensor tanh() {
        return UnaryMath.tanh(this);
    }

    public Tensor sigmoid() {
        return UnaryMath.sigmoid(this);
    }

    public Tensor relu() {
        return UnaryMath.relu(this);
    }

    public Tensor erf() {
        return UnaryMath.erf(this);
    }

    public Tensor sign() {
        return UnaryMath.sign(this);
    }

    public Tensor floor() {
        return UnaryMath.floor(this);
    }

    public Tensor ceil() {
        return UnaryMath.ceil(this);
    }

    /** Rounds half to even, as {@code torch.round}. */
    public Tensor round() {
        return UnaryMath.round(this);
    }

    public Tensor trunc() {
        return UnaryMath.trunc(this);
    }

    public Tensor abs_() {
        return Arithmetic.inPlace(this, s -> UnaryMath.abs(s));
    }

    public Tensor exp_() {
        return Arithmetic.inPlace(this, s -> UnaryMath.exp(s));
    }

    public Tensor log_() {
        return Arithmetic.inPlace(this, s -> UnaryMath.log(s));
    }

    public Tensor sqrt_() {
        return Arithmetic.inPlace(this, s -> UnaryMath.sqrt(s));
    }

    public Tensor sigmoid_() {
        return Arithmetic.inPlace(this, s -> UnaryMath.sigmoid(s));
    }

    public Tensor tanh_() {
        return Arithmetic.inPlace(this, s -> UnaryMath.tanh(s));
    }

    public Tensor relu_() {
        return Arithmetic.inPlace(this, s -> UnaryMath.relu(s));
    }

    public Tensor floor_() {
        return Arithmetic.inPlace(this, s -> UnaryMath.floor(s));
    }

    public Tensor round_() {
        return Arithmetic.inPlace(this, s -> UnaryMath.round(s));
    }

    // ---------------------------------------------------------------- comparison and logic

    public Tensor eq(Tensor other) {
        return Comparison.eq(this, other);
    }

    public Tensor eq(Number other) {
        return Comparison.eq(this, other);
    }

    public Tensor ne(Tensor other) {
        return Comparison.ne(this, other);
    }

    public Tensor ne(Number other) {
        return Comparison.ne(this, other);
    }

    public Tensor lt(Tensor other) {
        return Comparison.lt(this, other);
    }

    public Tensor lt(Number other) {
        return Comparison.lt(this, other);
    }

    public Tensor le(Tensor other) {
        return Comparison.le(this, other);
    }

    public Tensor le(Number other) {
        return Comparison.le(this, other);
    }

    public Tensor gt(Tensor other) {
        return Comparison.gt(this, other);
    }

    public Tensor gt(Number other) {
        return Comparison.gt(this, other);
    }

    public Tensor ge(Tensor other) {
        return Comparison.ge(this, other);
    }

    public Tensor ge(Number other) {
        return Comparison.ge(this, other);
    }

    public Tensor logicalAnd(Tensor other) {
        return Comparison.logicalAnd(this, other);
    }

    public Tensor logicalOr(Tensor other) {
        return Comparison.logicalOr(this, other);
    }

    public Tensor logicalXor(Tensor other) {
        return Comparison.logicalXor(this, other);
    }

    public Tensor logicalNot() {
        return Comparison.logicalNot(this);
    }

    public Tensor isnan() {
        return Comparison.isnan(this);
    }

    public Tensor isinf() {
        return Comparison.isinf(this);
    }

    public Tensor isfinite() {
        return Comparison.isfinite(this);
    }

    /** NaN to 0 and infinities to the dtype's extremes. */
    public Tensor nanToNum() {
        return Comparison.nanToNum(this, 0.0, null, null);
    }

    /** {@code nan_to_num(nan, posinf, neginf)}; null infinities mean the dtype's extremes. */
    public Tensor nanToNum(double nan, Double posinf, Double neginf) {
        return Comparison.nanToNum(this, nan, posinf, neginf);
    }

    /** True when shapes and all elements are equal ({@code torch.equal}). */
    public boolean equal(Tensor other) {
        return Comparison.equal(this, other);
    }

    /** {@code torch.allclose(self, other, rtol, atol)}. */
    public boolean allclose(Tensor other, double rtol, double atol) {
        return Comparison.allclose(this, other, rtol, atol);
    }

    public boolean allclose(Tensor other) {
        return Comparison.allclose(this, other, 1e-5, 1e-8);
    }

    // ---------------------------------------------------------------- reductions

    public Tensor sum() {
        return Reductions.sum(this);
    }

    public Tensor sum(int dim) {
        return Reductions.sum(this, new int[] {dim}, false);
    }

    public Tensor sum(int dim, boolean keepdim) {
        return Reductions.sum(this, new int[] {dim}, keepdim);
    }

    public Tensor sum(int[] dims, boolean keepdim) {
        return Reductions.sum(this, dims, keepdim);
    }

    public Tensor mean() {
        return Reductions.mean(this);
    }

    public Tensor mean(int dim) {
        return Reductions.mean(this, new int[] {dim}, false);
    }

    public Tensor mean(int dim, boolean keepdim) {
        return Reductions.mean(this, new int[] {dim}, keepdim);
    }

    public Tensor mean(int[] dims, boolean keepdim) {
        return Reductions.mean(this, dims, keepdim);
    }

    public Tensor prod() {
        return Reductions.prod(this);
    }

    public Tensor prod(int dim, boolean keepdim) {
        return Reductions.prod(this, dim, keepdim);
    }

    /** The largest element. */
    public Tensor max() {
        return Reductions.max(this);
    }

    /** Values and indices of the largest elements along {@code dim}. */
    public ValuesIndices max(int dim, boolean keepdim) {
        return Reductions.max(this, dim, keepdim);
    }

    public ValuesIndices max(int dim) {
        return Reductions.max(this, dim, false);
    }

    public Tensor min() {
        return Reductions.min(this);
    }

    public ValuesIndices min(int dim, boolean keepdim) {
        return Reductions.min(this, dim, keepdim);
    }

    public ValuesIndices min(int dim) {
        return Reductions.min(this, dim, false);
    }

    /**
     * {@code torch.amax}: the largest values over {@code dims}, without indices (one reduce pass);
     * the gradient is shared evenly among tied maxima, as in PyTorch.
     *
     * <pre>{@code Tensor m = logits.amax(new int[] {1}, true);  // [N, 1] }</pre>
     */
    public Tensor amax(int[] dims, boolean keepdim) {
        return Reductions.amax(this, dims, keepdim);
    }

    /** {@code torch.amin}: the smallest values over {@code dims}, as {@link #amax(int[], boolean)}. */
    public Tensor amin(int[] dims, boolean keepdim) {
        return Reductions.amin(this, dims, keepdim);
    }

    /** Index of the largest element of the flattened tensor. */
    public Tensor argmax() {
        return Reductions.argmax(this);
    }

    public Tensor argmax(int dim, boolean keepdim) {
        return Reductions.argmax(this, dim, keepdim);
    }

    public Tensor argmax(int dim) {
        return Reductions.argmax(this, dim, false);
    }

    public Tensor argmin() {
        return Reductions.argmin(this);
    }

    public Tensor argmin(int dim, boolean keepdim) {
        return Reductions.argmin(this, dim, keepdim);
    }

    public Tensor argmin(int dim) {
        return Reductions.argmin(this, dim, false);
    }

    /** Variance of all elements; {@code unbiased} divides by {@code n - 1}. */
    public Tensor var(boolean unbiased) {
        return Reductions.var(this, null, unbiased, false);
    }

    public Tensor var() {
        return var(true);
    }

    public Tensor var(int dim, boolean unbiased, boolean keepdim) {
        return Reductions.var(this, new int[] {dim}, unbiased, keepdim);
    }

    public Tensor var(int[] dims, boolean unbiased, boolean keepdim) {
        return Reductions.var(this, dims, unbiased, keepdim);
    }

    public Tensor std(boolean unbiased) {
        return Reductions.std(this, null, unbiased, false);
    }

    public Tensor std() {
        return std(true);
    }

    public Tensor std(int dim, boolean unbiased, boolean keepdim) {
        return Reductions.std(this, new int[] {dim}, unbiased, keepdim);
    }

    public Tensor std(int[] dims, boolean unbiased, boolean keepdim) {
        return Reductions.std(this, dims, unbiased, keepdim);
    }

    public Tensor logsumexp(int dim, boolean keepdim) {
        return Reductions.logsumexp(this, new int[] {dim}, keepdim);
    }

    public Tensor logsumexp(int[] dims, boolean keepdim) {
        return Reductions.logsumexp(this, dims, keepdim);
    }

    /** The 2-norm of all elements. */
    public Tensor norm() {
        return Reductions.norm(this, 2, null, false);
    }

    /** The p-norm of all elements (p may be infinite). */
    public Tensor norm(double p) {
        return Reductions.norm(this, p, null, false);
    }

    public Tensor norm(double p, int dim, boolean keepdim) {
        return Reductions.norm(this, p, new int[] {dim}, keepdim);
    }

    public Tensor norm(double p, int[] dims, boolean keepdim) {
        return Reductions.norm(this, p, dims, keepdim);
    }

    /** True when every element is non-zero (a bool tensor). */
    public Tensor all() {
        return Reductions.all(this);
    }

    public Tensor all(int dim, boolean keepdim) {
        return Reductions.all(this, dim, keepdim);
    }

    public Tensor any() {
        return Reductions.any(this);
    }

    public Tensor any(int dim, boolean keepdim) {
        return Reductions.any(this, dim, keepdim);
    }

    public Tensor cumsum(int dim) {
        return Scans.cumsum(this, dim);
    }

    public Tensor cumprod(int dim) {
        return Scans.cumprod(this, dim);
    }

    /** Sorted values and their original indices along {@code dim}. */
    public ValuesIndices sort(int dim, boolean descending) {
        return Sorting.sort(this, dim, descending);
    }

    public ValuesIndices sort() {
        return Sorting.sort(this, -1, false);
    }

    public Tensor argsort(int dim, boolean descending) {
        return Sorting.sort(this, dim, descending).indices();
    }

    /** The {@code k} largest (or smallest) elements along {@code dim}. */
    public ValuesIndices topk(int k, int dim, boolean largest, boolean sorted) {
        return Sorting.topk(this, k, dim, largest, sorted);
    }

    public ValuesIndices topk(int k) {
        return Sorting.topk(this, k, -1, true, true);
    }

    // ---------------------------------------------------------------- linear algebra

    public Tensor dot(Tensor other) {
        return LinearAlgebra.dot(this, other);
    }

    public Tensor mv(Tensor vec) {
        return LinearAlgebra.mv(this, vec);
    }

    public Tensor mm(Tensor other) {
        return LinearAlgebra.mm(this, other);
    }

    public Tensor bmm(Tensor other) {
        return LinearAlgebra.bmm(this, other);
    }

    /** {@code torch.matmul}: dot, mv, mm or batched mm with broadcast batch dims. */
    public Tensor matmul(Tensor other) {
        return LinearAlgebra.matmul(this, other);
    }

    public Tensor outer(Tensor other) {
        return LinearAlgebra.outer(this, other);
    }

    /** {@code beta * self + alpha * (m1 @ m2)}. */
    public Tensor addmm(Tensor m1, Tensor m2, Number beta, Number alpha) {
        return LinearAlgebra.addmm(this, m1, m2, beta, alpha);
    }

    public Tensor addmm(Tensor m1, Tensor m2) {
        return LinearAlgebra.addmm(this, m1, m2, 1, 1);
    }

    // ---------------------------------------------------------------- indexing

    public Tensor indexSelect(int dim, Tensor index) {
        return Indexing.indexSelect(this, dim, index);
    }

    public Tensor gather(int dim, Tensor index) {
        return Indexing.gather(this, dim, index);
    }

    /** Out of place: a copy with {@code src} values written at {@code index} along {@code dim}. */
    public Tensor scatter(int dim, Tensor index, Tensor src) {
        return Indexing.scatter(this, dim, index, src);
    }

    public Tensor scatter(int dim, Tensor index, Number value) {
        return Indexing.scatter(this, dim, index, value);
    }

    public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
        return Indexing.scatterAdd(this, dim, index, src);
    }

    public Tensor scatter_(int dim, Tensor index, Tensor src) {
        return Arithmetic.inPlace(this, s -> Indexing.scatter(s, dim, index, src));
    }

    public Tensor scatter_(int dim, Tensor index, Number value) {
        return Arithmetic.inPlace(this, s -> Indexing.scatter(s, dim, index, value));
    }

    public Tensor scatterAdd_(int dim, Tensor index, Tensor src) {
        return Arithmetic.inPlace(this, s -> Indexing.scatterAdd(s, dim, index, src));
    }

    /** Out of place: adds the rows of {@code src} into a copy of this tensor at {@code index} along {@code dim}. */
    public Tensor indexAdd(int dim, Tensor index, Tensor src) {
        return Indexing.indexAdd(this, dim, index, src);
    }

    /** Out of place: copies {@code source}'s elements, in order, to where {@code mask} is true. */
    public Tensor maskedScatter(Tensor mask, Tensor source) {
        return Indexing.maskedScatter(this, mask, source);
    }

    public Tensor maskedFill(Tensor mask, Number value) {
        return Indexing.maskedFill(this, mask, value);
    }

    public Tensor maskedFill_(Tensor mask, Number value) {
        return Arithmetic.inPlace(this, s -> Indexing.maskedFill(s, mask, value));
    }

    /** The elements where {@code mask} is true, as a 1-D tensor. */
    public Tensor maskedSelect(Tensor mask) {
        return Indexing.maskedSelect(this, mask);
    }

    /** Indices of the non-zero elements, shape {@code [n, dim]}. */
    public Tensor nonzero() {
        return Indexing.nonzero(this);
    }

    // ---------------------------------------------------------------- random in-place fills

    public Tensor uniform_(double from, double to) {
        return RandomOps.uniform_(this, from, to, null);
    }

    public Tensor uniform_(double from, double to, Generator generator) {
        return RandomOps.uniform_(this, from, to, generator);
    }

    public Tensor normal_(double mean, double std) {
        return RandomOps.normal_(this, mean, std, null);
    }

    public Tensor normal_(double mean, double std, Generator generator) {
        return RandomOps.normal_(this, mean, std, generator);
    }

    /** Fills with 1 with probability {@code p}, else 0. */
    public Tensor bernoulli_(double p) {
        return RandomOps.bernoulli_(this, p, null);
    }

    /** Draws 0/1 with the probabilities in this tensor. */
    public Tensor bernoulli() {
        return RandomOps.bernoulli(this, null);
    }

    /** Draws {@code numSamples} category indices per row from these (unnormalised) weights. */
    public Tensor multinomial(int numSamples, boolean replacement) {
        return RandomOps.multinomial(this, numSamples, replacement, null);
    }

    // ---------------------------------------------------------------- printing

    /** Prints as PyTorch does: {@code tensor([[0.1234, 0.5678]], requires_grad=True)}. */
    @Override
    public String toString() {
        return Printing.toString(this);
    }
}

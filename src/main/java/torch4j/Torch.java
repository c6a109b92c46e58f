package torch4j;

import java.util.Arrays;
import java.util.List;
import torch4j.autograd.AnomalyMode;
import torch4j.autograd.GradMode;
import torch4j.autograd.Scope;
import torch4j.backend.BinaryOp;
import torch4j.backend.cpu.Parallel;
import torch4j.ops.Arithmetic;
import torch4j.ops.Creation;
import torch4j.ops.Elementwise;
import torch4j.ops.Joining;
import torch4j.ops.RandomOps;

/**
 * The static entry point, PyTorch's {@code torch} module: {@code import static torch4j.Torch.*;}
 * gives {@code rand(4, 3)}, {@code zeros(2, 2)}, {@code cat(...)}, {@code manualSeed(0)}, {@code
 * noGrad()}.
 *
 * <pre>{@code
 * Tensor x = rand(4, 3), y = rand(4, 3);
 * Tensor result = empty(5, 3);
 * add(x, y, result);          // resizes result to [4, 3]
 * }</pre>
 */
public final class Torch {
    private static volatile DType defaultDType = DType.FLOAT32;
    private static volatile Device defaultDevice = Device.CPU;

    private Torch() {}

    // ------------------------------------------------------------ global state

    /** Seeds the default generator, as {@code torch.manual_seed}. */
    public static Generator manualSeed(long seed) {
        return Generator.defaultGenerator().manualSeed(seed);
    }

    /** A scope in which no graph is recorded on this thread: {@code try (var g = noGrad()) { ... }}. */
    public static Scope noGrad() {
        return GradMode.set(false);
    }

    /** A scope that turns graph recording back on inside a {@link #noGrad()} scope. */
    public static Scope enableGrad() {
        return GradMode.set(true);
    }

    /** True unless inside {@link #noGrad()}. */
    public static boolean isGradEnabled() {
        return GradMode.isEnabled();
    }

    /** A scope in which backward checks every gradient for NaN/Inf and names the op that made it. */
    public static Scope detectAnomaly() {
        return AnomalyMode.detectAnomaly();
    }

    /** Threads used by large CPU kernels. */
    public static void setNumThreads(int n) {
        Parallel.setNumThreads(n);
    }

    public static int getNumThreads() {
        return Parallel.numThreads();
    }

    /** The dtype of float tensors created without one (float32 unless changed). */
    public static DType getDefaultDType() {
        return defaultDType;
    }

    /** Sets the default float dtype (float32 or float64). */
    public static void setDefaultDType(DType d) {
        if (!d.isFloatingPoint()) throw new IllegalArgumentException("only floating-point types are supported as the default type, got " + d);
        defaultDType = d;
    }

    /** The device of tensors that factory functions create without one (CPU unless changed). */
    public static Device getDefaultDevice() {
        return defaultDevice;
    }

    /**
     * {@code torch.set_default_device}: factory functions given no device ({@code zeros(2, 3)},
     * {@code tensor(...)}, {@code rand(...)}, {@code arange(...)} ...) create their tensors on
     * {@code device}. Functions that share memory with a Java array ({@link #fromArray}) stay on
     * the CPU, and {@code *Like} functions follow their argument. Unlike PyTorch's, the setting is
     * process-wide (as {@link #setDefaultDType}), so DataLoader worker threads see it too. CUDA is
     * not loaded here: the first tensor made on it reports whether it can be used.
     *
     * <pre>{@code Torch.setDefaultDevice(Cuda.isAvailable() ? Device.CUDA : Device.CPU); }</pre>
     */
    public static void setDefaultDevice(Device device) {
        if (device == null) throw new IllegalArgumentException("setDefaultDevice: expected a device, got null");
        defaultDevice = device;
    }

    /** A tensor built on the CPU, moved to the default device if that is not the CPU. */
    private static Tensor onDefaultDevice(Tensor cpu) {
        return cpu.to(defaultDevice);
    }

    // ------------------------------------------------------------ creation

    /** Uninitialised in PyTorch; zero-filled here. */
    public static Tensor empty(int... shape) {
        return Creation.empty(defaultDType, defaultDevice, shape);
    }

    public static Tensor empty(DType dtype, int... shape) {
        return Creation.empty(dtype, defaultDevice, shape);
    }

    public static Tensor empty(DType dtype, Device device, int... shape) {
        return Creation.empty(dtype, device, shape);
    }

    public static Tensor zeros(int... shape) {
        return Tensor.zeros(defaultDType, defaultDevice, shape);
    }

    public static Tensor zeros(DType dtype, int... shape) {
        return Tensor.zeros(dtype, defaultDevice, shape);
    }

    public static Tensor zeros(DType dtype, Device device, int... shape) {
        return Tensor.zeros(dtype, device, shape);
    }

    public static Tensor ones(int... shape) {
        return Creation.full(defaultDType, defaultDevice, 1, shape);
    }

    public static Tensor ones(DType dtype, int... shape) {
        return Creation.full(dtype, defaultDevice, 1, shape);
    }

    public static Tensor ones(DType dtype, Device device, int... shape) {
        return Creation.full(dtype, device, 1, shape);
    }

    /** Filled with {@code value}; the dtype is inferred from it (2.5: float32, 3: int64). */
    public static Tensor full(int[] shape, Number value) {
        DType d = Creation.inferDType(value);
        return Creation.full(d == DType.FLOAT32 ? defaultDType : d, defaultDevice, value, shape);
    }

    public static Tensor full(int[] shape, Number value, DType dtype) {
        return Creation.full(dtype, defaultDevice, value, shape);
    }

    public static Tensor full(int[] shape, Number value, DType dtype, Device device) {
        return Creation.full(dtype, device, value, shape);
    }

    public static Tensor zerosLike(Tensor t) {
        return Creation.zerosLike(t);
    }

    public static Tensor onesLike(Tensor t) {
        return Creation.onesLike(t);
    }

    public static Tensor fullLike(Tensor t, Number value) {
        return Creation.fullLike(t, value);
    }

    public static Tensor emptyLike(Tensor t) {
        return Creation.zerosLike(t);
    }

    public static Tensor randLike(Tensor t) {
        return RandomOps.uniform_(Creation.empty(t.dtype(), t.device(), t.layout().shape()), 0, 1, null);
    }

    public static Tensor randnLike(Tensor t) {
        return RandomOps.normal_(Creation.empty(t.dtype(), t.device(), t.layout().shape()), 0, 1, null);
    }

    /** The n x n identity matrix. */
    public static Tensor eye(int n) {
        return Creation.eye(defaultDType, defaultDevice, n, n);
    }

    public static Tensor eye(int n, int m) {
        return Creation.eye(defaultDType, defaultDevice, n, m);
    }

    public static Tensor eye(int n, int m, DType dtype, Device device) {
        return Creation.eye(dtype, device, n, m);
    }

    /** {@code arange(end)}: 0, 1, ..., end - 1 (int64 for integral bounds). */
    public static Tensor arange(Number end) {
        return arange(0, end, 1, null, defaultDevice);
    }

    public static Tensor arange(Number start, Number end) {
        return arange(start, end, 1, null, defaultDevice);
    }

    public static Tensor arange(Number start, Number end, Number step) {
        return arange(start, end, step, null, defaultDevice);
    }

    public static Tensor arange(Number start, Number end, Number step, DType dtype) {
        return arange(start, end, step, dtype, defaultDevice);
    }

    /** {@code torch.arange(start, end, step, dtype=dtype, device=device)}; a null dtype is inferred from the bounds. */
    public static Tensor arange(Number start, Number end, Number step, DType dtype, Device device) {
        return Creation.arange(start, end, step, dtype).to(device);
    }

    public static Tensor linspace(double start, double end, int steps) {
        return linspace(start, end, steps, defaultDType, defaultDevice);
    }

    public static Tensor linspace(double start, double end, int steps, DType dtype) {
        return linspace(start, end, steps, dtype, defaultDevice);
    }

    public static Tensor linspace(double start, double end, int steps, DType dtype, Device device) {
        return Creation.linspace(start, end, steps, dtype).to(device);
    }

    /**
     * A tensor sharing memory with {@code array} ({@code torch.from_numpy}): {@code float[]},
     * {@code double[]}, {@code long[]}, {@code int[]} or {@code byte[]} (uint8), viewed with
     * {@code shape} (1-D if none is given).
     */
    public static Tensor fromArray(Object array, int... shape) {
        return Creation.fromArray(array, shape);
    }

    /** A copy of {@code values} shaped as {@code shape} (1-D if none given). */
    public static Tensor tensor(float[] values, int... shape) {
        return onDefaultDevice(Creation.fromArray(values.clone(), shape));
    }

    public static Tensor tensor(double[] values, int... shape) {
        return onDefaultDevice(Creation.fromArray(values.clone(), shape));
    }

    public static Tensor tensor(long[] values, int... shape) {
        return onDefaultDevice(Creation.fromArray(values.clone(), shape));
    }

    public static Tensor tensor(int[] values, int... shape) {
        return onDefaultDevice(Creation.fromArray(values.clone(), shape));
    }

    public static Tensor tensor(boolean[] values, int... shape) {
        return onDefaultDevice(Creation.fromBooleans(values, shape));
    }

    public static Tensor tensor(float[][] values) {
        return onDefaultDevice(Creation.fromNested(values));
    }

    public static Tensor tensor(double[][] values) {
        return onDefaultDevice(Creation.fromNested(values));
    }

    public static Tensor tensor(long[][] values) {
        return onDefaultDevice(Creation.fromNested(values));
    }

    public static Tensor tensor(float[][][] values) {
        return onDefaultDevice(Creation.fromNested(values));
    }

    public static Tensor tensor(double[][][] values) {
        return onDefaultDevice(Creation.fromNested(values));
    }

    /** A 0-d tensor: float32 for a float or double, int64 for an integer. */
    public static Tensor scalarTensor(Number value) {
        DType d = Creation.inferDType(value);
        return Elementwise.scalar(value, d == DType.FLOAT32 ? defaultDType : d, defaultDevice);
    }

    public static Tensor scalarTensor(Number value, DType dtype) {
        return Elementwise.scalar(value, dtype, defaultDevice);
    }

    // ------------------------------------------------------------ random

    /** Uniform in {@code [0, 1)}. */
    public static Tensor rand(int... shape) {
        return rand(defaultDType, defaultDevice, shape);
    }

    public static Tensor rand(DType dtype, int... shape) {
        return rand(dtype, defaultDevice, shape);
    }

    public static Tensor rand(Generator g, int... shape) {
        return RandomOps.uniform_(empty(shape), 0, 1, g);
    }

    /** {@code torch.rand(*shape, dtype=dtype, device=device)}. */
    public static Tensor rand(DType dtype, Device device, int... shape) {
        return RandomOps.uniform_(empty(dtype, device, shape), 0, 1, null);
    }

    /** Standard normal. */
    public static Tensor randn(int... shape) {
        return randn(defaultDType, defaultDevice, shape);
    }

    public static Tensor randn(DType dtype, int... shape) {
        return randn(dtype, defaultDevice, shape);
    }

    public static Tensor randn(Generator g, int... shape) {
        return RandomOps.normal_(empty(shape), 0, 1, g);
    }

    public static Tensor randn(DType dtype, Device device, int... shape) {
        return RandomOps.normal_(empty(dtype, device, shape), 0, 1, null);
    }

    /** Integers uniform in {@code [low, high)}, int64. */
    public static Tensor randint(long low, long high, int... shape) {
        return randint(low, high, (Generator) null, shape);
    }

    public static Tensor randint(long low, long high, Generator g, int... shape) {
        return onDefaultDevice(RandomOps.randint(low, high, g, shape));
    }

    public static Tensor randint(long low, long high, Device device, int... shape) {
        return RandomOps.randint(low, high, null, shape).to(device);
    }

    /** A random permutation of {@code 0 .. n-1}, int64. */
    public static Tensor randperm(int n) {
        return onDefaultDevice(RandomOps.randperm(n, null));
    }

    public static Tensor randperm(int n, Generator g) {
        return onDefaultDevice(RandomOps.randperm(n, g));
    }

    /** {@code torch.multinomial(weights, numSamples, replacement)}. */
    public static Tensor multinomial(Tensor weights, int numSamples, boolean replacement) {
        return RandomOps.multinomial(weights, numSamples, replacement, null);
    }

    public static Tensor bernoulli(Tensor probs) {
        return RandomOps.bernoulli(probs, null);
    }

    // ------------------------------------------------------------ joining

    public static Tensor cat(List<Tensor> tensors, int dim) {
        return Joining.cat(tensors, dim);
    }

    public static Tensor cat(List<Tensor> tensors) {
        return Joining.cat(tensors, 0);
    }

    public static Tensor cat(int dim, Tensor... tensors) {
        return Joining.cat(Arrays.asList(tensors), dim);
    }

    public static Tensor stack(List<Tensor> tensors, int dim) {
        return Joining.stack(tensors, dim);
    }

    public static Tensor stack(List<Tensor> tensors) {
        return Joining.stack(tensors, 0);
    }

    public static Tensor stack(int dim, Tensor... tensors) {
        return Joining.stack(Arrays.asList(tensors), dim);
    }

    // ------------------------------------------------------------ functional forms

    public static Tensor add(Tensor a, Tensor b) {
        return a.add(b);
    }

    /**
     * {@code torch.add(a, b, out=out)}: writes the sum into {@code out}, resizing it to the
     * broadcast shape if needed (a resized {@code out} gets new storage).
     */
    public static Tensor add(Tensor a, Tensor b, Tensor out) {
        return into(BinaryOp.ADD, a, b, out);
    }

    public static Tensor sub(Tensor a, Tensor b) {
        return a.sub(b);
    }

    public static Tensor sub(Tensor a, Tensor b, Tensor out) {
        return into(BinaryOp.SUB, a, b, out);
    }

    public static Tensor mul(Tensor a, Tensor b) {
        return a.mul(b);
    }

    public static Tensor mul(Tensor a, Tensor b, Tensor out) {
        return into(BinaryOp.MUL, a, b, out);
    }

    public static Tensor div(Tensor a, Tensor b) {
        return a.div(b);
    }

    public static Tensor div(Tensor a, Tensor b, Tensor out) {
        return into(BinaryOp.DIV, a, b, out);
    }

    private static Tensor into(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        if (out.requiresGrad() && isGradEnabled() && (a.requiresGrad() || b.requiresGrad())) {
            throw new IllegalArgumentException(op.name().toLowerCase() + "(): functions with out=... arguments don't support"
                    + " automatic differentiation, but one of the arguments requires grad.");
        }
        int[] shape = torch4j.internal.Shapes.broadcast(a.layout().shape(), b.layout().shape());
        if (!Arrays.equals(out.layout().shape(), shape)) {
            // PyTorch resizes out= tensors of the wrong shape (with a warning when they were non-empty).
            out.setData(torch4j.backend.Backend.of(out.device()).allocate(out.dtype(), Layout.numel(shape)),
                    Layout.contiguous(shape));
        }
        Elementwise.binaryInto(op, a, b, out);
        return out;
    }

    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return Arithmetic.where(condition, a, b);
    }

    public static Tensor maximum(Tensor a, Tensor b) {
        return a.maximum(b);
    }

    public static Tensor minimum(Tensor a, Tensor b) {
        return a.minimum(b);
    }

    public static Tensor matmul(Tensor a, Tensor b) {
        return a.matmul(b);
    }

    public static Tensor dot(Tensor a, Tensor b) {
        return a.dot(b);
    }

    public static Tensor mv(Tensor a, Tensor v) {
        return a.mv(v);
    }

    public static Tensor outer(Tensor a, Tensor b) {
        return a.outer(b);
    }

    /** {@code beta * self + alpha * (m1 @ m2)}. */
    public static Tensor addmm(Tensor self, Tensor m1, Tensor m2, Number beta, Number alpha) {
        return self.addmm(m1, m2, beta, alpha);
    }

    public static Tensor addmm(Tensor self, Tensor m1, Tensor m2) {
        return self.addmm(m1, m2);
    }

    public static Tensor indexSelect(Tensor t, int dim, Tensor index) {
        return t.indexSelect(dim, index);
    }

    public static Tensor gather(Tensor t, int dim, Tensor index) {
        return t.gather(dim, index);
    }

    public static Tensor maskedSelect(Tensor t, Tensor mask) {
        return t.maskedSelect(mask);
    }

    public static Tensor nonzero(Tensor t) {
        return t.nonzero();
    }

    public static Tensor flatten(Tensor t) {
        return t.flatten();
    }

    public static Tensor mm(Tensor a, Tensor b) {
        return a.mm(b);
    }

    public static Tensor bmm(Tensor a, Tensor b) {
        return a.bmm(b);
    }

    /** {@code torch.numel(t)}. */
    public static int numel(Tensor t) {
        return t.numel();
    }

    /** {@code torch.chunk(t, chunks, dim)}. */
    public static List<Tensor> chunk(Tensor t, int chunks, int dim) {
        return t.chunk(chunks, dim);
    }

    public static Tensor exp(Tensor t) {
        return t.exp();
    }

    public static Tensor log(Tensor t) {
        return t.log();
    }

    public static Tensor sqrt(Tensor t) {
        return t.sqrt();
    }

    public static Tensor tanh(Tensor t) {
        return t.tanh();
    }

    public static Tensor sigmoid(Tensor t) {
        return t.sigmoid();
    }

    public static Tensor relu(Tensor t) {
        return t.relu();
    }

    public static Tensor abs(Tensor t) {
        return t.abs();
    }

    public static Tensor sum(Tensor t) {
        return t.sum();
    }

    public static Tensor mean(Tensor t) {
        return t.mean();
    }

    public static boolean allclose(Tensor a, Tensor b) {
        return a.allclose(b);
    }

    public static boolean equal(Tensor a, Tensor b) {
        return a.equal(b);
    }
}

package torch4j.ops;

import java.util.Arrays;
import java.util.List;
import torch4j.DType;
import torch4j.Device;
import torch4j.Layout;
import torch4j.Tensor;
import torch4j.autograd.Graph;
import torch4j.internal.Shapes;

/** Concatenation and stacking, with dtype promotion across the inputs. */
public final class Joining {
    private Joining() {}

    private static final Tensor[] NONE = new Tensor[0];

    /**
     * {@code torch.cat(tensors, dim)}: the inputs joined along an existing dim. Inputs are promoted
     * to a common dtype; 1-D empty tensors (shape {@code [0]}) are skipped, as PyTorch still allows.
     *
     * <pre>{@code Tensor c = Torch.cat(List.of(a, b), 0);  // [2, 3] and [4, 3] give [6, 3]}</pre>
     */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors == null || tensors.isEmpty()) throw new IllegalArgumentException("torch.cat(): expected a non-empty list of Tensors");
        Tensor[] in = tensors.toArray(new Tensor[0]);
        Tensor ref = null;
        for (int i = 0; i < in.length; i++) {
            if (in[i] == null) throw new IllegalArgumentException("torch.cat(): tensor at position " + i + " is null");
            if (in[i].dim() == 0) {
                throw new IllegalArgumentException("zero-dimensional tensor (at position " + i + ") cannot be concatenated");
            }
            if (ref == null && !skipped(in[i])) ref = in[i];
        }
        int d = ref == null ? 0 : Shapes.wrapDim(dim, ref.dim());
        int[] shape = ref == null ? new int[] {0} : ref.shape();
        int total = 0;
        for (int i = 0; i < in.length; i++) {
            Tensor t = in[i];
            if (skipped(t)) continue;
            if (t.dim() != shape.length) {
                throw new IllegalArgumentException("Tensors must have same number of dimensions: got " + shape.length + " and " + t.dim());
            }
            for (int k = 0; k < shape.length; k++) {
                if (k != d && t.layout().shape()[k] != shape[k]) {
                    throw new IllegalArgumentException("Sizes of tensors must match except in dimension " + d + ". Expected size "
                            + shape[k] + " but got size " + t.layout().shape()[k] + " for tensor number " + i + " in the list.");
                }
            }
            total += t.layout().shape()[d];
        }
        shape[d] = total;
        int[] offsets = new int[in.length];
        Tensor out = join(in, d, shape, offsets);
        if (Graph.needsGrad(in)) {
            DType[] types = dtypes(in);
            int[][] inShapes = new int[in.length][];
            for (int i = 0; i < in.length; i++) inShapes[i] = in[i].shape();
            Graph.record("CatBackward0", out, in, NONE, (n, g) -> {
                Tensor[] grads = new Tensor[types.length];
                for (int i = 0; i < grads.length; i++) {
                    if (!n.needsInputGrad(i)) continue;
                    boolean skip = inShapes[i].length == 1 && inShapes[i][0] == 0;
                    grads[i] = skip ? Tensor.zeros(types[i], g[0].device(), 0)
                            : Conversion.to(Movement.narrow(g[0], d, offsets[i], inShapes[i][d]), types[i]);
                }
                return grads;
            });
        }
        return out;
    }

    /**
     * {@code torch.stack(tensors, dim)}: equally shaped inputs joined along a new dim.
     *
     * <pre>{@code Tensor s = Torch.stack(List.of(a, b), 0);  // two [2, 3] give [2, 2, 3]}</pre>
     */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors == null || tensors.isEmpty()) throw new IllegalArgumentException("stack expects a non-empty TensorList");
        Tensor[] in = tensors.toArray(new Tensor[0]);
        int[] s0 = in[0].layout().shape();
        for (int i = 1; i < in.length; i++) {
            if (!Arrays.equals(s0, in[i].layout().shape())) {
                throw new IllegalArgumentException("stack expects each tensor to be equal size, but got " + Arrays.toString(s0)
                        + " at entry 0 and " + in[i].shapeString() + " at entry " + i);
            }
        }
        int d = Shapes.wrapDim(dim, s0.length + 1);
        // Each input seen with a size-1 dim at d (kernel views, outside autograd), then joined.
        Tensor[] parts = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) parts[i] = new Tensor(in[i].storage(), Movement.unsqueezeLayout(in[i].layout(), d));
        int[] shape = parts[0].shape();
        shape[d] = in.length;
        Tensor out = join(parts, d, shape, new int[in.length]);
        if (Graph.needsGrad(in)) {
            DType[] types = dtypes(in);
            Graph.record("StackBackward0", out, in, NONE, (n, g) -> {
                Tensor[] grads = new Tensor[types.length];
                for (int i = 0; i < grads.length; i++) {
                    if (n.needsInputGrad(i)) grads[i] = Conversion.to(Movement.select(g[0], d, i), types[i]);
                }
                return grads;
            });
        }
        return out;
    }

    /** Copies the (checked) inputs one after another along {@code d} into a new tensor of {@code shape}. */
    private static Tensor join(Tensor[] in, int d, int[] shape, int[] offsets) {
        Device device = in[0].device();
        DType dtype = in[0].dtype();
        for (Tensor t : in) {
            Elementwise.sameDevice(in[0], t);
            dtype = DType.promote(dtype, t.dtype());
        }
        Tensor out = Tensor.zeros(dtype, device, shape);
        int at = 0;
        for (int i = 0; i < in.length; i++) {
            offsets[i] = at;
            if (skipped(in[i])) continue;
            int len = in[i].layout().shape()[d];
            if (len > 0) Movement.copy(in[i], new Tensor(out.storage(), Movement.sliceLayout(out.layout(), d, at, len, 1)));
            at += len;
        }
        return out;
    }

    /** PyTorch still skips 1-D empty tensors in cat, whatever the other inputs' shapes. */
    private static boolean skipped(Tensor t) {
        Layout l = t.layout();
        return l.dim() == 1 && l.shape()[0] == 0;
    }

    private static DType[] dtypes(Tensor[] in) {
        DType[] types = new DType[in.length];
        for (int i = 0; i < in.length; i++) types[i] = in[i].dtype();
        return types;
    }
}

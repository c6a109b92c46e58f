package torch4j.ops;

import torch4j.DType;
import torch4j.Layout;
import torch4j.Tensor;
import torch4j.autograd.Graph;
import torch4j.autograd.Node;
import torch4j.backend.Backend;
import torch4j.internal.Broadcast;
import torch4j.internal.Shapes;

/**
 * Matrix and vector products, each with its backward. All of them reduce to one batched GEMM
 * kernel ({@link torch4j.backend.LinalgKernels#matmul}) fed with stride views of the operands: a
 * transposed or sliced input, a 1-D operand seen as a row or column, and broadcast batch dims
 * (stride 0) are read in place, never copied. Operands of different dtypes are promoted to a
 * common one (PyTorch itself asks for equal dtypes); the gradients flow back through the casts.
 *
 * <pre>{@code
 * Tensor y = x.matmul(w.t()).add(b);   // or, fused: b.addmm(x, w.t())
 * }</pre>
 */
public final class LinearAlgebra {
    private LinearAlgebra() {}

    /** {@code torch.dot}: the inner product of two 1-D tensors of the same length, as a 0-d tensor. */
    public static Tensor dot(Tensor a, Tensor b) {
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("1D tensors expected, but got " + a.dim() + "D and " + b.dim() + "D tensors");
        }
        if (a.numel() != b.numel()) {
            throw new IllegalArgumentException("inconsistent tensor size, expected tensor [" + a.numel() + "] and src ["
                    + b.numel() + "] to have the same number of elements, but got " + a.numel() + " and " + b.numel()
                    + " elements respectively");
        }
        DType dt = resultType("dot", a, b);
        Tensor x = Conversion.to(a, dt), y = Conversion.to(b, dt);
        Tensor out = product(asRow(x), asColumn(y), new int[0]);
        if (Graph.needsGrad(x, y)) {
            Graph.record("DotBackward0", out, new Tensor[] {x, y}, new Tensor[] {x, y}, (n, g) -> new Tensor[] {
                n.needsInputGrad(0) ? Arithmetic.mul(g[0], n.saved(1)) : null,
                n.needsInputGrad(1) ? Arithmetic.mul(g[0], n.saved(0)) : null});
        }
        return out;
    }

    /** {@code torch.mv}: matrix {@code [n, m]} times vector {@code [m]} gives {@code [n]}. */
    public static Tensor mv(Tensor a, Tensor v) {
        if (a.dim() != 2 || v.dim() != 1) {
            throw new IllegalArgumentException("vector + matrix @ vector expected, got 1, " + a.dim() + ", " + v.dim());
        }
        if (a.size(1) != v.size(0)) {
            throw new IllegalArgumentException("size mismatch, got " + a.size(0) + ", " + a.size(0) + "x" + a.size(1) + ","
                    + v.size(0));
        }
        DType dt = resultType("addmv_impl_cpu", a, v);
        Tensor x = Conversion.to(a, dt), y = Conversion.to(v, dt);
        Tensor out = product(x, asColumn(y), new int[] {a.size(0)});
        if (Graph.needsGrad(x, y)) {
            Graph.record("MvBackward0", out, new Tensor[] {x, y}, new Tensor[] {x, y}, (n, g) -> new Tensor[] {
                n.needsInputGrad(0) ? outer(g[0], n.saved(1)) : null,
                n.needsInputGrad(1) ? mv(n.saved(0).t(), g[0]) : null});
        }
        return out;
    }

    /** {@code torch.mm}: {@code [n, k] @ [k, m]}. */
    public static Tensor mm(Tensor a, Tensor b) {
        if (a.dim() != 2) throw new IllegalArgumentException("self must be a matrix");
        if (b.dim() != 2) throw new IllegalArgumentException("mat2 must be a matrix");
        checkInner(a.size(0), a.size(1), b.size(0), b.size(1));
        DType dt = resultType("addmm_impl_cpu_", a, b);
        Tensor x = Conversion.to(a, dt), y = Conversion.to(b, dt);
        Tensor out = product(x, y, null);
        if (Graph.needsGrad(x, y)) {
            boolean xt = isTransposed(x), yt = isTransposed(y);
            Graph.record("MmBackward0", out, new Tensor[] {x, y}, new Tensor[] {x, y}, (n, g) -> new Tensor[] {
                n.needsInputGrad(0) ? mat1Grad(g[0], n.saved(1), xt) : null,
                n.needsInputGrad(1) ? mat2Grad(n, 1, g[0], n.saved(0), yt, 1) : null});
        }
        return out;
    }

    /** {@code torch.bmm}: batched {@code [b, n, k] @ [b, k, m]} with equal batch sizes. */
    public static Tensor bmm(Tensor a, Tensor b) {
        if (a.dim() != 3) throw new IllegalArgumentException("batch1 must be a 3D tensor");
        if (b.dim() != 3) throw new IllegalArgumentException("batch2 must be a 3D tensor");
        if (b.size(0) != a.size(0) || b.size(1) != a.size(2)) {
            throw new IllegalArgumentException("Expected size for first two dimensions of batch2 tensor to be: [" + a.size(0)
                    + ", " + a.size(2) + "] but got: [" + b.size(0) + ", " + b.size(1) + "].");
        }
        DType dt = resultType("bmm", a, b);
        Tensor x = Conversion.to(a, dt), y = Conversion.to(b, dt);
        Tensor out = product(x, y, null);
        if (Graph.needsGrad(x, y)) {
            Graph.record("BmmBackward0", out, new Tensor[] {x, y}, new Tensor[] {x, y}, (n, g) -> new Tensor[] {
                n.needsInputGrad(0) ? bmm(g[0], n.saved(1).mT()) : null,
                n.needsInputGrad(1) ? bmm(n.saved(0).mT(), g[0]) : null});
        }
        return out;
    }

    /**
     * {@code torch.matmul}: dot for two vectors, mv, mm, and otherwise a batched product whose
     * leading (batch) dims broadcast; a 1-D left operand is a row (its dim removed from the
     * result), a 1-D right operand a column.
     *
     * <pre>{@code rand(10, 3, 4).matmul(rand(4, 5)).shape();  // [10, 3, 5] }</pre>
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        int da = a.dim(), db = b.dim();
        if (da == 0 || db == 0) {
            throw new IllegalArgumentException("both arguments to matmul need to be at least 1D, but they are " + da + "D and "
                    + db + "D");
        }
        if (da == 1 && db == 1) return dot(a, b);
        if (da == 2 && db == 1) return mv(a, b);
        if (da == 2 && db == 2) return mm(a, b);
        boolean aVec = da == 1, bVec = db == 1;
        int[] as = a.layout().shape(), bs = b.layout().shape();
        int m = aVec ? 1 : as[da - 2], k = as[da - 1];
        int kb = bVec ? bs[0] : bs[db - 2], n = bVec ? 1 : bs[db - 1];
        int[] batch = Shapes.broadcast(java.util.Arrays.copyOf(as, Math.max(da - 2, 0)),
                java.util.Arrays.copyOf(bs, Math.max(db - 2, 0)));
        if (k != kb) throw matmulMismatch(da, db, m, k, kb, n, Layout.numel(batch));
        DType dt = resultType("bmm", a, b);
        Tensor x = Conversion.to(a, dt), y = Conversion.to(b, dt);
        Tensor xv = aVec ? asRow(x) : x, yv = bVec ? asColumn(y) : y;
        int[] full = concat(batch, m, k);
        xv = Elementwise.expand(xv, full);
        yv = Elementwise.expand(yv, concat(batch, k, n));
        int[] outShape = aVec ? concat(batch, n) : bVec ? concat(batch, m) : concat(batch, m, n);
        Tensor out = product(xv, yv, outShape);
        if (Graph.needsGrad(x, y)) {
            Graph.record("MatmulBackward0", out, new Tensor[] {x, y}, new Tensor[] {x, y}, (nd, g) -> {
                // Put the removed size-1 dims back, use the 2-D rules batch-wise, and drop them again;
                // the engine then sums broadcast batch dims back to each input's shape.
                Tensor g2 = g[0];
                if (bVec) g2 = g2.unsqueeze(-1);
                if (aVec) g2 = g2.unsqueeze(-2);
                Tensor x2 = aVec ? nd.saved(0).unsqueeze(0) : nd.saved(0);
                Tensor y2 = bVec ? nd.saved(1).unsqueeze(1) : nd.saved(1);
                Tensor ga = null, gb = null;
                if (nd.needsInputGrad(0)) {
                    ga = matmul(g2, y2.mT());
                    if (aVec) ga = ga.squeeze(-2);
                }
                if (nd.needsInputGrad(1)) {
                    gb = matmul(x2.mT(), g2);
                    if (bVec) gb = gb.squeeze(-1);
                }
                return new Tensor[] {ga, gb};
            });
        }
        return out;
    }

    /** {@code torch.outer}: {@code out[i, j] = a[i] * b[j]}. */
    public static Tensor outer(Tensor a, Tensor b) {
        if (a.dim() != 1) throw new IllegalArgumentException("outer: Expected 1-D argument self, but got " + a.dim() + "-D");
        if (b.dim() != 1) throw new IllegalArgumentException("outer: Expected 1-D argument vec2, but got " + b.dim() + "-D");
        Elementwise.sameDevice(a, b);
        DType dt = DType.promote(a.dtype(), b.dtype());
        if (dt == DType.BOOL) {
            // Logical and of every pair (the GEMM has no bool path); bool never needs gradients.
            return Arithmetic.mul(new Tensor(a.storage(), new Layout(new int[] {a.size(0), 1},
                    new int[] {a.layout().stride(0), 0}, a.layout().offset())), b);
        }
        Tensor x = Conversion.to(a, dt), y = Conversion.to(b, dt);
        Tensor xc = new Tensor(x.storage(), new Layout(new int[] {x.size(0), 1}, new int[] {x.layout().stride(0), 1},
                x.layout().offset()));
        Tensor yr = new Tensor(y.storage(), new Layout(new int[] {1, y.size(0)}, new int[] {1, y.layout().stride(0)},
                y.layout().offset()));
        Tensor out = product(xc, yr, null);
        if (Graph.needsGrad(x, y)) {
            Graph.record("OuterBackward0", out, new Tensor[] {x, y}, new Tensor[] {x, y}, (n, g) -> new Tensor[] {
                n.needsInputGrad(0) ? mv(g[0], n.saved(1)) : null,
                n.needsInputGrad(1) ? mv(g[0].t(), n.saved(0)) : null});
        }
        return out;
    }

    /**
     * {@code torch.addmm}: {@code beta * self + alpha * (m1 @ m2)}, with {@code self} broadcast to
     * the product's shape. {@code beta == 0} ignores {@code self} entirely (NaN included). This is
     * the Linear layer's forward: {@code bias.addmm(x, weight.t())} reads the transposed weight in
     * place and adds the bias inside the GEMM's output pass.
     */
    public static Tensor addmm(Tensor self, Tensor m1, Tensor m2, Number beta, Number alpha) {
        if (m1.dim() != 2) throw new IllegalArgumentException("mat1 must be a matrix, got " + m1.dim() + "-D tensor");
        if (m2.dim() != 2) throw new IllegalArgumentException("mat2 must be a matrix, got " + m2.dim() + "-D tensor");
        checkInner(m1.size(0), m1.size(1), m2.size(0), m2.size(1));
        Elementwise.sameDevice(self, m1);
        DType dt = DType.promote(self.dtype(), resultType("addmm_impl_cpu_", m1, m2));
        int[] shape = {m1.size(0), m2.size(1)};
        Broadcast.expand(self.layout(), shape); // PyTorch's expand error when self does not fit
        double bt = beta.doubleValue(), al = alpha.doubleValue();
        Tensor s = Conversion.to(self, dt), x = Conversion.to(m1, dt), y = Conversion.to(m2, dt);
        Tensor out = Tensor.zeros(dt, s.device(), shape);
        Backend backend = Backend.of(s.device());
        if (bt != 0 && out.numel() > 0) backend.elementwise().copy(Elementwise.expand(s, shape), out);
        backend.linalg().matmul(x, y, out, al, bt);
        if (Graph.needsGrad(s, x, y)) {
            boolean xt = isTransposed(x), yt = isTransposed(y);
            Graph.record("AddmmBackward0", out, new Tensor[] {s, x, y}, new Tensor[] {x, y}, (n, g) -> new Tensor[] {
                n.needsInputGrad(0) ? scaled(g[0], bt) : null,
                n.needsInputGrad(1) ? scaled(mat1Grad(g[0], n.saved(1), xt), al) : null,
                n.needsInputGrad(2) ? mat2Grad(n, 2, g[0], n.saved(0), yt, al) : null});
        }
        return out;
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The gradient of {@code mat1} in {@code mat1 @ mat2}: {@code g @ mat2^T}, computed as {@code
     * (mat2 @ g^T)^T} when {@code mat1} was a transposed contiguous matrix, so that the gradient has
     * mat1's layout (PyTorch's {@code mm_mat1_backward}). A weight used as {@code w.t()} then gets a
     * contiguous gradient after the transpose's own backward, and accumulating it into {@code
     * w.grad} is a flat pass instead of a strided one.
     */
    private static Tensor mat1Grad(Tensor g, Tensor mat2, boolean mat1Transposed) {
        return mat1Transposed ? mm(mat2, g.t()).t() : mm(g, mat2.t());
    }

    /**
     * {@code alpha} times the gradient of {@code mat2}, input {@code input} of node {@code n}: {@code
     * mat1^T @ g}, or {@code (g^T @ mat1)^T} when mat2 was transposed (as {@link #mat1Grad}). Where
     * the engine offers the leaf's {@code .grad} as a target ({@link Node#gradTarget}: a Linear
     * layer's weight), the product is added straight into it and the result is null.
     */
    private static Tensor mat2Grad(Node n, int input, Tensor g, Tensor mat1, boolean mat2Transposed, double alpha) {
        Tensor target = n.gradTarget(input);
        if (target != null) {
            // The kernel computes the untransposed product into a contiguous tensor from offset 0.
            Tensor out = mat2Transposed ? target.t() : target;
            Tensor a = mat2Transposed ? g.t() : mat1.t(), b = mat2Transposed ? mat1 : g;
            Layout l = out.layout();
            if (out.dtype() == g.dtype() && out.device().equals(g.device()) && l.offset() == 0 && l.isContiguous()
                    && l.size(0) == a.size(0) && l.size(1) == b.size(1)
                    && out.storage() != g.storage() && out.storage() != mat1.storage()) {
                // After zeroGrad() the target holds zeros: writing the product (beta 0) gives the same
                // bits as adding it and skips reading the zeros back, or writing them at all when
                // the product covers the whole storage.
                boolean zeroed = out.storage().isZeroed();
                if (zeroed && out.numel() == out.storage().size()) out.storage().dropPendingZeros();
                Backend.of(g.device()).linalg().matmul(a, b, out, alpha, zeroed ? 0 : 1);
                out.storage().bumpVersion();
                return null;
            }
        }
        return scaled(mat2Transposed ? mm(g.t(), mat1).t() : mm(mat1.t(), g), alpha);
    }

    /** True for a matrix whose transpose is contiguous (and that is not itself contiguous): {@code w.t()}. */
    private static boolean isTransposed(Tensor m) {
        Layout l = m.layout();
        int rows = l.size(0), cols = l.size(1);
        return rows > 1 && cols > 1 && l.stride(0) == 1 && l.stride(1) == rows;
    }

    /**
     * {@code a @ b} for kernel views {@code a [..., M, K]} and {@code b [..., K, N]} with equal batch
     * dims, into a new contiguous tensor of shape {@code outShape} (the full {@code [..., M, N]} when
     * null; a shape with the same elements otherwise, e.g. with size-1 dims removed).
     */
    private static Tensor product(Tensor a, Tensor b, int[] outShape) {
        int[] as = a.layout().shape();
        int nd = as.length;
        int[] full = as.clone();
        full[nd - 1] = b.layout().size(nd - 1);
        Tensor out = Tensor.zeros(a.dtype(), a.device(), full);
        Backend.of(a.device()).linalg().matmul(a, b, out, 1, 0);
        return outShape == null ? out : new Tensor(out.storage(), Layout.contiguous(outShape));
    }

    /** A 1-D tensor as a {@code [1, K]} kernel view. */
    private static Tensor asRow(Tensor v) {
        int s = v.layout().stride(0);
        return new Tensor(v.storage(), new Layout(new int[] {1, v.size(0)}, new int[] {s * v.size(0), s}, v.layout().offset()));
    }

    /** A 1-D tensor as a {@code [K, 1]} kernel view. */
    private static Tensor asColumn(Tensor v) {
        return new Tensor(v.storage(), new Layout(new int[] {v.size(0), 1}, new int[] {v.layout().stride(0), 1},
                v.layout().offset()));
    }

    /** The promoted dtype of a product, on a shared device; bool has no product kernel (as in PyTorch). */
    private static DType resultType(String kernel, Tensor a, Tensor b) {
        Elementwise.sameDevice(a, b);
        DType dt = DType.promote(a.dtype(), b.dtype());
        if (dt == DType.BOOL) throw new IllegalArgumentException("\"" + kernel + "\" not implemented for 'Bool'");
        return dt;
    }

    private static void checkInner(int m, int k, int kb, int n) {
        if (k != kb) {
            throw new IllegalArgumentException("mat1 and mat2 shapes cannot be multiplied (" + m + "x" + k + " and " + kb + "x"
                    + n + ")");
        }
    }

    /** PyTorch's message for the product it would have folded the operands into. */
    private static IllegalArgumentException matmulMismatch(int da, int db, int m, int k, int kb, int n, int batches) {
        String msg;
        if (db == 1) {
            int rows = batches * m;
            msg = "size mismatch, got " + rows + ", " + rows + "x" + k + "," + kb;
        } else if (da == 1 && db == 2) {
            msg = "mat1 and mat2 shapes cannot be multiplied (1x" + k + " and " + kb + "x" + n + ")";
        } else if (da == 1) {
            int rows = batches * n;
            msg = "size mismatch, got " + rows + ", " + rows + "x" + kb + "," + k;
        } else if (db == 2) {
            msg = "mat1 and mat2 shapes cannot be multiplied (" + batches * m + "x" + k + " and " + kb + "x" + n + ")";
        } else if (da == 2) {
            msg = "mat1 and mat2 shapes cannot be multiplied (" + batches * n + "x" + kb + " and " + k + "x" + m + ")";
        } else {
            msg = "Expected size for first two dimensions of batch2 tensor to be: [" + batches + ", " + k + "] but got: ["
                    + batches + ", " + kb + "].";
        }
        return new IllegalArgumentException(msg);
    }

    private static int[] concat(int[] head, int... tail) {
        int[] r = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, r, head.length, tail.length);
        return r;
    }

    private static Tensor scaled(Tensor g, double s) {
        return s == 1 ? g : Arithmetic.mul(g, s);
    }
}

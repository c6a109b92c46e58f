package torch4j.backend.cuda;

import java.lang.ref.Reference;
import java.util.Arrays;
import torch4j.DType;
import torch4j.Layout;
import torch4j.Tensor;
import torch4j.backend.Backend;
import torch4j.backend.ConvGeometry;
import torch4j.backend.ConvKernels;
import torch4j.backend.PoolGeometry;

/**
 * Convolution and pooling on the GPU (src/main/cuda/conv.cu), float32 and float64.
 *
 * <p>A convolution unfolds a chunk of images into a column matrix (im2col, one row per input
 * channel and kernel tap, one column per output position) and multiplies it by the weight with
 * one strided-batched cuBLAS call per group, the images of the chunk as the batch. The input
 * gradient is the transposed product followed by col2im, written as a gather (each input element
 * sums the taps that read it), so it needs no atomics. The weight gradient lays the images of a
 * chunk side by side so that one GEMM per group (batched over groups) sums over the whole chunk.
 * A 1x1 convolution with stride 1 and no padding skips the column matrix in the forward pass (the
 * input is its own) and in the input gradient (the product adds straight into it).
 * Chunks keep the column matrix under {@link #colBytes()}.
 *
 * <p>Pooling runs one thread per output element; the average-pooling backward passes are gathers
 * in the CPU's order and max pooling's backward scatters through its indices with atomicAdd.
 */
final class CudaConv implements ConvKernels {
    /**
     * Upper bound on the column buffer of one chunk of images (at least one image is always taken):
     * 128 MiB, or the system property {@code torch4j.cuda.convColumnBytes} (read per call, so tests
     * can force several chunks).
     */
    private static long colBytes() {
        return Math.max(1, Long.getLong("torch4j.cuda.convColumnBytes", 128L << 20));
    }

    final CudaDevice device;

    CudaConv(CudaDevice device) {
        this.device = device;
    }

    @Override
    public void conv2d(Tensor input, Tensor weight, Tensor bias, Tensor out, ConvGeometry geo) {
        Dims d = new Dims(input, weight, out, geo, "conv2d");
        if (bias != null) checkFloat(bias, input.dtype(), "bias");
        checkContiguous(out, "out");
        if (out.numel() == 0) return;
        Tensor w = contiguous(weight);
        DType dt = input.dtype();
        long item = dt.itemSize(), wAddr = TensorRef.dataAddress(w), yAddr = TensorRef.dataAddress(out);
        // A 1x1 kernel with stride 1 and no padding reads each image as its own column matrix.
        long xRow = d.pointwiseRowStride(input);
        int chunk = xRow >= 0 ? d.n : d.chunk(item);
        CudaBuffer col = xRow >= 0 ? null : device.allocate(chunk * d.colPerImage() * item);
        try {
            for (int n0 = 0; n0 < d.n; n0 += chunk) {
                int nb = Math.min(chunk, d.n - n0);
                long b, ldb, imageStride, groupStep;
                if (col == null) {
                    imageStride = input.layout().stride(0);
                    b = TensorRef.dataAddress(input) + n0 * imageStride * item;
                    ldb = xRow;
                    groupStep = d.cinG * xRow;
                } else {
                    im2col(d, images(input, n0, nb), col, d.colPerImage(), d.plane);
                    b = col.address();
                    ldb = d.plane;
                    imageStride = d.colPerImage();
                    groupStep = (long) d.k * d.plane;
                }
                for (int gr = 0; gr < d.groups; gr++) {
                    // out_s[Cout_g, plane] = W_g[Cout_g, K] @ col_s[K, plane] for each image s of the chunk
                    CublasGemm.gemm(device, dt, false, false, d.coutG, d.plane, d.k, 1.0,
                            wAddr + (long) gr * d.coutG * d.k * item, d.k, 0,
                            b + gr * groupStep * item, (int) ldb, imageStride,
                            0.0, yAddr + ((long) n0 * d.cout + (long) gr * d.coutG) * d.plane * item, d.plane,
                            (long) d.cout * d.plane, nb);
                }
            }
        } finally {
            if (col != null) col.close();
        }
        if (bias != null) {
            device.launch("conv_bias_" + TensorRef.suffix(dt), out.numel(), yAddr, (long) out.numel(), (long) d.plane,
                    (long) d.cout, TensorRef.exact(bias));
        }
        releaseCopy(w, weight);
        Reference.reachabilityFence(new Tensor[] {input, weight, bias, out});
    }

    @Override
    public void conv2dInputGrad(Tensor gradOut, Tensor weight, Tensor gradInput, ConvGeometry geo) {
        Dims d = new Dims(gradInput, weight, gradOut, geo, "conv2d input gradient");
        if (gradInput.numel() == 0 || gradOut.numel() == 0) return;
        Tensor w = contiguous(weight), go = contiguous(gradOut);
        DType dt = gradOut.dtype();
        long item = dt.itemSize(), wAddr = TensorRef.dataAddress(w), gAddr = TensorRef.dataAddress(go);
        if (d.pointwiseRowStride(gradInput) >= 0 && CublasGemm.isDenseRowMajor(gradInput)) {
            // 1x1, stride 1, no padding: col2im is the identity, so the product adds into gradInput itself.
            long dxAddr = TensorRef.dataAddress(gradInput);
            for (int gr = 0; gr < d.groups; gr++) {
                CublasGemm.gemm(device, dt, true, false, d.k, d.plane, d.coutG, 1.0,
                        wAddr + (long) gr * d.coutG * d.k * item, d.k, 0,
                        gAddr + (long) gr * d.coutG * d.plane * item, d.plane, (long) d.cout * d.plane,
                        1.0, dxAddr + (long) gr * d.cinG * d.plane * item, d.plane, (long) d.cin * d.plane, d.n);
            }
        } else {
            int chunk = d.chunk(item);
            CudaBuffer col = device.allocate(chunk * d.colPerImage() * item);
            try {
                for (int n0 = 0; n0 < d.n; n0 += chunk) {
                    int nb = Math.min(chunk, d.n - n0);
                    for (int gr = 0; gr < d.groups; gr++) {
                        // col_s[K, plane] = W_g^T[K, Cout_g] @ gradOut_s[Cout_g, plane]
                        CublasGemm.gemm(device, dt, true, false, d.k, d.plane, d.coutG, 1.0,
                                wAddr + (long) gr * d.coutG * d.k * item, d.k, 0,
                                gAddr + ((long) n0 * d.cout + (long) gr * d.coutG) * d.plane * item, d.plane,
                                (long) d.cout * d.plane,
                                0.0, col.address() + (long) gr * d.k * d.plane * item, d.plane, d.colPerImage(), nb);
                    }
                    Tensor dx = images(gradInput, n0, nb);
                    device.launch("conv_col2im_" + TensorRef.suffix(dt), dx.numel(), TensorRef.exact(dx), col,
                            d.colPerImage(), (long) d.plane, d.kh, d.kw, d.oh, d.ow, geo.strideH(), geo.strideW(),
                            geo.padH(), geo.padW(), geo.dilationH(), geo.dilationW());
                }
            } finally {
                col.close();
            }
        }
        releaseCopy(w, weight);
        releaseCopy(go, gradOut);
        Reference.reachabilityFence(new Tensor[] {gradOut, weight, gradInput});
    }

    @Override
    public void conv2dWeightGrad(Tensor gradOut, Tensor input, Tensor gradWeight, ConvGeometry geo) {
        Dims d = new Dims(input, gradWeight, gradOut, geo, "conv2d weight gradient");
        checkContiguous(gradWeight, "gradWeight");
        if (gradWeight.numel() == 0) return;
        DType dt = gradOut.dtype();
        var ew = Backend.of(gradOut.device()).elementwise();
        if (d.n == 0 || d.plane == 0) {
            ew.fill(gradWeight, 0.0); // an empty sum
            return;
        }
        long item = dt.itemSize(), dwAddr = TensorRef.dataAddress(gradWeight);
        int chunk = d.chunk(item);
        // gradOut of a chunk as [Cout, nb, OH, OW], so each channel's rows of all images are one row
        Tensor rows = Tensor.zeros(dt, gradOut.device(), d.cout, chunk, d.oh, d.ow);
        CudaBuffer col = device.allocate(chunk * d.colPerImage() * item);
        try {
            for (int n0 = 0; n0 < d.n; n0 += chunk) {
                int nb = Math.min(chunk, d.n - n0), len = nb * d.plane;
                int[] gs = gradOut.layout().strides();
                Tensor perm = Tensor.view(gradOut, new Layout(new int[] {d.cout, nb, d.oh, d.ow},
                        new int[] {gs[1], gs[0], gs[2], gs[3]}, gradOut.layout().offset() + n0 * gs[0]));
                Tensor g = Tensor.view(rows, Layout.contiguous(d.cout, nb, d.oh, d.ow));
                ew.copy(perm, g);
                // col[Cin*kH*kW, nb * plane]: image s's columns start at s * plane
                im2col(d, images(input, n0, nb), col, d.plane, len);
                // dW_g[Cout_g, K] (+)= G_g[Cout_g, nb*plane] @ col_g^T, batched over the groups
                CublasGemm.gemm(device, dt, false, true, d.coutG, d.k, len, 1.0,
                        TensorRef.dataAddress(g), len, (long) d.coutG * len,
                        col.address(), len, (long) d.k * len,
                        n0 == 0 ? 0.0 : 1.0, dwAddr, d.k, (long) d.coutG * d.k, d.groups);
            }
        } finally {
            col.close();
        }
        releaseCopy(rows, null);
        Reference.reachabilityFence(new Tensor[] {gradOut, input, gradWeight});
    }

    // ------------------------------------------------------------------ pooling

    @Override
    public void maxPool2d(Tensor input, Tensor out, Tensor indices, PoolGeometry geo) {
        checkPool(input, out, "max_pool2d");
        if (indices.dtype() != DType.INT64 || !Arrays.equals(indices.layout().shape(), out.layout().shape())) {
            throw new IllegalArgumentException("max_pool2d: expected int64 indices of shape " + out.shapeString() + ", got "
                    + indices.dtype() + " " + indices.shapeString());
        }
        device.launch("pool_max_" + TensorRef.suffix(input.dtype()), out.numel(), TensorRef.exact(input),
                TensorRef.exact(out), TensorRef.exact(indices), geo.kernelH(), geo.kernelW(), geo.strideH(), geo.strideW(),
                geo.padH(), geo.padW(), geo.dilationH(), geo.dilationW());
        Reference.reachabilityFence(new Tensor[] {input, out, indices});
    }

    @Override
    public void maxPool2dBackward(Tensor gradOut, Tensor indices, Tensor gradInput) {
        checkPool(gradInput, gradOut, "max_pool2d backward");
        device.launch("pool_max_backward_" + TensorRef.suffix(gradOut.dtype()), gradOut.numel(), TensorRef.exact(gradOut),
                TensorRef.exact(indices), TensorRef.exact(gradInput));
        Reference.reachabilityFence(new Tensor[] {gradOut, indices, gradInput});
    }

    @Override
    public void avgPool2d(Tensor input, Tensor out, PoolGeometry geo) {
        checkPool(input, out, "avg_pool2d");
        device.launch("pool_avg_" + TensorRef.suffix(input.dtype()), out.numel(), TensorRef.exact(input), TensorRef.exact(out),
                geo.kernelH(), geo.kernelW(), geo.strideH(), geo.strideW(), geo.padH(), geo.padW(),
                geo.countIncludePad() ? 1 : 0, geo.divisorOverride());
        Reference.reachabilityFence(new Tensor[] {input, out});
    }

    @Override
    public void avgPool2dBackward(Tensor gradOut, Tensor gradInput, PoolGeometry geo) {
        checkPool(gradInput, gradOut, "avg_pool2d backward");
        device.launch("pool_avg_backward_" + TensorRef.suffix(gradOut.dtype()), gradInput.numel(), TensorRef.exact(gradOut),
                TensorRef.exact(gradInput), geo.kernelH(), geo.kernelW(), geo.strideH(), geo.strideW(), geo.padH(),
                geo.padW(), geo.countIncludePad() ? 1 : 0, geo.divisorOverride());
        Reference.reachabilityFence(new Tensor[] {gradOut, gradInput});
    }

    @Override
    public void adaptiveAvgPool2d(Tensor input, Tensor out) {
        checkPool(input, out, "adaptive_avg_pool2d");
        device.launch("pool_adaptive_avg_" + TensorRef.suffix(input.dtype()), out.numel(), TensorRef.exact(input),
                TensorRef.exact(out));
        Reference.reachabilityFence(new Tensor[] {input, out});
    }

    @Override
    public void adaptiveAvgPool2dBackward(Tensor gradOut, Tensor gradInput) {
        checkPool(gradInput, gradOut, "adaptive_avg_pool2d backward");
        device.launch("pool_adaptive_avg_backward_" + TensorRef.suffix(gradOut.dtype()), gradInput.numel(),
                TensorRef.exact(gradOut), TensorRef.exact(gradInput));
        Reference.reachabilityFence(new Tensor[] {gradOut, gradInput});
    }

    // ------------------------------------------------------------------ helpers

    /** Unfolds {@code x} ([nb, Cin, H, W]) into {@code col}: image s, row r, column p at {@code s * sS + r * sR + p}. */
    private void im2col(Dims d, Tensor x, CudaBuffer col, long sS, long sR) {
        device.launch("conv_im2col_" + TensorRef.suffix(x.dtype()), (long) x.layout().size(0) * d.colPerImage(),
                TensorRef.exact(x), col, sS, sR, d.kh, d.kw, d.oh, d.ow, d.geo.strideH(), d.geo.strideW(), d.geo.padH(),
                d.geo.padW(), d.geo.dilationH(), d.geo.dilationW());
    }

    /** Images {@code n0 .. n0+nb} of a 4-D tensor, as a view. */
    private static Tensor images(Tensor t, int n0, int nb) {
        int[] shape = t.layout().shape().clone();
        shape[0] = nb;
        return Tensor.view(t, new Layout(shape, t.layout().strides(), t.layout().offset() + n0 * t.layout().stride(0)));
    }

    /** {@code t} when contiguous, else a contiguous copy on its device. */
    private static Tensor contiguous(Tensor t) {
        return CublasGemm.isDenseRowMajor(t) ? t : HostFallback.copyOnDevice(t, t.dtype());
    }

    /**
     * Returns a temporary (a copy made of {@code original}, or scratch when {@code original} is
     * null) to the allocator once the work reading it is queued: the stream orders later reuse.
     */
    private static void releaseCopy(Tensor temporary, Tensor original) {
        if (temporary != original) HostFallback.release(temporary);
    }

    private static void checkFloat(Tensor t, DType expected, String what) {
        if (t.dtype() != expected || !t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("expected " + what + " of dtype " + expected
                    + " (torch.float32 or torch.float64), got " + t.dtype());
        }
    }

    private static void checkContiguous(Tensor t, String what) {
        if (!CublasGemm.isDenseRowMajor(t)) {
            throw new IllegalArgumentException("expected a contiguous " + what + " (allocated by the op), got strides "
                    + Arrays.toString(t.layout().strides()) + " for shape " + t.shapeString());
        }
    }

    /** {@code big} is the input side ([N, C, H, W]), {@code small} the output side ([N, C, OH, OW]). */
    private static void checkPool(Tensor big, Tensor small, String op) {
        checkFloat(big, small.dtype(), op + " operand");
        if (big.dim() != 4 || small.dim() != 4 || big.layout().size(0) != small.layout().size(0)
                || big.layout().size(1) != small.layout().size(1)) {
            throw new IllegalArgumentException(op + ": expected 4-D input and output with equal N and C, got "
                    + big.shapeString() + " and " + small.shapeString());
        }
    }

    /** The sizes one convolution works with, from input (or its gradient), weight and output (or its gradient). */
    private static final class Dims {
        final ConvGeometry geo;
        final int n, cin, h, w, cout, kh, kw, oh, ow, groups, cinG, coutG, k, plane;

        Dims(Tensor input, Tensor weight, Tensor out, ConvGeometry g, String op) {
            checkFloat(weight, input.dtype(), op + " weight");
            checkFloat(out, input.dtype(), op + " output");
            if (input.dim() != 4 || weight.dim() != 4 || out.dim() != 4) {
                throw new IllegalArgumentException(op + ": expected 4-D input, weight and output, got " + input.shapeString()
                        + ", " + weight.shapeString() + " and " + out.shapeString());
            }
            int[] is = input.layout().shape(), ws = weight.layout().shape(), os = out.layout().shape();
            geo = g;
            n = is[0]; cin = is[1]; h = is[2]; w = is[3];
            cout = ws[0]; kh = ws[2]; kw = ws[3];
            oh = os[2]; ow = os[3];
            groups = g.groups();
            if (groups < 1 || cin % groups != 0 || cout % groups != 0 || ws[1] != cin / groups || os[0] != n || os[1] != cout) {
                throw new IllegalArgumentException(op + ": shapes do not agree: input " + input.shapeString() + ", weight "
                        + weight.shapeString() + ", output " + out.shapeString() + ", groups " + groups);
            }
            cinG = cin / groups;
            coutG = cout / groups;
            k = cinG * kh * kw;
            plane = oh * ow;
        }

        /**
         * For a 1x1 kernel with stride 1 and no padding over {@code x} ([N, Cin, H, W]) whose
         * planes are unit-stride rows, the row stride (channel to channel) that lets x serve as
         * its own column matrix; -1 otherwise.
         */
        long pointwiseRowStride(Tensor x) {
            if (kh != 1 || kw != 1 || geo.strideH() != 1 || geo.strideW() != 1 || geo.padH() != 0 || geo.padW() != 0) return -1;
            int[] xs = x.layout().strides();
            boolean unitPlane = (w == 1 || xs[3] == 1) && (h == 1 || xs[2] == w);
            long row = cin == 1 ? plane : xs[1];
            return unitPlane && row >= Math.max(1, plane) ? row : -1;
        }

        /** Elements of one image's column matrix: all channels' taps by the output positions. */
        long colPerImage() {
            return (long) cin * kh * kw * plane;
        }

        /** Images per chunk: as many as fit {@link #colBytes()}, at least one. */
        int chunk(long item) {
            long per = Math.max(1, colPerImage() * item);
            return (int) Math.max(1, Math.min(n, colBytes() / per));
        }
    }
}

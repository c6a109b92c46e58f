package torch4j.backend.cuda;

import java.util.Arrays;
import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.backend.Backend;
import torch4j.backend.ReduceKernels;
import torch4j.backend.ReduceOp;

/**
 * Reductions on the GPU (src/main/cuda/reduce.cu). Each output is split into interleaved lanes
 * folded by separate threads, then the lanes' partials are folded in further rounds (see
 * reduce.cu): enough lanes that even a single output over millions of elements keeps the whole
 * GPU busy, and one lane (a single launch) when there are outputs enough. Float inputs
 * accumulate in double, integer and bool inputs in int64, as on the CPU; sums of floats may
 * differ from the CPU's in the last bits, as their order of addition differs.
 *
 * <p>Known slow paths, through {@link HostFallback} (the CPU kernel on host copies): {@code
 * scan} and {@code sort}, and tensors whose dims do not fit a {@code TensorRef} (over 8 after
 * merging).
 */
final class CudaReduce implements ReduceKernels {
    /** Threads worth launching: about what an H100 keeps resident (132 SMs x 2048). */
    private static final long TARGET_THREADS = 1L << 18;
    /** Fewest elements a lane should fold before splitting an output is worth a second launch. */
    private static final int MIN_PER_LANE = 64;
    /**
     * Partials one thread folds in a finishing round: few, as a thread waits on each load in turn
     * (one thread folding 1024 partials would take longer than the first pass over 64M elements).
     */
    private static final int FINISH_FAN_IN = 32;
    private static final int MAX_DIMS = TensorRef.MAX_DIMS;

    final CudaDevice device;

    CudaReduce(CudaDevice device) {
        this.device = device;
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, Tensor out) {
        int[] shape = x.layout().shape(), outShape = out.layout().shape();
        if (outShape.length != shape.length) {
            throw new IllegalArgumentException(op + ": expected an output of rank " + shape.length + " (keepdim shape of "
                    + Arrays.toString(shape) + ") but got " + Arrays.toString(outShape));
        }
        for (int d = 0; d < shape.length; d++) {
            if (outShape[d] != shape[d] && outShape[d] != 1) {
                throw new IllegalArgumentException(op + ": output shape " + Arrays.toString(outShape)
                        + " is not a keepdim reduction of " + Arrays.toString(shape));
            }
        }
        if (out.numel() == 0) return;
        if (x.numel() == 0) { // every output folds nothing: the identity, cast as the CPU casts it
            Backend.of(out.device()).elementwise().fill(out, identity(op));
            return;
        }
        Groups g = Groups.of(x, out);
        if (g == null) {
            HostFallback.onHost(out, host -> cpu().reduce(op, HostFallback.toHost(x), host));
            return;
        }
        TensorRef outer = TensorRef.of(x, g.outerSizes, g.outerX);
        TensorRef inner = TensorRef.of(x, g.innerSizes, g.innerX);
        TensorRef outRef = TensorRef.of(out, g.outerSizes, g.outerOut);
        long numOut = out.numel(), innerN = x.numel() / numOut;
        long lanes = lanes(numOut, innerN);
        String suffix = TensorRef.suffix(x.dtype());
        int outCode = TensorRef.dtypeCode(out.dtype());
        if (lanes == 1) {
            device.launch("red_fold_" + suffix, numOut, outer, inner, outRef, op.ordinal(), outCode, numOut, innerN, 1L,
                    g.outerFast ? 1 : 0, 0L);
            return;
        }
        String finish = x.dtype().isFloatingPoint() ? "red_finish_f64" : "red_finish_i64"; // partials: double or int64
        CudaBuffer partial = device.allocate(numOut * lanes * Long.BYTES);
        try {
            device.launch("red_fold_" + suffix, numOut * lanes, outer, inner, outRef, op.ordinal(), outCode, numOut,
                    innerN, lanes, g.outerFast ? 1 : 0, partial);
            while (true) {
                long next = lanes > FINISH_FAN_IN ? (lanes + FINISH_FAN_IN - 1) / FINISH_FAN_IN : 1;
                if (next == 1) {
                    device.launch(finish, numOut, partial, numOut, lanes, 1L, 0L, outRef, op.ordinal(), outCode);
                    return;
                }
                CudaBuffer folded = device.allocate(numOut * next * Long.BYTES);
                device.launch(finish, numOut * next, partial, numOut, lanes, next, folded, outRef, op.ordinal(), outCode);
                // Stream order: the launch above reads partial before any later reuse of its memory.
                partial.close();
                partial = folded;
                lanes = next;
            }
        } finally {
            partial.close();
        }
    }

    @Override
    public void argReduce(boolean max, Tensor x, int dim, Tensor values, Tensor indices) {
        int rank = x.dim();
        if (rank > 0 && (dim < 0 || dim >= rank)) {
            throw new IllegalArgumentException("argmax/argmin: dim " + dim + " out of range for a tensor of rank " + rank);
        }
        if (indices.dtype() != DType.INT64) {
            throw new IllegalArgumentException("argmax/argmin: expected int64 indices but got " + indices.dtype());
        }
        if (values != null && values.dtype() != x.dtype()) {
            throw new IllegalArgumentException("max/min: expected values of dtype " + x.dtype() + " but got " + values.dtype());
        }
        long n = rank == 0 ? 1 : x.layout().size(dim);
        long numOut = indices.numel();
        if (n == 0) throw new IllegalArgumentException("argmax/argmin: expected a non-empty dim " + dim);
        if (numOut == 0) return;
        long st = rank == 0 ? 0 : x.layout().stride(dim);
        // The other dims, row-major as the keepdim outputs are, merged where they can be.
        int[] shape = x.layout().shape().clone(), strides = x.layout().strides().clone();
        if (rank > 0) shape[dim] = 1;
        int[][] rest = merge(shape, strides);
        if (rest == null) {
            Tensor hostIdx = HostFallback.toHost(indices), hostVal = values == null ? null : HostFallback.toHost(values);
            cpu().argReduce(max, HostFallback.toHost(x), dim, hostVal, hostIdx);
            HostFallback.copyFromHost(hostIdx, indices);
            if (values != null) HostFallback.copyFromHost(hostVal, values);
            return;
        }
        TensorRef restRef = TensorRef.of(x, rest[0], rest[1]);
        // Neighbouring outputs are neighbours in memory when the last other dim is denser than dim.
        boolean outerFast = rest[1].length > 0 && Math.abs(rest[1][rest[1].length - 1]) < Math.abs(st);
        long lanes = lanes(numOut, n);
        String suffix = TensorRef.suffix(x.dtype());
        Object vals = values == null ? indices : values; // unused when hasValues is 0
        int hasValues = values == null ? 0 : 1, isMax = max ? 1 : 0;
        if (lanes == 1) {
            device.launch("red_arg_" + suffix, numOut, restRef, n, st, isMax, numOut, 1L, outerFast ? 1 : 0, 0L, vals,
                    indices, hasValues);
            return;
        }
        CudaBuffer partial = device.allocate(numOut * lanes * Long.BYTES);
        try {
            device.launch("red_arg_" + suffix, numOut * lanes, restRef, n, st, isMax, numOut, lanes, outerFast ? 1 : 0,
                    partial, vals, indices, hasValues);
            while (true) {
                long next = lanes > FINISH_FAN_IN ? (lanes + FINISH_FAN_IN - 1) / FINISH_FAN_IN : 1;
                CudaBuffer folded = next == 1 ? null : device.allocate(numOut * next * Long.BYTES);
                device.launch("red_argfinish_" + suffix, numOut * next, restRef, st, isMax, numOut, partial, lanes, next,
                        folded == null ? (Object) 0L : folded, vals, indices, hasValues);
                if (folded == null) return;
                partial.close();
                partial = folded;
                lanes = next;
            }
        } finally {
            partial.close();
        }
    }

    @Override
    public void scan(ReduceOp op, Tensor x, int dim, boolean reverse, Tensor out) {
        // Known slow path: no scan kernel for the GPU yet; the CPU's runs on host copies.
        HostFallback.onHost(out, host -> cpu().scan(op, HostFallback.toHost(x), dim, reverse, host));
    }

    @Override
    public void sort(Tensor x, int dim, boolean descending, int k, Tensor values, Tensor indices) {
        // Known slow path: no sort kernel for the GPU yet; the CPU's runs on host copies.
        Tensor hostVal = HostFallback.toHost(values), hostIdx = HostFallback.toHost(indices);
        cpu().sort(HostFallback.toHost(x), dim, descending, k, hostVal, hostIdx);
        HostFallback.copyFromHost(hostVal, values);
        HostFallback.copyFromHost(hostIdx, indices);
    }

    /**
     * Lanes per output: one when the outputs alone fill the GPU or each folds little, else enough
     * to reach {@link #TARGET_THREADS}, each lane folding at least {@link #MIN_PER_LANE} elements.
     */
    static long lanes(long numOut, long perOutput) {
        if (numOut >= TARGET_THREADS || perOutput < 2L * MIN_PER_LANE) return 1;
        long want = (TARGET_THREADS + numOut - 1) / numOut;
        return Math.max(1, Math.min(want, perOutput / MIN_PER_LANE));
    }

    private static double identity(ReduceOp op) {
        return switch (op) {
            case SUM, ANY -> 0;
            case PROD, ALL -> 1;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
        };
    }

    private static ReduceKernels cpu() {
        return Backend.of(Device.CPU).reduce();
    }

    /**
     * Merges adjacent dims of a row-major walk where one steps over the other exactly, dropping
     * size-1 dims: {@code {sizes, strides}}, or null when more than 8 dims remain.
     */
    static int[][] merge(int[] shape, int[] strides) {
        int[] s = new int[shape.length], st = new int[shape.length];
        int n = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) continue;
            if (n > 0 && st[n - 1] == strides[d] * shape[d]) {
                s[n - 1] *= shape[d];
                st[n - 1] = strides[d];
            } else {
                s[n] = shape[d];
                st[n] = strides[d];
                n++;
            }
        }
        return n > MAX_DIMS ? null : new int[][] {Arrays.copyOf(s, n), Arrays.copyOf(st, n)};
    }

    /**
     * x's dims split into kept (outer) and reduced (inner) groups, each walked row-major with its
     * densest dim last (so neighbouring threads and lanes read neighbouring elements), merged where
     * possible: the CPU's CpuReduce plan, as sizes and strides for TensorRefs.
     */
    static final class Groups {
        int[] outerSizes, outerX, outerOut, innerSizes, innerX;
        /** True when the kept dims are the denser ones (reducing dim 0 of [N, M]). */
        boolean outerFast;

        /** The groups, or null when one needs more dims than a TensorRef holds. */
        static Groups of(Tensor x, Tensor out) {
            int[] shape = x.layout().shape(), xs = x.layout().strides(), os = out.layout().strides();
            int[] outShape = out.layout().shape();
            Integer[] order = new Integer[shape.length];
            for (int d = 0; d < order.length; d++) order[d] = d;
            // Densest last; ties by output stride, then row-major order (a stable sort).
            Arrays.sort(order, (a, b) -> {
                int c = Integer.compare(Math.abs(xs[b]), Math.abs(xs[a]));
                return c != 0 ? c : Integer.compare(Math.abs(os[b]), Math.abs(os[a]));
            });
            int nd = shape.length;
            int[] oSz = new int[nd], oX = new int[nd], oO = new int[nd], iSz = new int[nd], iX = new int[nd];
            int no = 0, ni = 0;
            for (int d : order) {
                if (shape[d] == 1) continue;
                if (outShape[d] == 1) {
                    if (ni > 0 && iX[ni - 1] == xs[d] * shape[d]) {
                        iSz[ni - 1] *= shape[d];
                        iX[ni - 1] = xs[d];
                    } else {
                        iSz[ni] = shape[d];
                        iX[ni] = xs[d];
                        ni++;
                    }
                } else if (no > 0 && oX[no - 1] == xs[d] * shape[d] && oO[no - 1] == os[d] * shape[d]) {
                    oSz[no - 1] *= shape[d];
                    oX[no - 1] = xs[d];
                    oO[no - 1] = os[d];
                } else {
                    oSz[no] = shape[d];
                    oX[no] = xs[d];
                    oO[no] = os[d];
                    no++;
                }
            }
            if (no > MAX_DIMS || ni > MAX_DIMS) return null;
            Groups g = new Groups();
            g.outerSizes = Arrays.copyOf(oSz, no);
            g.outerX = Arrays.copyOf(oX, no);
            g.outerOut = Arrays.copyOf(oO, no);
            g.innerSizes = Arrays.copyOf(iSz, ni);
            g.innerX = Arrays.copyOf(iX, ni);
            g.outerFast = no > 0 && ni > 0 && Math.abs(g.outerX[no - 1]) < Math.abs(g.innerX[ni - 1]);
            return g;
        }
    }
}

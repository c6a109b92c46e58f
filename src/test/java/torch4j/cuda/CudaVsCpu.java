package torch4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import torch4j.DType;
import torch4j.Device;
import torch4j.Layout;
import torch4j.Storage;
import torch4j.Tensor;

/**
 * What the CUDA kernel tests share: random CPU tensors of every dtype (special values included),
 * the same strided view of one base on both devices, and comparisons of a GPU result with the CPU
 * backend's (exact for integers and bool, within a relative tolerance for floats).
 */
final class CudaVsCpu {
    static final Device GPU = Device.CUDA;
    static final DType[] DTYPES = {DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.INT32, DType.UINT8, DType.BOOL};
    /**
     * Output shapes the element-wise tests run: odd sizes, one element to several blocks of 256
     * threads (4257); the fast-path and reduction tests add 1-d sizes up to 100,000.
     */
    static final int[][] SHAPES = {{1, 1}, {1, 7}, {7, 33}, {33, 129}};

    /**
     * Which {@link View}s (ordinals) a test runs on an output of {@code shape}: all of them on 7x33,
     * two on the other shapes, rotating with {@code salt} (an op and dtype's ordinals) so that the
     * whole matrix is still covered; each case costs a few device round trips.
     */
    static int[] views(int[] shape, int salt) {
        if (shape[0] == 7 && shape[1] == 33) return new int[] {0, 1, 2, 3, 4, 5};
        return new int[] {salt % 6, (salt + 3) % 6};
    }

    private static final double[] SPECIALS = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
        0.5, 2.5, -1.5, 1, -1, 1e30, -1e30, 300.75, -129.5};

    private CudaVsCpu() {}

    /** The same tensor on the CPU and on the GPU. */
    record Pair(Tensor cpu, Tensor gpu) {
        static Pair of(Tensor cpu) {
            return new Pair(cpu, cpu.to(GPU));
        }

        /** The view {@code layout} of both (layouts are device-independent). */
        Pair view(Layout layout) {
            return new Pair(Tensor.view(cpu, layout), Tensor.view(gpu, layout));
        }

        static Pair zeros(DType dtype, int... shape) {
            return new Pair(Tensor.zeros(dtype, Device.CPU, shape), Tensor.zeros(dtype, GPU, shape));
        }
    }

    /**
     * How an operand of an {@code [r, c]} output is laid out over its base: every mode of the
     * kernels (contiguous, strided, broadcast, scalar) and a storage offset.
     */
    enum View {
        CONTIGUOUS, TRANSPOSED, SLICED, ROW_BROADCAST, COL_BROADCAST, SCALAR;

        int baseSize(int r, int c) {
            return switch (this) {
                case CONTIGUOUS, TRANSPOSED -> r * c;
                case SLICED -> (r + 2) * (2 * c + 1);
                case ROW_BROADCAST -> c;
                case COL_BROADCAST -> r;
                case SCALAR -> 3;
            };
        }

        Layout layout(int r, int c) {
            int[] shape = {r, c};
            return switch (this) {
                case CONTIGUOUS -> new Layout(shape, new int[] {c, 1}, 0);
                case TRANSPOSED -> new Layout(shape, new int[] {1, r}, 0);
                case SLICED -> new Layout(shape, new int[] {2 * c + 1, 2}, 2 * c + 2); // rows 1.., every other column
                case ROW_BROADCAST -> new Layout(shape, new int[] {0, 1}, 0);
                case COL_BROADCAST -> new Layout(shape, new int[] {1, 0}, 0);
                case SCALAR -> new Layout(shape, new int[] {0, 0}, 2);
            };
        }

        /** A random operand of dtype with this view, on both devices. */
        Pair random(DType dtype, int r, int c, Random rnd) {
            return Pair.of(CudaVsCpu.random(dtype, baseSize(r, c), rnd)).view(layout(r, c));
        }
    }

    /**
     * A contiguous CPU tensor of {@code n} random elements: floats mostly in [-4, 4) with about 10%
     * special values (NaN, infinities, signed zeros, halves, values beyond the integer ranges),
     * integers mostly in [-100, 100] with an occasional extreme, uint8 in [0, 255], bool 0 or 1.
     */
    static Tensor random(DType dtype, int n, Random rnd) {
        Storage s = Storage.allocate(dtype, n);
        Object a = s.data();
        for (int i = 0; i < n; i++) {
            boolean special = rnd.nextInt(10) == 0;
            switch (dtype) {
                case FLOAT32 -> ((float[]) a)[i] = (float) (special ? SPECIALS[rnd.nextInt(SPECIALS.length)] : rnd.nextDouble() * 8 - 4);
                case FLOAT64 -> ((double[]) a)[i] = special ? SPECIALS[rnd.nextInt(SPECIALS.length)] : rnd.nextDouble() * 8 - 4;
                case INT64 -> ((long[]) a)[i] = rnd.nextInt(50) == 0 ? (rnd.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE)
                        : rnd.nextInt(201) - 100;
                case INT32 -> ((int[]) a)[i] = rnd.nextInt(50) == 0 ? (rnd.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE)
                        : rnd.nextInt(201) - 100;
                case UINT8 -> ((byte[]) a)[i] = (byte) rnd.nextInt(256);
                case BOOL -> ((byte[]) a)[i] = (byte) rnd.nextInt(2);
            }
        }
        return new Tensor(s, Layout.contiguous(n));
    }

    /** A device copy of {@code host} with the same layout (a strided view stays a strided view). */
    static Tensor dev(Tensor host) {
        Tensor storage = new Tensor(host.storage(), Layout.contiguous(host.storage().size()));
        return Tensor.view(storage.to(GPU), host.layout());
    }

    /** A contiguous CPU tensor of {@code n} doubles drawn uniformly from [lo, hi), cast to dtype. */
    static Tensor uniform(DType dtype, int n, double lo, double hi, Random rnd) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * rnd.nextDouble();
        return new Tensor(Storage.wrap(v), Layout.contiguous(n)).to(dtype);
    }

    /** Elements of a tensor on either device, row-major, as doubles. */
    static double[] doubles(Tensor t) {
        Tensor h = t.to(Device.CPU);
        Object a = h.storage().data();
        double[] out = new double[h.numel()];
        forEachOffset(h.layout(), (i, off) -> out[i] = switch (h.dtype()) {
            case FLOAT32 -> ((float[]) a)[off];
            case FLOAT64 -> ((double[]) a)[off];
            case INT64 -> ((long[]) a)[off];
            case INT32 -> ((int[]) a)[off];
            case UINT8, BOOL -> ((byte[]) a)[off] & 0xFF;
        });
        return out;
    }

    /** Elements of an integer or bool tensor on either device, row-major, exactly. */
    static long[] longs(Tensor t) {
        Tensor h = t.to(Device.CPU);
        Object a = h.storage().data();
        long[] out = new long[h.numel()];
        forEachOffset(h.layout(), (i, off) -> out[i] = switch (h.dtype()) {
            case INT64 -> ((long[]) a)[off];
            case INT32 -> ((int[]) a)[off];
            case UINT8, BOOL -> ((byte[]) a)[off] & 0xFF;
            default -> throw new IllegalArgumentException("not an integer tensor: " + h.dtype());
        });
        return out;
    }

    interface OffsetVisitor {
        void visit(int index, int offset);
    }

    static void forEachOffset(Layout l, OffsetVisitor v) {
        int[] shape = l.shape(), st = l.strides();
        int[] idx = new int[shape.length];
        for (int i = 0, n = l.numel(); i < n; i++) {
            int off = l.offset();
            for (int d = 0; d < shape.length; d++) off += idx[d] * st[d];
            v.visit(i, off);
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
    }

    /** The float tolerance for dtype: 1e-6 relative for float32, 1e-12 for float64. */
    static double rtol(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-12 : 1e-6;
    }

    /** {@code got} (from the GPU) equals {@code expected} (the CPU's): see {@link #assertClose(Tensor, Tensor, double[], String)}. */
    static void assertClose(Tensor expected, Tensor got, String what) {
        assertClose(expected, got, null, what);
    }

    /**
     * {@link #assertClose(Tensor, Tensor, String)} with an absolute floor: floats within {@link
     * #rtol} of {@code max(|expected|, floor)}, for results that may cancel to near zero (a fused
     * multiply-add on the GPU rounds once where the CPU rounds twice).
     */
    static void assertClose(Tensor expected, Tensor got, double floor, String what) {
        double[] scale = null;
        if (expected.dtype().isFloatingPoint()) {
            scale = doubles(expected);
            for (int i = 0; i < scale.length; i++) scale[i] = Math.max(Math.abs(scale[i]), floor);
        }
        assertClose(expected, got, scale, what);
    }

    /**
     * Same dtype and shape, integers and bool exactly, floats with NaN where NaN, infinities equal,
     * otherwise within {@link #rtol} of the larger magnitude, or of {@code scale[i]} when given (a
     * sum's tolerance follows the sum of magnitudes, not the result).
     */
    static void assertClose(Tensor expected, Tensor got, double[] scale, String what) {
        assertEquals(expected.dtype(), got.dtype(), what + ": dtype");
        assertEquals(Arrays.toString(expected.layout().shape()), Arrays.toString(got.layout().shape()), what + ": shape");
        if (!expected.dtype().isFloatingPoint()) {
            long[] e = longs(expected), g = longs(got);
            for (int i = 0; i < e.length; i++) {
                if (e[i] != g[i]) fail(what + ": element " + i + " expected " + e[i] + " but got " + g[i]);
            }
            return;
        }
        double tol = rtol(expected.dtype());
        double[] e = doubles(expected), g = doubles(got);
        for (int i = 0; i < e.length; i++) {
            if (Double.isNaN(e[i]) && Double.isNaN(g[i]) || e[i] == g[i]) continue;
            double s = scale != null ? scale[i] : Math.max(Math.abs(e[i]), Math.abs(g[i]));
            boolean finite = Double.isFinite(e[i]) && Double.isFinite(g[i]); // else only equality passes
            if (!finite || !(Math.abs(e[i] - g[i]) <= tol * s + Double.MIN_NORMAL)) {
                fail(what + ": element " + i + " expected " + e[i] + " but got " + g[i]);
            }
        }
    }
}

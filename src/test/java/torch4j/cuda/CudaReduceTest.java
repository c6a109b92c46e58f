package torch4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static torch4j.cuda.CudaVsCpu.DTYPES;
import static torch4j.cuda.CudaVsCpu.assertClose;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Device;
import torch4j.Layout;
import torch4j.Tensor;
import torch4j.backend.Backend;
import torch4j.backend.ReduceKernels;
import torch4j.backend.ReduceOp;
import torch4j.cuda.CudaVsCpu.Pair;

/**
 * The CUDA reductions against the CPU backend's: every op and dtype over every set of dims of
 * contiguous, permuted, sliced and broadcast inputs; single outputs over up to 100,000 elements
 * (several rounds of partials); arg max/min with ties and NaNs; and the host-fallback scan and sort.
 */
class CudaReduceTest {
    private static ReduceKernels cpu() {
        return Backend.of(Device.CPU).reduce();
    }

    private static ReduceKernels gpu() {
        return Backend.of(CudaVsCpu.GPU).reduce();
    }

    private static void requireGpu() {
        assumeTrue(Cuda.isAvailable(), "no CUDA device");
    }

    /** The result dtype Reductions gives each op (int64 sums of integers, bool all/any, uint8 for uint8 all/any). */
    private static DType resultType(ReduceOp op, DType in) {
        return switch (op) {
            case SUM, PROD -> in.isFloatingPoint() ? in : DType.INT64;
            case MAX, MIN -> in;
            case ALL, ANY -> in == DType.UINT8 ? DType.UINT8 : DType.BOOL;
        };
    }

    /** Inputs of shape [5, 33, 7] (and a 0-d one) laid out every way a reduction meets. */
    private static List<Layout> inputLayouts() {
        int[] shape = {5, 33, 7};
        List<Layout> ls = new ArrayList<>();
        ls.add(new Layout(shape, new int[] {231, 7, 1}, 0)); // contiguous
        ls.add(new Layout(shape, new int[] {1, 35, 5}, 0)); // permuted: a [7, 33, 5] buffer
        ls.add(new Layout(shape, new int[] {500, 15, 2}, 3)); // sliced: every other element, padded rows
        ls.add(new Layout(shape, new int[] {0, 7, 1}, 0)); // broadcast along dim 0
        ls.add(new Layout(shape, new int[] {7, 0, 1}, 1)); // broadcast along the middle dim
        return ls;
    }

    private static int span(Layout l) {
        int max = l.offset();
        for (int d = 0; d < l.dim(); d++) max += (l.size(d) - 1) * Math.abs(l.stride(d));
        return max + 1;
    }

    /** Reduces x over the dims in mask on both devices and compares; sums get a tolerance from the sum of magnitudes. */
    private static void check(ReduceOp op, Pair x, boolean[] mask, String what) {
        int[] shape = x.cpu().layout().shape();
        int[] kept = shape.clone();
        for (int d = 0; d < kept.length; d++) if (mask[d]) kept[d] = 1;
        DType rt = resultType(op, x.cpu().dtype());
        Pair out = Pair.zeros(rt, kept);
        cpu().reduce(op, x.cpu(), out.cpu());
        gpu().reduce(op, x.gpu(), out.gpu());
        double[] scale = null;
        if (rt.isFloatingPoint() && (op == ReduceOp.SUM || op == ReduceOp.PROD)) {
            scale = magnitudes(op, x.cpu(), kept);
        }
        assertClose(out.cpu(), out.gpu(), scale, what);
    }

    /** Per output: the sum of |x| (sums), or |product| times the count (products, where only rounding differs). */
    private static double[] magnitudes(ReduceOp op, Tensor x, int[] kept) {
        Tensor absX = Tensor.zeros(x.dtype(), Device.CPU, x.layout().shape());
        Backend.of(Device.CPU).elementwise().unary(torch4j.backend.UnaryOp.ABS, x, absX);
        Tensor r = Tensor.zeros(x.dtype(), Device.CPU, kept);
        cpu().reduce(op, absX, r);
        double[] s = CudaVsCpu.doubles(r);
        double n = (double) x.numel() / Math.max(1, r.numel());
        for (int i = 0; i < s.length; i++) s[i] *= op == ReduceOp.PROD ? 4 * n : 4;
        return s;
    }

    @Test
    void reduceEveryOpDtypeLayoutAndDimSet() {
        requireGpu();
        Random rnd = new Random(1);
        for (DType dt : DTYPES) {
            for (Layout l : inputLayouts()) {
                for (int bits = 0; bits < 8; bits++) {
                    boolean[] mask = {(bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0};
                    for (ReduceOp op : ReduceOp.values()) {
                        Tensor base = !dt.isFloatingPoint() || bits == 4 ? CudaVsCpu.random(dt, span(l), rnd) // NaNs in rows of 7
                                : op == ReduceOp.PROD ? CudaVsCpu.uniform(dt, span(l), 0.5, 1.5, rnd) // products of 1155 stay finite
                                : CudaVsCpu.uniform(dt, span(l), -4, 4, rnd);
                        Pair x = Pair.of(base).view(l);
                        check(op, x, mask, op + " " + dt + " " + l + " dims " + Arrays.toString(mask));
                    }
                }
            }
        }
    }

    @Test
    void singleOutputsOverManyElementsTakeSeveralRounds() {
        requireGpu();
        Random rnd = new Random(2);
        for (int n : new int[] {1, 7, 33, 129, 4097, 100_000}) {
            for (DType dt : DTYPES) {
                for (ReduceOp op : ReduceOp.values()) {
                    // Floats: specials (NaN, inf) only where the result can still tell orders apart.
                    Tensor base = !dt.isFloatingPoint() || (op != ReduceOp.SUM && op != ReduceOp.PROD && n <= 129)
                            ? CudaVsCpu.random(dt, n, rnd)
                            : op == ReduceOp.PROD ? CudaVsCpu.uniform(dt, n, 0.999, 1.001, rnd) : CudaVsCpu.uniform(dt, n, -4, 4, rnd);
                    check(op, Pair.of(base), new boolean[] {true}, op + " " + dt + " of " + n);
                }
            }
        }
        // Few outputs, many elements each, along a strided dim: lanes with the outputs dense (column sums).
        Pair cols = Pair.of(CudaVsCpu.uniform(DType.FLOAT32, 3 * 50_000, -1, 1, rnd)).view(Layout.contiguous(50_000, 3));
        check(ReduceOp.SUM, cols, new boolean[] {true, false}, "column sums of [50000, 3]");
        Pair rows = Pair.of(CudaVsCpu.random(DType.INT64, 3 * 50_000, rnd)).view(Layout.contiguous(3, 50_000));
        check(ReduceOp.SUM, rows, new boolean[] {false, true}, "row sums of [3, 50000]");
    }

    @Test
    void reduceOfZeroDimTensorsAndEmptyInputs() {
        requireGpu();
        Random rnd = new Random(3);
        for (DType dt : DTYPES) {
            Pair scalar = Pair.of(CudaVsCpu.random(dt, 1, rnd)).view(new Layout(new int[0], new int[0], 0));
            for (ReduceOp op : ReduceOp.values()) check(op, scalar, new boolean[0], op + " of a 0-d " + dt);
            Pair empty = Pair.zeros(dt, 0, 5);
            for (ReduceOp op : ReduceOp.values()) check(op, empty, new boolean[] {true, false}, op + " over an empty dim " + dt);
        }
    }

    @Test
    void reduceIntoBoolFromFloatsCountsNanAsTrue() {
        requireGpu();
        Pair x = Pair.of(Tensor.zeros(DType.FLOAT32, Device.CPU, 4));
        x.cpu().storage().floats()[2] = Float.NaN;
        x = Pair.of(x.cpu());
        check(ReduceOp.ANY, x, new boolean[] {true}, "any([0, 0, nan, 0])");
    }

    @Test
    void allOfUint8GivesZeroOrOneEvenWithNothingToFold() {
        // PyTorch >= 1.10: torch.all(torch.tensor(42, dtype=torch.uint8), dim=0) is tensor(1, dtype=torch.uint8).
        Tensor x = Tensor.zeros(DType.UINT8, Device.CPU, 3, 1);
        x.storage().bytes()[0] = 42;
        x.storage().bytes()[2] = 7;
        for (ReduceOp op : new ReduceOp[] {ReduceOp.ALL, ReduceOp.ANY}) {
            Tensor out = Tensor.zeros(DType.UINT8, Device.CPU, 3, 1);
            cpu().reduce(op, x, out);
            assertEquals("[1, 0, 1]", Arrays.toString(CudaVsCpu.longs(out)), op + " on the CPU");
        }
        requireGpu();
        check(ReduceOp.ALL, Pair.of(x), new boolean[] {false, true}, "all over a size-1 dim of uint8");
    }

    // ------------------------------------------------------------------ arg max/min

    @Test
    void argMaxMinFirstOccurrenceAndFirstNan() {
        requireGpu();
        Random rnd = new Random(4);
        for (DType dt : DTYPES) {
            for (Layout l : inputLayouts()) {
                for (int dim = 0; dim < 3; dim++) {
                    for (boolean max : new boolean[] {true, false}) {
                        Pair x = Pair.of(CudaVsCpu.random(dt, span(l), rnd)).view(l);
                        checkArg(max, x, dim, true, "arg" + (max ? "max " : "min ") + dt + " dim " + dim + " " + l);
                    }
                }
            }
        }
    }

    @Test
    void argMaxOverManyElementsWithTiesAndNans() {
        requireGpu();
        Random rnd = new Random(5);
        for (DType dt : DTYPES) {
            for (int n : new int[] {1, 7, 4097, 100_000}) {
                // Small values: many ties for the best, so the first occurrence decides.
                Tensor base = dt.isFloatingPoint() ? CudaVsCpu.uniform(dt, n, 0, 4, rnd).floor() : CudaVsCpu.random(dt, n, rnd);
                for (boolean max : new boolean[] {true, false}) {
                    checkArg(max, Pair.of(base), 0, max, "arg" + (max ? "max " : "min ") + dt + " of " + n);
                }
                if (dt.isFloatingPoint() && n > 7) {
                    Tensor withNan = base.clone();
                    double[] nanAt = {n * 0.7, n * 0.3}; // the first NaN (the one at 30%) wins
                    for (double at : nanAt) {
                        Backend.of(Device.CPU).elementwise().fill(withNan.narrow(0, (int) at, 1), Double.NaN);
                    }
                    checkArg(true, Pair.of(withNan), 0, true, "argmax with NaNs " + dt + " of " + n);
                }
            }
        }
    }

    private static void checkArg(boolean max, Pair x, int dim, boolean withValues, String what) {
        int[] kept = x.cpu().layout().shape().clone();
        kept[dim] = 1;
        Pair idx = Pair.zeros(DType.INT64, kept);
        Pair vals = withValues ? Pair.zeros(x.cpu().dtype(), kept) : new Pair(null, null);
        cpu().argReduce(max, x.cpu(), dim, vals.cpu(), idx.cpu());
        gpu().argReduce(max, x.gpu(), dim, vals.gpu(), idx.gpu());
        assertClose(idx.cpu(), idx.gpu(), what + ": indices");
        if (withValues) assertClose(vals.cpu(), vals.gpu(), what + ": values");
    }

    // ------------------------------------------------------------------ host fallbacks

    @Test
    void scanAndSortRunOnTheHost() {
        requireGpu();
        Random rnd = new Random(6);
        Pair x = Pair.of(CudaVsCpu.uniform(DType.FLOAT32, 7 * 33, -3, 3, rnd)).view(new Layout(new int[] {33, 7}, new int[] {1, 33}, 0));
        for (ReduceOp op : new ReduceOp[] {ReduceOp.SUM, ReduceOp.PROD}) {
            for (boolean reverse : new boolean[] {false, true}) {
                Pair out = Pair.zeros(DType.FLOAT32, 33, 7);
                cpu().scan(op, x.cpu(), 0, reverse, out.cpu());
                gpu().scan(op, x.gpu(), 0, reverse, out.gpu());
                assertClose(out.cpu(), out.gpu(), "scan " + op + " reverse=" + reverse);
            }
        }
        Pair vals = Pair.zeros(DType.FLOAT32, 33, 3), idx = Pair.zeros(DType.INT64, 33, 3);
        cpu().sort(x.cpu(), 1, true, 3, vals.cpu(), idx.cpu());
        gpu().sort(x.gpu(), 1, true, 3, vals.gpu(), idx.gpu());
        assertClose(vals.cpu(), vals.gpu(), "top-3 values");
        assertClose(idx.cpu(), idx.gpu(), "top-3 indices");
        assertEquals(33 * 3, idx.gpu().numel());
    }
}

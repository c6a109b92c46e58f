package torch4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static torch4j.cuda.CudaVsCpu.dev;

import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Device;
import torch4j.Layout;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.backend.Backend;
import torch4j.backend.IndexKernels;
import torch4j.testing.Assertions;

/**
 * The CUDA index kernels against the CPU backend's on random data: every dtype, int32 and int64
 * indices with repeats, each dim of a 3-D tensor, transposed inputs and outputs, bad indices
 * (PyTorch's message, nothing written), and the host-fallback mask ops.
 */
class CudaIndexTest {
    private static final DType[] ALL = {DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.INT32, DType.UINT8, DType.BOOL};
    private final Random r = new Random(3);

    @BeforeEach
    void needsCuda() {
        assumeTrue(Cuda.isAvailable(), "no CUDA device");
    }

    private static IndexKernels cpu() {
        return Backend.of(Device.CPU).index();
    }

    private static IndexKernels gpu() {
        return Backend.of(Device.CUDA).index();
    }

    /** Random host values as {@code dt} (small integers, so every dtype holds them exactly). */
    private Tensor data(DType dt, int... shape) {
        long[] v = new long[Layout.numel(shape)];
        for (int i = 0; i < v.length; i++) v[i] = r.nextInt(dt == DType.BOOL ? 2 : 100) - (dt == DType.UINT8 || dt == DType.BOOL ? 0 : 50);
        return Torch.tensor(v, shape).cpu().to(dt);
    }

    /** Indices in {@code [0, bound)}, repeats allowed. */
    private Tensor index(DType dt, int bound, int... shape) {
        long[] v = new long[Layout.numel(shape)];
        for (int i = 0; i < v.length; i++) v[i] = r.nextInt(bound);
        return Torch.tensor(v, shape).cpu().to(dt);
    }

    /** {@code t}'s values in a transposed memory order (dims 1 and 2 swapped in storage), same shape. */
    private static Tensor transposedCopy(Tensor t) {
        return t.transpose(1, 2).contiguous().transpose(1, 2);
    }

    private static void same(Tensor host, Tensor device) {
        Assertions.assertClose(host, device.cpu(), 0, 0);
    }

    private static int[] with(int[] shape, int dim, int size) {
        int[] s = shape.clone();
        s[dim] = size;
        return s;
    }

    @Test
    void indexSelectEveryDtypeDimAndIndexType() {
        int[] shape = {7, 33, 5};
        for (DType dt : ALL) {
            for (int dim = 0; dim < 3; dim++) {
                for (DType it : new DType[] {DType.INT64, DType.INT32}) {
                    for (int len : new int[] {1, 7, 33}) {
                        Tensor x = data(dt, shape), idx = index(it, shape[dim], len);
                        for (Tensor xv : new Tensor[] {x, transposedCopy(x)}) {
                            Tensor want = Tensor.zeros(dt, Device.CPU, with(shape, dim, len)), got = dev(want);
                            cpu().indexSelect(xv, dim, idx, want);
                            gpu().indexSelect(dev(xv), dim, dev(idx), got);
                            same(want, got);
                        }
                    }
                }
            }
        }
    }

    @Test
    void indexAddAccumulatesRepeatedIndices() {
        int[] shape = {7, 33, 5};
        for (DType dt : ALL) {
            for (int dim = 0; dim < 3; dim++) {
                for (DType it : new DType[] {DType.INT64, DType.INT32}) {
                    int len = 2 * shape[dim] + 1; // more entries than targets: repeats are certain
                    Tensor idx = index(it, shape[dim], len), src = data(dt, with(shape, dim, len));
                    Tensor want = data(dt, shape), got = dev(want);
                    cpu().indexAdd(want, dim, idx, src);
                    gpu().indexAdd(got, dim, dev(idx), dev(transposedCopy(src)));
                    same(want, got); // small integers: float sums are exact in any order
                }
            }
        }
    }

    @Test
    void gatherAndScatterAddEveryDtypeAndDim() {
        int[] shape = {7, 33, 5};
        for (DType dt : ALL) {
            for (int dim = 0; dim < 3; dim++) {
                int[] ishape = {5, 20, 3};
                ishape[dim] = 11;
                Tensor idx = index(DType.INT64, shape[dim], ishape);
                Tensor x = data(dt, shape);
                Tensor want = Tensor.zeros(dt, Device.CPU, ishape), got = dev(want);
                cpu().gather(x, dim, idx, want);
                gpu().gather(dev(transposedCopy(x)), dim, dev(idx), got);
                same(want, got);

                int[] sshape = new int[3];
                for (int d = 0; d < 3; d++) sshape[d] = Math.max(shape[d], ishape[d]) + 1;
                Tensor src = data(dt, sshape); // larger than the index: only its leading block is read
                Tensor out = data(dt, shape), outDev = dev(transposedCopy(out));
                cpu().scatter(out, dim, idx, src, true);
                gpu().scatter(outDev, dim, dev(idx), dev(src), true);
                same(out, outDev);
            }
        }
    }

    @Test
    void scatterWithDistinctTargetsAndScatterFill() {
        int[] shape = {7, 33, 5};
        for (DType dt : ALL) {
            for (int dim = 0; dim < 3; dim++) {
                int[] ishape = {5, 20, 3};
                ishape[dim] = Math.min(shape[dim], 6);
                // distinct targets along each line, so the result does not depend on which write wins
                Tensor idx = distinctLines(ishape, dim, shape[dim]);
                Tensor src = transposedCopy(data(dt, shape));
                Tensor out = data(dt, shape), outDev = dev(out);
                cpu().scatter(out, dim, idx, src, false);
                gpu().scatter(outDev, dim, dev(idx), dev(src), false);
                same(out, outDev);

                Tensor rep = index(DType.INT64, shape[dim], ishape);
                for (double value : new double[] {2.5, -3.7, 300.0}) {
                    Tensor f = data(dt, shape), fDev = dev(f);
                    cpu().scatterFill(f, dim, rep, value);
                    gpu().scatterFill(fDev, dim, dev(rep), value);
                    same(f, fDev);
                }
            }
        }
    }

    /** An int64 index of {@code shape} whose entries along {@code dim} are distinct within each line. */
    private Tensor distinctLines(int[] shape, int dim, int bound) {
        int n = Layout.numel(shape), len = shape[dim];
        int inner = 1;
        for (int d = dim + 1; d < shape.length; d++) inner *= shape[d];
        long[] v = new long[n];
        for (int line = 0; line < n / len; line++) {
            int outer = line / inner, in = line % inner;
            int[] perm = new int[bound];
            for (int i = 0; i < bound; i++) perm[i] = i;
            for (int i = bound - 1; i > 0; i--) {
                int j = r.nextInt(i + 1), t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            for (int j = 0; j < len; j++) v[(outer * len + j) * inner + in] = perm[j];
        }
        return Torch.tensor(v, shape).cpu();
    }

    @Test
    void badIndicesThrowTheCpuMessageBeforeWriting() {
        Tensor x = data(DType.FLOAT32, 7, 33), xd = dev(x);
        for (long bad : new long[] {33, -1, 1000}) {
            Tensor idx = Torch.tensor(new long[] {0, 5, bad, 7, 40}, 5).cpu();
            String cpuSelect = assertThrows(IndexOutOfBoundsException.class,
                    () -> cpu().indexSelect(x, 1, idx, Tensor.zeros(DType.FLOAT32, Device.CPU, 7, 5))).getMessage();
            Tensor out = Tensor.zeros(DType.FLOAT32, Device.CUDA, 7, 5);
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> gpu().indexSelect(xd, 1, dev(idx), out));
            assertEquals(cpuSelect, e.getMessage());
            same(Tensor.zeros(DType.FLOAT32, Device.CPU, 7, 5), out);

            Tensor src = data(DType.FLOAT32, 7, 5);
            e = assertThrows(IndexOutOfBoundsException.class, () -> gpu().indexAdd(xd, 1, dev(idx.to(DType.INT32)), dev(src)));
            assertEquals(cpuSelect, e.getMessage());
            same(x, xd);

            Tensor gidx = Torch.tensor(new long[] {0, 5, 1, bad, 2, 3}, 2, 3).cpu();
            String cpuGather = assertThrows(IndexOutOfBoundsException.class,
                    () -> cpu().gather(x, 1, gidx, Tensor.zeros(DType.FLOAT32, Device.CPU, 2, 3))).getMessage();
            assertEquals("index " + bad + " is out of bounds for dimension 1 with size 33", cpuGather);
            Tensor gout = Tensor.zeros(DType.FLOAT32, Device.CUDA, 2, 3);
            e = assertThrows(IndexOutOfBoundsException.class, () -> gpu().gather(xd, 1, dev(gidx), gout));
            assertEquals(cpuGather, e.getMessage());
            same(Tensor.zeros(DType.FLOAT32, Device.CPU, 2, 3), gout);

            for (boolean add : new boolean[] {false, true}) {
                e = assertThrows(IndexOutOfBoundsException.class, () -> gpu().scatter(xd, 1, dev(gidx), dev(src), add));
                assertEquals(cpuGather, e.getMessage());
            }
            e = assertThrows(IndexOutOfBoundsException.class, () -> gpu().scatterFill(xd, 1, dev(gidx), 1.0));
            assertEquals(cpuGather, e.getMessage());
            same(x, xd);
        }
    }

    @Test
    void maskOpsAndNonzeroMatchTheCpu() {
        for (DType dt : ALL) {
            Tensor x = data(dt, 7, 33), mask = data(DType.BOOL, 7, 33);
            Tensor xt = transposedCopy(data(dt, 3, 7, 33).narrow(0, 1, 1)).squeeze(0);
            assertEquals(cpu().countNonzero(x), gpu().countNonzero(dev(x)));
            assertEquals(cpu().countNonzero(xt), gpu().countNonzero(dev(xt)));

            int count = cpu().countNonzero(mask);
            Tensor sel = Tensor.zeros(dt, Device.CPU, count), selDev = dev(sel);
            cpu().maskedSelect(x, mask, sel);
            gpu().maskedSelect(dev(x), dev(mask), selDev);
            same(sel, selDev);

            Tensor source = data(dt, 7 * 33), out = data(dt, 7, 33), outDev = dev(out);
            cpu().maskedScatter(out, mask, source);
            gpu().maskedScatter(outDev, dev(mask), dev(source));
            same(out, outDev);

            int nz = cpu().countNonzero(x);
            Tensor coords = Tensor.zeros(DType.INT64, Device.CPU, nz, 2), coordsDev = dev(coords);
            cpu().nonzero(x, coords);
            gpu().nonzero(dev(x), coordsDev);
            same(coords, coordsDev);
        }
    }
}

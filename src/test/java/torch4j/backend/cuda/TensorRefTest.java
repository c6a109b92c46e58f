package torch4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Device;
import torch4j.Layout;
import torch4j.Storage;
import torch4j.Tensor;
import torch4j.Torch;

/** Packing of strided views for kernels, checked against row-major enumeration of the layout (no GPU needed). */
class TensorRefTest {
    private static final long BASE = 0x7f00_0000_1000L;

    /** common.cuh's t4_offset, in Java: the element offset of the i-th element in row-major order. */
    static long t4Offset(TensorRef r, long i) {
        long off = 0;
        for (int d = r.ndim() - 1; d >= 0; d--) {
            long s = r.size(d), q = i / s;
            off += (i - q * s) * r.stride(d);
            i = q;
        }
        return off;
    }

    /** Offsets of a layout's elements in row-major order (without its storage offset). */
    static long[] rowMajorOffsets(int[] shape, int[] strides) {
        int n = Layout.numel(shape);
        long[] out = new long[n];
        int[] idx = new int[shape.length];
        for (int i = 0; i < n; i++) {
            long off = 0;
            for (int d = 0; d < shape.length; d++) off += (long) idx[d] * strides[d];
            out[i] = off;
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
        return out;
    }

    private static void assertSameOrder(int[] shape, int[] strides) {
        TensorRef r = TensorRef.collapse(BASE, shape, strides);
        long[] expected = rowMajorOffsets(shape, strides);
        assertTrue(r.ndim() <= shape.length, "collapsing never adds dims");
        long n = 1;
        for (int d = 0; d < r.ndim(); d++) n *= r.size(d);
        assertEquals(expected.length, n, "element count of " + r);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], t4Offset(r, i), "element " + i + " of shape " + java.util.Arrays.toString(shape)
                    + " strides " + java.util.Arrays.toString(strides) + " packed as " + r);
        }
    }

    @Test
    void contiguousTensorsBecomeOneDim() {
        TensorRef r = TensorRef.collapse(BASE, new int[] {2, 3, 4}, new int[] {12, 4, 1});
        assertEquals(1, r.ndim());
        assertEquals(24, r.size(0));
        assertEquals(1, r.stride(0));
        assertEquals(BASE, r.data());
    }

    @Test
    void collapsingMergesOnlyWhatKeepsTheOrder() {
        // A transpose cannot merge.
        TensorRef t = TensorRef.collapse(BASE, new int[] {3, 2}, new int[] {1, 3});
        assertEquals(2, t.ndim());
        // Every other column of a [4, 6] matrix: rows of 3 at stride 2 continue each other.
        TensorRef s = TensorRef.collapse(BASE, new int[] {4, 3}, new int[] {6, 2});
        assertEquals(1, s.ndim());
        assertEquals(2, s.stride(0));
        // Two columns of a [4, 6] matrix: a gap between rows.
        assertEquals(2, TensorRef.collapse(BASE, new int[] {4, 2}, new int[] {6, 1}).ndim());
        // Broadcasts: consecutive stride-0 dims merge, a stride-0 dim next to a real one does not.
        assertEquals(1, TensorRef.collapse(BASE, new int[] {2, 3}, new int[] {0, 0}).ndim());
        assertEquals(2, TensorRef.collapse(BASE, new int[] {3, 4}, new int[] {0, 1}).ndim());
        // Size-1 dims vanish, whatever their stride.
        TensorRef ones = TensorRef.collapse(BASE, new int[] {1, 5, 1}, new int[] {99, 1, 7});
        assertEquals(1, ones.ndim());
        assertEquals(5, ones.size(0));
        assertEquals(0, TensorRef.collapse(BASE, new int[0], new int[0]).ndim(), "a 0-d tensor packs with no dims");
        TensorRef empty = TensorRef.collapse(BASE, new int[] {3, 0, 2}, new int[] {0, 2, 1});
        assertEquals(1, empty.ndim());
        assertEquals(0, empty.size(0));
    }

    @Test
    void collapsedLayoutsVisitElementsInRowMajorOrder() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 2000; trial++) {
            int rank = 1 + rnd.nextInt(6);
            int[] shape = new int[rank], strides = new int[rank];
            for (int d = 0; d < rank; d++) shape[d] = 1 + rnd.nextInt(4);
            if (rnd.nextBoolean()) {
                // A view of a contiguous tensor: permuted, stepped, some dims broadcast.
                int[] perm = permutation(rank, rnd);
                int[] base = Layout.contiguousStrides(shape);
                for (int d = 0; d < rank; d++) {
                    strides[d] = base[perm[d]] * (rnd.nextInt(4) == 0 ? 2 : 1);
                    if (rnd.nextInt(6) == 0) strides[d] = 0;
                }
                if (rnd.nextBoolean()) strides = base; // plain contiguous, or with a broadcast inserted below
                if (rnd.nextInt(3) == 0) strides[rnd.nextInt(rank)] = 0;
            } else {
                for (int d = 0; d < rank; d++) strides[d] = rnd.nextInt(30);
            }
            assertSameOrder(shape, strides);
        }
    }

    private static int[] permutation(int n, Random rnd) {
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < n; i++) l.add(i);
        java.util.Collections.shuffle(l, rnd);
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void realViewsPackTheirOffsetAsAByteAddress() {
        CachingAllocator alloc = new CachingAllocator(new CachingAllocatorTest.FakeDriver(1 << 20), 0);
        CudaBuffer buf = alloc.allocate(4 * 6 * 8);
        Tensor cpu = Torch.fromArray(new double[24], 4, 6); // a CPU layout to borrow, whatever the default device
        Tensor cols = cpu.narrow(1, 1, 2);             // [4, 2] strides [6, 1] offset 1
        Tensor t = cpu.t();                             // [6, 4] strides [1, 6]
        Tensor fake = new Tensor(Storage.forDevice(DType.FLOAT64, Device.CUDA, buf, 24), cols.layout());
        TensorRef r = TensorRef.of(fake);
        assertEquals(buf.address() + 8, r.data(), "offset 1 element of 8 bytes");
        assertEquals(2, r.ndim());
        assertArrayEquals(new long[] {4, 2, 6, 1}, new long[] {r.size(0), r.size(1), r.stride(0), r.stride(1)});

        Tensor fakeT = new Tensor(Storage.forDevice(DType.FLOAT64, Device.CUDA, buf, 24), t.layout());
        TensorRef exact = TensorRef.exact(fakeT);
        assertEquals(2, exact.ndim());
        assertEquals(6, exact.size(0));
        assertEquals(1, exact.stride(0));
        assertEquals(6, exact.stride(1));

        TensorRef view = TensorRef.of(fake, new int[] {2, 2}, new int[] {12, 1});
        assertEquals(buf.address() + 8, view.data(), "an explicit view starts at the tensor's offset");
        assertEquals(12, view.stride(0));

        long[] w = r.words();
        assertEquals(TensorRef.WORDS, w.length);
        assertEquals(18, w.length, "common.cuh's struct TensorRef is 18 int64 words");
        assertEquals(r.data(), w[0]);
        assertEquals(2, w[1]);
        assertEquals(4, w[2]);
        assertEquals(6, w[10], "strides start after the 8 size slots");
    }

    @Test
    void tooManyDimsFailClearly() {
        int[] shape = new int[9], strides = new int[9];
        for (int d = 0; d < 9; d++) {
            shape[d] = 2;
            strides[d] = 1 << d; // reversed order: nothing merges
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TensorRef.collapse(BASE, shape, strides));
        assertTrue(e.getMessage().contains("at most 8"), e.getMessage());
        // Nine contiguous dims are fine once merged.
        assertEquals(1, TensorRef.collapse(BASE, shape, Layout.contiguousStrides(shape)).ndim());

        CachingAllocator alloc = new CachingAllocator(new CachingAllocatorTest.FakeDriver(1 << 20), 0);
        Tensor nine = new Tensor(Storage.forDevice(DType.FLOAT32, Device.CUDA, alloc.allocate(2048), 512), Layout.contiguous(shape));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> TensorRef.exact(nine));
        assertTrue(ex.getMessage().contains("at most 8") && ex.getMessage().contains("[2, 2, 2, 2, 2, 2, 2, 2, 2]"), ex.getMessage());
        assertEquals(1, TensorRef.of(nine).ndim());
        assertThrows(IllegalArgumentException.class, () -> TensorRef.of(nine, new int[] {2, 2}, new int[] {1}));
    }

    @Test
    void cpuTensorsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TensorRef.of(Torch.zeros(DType.FLOAT32, Device.CPU, 3)));
        assertTrue(e.getMessage().contains("cpu"), e.getMessage());
    }

    @Test
    void dtypeCodesMatchCommonCuh() throws IOException {
        String header = Files.readString(Path.of("src/main/cuda/common.cuh"));
        String[] names = {"T4_F32", "T4_F64", "T4_I64", "T4_I32", "T4_U8", "T4_BOOL"};
        DType[] types = {DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.INT32, DType.UINT8, DType.BOOL};
        for (int i = 0; i < names.length; i++) {
            Matcher m = Pattern.compile("#define " + names[i] + " (\\d+)").matcher(header);
            assertTrue(m.find(), names[i] + " in common.cuh");
            assertEquals(Integer.parseInt(m.group(1)), TensorRef.dtypeCode(types[i]), names[i]);
        }
        Matcher dims = Pattern.compile("#define T4_MAX_DIMS (\\d+)").matcher(header);
        assertTrue(dims.find());
        assertEquals(Integer.parseInt(dims.group(1)), TensorRef.MAX_DIMS);
        assertEquals("f32 f64 i64 i32 u8 b8", String.join(" ", TensorRef.suffix(DType.FLOAT32), TensorRef.suffix(DType.FLOAT64),
                TensorRef.suffix(DType.INT64), TensorRef.suffix(DType.INT32), TensorRef.suffix(DType.UINT8), TensorRef.suffix(DType.BOOL)));
    }
}

package torch4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.cuda.Cuda;

/** The host round trips other kernels fall back on; runs where CUDA (or its emulator) is available. */
class HostFallbackTest {
    @BeforeAll
    static void onlyWithCuda() {
        assumeTrue(Cuda.isAvailable(), "no CUDA");
    }

    private static Tensor host(int rows, int cols) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = i * 0.5 - 3;
        return Torch.fromArray(v, rows, cols);
    }

    @Test
    void toHostGivesAContiguousCopy() {
        Tensor h = host(3, 5);
        Tensor d = h.cuda();
        Tensor back = HostFallback.toHost(d.t());
        assertEquals(Device.CPU, back.device());
        assertArrayEquals(new int[] {5, 3}, back.shape());
        assertArrayEquals(h.t().contiguous().toDoubleArray(), back.toDoubleArray(), 0);
    }

    @Test
    void copyFromHostWritesThroughTheDestinationsStrides() {
        Tensor h = host(4, 6);
        Tensor dst = Torch.zeros(DType.FLOAT64, Device.CUDA, 4, 6);
        HostFallback.copyFromHost(h, dst);
        assertArrayEquals(h.toDoubleArray(), dst.toDoubleArray(), 0);

        // Into two columns of a device matrix: the rest stays as it was.
        Tensor cols = dst.narrow(1, 2, 2);
        Tensor src = Torch.fromArray(new double[] {10, 11, 12, 13, 14, 15, 16, 17}, 4, 2);
        HostFallback.copyFromHost(src, cols);
        Tensor expected = h.clone();
        expected.narrow(1, 2, 2).copy_(src);
        assertArrayEquals(expected.toDoubleArray(), dst.toDoubleArray(), 0);

        // A source of another dtype and layout is converted on the host first.
        Tensor ints = Torch.fromArray(new int[] {1, 2, 3, 4, 5, 6}, 3, 2).t(); // [2, 3]
        Tensor f = Torch.zeros(DType.FLOAT32, Device.CUDA, 2, 3);
        HostFallback.copyFromHost(ints, f);
        assertArrayEquals(new float[] {1, 3, 5, 2, 4, 6}, f.toFloatArray());

        assertThrows(IllegalArgumentException.class, () -> HostFallback.copyFromHost(host(2, 2), dst));
    }

    @Test
    void launchRejectsArgumentsItCannotPass() {
        CudaDevice d = CudaDevice.get(0);
        assertThrows(IllegalArgumentException.class, () -> d.launch("any", 1, "a string"));
        assertThrows(IllegalArgumentException.class, () -> d.launch("any", 1, Torch.fromArray(new float[1])));
        assertThrows(IllegalArgumentException.class, () -> d.launch("no_such_kernel_f32", 1, 1L));
        d.launch("no_such_kernel_f32", 0, 1L); // nothing to do: no launch, no lookup
    }
}

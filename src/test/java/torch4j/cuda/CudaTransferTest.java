package torch4j.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.ops.Creation;

/**
 * Moving tensors between the host and a GPU, and the device memory they hold. Runs where CUDA is
 * available (a GPU, or the emulator: {@code LD_LIBRARY_PATH=<emulator> mvn test}); skipped elsewhere.
 * Sources are made with {@code fromArray}, which is always on the CPU.
 */
class CudaTransferTest {
    @BeforeAll
    static void onlyWithCuda() {
        assumeTrue(Cuda.isAvailable(), () -> "no CUDA: " + Cuda.unavailableReason().orElse(""));
    }

    private static Tensor[] everyDtype() {
        return new Tensor[] {
            Torch.fromArray(new float[] {1.5f, -2f, Float.NaN, Float.POSITIVE_INFINITY, 1e-30f, 7f}, 2, 3),
            Torch.fromArray(new double[] {Math.PI, -0.0, 1e300, -5, 2, 3}, 3, 2),
            Torch.fromArray(new long[] {(1L << 53) + 1, Long.MIN_VALUE, -1, 0, 5, 6}, 6),
            Torch.fromArray(new int[] {Integer.MAX_VALUE, -7, 0, 1, 2, 3}, 2, 3),
            Torch.fromArray(new byte[] {(byte) 255, 0, 1, (byte) 128, 2, 3}, 2, 3),
            Creation.fromBooleans(new boolean[] {true, false, true, true, false, false}, 2, 3),
        };
    }

    @Test
    void everyDtypeSurvivesARoundTrip() {
        for (Tensor host : everyDtype()) {
            Tensor dev = host.cuda();
            assertEquals(Device.CUDA, dev.device());
            assertEquals(host.dtype(), dev.dtype());
            assertArrayEquals(host.shape(), dev.shape());
            assertTrue(dev.isContiguous());
            Tensor back = dev.cpu();
            assertEquals(Device.CPU, back.device());
            assertEquals(host.dtype(), back.dtype());
            assertArrayEquals(host.toDoubleArray(), back.toDoubleArray(), 0, host.dtype().toString());
            if (host.dtype() == DType.INT64) assertArrayEquals(host.toLongArray(), back.toLongArray(), "int64 beyond 2^53 stays exact");
        }
    }

    @Test
    void toTheSameDeviceReturnsTheTensorItself() {
        Tensor dev = Torch.fromArray(new float[] {1, 2}).cuda();
        assertSame(dev, dev.to(Device.CUDA));
        assertSame(dev, dev.cuda());
        Tensor host = Torch.fromArray(new float[] {1, 2});
        assertSame(host, host.cpu());
        assertNotSame(host, host.cuda().cpu());
    }

    @Test
    void nonContiguousSourcesArriveInRowMajorOrder() {
        Tensor host = Torch.fromArray(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 3, 4);
        Tensor t = host.t(); // [4, 3], strides [1, 4]
        assertArrayEquals(t.contiguous().toDoubleArray(), t.cuda().cpu().toDoubleArray(), 0);
        Tensor cols = host.narrow(1, 1, 2); // an offset and a gap between rows
        assertArrayEquals(cols.contiguous().toDoubleArray(), cols.cuda().toDoubleArray(), 0);
        // A strided view of a device tensor comes back through the device's copy kernel.
        Tensor onDevice = host.cuda();
        assertArrayEquals(t.contiguous().toDoubleArray(), onDevice.t().cpu().toDoubleArray(), 0);
        assertArrayEquals(cols.contiguous().toDoubleArray(), onDevice.narrow(1, 1, 2).toDoubleArray(), 0);
    }

    @Test
    void itemAndArraysReadThroughTheHost() {
        assertEquals(2.5, Torch.fromArray(new double[] {2.5}).cuda().item());
        long big = (1L << 60) + 3;
        assertEquals(big, Torch.fromArray(new long[] {big}).cuda().itemLong());
        assertArrayEquals(new float[] {1, 2, 3}, Torch.fromArray(new float[] {1, 2, 3}).cuda().toFloatArray());
        Tensor empty = Torch.fromArray(new float[0], 0).cuda();
        assertEquals(0, empty.cpu().numel());
    }

    @Test
    void cudaTensorsPrintTheirDeviceAsPyTorch() {
        assertEquals("tensor([1., 2.], device='cuda:0')", Torch.fromArray(new float[] {1, 2}).cuda().toString());
        assertEquals("tensor([1, 2], device='cuda:0')", Torch.fromArray(new long[] {1, 2}).cuda().toString());
        assertEquals("torch.cuda.FloatTensor", Torch.fromArray(new float[] {1}).cuda().typeName());
    }

    @Test
    void theGradientFlowsBackAcrossDevices() {
        Tensor x = Torch.fromArray(new double[] {1, 2, 3}).requiresGrad_();
        Tensor y = x.cuda();
        assertEquals("ToCopyBackward0", y.gradFn().name());
        Tensor z = y.cpu();
        assertEquals("ToCopyBackward0", z.gradFn().name());
        z.sum().backward();
        assertEquals(Device.CPU, x.grad().device());
        assertArrayEquals(new double[] {1, 1, 1}, x.grad().toDoubleArray(), 0);
    }

    /** memoryAllocated() once garbage from earlier tests has been collected (the Cleaner frees it at any time). */
    private static long settledAllocated() throws InterruptedException {
        long last = -1;
        for (int i = 0; i < 50; i++) {
            System.gc();
            Thread.sleep(20);
            long now = Cuda.memoryAllocated();
            if (now == last) return now;
            last = now;
        }
        return last;
    }

    @Test
    void closeReturnsTheMemoryAtOnce() throws InterruptedException {
        long start = settledAllocated();
        Tensor t = Torch.fromArray(new float[1000]).cuda();
        assertEquals(start + 4096, Cuda.memoryAllocated(), "4000 bytes in a 4096-byte block");
        assertTrue(Cuda.memoryReserved() >= Cuda.memoryAllocated());
        t.close();
        t.close();
        assertEquals(start, Cuda.memoryAllocated());
        IllegalStateException e = assertThrows(IllegalStateException.class, t::cpu);
        assertTrue(e.getMessage().contains("released"), e.getMessage());
    }

    @Test
    void aScopeFreesWhatItDidNotKeep() throws InterruptedException {
        long start = settledAllocated();
        Tensor kept, dropped;
        try (MemoryScope s = Cuda.memoryScope()) {
            dropped = Torch.fromArray(new float[256]).cuda();
            kept = s.keep(Torch.fromArray(new float[] {4, 5}).cuda());
            try (MemoryScope inner = Cuda.memoryScope()) {
                inner.keep(Torch.fromArray(new float[128]).cuda()); // passes to the outer scope, freed there
            }
            assertEquals(start + 1024 + 512 + 512, Cuda.memoryAllocated());
        }
        assertEquals(start + 512, Cuda.memoryAllocated(), "only the kept tensor's block remains");
        assertArrayEquals(new float[] {4, 5}, kept.toFloatArray());
        assertThrows(IllegalStateException.class, dropped::cpu);
        kept.close();
        assertEquals(start, Cuda.memoryAllocated());
    }

    @Test
    void emptyCacheLeavesOnlyLiveBlocksReserved() {
        for (int i = 0; i < 4; i++) Torch.fromArray(new double[1000 * (i + 1)]).cuda().close();
        assertTrue(Cuda.memoryReserved() > Cuda.memoryAllocated(), "closed blocks stay cached");
        Cuda.emptyCache();
        assertEquals(Cuda.memoryAllocated(), Cuda.memoryReserved());
        Cuda.synchronize();
    }

    @Test
    void factoriesFollowTheDefaultDevice() {
        Device previous = Torch.getDefaultDevice();
        Torch.setDefaultDevice(Device.CUDA);
        try {
            assertEquals(Device.CUDA, Torch.zeros(2).device());
            Tensor t = Torch.tensor(new float[] {1, 2, 3});
            assertEquals(Device.CUDA, t.device());
            assertArrayEquals(new float[] {1, 2, 3}, t.toFloatArray());
            assertEquals(Device.CUDA, Torch.eye(2).device());
            assertEquals(Device.CPU, Torch.fromArray(new float[] {1}).device(), "from_numpy shares memory: stays on the CPU");
            assertEquals(Device.CPU, Torch.zeros(DType.FLOAT32, Device.CPU, 2).device(), "an explicit device wins");
        } finally {
            Torch.setDefaultDevice(previous);
        }
    }

    @Test
    void transfersFromManyThreadsStayCorrect() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<?>> jobs = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        float[] v = new float[100 + seed * 37 + i];
                        for (int k = 0; k < v.length; k++) v[k] = seed * 1000 + i + k;
                        Tensor d = Torch.fromArray(v, v.length).cuda();
                        assertArrayEquals(v, d.t().cpu().toFloatArray());
                        if (i % 2 == 0) d.close();
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : jobs) f.get();
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aMissingDeviceIsAnInvalidOrdinal() {
        int n = Cuda.deviceCount();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Torch.zeros(DType.FLOAT32, Device.cuda(n), 1));
        assertTrue(e.getMessage().contains("Invalid device ordinal"), e.getMessage());
        assertTrue(Cuda.getDeviceName(0).length() > 0);
    }
}

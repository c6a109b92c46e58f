package torch4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Device;
import torch4j.Generator;
import torch4j.Layout;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.backend.Backend;
import torch4j.backend.RandomKernels;
import torch4j.testing.Assertions;

/**
 * CUDA random fills give exactly the CPU's numbers for the same seed (they are drawn on the host
 * from the same Generator), into contiguous and strided outputs, and leave the generator where
 * the CPU leaves it.
 */
class CudaRandomTest {
    @BeforeEach
    void needsCuda() {
        assumeTrue(Cuda.isAvailable(), "no CUDA device");
    }

    /**
     * Runs {@code fill} on a host tensor and on a device tensor of {@code shape} (as a transposed
     * view when {@code strided}) from equally seeded generators, then compares the values and
     * the generators' next draw.
     */
    private static void same(DType dt, int[] shape, boolean strided, Fill fill) {
        Generator gc = new Generator().manualSeed(42), gd = new Generator().manualSeed(42);
        Tensor host = Tensor.zeros(dt, Device.CPU, shape);
        Tensor dev = Tensor.zeros(dt, Device.CUDA, shape);
        if (strided) {
            int[] rev = {shape[1], shape[0]};
            dev = Tensor.view(Tensor.zeros(dt, Device.CUDA, rev), new Layout(shape, new int[] {1, shape[0]}, 0));
        }
        fill.run(Backend.of(Device.CPU).random(), host, gc);
        fill.run(Backend.of(Device.CUDA).random(), dev, gd);
        Assertions.assertClose(host, dev.cpu(), 0, 0);
        assertEquals(gc.nextLong(), gd.nextLong(), "the generators' next draw");
    }

    private interface Fill {
        void run(RandomKernels k, Tensor out, Generator g);
    }

    @Test
    void fillsMatchTheCpuForTheSameSeed() {
        for (boolean strided : new boolean[] {false, true}) {
            int[] shape = {7, 33};
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                same(dt, shape, strided, (k, t, g) -> k.uniform(t, -2, 3, g));
                same(dt, shape, strided, (k, t, g) -> k.normal(t, 1, 0.5, g));
            }
            for (DType dt : new DType[] {DType.INT64, DType.INT32, DType.UINT8}) {
                same(dt, shape, strided, (k, t, g) -> k.randint(t, 0, 100, g));
            }
            same(DType.INT64, shape, strided, (k, t, g) -> k.randint(t, -1000, 1000, g));
        }
        same(DType.INT64, new int[] {129}, false, (k, t, g) -> k.randperm(t, g));
    }

    @Test
    void bernoulliAndMultinomialReadDeviceOperands() {
        Tensor probs = Torch.rand(new Generator().manualSeed(1), 7, 33).cpu();
        Tensor probsDev = probs.to(Device.CUDA);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            same(dt, new int[] {7, 33}, false, (k, t, g) -> k.bernoulli(t.isCuda() ? probsDev : probs, t, g));
        }
        Tensor weights = Torch.rand(new Generator().manualSeed(2), 5, 33).cpu().to(DType.FLOAT64);
        Tensor weightsDev = weights.to(Device.CUDA);
        for (boolean replacement : new boolean[] {false, true}) {
            same(DType.INT64, new int[] {5, 7}, false,
                    (k, t, g) -> k.multinomial(t.isCuda() ? weightsDev : weights, replacement, t, g));
        }
        Tensor badProbs = Torch.full(new int[] {3}, 1.5, DType.FLOAT32).cpu().to(Device.CUDA);
        assertThrows(IllegalArgumentException.class, () -> Backend.of(Device.CUDA).random()
                .bernoulli(badProbs, Tensor.zeros(DType.FLOAT32, Device.CUDA, 3), new Generator().manualSeed(0)));
    }
}

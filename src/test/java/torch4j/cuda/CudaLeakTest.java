package torch4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.CrossEntropyLoss;
import torch4j.nn.Linear;
import torch4j.nn.Module;
import torch4j.nn.ReLU;
import torch4j.nn.Sequential;
import torch4j.optim.Adam;
import torch4j.optim.Optimizer;

/**
 * Issue 7's leak check: many training steps on the GPU leave device memory where it was once the
 * garbage of the last step is collected and the cache emptied. The step count is 10,000 on a real
 * GPU; the emulator run lowers it with {@code -Dtorch4j.cuda.leakSteps}.
 */
class CudaLeakTest {
    @Test
    void trainingStepsReturnDeviceMemoryToItsStartingLevel() throws InterruptedException {
        assumeTrue(Cuda.isAvailable(), "no CUDA device");
        int steps = Integer.getInteger("torch4j.cuda.leakSteps", 10_000);
        Torch.manualSeed(0);
        Module mlp = new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 128), new ReLU(), new Linear(128, 10));
        mlp.to(Device.CUDA);
        Optimizer adam = new Adam(mlp.parameters(), 1e-3);
        CrossEntropyLoss criterion = new CrossEntropyLoss();
        Tensor x = Torch.randn(64, 784).to(Device.CUDA);
        Tensor target = Torch.randint(0, 10, 64).to(Device.CUDA);

        step(mlp, adam, criterion, x, target); // creates Adam's state: part of the starting level
        long start = settledAllocated(Long.MAX_VALUE);

        double first = Double.NaN, last = Double.NaN;
        for (int i = 0; i < steps; i++) {
            last = step(mlp, adam, criterion, x, target);
            if (i == 0) first = last;
        }
        assertTrue(last < first, "the loss should fall on a fixed batch: " + first + " -> " + last);

        assertEquals(start, settledAllocated(start), "bytes in live device blocks after " + steps + " steps");
        Cuda.emptyCache();
        assertEquals(Cuda.memoryAllocated(), Cuda.memoryReserved(), "nothing stays cached after emptyCache()");
    }

    private static double step(Module model, Optimizer opt, CrossEntropyLoss criterion, Tensor x, Tensor target) {
        opt.zeroGrad();
        Tensor loss = criterion.forward(model.forward(x), target);
        loss.backward();
        opt.step();
        return loss.item();
    }

    /** memoryAllocated() once the Cleaners of unreachable tensors have run (or after ~5 s of trying to reach {@code goal}). */
    private static long settledAllocated(long goal) throws InterruptedException {
        long now = Cuda.memoryAllocated();
        for (int i = 0; i < 50 && now > goal || i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            now = Cuda.memoryAllocated();
        }
        return now;
    }
}

package torch4j.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.cuda.Cuda;
import torch4j.examples.Net;
import torch4j.nn.CrossEntropyLoss;
import torch4j.nn.Linear;
import torch4j.nn.Module;
import torch4j.nn.ReLU;
import torch4j.nn.Sequential;
import torch4j.optim.Adam;
import torch4j.optim.Optimizer;
import torch4j.optim.SGD;

/**
 * The GPU side of issue 7's comparison, timed as {@code scripts/bench/pytorch_cuda_bench.py} times
 * PyTorch: best of 5 repeats, each a loop of about a second closed by a device synchronize. Prints
 * {@code <key> <microseconds per call>} lines that {@code scripts/bench/cuda_table.py} joins with
 * PyTorch's. A plain main rather than JMH because the GPU machine runs it from a jlink'd JDK with
 * no build tools (scripts/cuda/gpu-test.sh {@code main torch4j.bench.CudaBench}).
 */
public final class CudaBench {
    private CudaBench() {}

    /** {@code --smoke}: small sizes, for checking the code paths on the emulator (its timings mean nothing). */
    public static void main(String[] args) {
        if (!Cuda.isAvailable()) throw new IllegalStateException("CudaBench needs a CUDA device: " + Cuda.unavailableReason().orElse("?"));
        boolean smoke = java.util.Arrays.asList(args).contains("--smoke");
        Device dev = Device.CUDA;
        Map<String, Double> results = new LinkedHashMap<>();
        Torch.manualSeed(0);

        int m = smoke ? 64 : 4096;
        Tensor a = Torch.rand(m, m).to(dev), b = Torch.rand(m, m).to(dev);
        results.put("sgemm_4096", time(() -> Torch.mm(a, b)));

        int n = smoke ? 1 << 16 : 64 << 20;
        Tensor x = Torch.rand(n).to(dev), y = Torch.rand(n).to(dev), out = Torch.zeros(n).to(dev);
        results.put("addInto_64M", time(() -> Torch.add(x, y, out)));
        results.put("add_64M", time(() -> Torch.add(x, y)));

        for (int batch : new int[] {64, 512}) {
            results.put("mlp_step_" + batch, time(mlpStep(batch, dev)));
            results.put("lenet_step_" + batch, time(lenetStep(batch, dev)));
        }
        results.forEach((k, v) -> System.out.printf("%s %.3f%n", k, v));
    }

    private static Runnable mlpStep(int batch, Device dev) {
        Module mlp = new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 128), new ReLU(), new Linear(128, 10));
        mlp.to(dev);
        return step(mlp, new Adam(mlp.parameters(), 1e-3), Torch.randn(batch, 784).to(dev), batch, dev);
    }

    private static Runnable lenetStep(int batch, Device dev) {
        Module lenet = new Net();
        lenet.to(dev);
        Optimizer sgd = new SGD(lenet.parameters(), SGD.options().lr(0.01).momentum(0.9));
        return step(lenet, sgd, Torch.randn(batch, 1, 28, 28).to(dev), batch, dev);
    }

    private static Runnable step(Module model, Optimizer opt, Tensor input, int batch, Device dev) {
        CrossEntropyLoss criterion = new CrossEntropyLoss();
        Tensor target = Torch.randint(0, 10, batch).to(dev);
        return () -> {
            opt.zeroGrad();
            criterion.forward(model.forward(input), target).backward();
            opt.step();
        };
    }

    /** Microseconds per call: best of 5 loops of about a second each, every loop ended by a synchronize. */
    private static double time(Runnable fn) {
        for (int i = 0; i < 3; i++) fn.run();
        Cuda.synchronize();
        long t0 = System.nanoTime();
        int calls = 0;
        while (System.nanoTime() - t0 < 200_000_000L) {
            fn.run();
            calls++;
        }
        Cuda.synchronize();
        int reps = Math.max(1, (int) (calls * 1e9 / (System.nanoTime() - t0)));
        double best = Double.MAX_VALUE;
        for (int r = 0; r < 5; r++) {
            long t = System.nanoTime();
            for (int i = 0; i < reps; i++) fn.run();
            Cuda.synchronize();
            best = Math.min(best, (System.nanoTime() - t) / 1e3 / reps);
        }
        return best;
    }
}

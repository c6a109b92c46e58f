package torch4j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import torch4j.Tensor;
import torch4j.Torch;

/**
 * A chain of 100 element-wise ops on 100-element tensors, forward and backward: what autograd's
 * bookkeeping costs per op. The same chain is timed in PyTorch by scripts/bench/pytorch_bench.py.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class AutogradChainBench {
    private Tensor x, w;

    @Setup
    public void setup() {
        Torch.manualSeed(0);
        x = Torch.rand(100).requiresGrad_();
        w = Torch.rand(100);
    }

    /** 25 rounds of mul, add, tanh, sub (100 ops), then sum and backward. */
    @Benchmark
    public Tensor chain100() {
        x.setGrad(null);
        Tensor h = x;
        for (int i = 0; i < 25; i++) {
            h = h.mul(w).add(x).tanh().sub(w);
        }
        h.sum().backward();
        return x.grad();
    }
}

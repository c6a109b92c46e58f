package torch4j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import torch4j.Tensor;
import torch4j.Torch;

/** Element-wise ops on float32: 16M elements (memory bound) and 100 elements (per-op overhead). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx8g"})
public class ElementwiseBench {
    @Param({"100", "16777216"})
    public int n;

    private Tensor x, y, out;

    @Setup
    public void setup() {
        Torch.manualSeed(0);
        x = Torch.rand(n);
        y = Torch.rand(n);
        out = Torch.empty(n);
    }

    /** {@code torch.add(x, y, out=out)}: into an existing tensor. */
    @Benchmark
    public Tensor addInto() {
        return Torch.add(x, y, out);
    }

    /** {@code x + y}: allocating the result. */
    @Benchmark
    public Tensor add() {
        return x.add(y);
    }

    @Benchmark
    public Tensor mul() {
        return x.mul(y);
    }

    @Benchmark
    public Tensor relu() {
        return x.relu();
    }

    /** A transcendental op: vector math where the Vector API is present. */
    @Benchmark
    public Tensor tanh() {
        return x.tanh();
    }

    /** Adam's second-moment update, one fused in-place pass: {@code out += 0.001 * x * y}. */
    @Benchmark
    public Tensor addcmul_() {
        try (var g = Torch.noGrad()) {
            return out.addcmul_(x, y, 0.001);
        }
    }
}

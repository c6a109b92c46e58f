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
import org.openjdk.jmh.infra.Blackhole;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.functional.F;

/**
 * LeNet's two convolutions at batch 64, float32, 2 threads: conv1 (1 -> 6, 5x5) on [64, 1, 28, 28]
 * and conv2 (6 -> 16, 5x5) on [64, 6, 12, 12], forward and backward with a fixed output gradient
 * (input, weight and bias grads). scripts/bench/pytorch_bench.py times the same work
 * ("conv1_fb", "conv2_fb", "lenet_conv_fb", "lenet_conv_fwd"). Threads: {@code -Dbench.threads}, as in
 * {@link TrainingBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// Six warm-up seconds, not three: on 2 cores C2 takes 3-5 s to compile (and recompile) these
// kernels, and with three the first measured iterations still ran partly unoptimized code.
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class ConvBench {
    private Tensor x1, w1, b1, g1, x2, w2, b2, g2;

    @Setup
    public void setup() {
        Torch.setNumThreads(Integer.getInteger("bench.threads", 2));
        Torch.manualSeed(0);
        x1 = Torch.randn(64, 1, 28, 28).requiresGrad_();
        w1 = Torch.randn(6, 1, 5, 5).mul(0.2).requiresGrad_();
        b1 = Torch.randn(6).requiresGrad_();
        g1 = Torch.randn(64, 6, 24, 24);
        x2 = Torch.randn(64, 6, 12, 12).requiresGrad_();
        w2 = Torch.randn(16, 6, 5, 5).mul(0.08).requiresGrad_();
        b2 = Torch.randn(16).requiresGrad_();
        g2 = Torch.randn(64, 16, 8, 8);
    }

    private static Tensor forwardBackward(Tensor x, Tensor w, Tensor b, Tensor gradOut) {
        x.setGrad(null);
        w.setGrad(null);
        b.setGrad(null);
        F.conv2d(x, w, b).backward(gradOut);
        return w.grad();
    }

    /** conv1 forward + backward. */
    @Benchmark
    public Tensor conv1ForwardBackward() {
        return forwardBackward(x1, w1, b1, g1);
    }

    /** conv2 forward + backward. */
    @Benchmark
    public Tensor conv2ForwardBackward() {
        return forwardBackward(x2, w2, b2, g2);
    }

    /** conv1 and conv2 forward + backward: the convolution share of a LeNet training step. */
    @Benchmark
    public Tensor lenetConvForwardBackward() {
        forwardBackward(x1, w1, b1, g1);
        return forwardBackward(x2, w2, b2, g2);
    }

    /** conv1 and conv2 forward only, without grad recording (inference). */
    @Benchmark
    public void lenetConvForward(Blackhole bh) {
        try (var s = Torch.noGrad()) {
            bh.consume(F.conv2d(x1, w1, b1));
            bh.consume(F.conv2d(x2, w2, b2));
        }
    }
}

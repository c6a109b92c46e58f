package torch4j.bench;

import java.util.Random;
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
import torch4j.backend.cpu.CpuGemm;

/**
 * The float32 products of one training step of the MLP 784-256-128-10 at batch 64, with the
 * operand layouts autograd gives them, through {@link CpuGemm} with all threads: "NT" is
 * {@code x @ w.t()} (the forward, accumulated onto the bias: B a transposed view), "NN" is
 * {@code g @ w} (the input gradient) and "TN" is {@code g.t() @ x} (the weight gradient: A a
 * transposed view). The shape reads {@code MxNxK_layout}; GFLOPS = {@code 2 m n k / time}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class GemmShapesBench {
    @Param({"64x256x784_NT", "256x784x64_TN", "64x128x256_NT", "64x256x128_NN", "128x256x64_TN"})
    public String shape;

    private int m, n, k, aRs, aCs, bRs, bCs;
    private boolean accumulate;
    private float[] a, b, c;

    @Setup
    public void setup() {
        String[] s = shape.split("[x_]");
        m = Integer.parseInt(s[0]);
        n = Integer.parseInt(s[1]);
        k = Integer.parseInt(s[2]);
        boolean at = s[3].charAt(0) == 'T', bt = s[3].charAt(1) == 'T';
        aRs = at ? 1 : k;
        aCs = at ? m : 1;
        bRs = bt ? 1 : n;
        bCs = bt ? k : 1;
        accumulate = bt; // the forward adds onto the bias already in C
        Random rnd = new Random(0);
        a = new float[m * k];
        b = new float[k * n];
        c = new float[m * n];
        for (int i = 0; i < a.length; i++) a[i] = rnd.nextFloat() - 0.5f;
        for (int i = 0; i < b.length; i++) b[i] = rnd.nextFloat() - 0.5f;
    }

    @Benchmark
    public float[] sgemm() {
        CpuGemm.sgemm(m, n, k, a, 0, aRs, aCs, b, 0, bRs, bCs, c, 0, n, accumulate);
        return c;
    }
}

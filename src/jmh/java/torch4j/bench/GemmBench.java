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
 * Square {@code C = A @ B} on contiguous row-major arrays through {@link CpuGemm}, with all of
 * {@link torch4j.backend.cpu.Parallel}'s threads. GFLOPS = {@code 2 n^3 / time}: at n = 1024, 1 ms
 * is 2147 GFLOPS, so e.g. 11.0 ms/op is 195 GFLOPS.
 *
 * <p>Measures the kernel picked at start-up (the Vector API one under these fork arguments);
 * for the scalar kernel add {@code -jvmArgsAppend -Dtorch4j.vector=false} to the JMH arguments.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class GemmBench {
    @Param({"64", "256", "1024", "2048"})
    public int n;

    private float[] a, b, c;
    private double[] da, db, dc;

    @Setup
    public void setup() {
        Random rnd = new Random(0);
        a = new float[n * n];
        b = new float[n * n];
        c = new float[n * n];
        da = new double[n * n];
        db = new double[n * n];
        dc = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            a[i] = rnd.nextFloat() - 0.5f;
            b[i] = rnd.nextFloat() - 0.5f;
            da[i] = a[i];
            db[i] = b[i];
        }
    }

    /** float32, the number to compare with {@code torch.mm} on the same machine. */
    @Benchmark
    public float[] sgemm() {
        CpuGemm.sgemm(n, n, n, a, 0, n, 1, b, 0, n, 1, c, 0, n, false);
        return c;
    }

    /** float64: half the lanes per vector, so about half the float32 rate. */
    @Benchmark
    public double[] dgemm() {
        CpuGemm.dgemm(n, n, n, da, 0, n, 1, db, 0, n, 1, dc, 0, n, false);
        return dc;
    }
}

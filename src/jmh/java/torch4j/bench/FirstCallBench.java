package torch4j.bench;

import java.lang.management.ManagementFactory;
import torch4j.Tensor;
import torch4j.Torch;

/**
 * Cold-start cost: the very first 1024x1024 float32 matmul in a fresh JVM (class loading, JIT
 * warm-up, and with the Vector API the incubator module's own start-up), next to the second call
 * and the best of ten warm calls. Not a JMH benchmark since JMH warms up; run it directly, once with
 * and once without the Vector API module:
 *
 * <pre>{@code
 * java --add-modules=jdk.incubator.vector -cp CLASSES torch4j.bench.FirstCallBench
 * java -cp CLASSES torch4j.bench.FirstCallBench
 * }</pre>
 *
 * where CLASSES is {@code BUILD/classes:BUILD/test-classes} of a {@code -Pjmh} build.
 */
public final class FirstCallBench {
    private FirstCallBench() {}

    public static void main(String[] args) {
        long mainStart = System.nanoTime();
        long jvmToMain = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        Torch.setNumThreads(threads);
        Tensor a = Torch.rand(1024, 1024);
        Tensor b = Torch.rand(1024, 1024);
        long t1 = System.nanoTime();
        Tensor c = a.matmul(b);
        long t2 = System.nanoTime();
        c = a.matmul(b);
        long t3 = System.nanoTime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            long s = System.nanoTime();
            c = a.matmul(b);
            best = Math.min(best, System.nanoTime() - s);
        }
        boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        System.out.printf("vector module: %b, threads: %d, checksum %.3f%n", vector, threads, c.sum().item());
        System.out.printf("JVM start -> main:      %8.1f ms%n", (double) jvmToMain);
        System.out.printf("setNumThreads + 2 rand: %8.1f ms%n", (t1 - mainStart) / 1e6);
        System.out.printf("first matmul:           %8.1f ms%n", (t2 - t1) / 1e6);
        System.out.printf("second matmul:          %8.1f ms%n", (t3 - t2) / 1e6);
        System.out.printf("best of 10 more:        %8.1f ms%n", best / 1e6);
        System.out.printf("main start -> first matmul done: %.1f ms%n", (t2 - mainStart) / 1e6);
    }
}

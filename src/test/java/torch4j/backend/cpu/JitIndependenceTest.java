package torch4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import torch4j.backend.UnaryOp;
import torch4j.testing.TestDevice;

/**
 * A kernel gives the same bits interpreted and compiled. The Vector API's own exp, log and tanh
 * did not (C2 calls SVML, the interpreter {@code Math.exp} per lane), so a seeded training run
 * changed from one run to the next with the moment C2 got to a loop. The reference comes from a
 * second JVM run with {@code -Xint} (this JVM's kernels may be compiled already, by earlier
 * tests); here each op runs thousands of times first, so that C2 has compiled it.
 */
class JitIndependenceTest {
    @BeforeEach
    void cpuOnly() {
        TestDevice.assumeCpu("these are the CPU kernels themselves");
    }

    private static final UnaryOp[] OPS = {UnaryOp.EXP, UnaryOp.LOG, UnaryOp.TANH, UnaryOp.SIGMOID};

    @Test
    void transcendentalsGiveTheInterpretersBits() throws IOException, InterruptedException {
        String interpreted = run("-Xint");
        for (int c = 0; c < 40_000; c++) results();
        assertEquals(interpreted, results(), "compiled results differ from interpreted ones");
    }

    /** Each op on fixed inputs (five vectors of 16 and a tail), as hex bits, a line per op. */
    static String results() {
        float[] x = new float[83];
        Random rnd = new Random(7);
        for (int i = 0; i < x.length; i++) x[i] = (float) (rnd.nextGaussian() * 4);
        StringBuilder sb = new StringBuilder();
        for (UnaryOp op : OPS) {
            float[] in = x.clone(), out = new float[x.length];
            if (op == UnaryOp.LOG) for (int i = 0; i < in.length; i++) in[i] = Math.abs(in[i]);
            FloatLoops.FAST.unary(op, in, 0, out, 0, in.length);
            sb.append(op);
            for (float f : out) sb.append(' ').append(Integer.toHexString(Float.floatToRawIntBits(f)));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** For the second JVM. */
    public static void main(String[] args) {
        System.out.print(results());
    }

    private static String run(String mode) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), mode, "--add-modules=jdk.incubator.vector", "-Dtorch4j.quiet=true",
                "-cp", System.getProperty("java.class.path"), JitIndependenceTest.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        // A few KiB of output, well inside the pipe's buffer: waiting before reading cannot block it.
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the " + mode + " JVM did not finish in 60 s");
        }
        assertEquals(0, p.exitValue(), "the " + mode + " JVM failed");
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}

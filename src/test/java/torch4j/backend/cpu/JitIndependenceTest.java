package torch4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import torch4j.backend.UnaryOp;
import torch4j.testing.TestDevice;

/**
 * A kernel gives the same bits before and after the JIT compiles it. The Vector API's own exp, log
 * and tanh did not (C2 calls SVML, the interpreter {@code Math.exp} per lane), so a seeded training
 * run changed from one run to the next with the moment C2 got to a loop. Each op here is called cold, then thousands of times (C2 compiles it well
 * before the end, so the later results come from compiled code), and every result must equal the
 * first.
 */
class JitIndependenceTest {
    @BeforeEach
    void cpuOnly() {
        TestDevice.assumeCpu("these are the CPU kernels themselves");
    }

    private static final int CALLS = 40_000;

    @Test
    void transcendentalsDoNotDependOnTheJitTier() {
        float[] x = new float[83]; // five vectors of 16 and a tail
        Random rnd = new Random(7);
        for (int i = 0; i < x.length; i++) x[i] = (float) (rnd.nextGaussian() * 4);
        for (UnaryOp op : new UnaryOp[] {UnaryOp.EXP, UnaryOp.LOG, UnaryOp.TANH, UnaryOp.SIGMOID}) {
            float[] in = op == UnaryOp.LOG ? abs(x) : x;
            float[] first = new float[x.length], out = new float[x.length];
            FloatLoops.FAST.unary(op, in, 0, first, 0, in.length);
            for (int c = 0; c < CALLS; c++) {
                FloatLoops.FAST.unary(op, in, 0, out, 0, in.length);
                if (c % 1000 == 999) assertArrayEquals(first, out, op + " changed after " + (c + 1) + " calls");
            }
        }
    }

    private static float[] abs(float[] x) {
        float[] a = new float[x.length];
        for (int i = 0; i < x.length; i++) a[i] = Math.abs(x[i]);
        return a;
    }
}

package torch4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static torch4j.Torch.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import torch4j.cuda.Cuda;
import torch4j.testing.TestDevice;
import torch4j.examples.TensorTutorial;

/** The tensor snippets of the seed tutorials (shared/seeds 001 and 004), as Java. */
class SeedsTensorTest {
    @Test
    void additionFourWays() {
        manualSeed(0);
        Tensor x = rand(4, 3), y = rand(4, 3);
        Tensor sum = x.add(y);
        assertTrue(add(x, y).equal(sum));
        Tensor result = empty(5, 3);
        add(x, y, result); // "result is casted for the new dimensions [4*3]"
        assertEquals(new Size(4, 3), result.size());
        assertTrue(result.equal(sum));
        y.add_(x);
        assertTrue(y.equal(sum));
    }

    @Test
    void indexingAndView() {
        Tensor x = arange(12).view(4, 3);
        assertArrayEquals(new long[] {1, 4, 7, 10}, x.get(":, 1").toLongArray());
        Tensor r = randn(4, 4);
        assertEquals("torch.Size([4, 4]) torch.Size([16]) torch.Size([2, 8])",
                r.size() + " " + r.view(16).size() + " " + r.view(-1, 8).size());
    }

    @Test
    void fromArraySharesMemory() {
        double[] a = {1, 2, 3};
        Tensor t = fromArray(a);
        a[1] = 20;
        assertEquals(20.0, t.get(1).item());
        t.set("0", 7);
        assertEquals(7.0, a[0]);
    }

    @Test
    void helpers() {
        assertEquals(16, numel(zeros(4, 4)));
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, eye(3).toFloatArray());
        assertArrayEquals(new float[] {0f, 0.25f, 0.5f, 0.75f, 1f}, linspace(0, 1, 5).toFloatArray());
        assertArrayEquals(new float[] {1, 1, 0, 0}, cat(List.of(ones(1, 2), zeros(1, 2)), 0).toFloatArray());
        List<Tensor> parts = chunk(arange(6), 3, 0);
        assertEquals(3, parts.size());
        assertArrayEquals(new long[] {2, 3}, parts.get(1).toLongArray());
    }

    @Test
    void devicesMustMatch() {
        Tensor x = rand(4, 3).cpu(), y = rand(4, 3).cpu();
        if (!Cuda.isAvailable()) {
            // Without CUDA, asking for it fails with a clear message instead of a late TypeError.
            RuntimeException e = assertThrows(RuntimeException.class, () -> x.cuda());
            assertTrue(e.getMessage().contains("libcuda.so.1"), e.getMessage());
            return;
        }
        Tensor xc = x.cuda(), yc = y.cuda();
        assertArrayEquals(x.add(y).toFloatArray(), xc.add(yc).toFloatArray());
        RuntimeException e = assertThrows(RuntimeException.class, () -> x.add(yc));
        assertEquals("Expected all tensors to be on the same device, but found at least two devices, cpu and cuda:0!", e.getMessage());
    }

    @Test
    void tutorialRuns() {
        TestDevice.assumeCpu("the expected text is the CPU tensors' printing");
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf));
        try {
            TensorTutorial.main(new String[0]);
        } finally {
            System.setOut(old);
        }
        String out = buf.toString();
        assertTrue(out.contains("tensor([[4.5000, 4.5000],\n        [4.5000, 4.5000]])"), out);
        assertTrue(out.contains("torch.Size([4, 4]) torch.Size([16]) torch.Size([2, 8])"), out);
        assertTrue(out.contains("tensor([10.,  2.,  3.])"), out);
    }
}

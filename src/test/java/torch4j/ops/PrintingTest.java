package torch4j.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.testing.Fixtures;
import torch4j.testing.TestDevice;

/** toString() against PyTorch's repr() of the same tensors (scripts/fixtures/gen_printing.py). */
class PrintingTest {
    @BeforeEach
    void cpuOnly() {
        TestDevice.assumeCpu("PyTorch's CPU repr; CudaTransferTest checks the device='cuda:0' suffix");
    }

    private static Map<String, String> expected() throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        try (var r = new BufferedReader(new InputStreamReader(
                PrintingTest.class.getResourceAsStream("/fixtures/printing_repr.txt"), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                int tab = line.indexOf('\t');
                m.put(line.substring(0, tab), line.substring(tab + 1).replace("\\n", "\n"));
            }
        }
        return m;
    }

    @Test
    void matchesPyTorchRepr() throws Exception {
        Map<String, String> want = expected();
        Fixtures f = Fixtures.load("printing");
        for (var c : f.cases().values()) {
            Tensor x = c.tensor("x");
            if (c.name().equals("requires_grad")) x.requiresGrad_();
            assertEquals(want.get(c.name()), x.toString(), c.name());
        }
    }

    @Test
    void gradFnSuffix() throws Exception {
        Tensor y = Torch.ones(2, 2).requiresGrad_().add(2);
        assertEquals(expected().get("grad_fn"), y.toString());
    }

    @Test
    void sizePrintsLikeTorchSize() {
        assertEquals("torch.Size([4, 3])", Torch.zeros(4, 3).size().toString());
        assertEquals("torch.Size([])", Torch.scalarTensor(1.0).size().toString());
    }
}

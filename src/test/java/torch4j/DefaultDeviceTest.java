package torch4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import torch4j.cuda.Cuda;

/** {@code Torch.setDefaultDevice}: which factories follow it and which do not. */
class DefaultDeviceTest {
    private Device previous;

    @BeforeEach
    void remember() {
        previous = Torch.getDefaultDevice();
    }

    @AfterEach
    void restore() {
        Torch.setDefaultDevice(previous);
    }

    @Test
    void theCpuDefaultMakesCpuTensors() {
        Torch.setDefaultDevice(Device.CPU);
        assertEquals(Device.CPU, Torch.getDefaultDevice());
        for (Tensor t : new Tensor[] {Torch.zeros(2), Torch.ones(2), Torch.empty(2), Torch.full(new int[] {2}, 3), Torch.eye(2),
                Torch.arange(3), Torch.linspace(0, 1, 3), Torch.tensor(new float[] {1}), Torch.scalarTensor(1.5), Torch.rand(2),
                Torch.randn(2), Torch.randint(0, 5, 2), Torch.randperm(3)}) {
            assertEquals(Device.CPU, t.device());
        }
        assertThrows(IllegalArgumentException.class, () -> Torch.setDefaultDevice(null));
    }

    @Test
    void everyFactoryWithoutADeviceAsksForTheDefaultOne() {
        assumeFalse(Cuda.isAvailable(), "needs a machine without CUDA: there a CUDA default fails at once, which shows it was used");
        Torch.setDefaultDevice(Device.CUDA);
        Map<String, Executable> factories = Map.ofEntries(
                Map.entry("zeros", () -> Torch.zeros(2)),
                Map.entry("zeros(dtype)", () -> Torch.zeros(DType.INT64, 2)),
                Map.entry("ones", () -> Torch.ones(2)),
                Map.entry("empty", () -> Torch.empty(2)),
                Map.entry("full", () -> Torch.full(new int[] {2}, 1.5)),
                Map.entry("eye", () -> Torch.eye(3)),
                Map.entry("arange", () -> Torch.arange(4)),
                Map.entry("linspace", () -> Torch.linspace(0, 1, 5)),
                Map.entry("tensor", () -> Torch.tensor(new double[] {1, 2})),
                Map.entry("tensor(nested)", () -> Torch.tensor(new float[][] {{1}})),
                Map.entry("scalarTensor", () -> Torch.scalarTensor(3)),
                Map.entry("rand", () -> Torch.rand(2)),
                Map.entry("randn", () -> Torch.randn(2)),
                Map.entry("randint", () -> Torch.randint(0, 3, 2)),
                Map.entry("randperm", () -> Torch.randperm(4)));
        factories.forEach((name, f) -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, f, name);
            assertTrue(e.getMessage().contains("cuda:0"), name + ": " + e.getMessage());
        });
    }

    @Test
    void arraysExplicitDevicesAndLikeFunctionsIgnoreTheDefault() {
        assumeFalse(Cuda.isAvailable(), "needs a machine without CUDA");
        Torch.setDefaultDevice(Device.CUDA);
        Tensor cpu = Torch.fromArray(new float[] {1, 2}); // shares the array: stays on the CPU, as torch.from_numpy
        Map<String, Supplier<Tensor>> fine = new LinkedHashMap<>();
        fine.put("fromArray", () -> cpu);
        fine.put("zeros(device)", () -> Torch.zeros(DType.FLOAT32, Device.CPU, 2));
        fine.put("rand(device)", () -> Torch.rand(DType.FLOAT32, Device.CPU, 2));
        fine.put("randn(device)", () -> Torch.randn(DType.FLOAT64, Device.CPU, 2));
        fine.put("randint(device)", () -> Torch.randint(0, 3, Device.CPU, 2));
        fine.put("arange(device)", () -> Torch.arange(0, 3, 1, null, Device.CPU));
        fine.put("linspace(device)", () -> Torch.linspace(0, 1, 3, DType.FLOAT32, Device.CPU));
        fine.put("eye(device)", () -> Torch.eye(2, 2, DType.FLOAT32, Device.CPU));
        fine.put("zerosLike", () -> Torch.zerosLike(cpu));
        fine.put("randLike", () -> Torch.randLike(cpu));
        fine.put("arithmetic", () -> cpu.add(1).mul(cpu));
        fine.forEach((name, f) -> assertEquals(Device.CPU, f.get().device(), name));
    }
}

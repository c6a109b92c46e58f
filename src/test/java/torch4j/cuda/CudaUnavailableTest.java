package torch4j.cuda;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Device;
import torch4j.Layout;
import torch4j.Storage;
import torch4j.Tensor;
import torch4j.Torch;

/** Without a usable GPU: CUDA reports why, CUDA requests fail with that reason, CPU work goes on. */
class CudaUnavailableTest {
    @BeforeAll
    static void onlyWithoutCuda() {
        assumeFalse(Cuda.isAvailable(), "CUDA is available on this machine");
    }

    /** Whether the dynamic loader could find the NVIDIA driver library here. */
    private static boolean driverLibraryPresent() {
        List<String> dirs = new ArrayList<>(List.of("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib",
                "/usr/lib/wsl/lib"));
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) dirs.addAll(List.of(ld.split(":")));
        return dirs.stream().anyMatch(d -> !d.isEmpty() && new File(d, "libcuda.so.1").exists());
    }

    @Test
    void isAvailableIsFalseAndSaysWhy() {
        assertFalse(Cuda.isAvailable());
        assertEquals(0, Cuda.deviceCount());
        String why = Cuda.unavailableReason().orElseThrow();
        assertFalse(why.isBlank());
        if (!driverLibraryPresent()) {
            assertTrue(why.contains("libcuda.so.1") && why.contains("install the NVIDIA driver"), why);
        }
    }

    @Test
    void cudaTensorsFailWithTheReason() {
        String why = Cuda.unavailableReason().orElseThrow();
        IllegalStateException zeros = assertThrows(IllegalStateException.class, () -> Torch.zeros(DType.FLOAT32, Device.CUDA, 2, 2));
        assertTrue(zeros.getMessage().contains("cuda:0") && zeros.getMessage().contains(why), zeros.getMessage());
        IllegalStateException moved = assertThrows(IllegalStateException.class, () -> Torch.ones(3).cuda());
        assertTrue(moved.getMessage().contains(why), moved.getMessage());
        IllegalStateException other = assertThrows(IllegalStateException.class, () -> Torch.ones(3).to(Device.cuda(1)));
        assertTrue(other.getMessage().contains("cuda:1"), other.getMessage());
        IllegalStateException sync = assertThrows(IllegalStateException.class, Cuda::synchronize);
        assertTrue(sync.getMessage().contains(why), sync.getMessage());
        // As PyTorch: the memory counters of a device never initialised read 0, and emptying nothing is fine.
        assertEquals(0, Cuda.memoryAllocated());
        assertEquals(0, Cuda.memoryReserved());
        assertDoesNotThrow(() -> Cuda.emptyCache());
    }

    @Test
    void cpuWorkIsUnaffectedAfterwards() {
        assertThrows(IllegalStateException.class, () -> Torch.zeros(DType.FLOAT32, Device.CUDA, 1));
        assertEquals(8.0, Torch.ones(2, 2).add(1).sum().item());
        assertEquals(Device.CPU, Torch.ones(2).device());
    }

    @Test
    void aMemoryScopeAndCloseDoNothingOnTheCpu() {
        Tensor kept, dropped;
        try (MemoryScope s = Cuda.memoryScope()) {
            kept = s.keep(Torch.ones(3));
            dropped = Torch.ones(2);
        }
        assertEquals(3.0, kept.sum().item());
        assertEquals(2.0, dropped.sum().item());
        dropped.close();
        assertEquals(2.0, dropped.sum().item(), "CPU memory belongs to the garbage collector");
    }

    @Test
    void mixingDevicesFailsWithPyTorchsMessage() {
        // A tensor typed as CUDA without a GPU behind it: the device check comes before any kernel.
        Tensor onCuda = new Tensor(Storage.forDevice(DType.FLOAT32, Device.CUDA, new Object(), 2), Layout.contiguous(2));
        Tensor onCpu = Torch.zeros(DType.FLOAT32, Device.CPU, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> onCpu.add(onCuda));
        assertEquals("Expected all tensors to be on the same device, but found at least two devices, cpu and cuda:0!", e.getMessage());
    }
}

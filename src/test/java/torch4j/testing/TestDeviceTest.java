package torch4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.Torch;

/** The test-device switch is installed for every class and reaches fixtures and assertions. */
class TestDeviceTest {
    @Test
    void theDefaultDeviceIsTheTestDevice() {
        assertEquals(TestDevice.get(), Torch.getDefaultDevice(), "TestDeviceExtension must be auto-registered");
        if (System.getProperty(TestDevice.PROPERTY) == null) assertEquals(Device.CPU, TestDevice.get());
    }

    @Test
    void fixturesComeOnTheTestDeviceAsFreshLeaves() {
        Fixtures.Case c = Fixtures.load("reductions").cases().values().iterator().next();
        String key = c.keys().iterator().next();
        Tensor a = c.tensor(key), b = c.tensor(key);
        assertEquals(TestDevice.get(), a.device());
        assertTrue(a.isLeaf());
        assertFalse(a.requiresGrad());
        assertNotSame(a.storage(), b.storage(), "each call hands out its own copy");
        Assertions.assertClose(a, b);
    }
}

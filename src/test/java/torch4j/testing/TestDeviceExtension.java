package torch4j.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Puts every test class on the {@link TestDevice}. Registered for all tests through
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension} with
 * {@code junit.jupiter.extensions.autodetection.enabled=true} (src/test/resources/junit-platform.properties).
 * It resets the default device before each class, so a test that changes it cannot leak that
 * change into the next class. With the property unset nothing changes: the default stays the CPU.
 */
public final class TestDeviceExtension implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        TestDevice.install();
    }
}

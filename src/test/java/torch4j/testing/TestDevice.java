package torch4j.testing;

import org.junit.jupiter.api.Assumptions;
import org.opentest4j.TestAbortedException;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.cuda.Cuda;

/**
 * The device the test suite runs on: {@code -Dtorch4j.test.device=cuda} (or {@code cuda:N})
 * moves the whole suite to a GPU, unset it runs on the CPU. With a CUDA test device, {@link
 * TestDeviceExtension} sets it as the default device before each test class, fixtures come on it,
 * and {@link Assertions} copy results back to the CPU to compare.
 *
 * <pre>{@code LD_LIBRARY_PATH=/tmp/emu mvn test -Dtorch4j.test.device=cuda }</pre>
 */
public final class TestDevice {
    /** The system property that picks the device. */
    public static final String PROPERTY = "torch4j.test.device";

    private static volatile boolean unavailableReported;

    private TestDevice() {}

    /** The requested device ({@code cpu} when the property is unset or blank). */
    public static Device get() {
        String spec = System.getProperty(PROPERTY, "");
        return spec.isBlank() ? Device.CPU : Device.of(spec);
    }

    public static boolean isCuda() {
        return get().isCuda();
    }

    /** Skips the calling test when the suite runs on CUDA: for tests about CPU-only behaviour (printing without a device suffix ...). */
    public static void assumeCpu(String why) {
        Assumptions.assumeFalse(isCuda(), () -> "CPU-only test: " + why);
    }

    /** {@code t} on the test device ({@code t} itself when it is there already). */
    public static Tensor place(Tensor t) {
        return t.to(get());
    }

    /**
     * Makes the test device the default one; with CUDA requested but unusable, fails with why
     * (that run asked for the GPU explicitly, so skipping would hide the problem).
     */
    static void install() {
        Device d = get();
        if (d.isCuda() && !Cuda.isAvailable()) {
            String why = "-D" + PROPERTY + "=" + System.getProperty(PROPERTY) + " asks for the tests to run on CUDA, but CUDA is"
                    + " not available: " + Cuda.unavailableReason().orElse("?");
            // The first class fails with the reason; the others are skipped rather than repeating it.
            if (unavailableReported) throw new TestAbortedException(why);
            unavailableReported = true;
            throw new IllegalStateException(why);
        }
        Torch.setDefaultDevice(d);
    }
}

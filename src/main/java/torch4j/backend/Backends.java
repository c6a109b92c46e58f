package torch4j.backend;

import torch4j.Device;

/** Finds non-CPU backends on first use, so CPU-only users never load them. */
final class Backends {
    private Backends() {}

    static Backend cuda(Device device) {
        throw new UnsupportedOperationException("Cannot use device " + device
                + ": torch4j was built without its CUDA backend; CUDA support is not available yet");
    }
}

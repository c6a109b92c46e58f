package torch4j.backend.cpu;

import torch4j.backend.IndexKernels;

/** CPU index kernels. */
final class CpuIndex implements IndexKernels {
    static final CpuIndex INSTANCE = new CpuIndex();

    private CpuIndex() {}
}

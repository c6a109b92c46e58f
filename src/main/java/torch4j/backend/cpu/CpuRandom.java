package torch4j.backend.cpu;

import torch4j.backend.RandomKernels;

/** CPU random kernels. */
final class CpuRandom implements RandomKernels {
    static final CpuRandom INSTANCE = new CpuRandom();

    private CpuRandom() {}
}

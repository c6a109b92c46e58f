package torch4j.backend.cpu;

import torch4j.backend.LinalgKernels;

/** CPU linalg kernels. */
final class CpuLinalg implements LinalgKernels {
    static final CpuLinalg INSTANCE = new CpuLinalg();

    private CpuLinalg() {}
}

package torch4j.backend.cpu;

import torch4j.backend.ReduceKernels;

/** CPU reduce kernels. */
final class CpuReduce implements ReduceKernels {
    static final CpuReduce INSTANCE = new CpuReduce();

    private CpuReduce() {}
}

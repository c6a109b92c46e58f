package torch4j.backend.cpu;

import torch4j.backend.ConvKernels;

/** CPU conv kernels. */
final class CpuConv implements ConvKernels {
    static final CpuConv INSTANCE = new CpuConv();

    private CpuConv() {}
}

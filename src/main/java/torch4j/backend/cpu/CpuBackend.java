package torch4j.backend.cpu;

import torch4j.DType;
import torch4j.Storage;
import torch4j.backend.Backend;
import torch4j.backend.ConvKernels;
import torch4j.backend.ElementwiseKernels;
import torch4j.backend.IndexKernels;
import torch4j.backend.LinalgKernels;
import torch4j.backend.RandomKernels;
import torch4j.backend.ReduceKernels;

/** The CPU backend: plain Java loops over primitive arrays, large work split over {@link Parallel}. */
public final class CpuBackend implements Backend {
    public static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {}

    @Override
    public Storage allocate(DType dtype, int numel) {
        return Storage.allocate(dtype, numel);
    }

    @Override
    public ElementwiseKernels elementwise() {
        return CpuElementwise.INSTANCE;
    }

    @Override
    public ReduceKernels reduce() {
        return CpuReduce.INSTANCE;
    }

    @Override
    public LinalgKernels linalg() {
        return CpuLinalg.INSTANCE;
    }

    @Override
    public IndexKernels index() {
        return CpuIndex.INSTANCE;
    }

    @Override
    public RandomKernels random() {
        return CpuRandom.INSTANCE;
    }

    @Override
    public ConvKernels conv() {
        return CpuConv.INSTANCE;
    }
}

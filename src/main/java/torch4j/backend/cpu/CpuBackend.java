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

    static {
        // One line, once, saying which kernels run (as Lucene does): the Vector API path is several
        // times faster and needs a JVM flag users easily miss. -Dtorch4j.quiet=true silences it.
        if (!Boolean.getBoolean("torch4j.quiet")) {
            String kernel = CpuGemm.kernelName();
            System.err.println("torch4j: CPU kernels use " + kernel + (kernel.startsWith("scalar")
                    ? "; run java with --add-modules jdk.incubator.vector for the fast path" : ""));
        }
    }

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

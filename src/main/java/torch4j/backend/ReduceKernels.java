package torch4j.backend;

/** Reductions along dims, scans and sorting. */
public interface ReduceKernels {
}

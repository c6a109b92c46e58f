package torch4j.backend;

/**
 * The reductions the kernels know: what {@link ReduceKernels#reduce} folds a set of elements into.
 * {@code SUM} and {@code PROD} also name the two scans ({@link ReduceKernels#scan}).
 */
public enum ReduceOp {
    /** Sum; 0 for no elements. */
    SUM,
    /** Product; 1 for no elements. */
    PROD,
    /** Largest element; NaN if any element is NaN. */
    MAX,
    /** Smallest element; NaN if any element is NaN. */
    MIN,
    /** True when every element is non-zero (NaN counts as non-zero); true for no elements. */
    ALL,
    /** True when some element is non-zero; false for no elements. */
    ANY
}

package torch4j.backend;

/** Matrix products. */
public interface LinalgKernels {
}

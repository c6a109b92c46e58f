package torch4j.backend;

/** Gathering, scattering and masking by index. */
public interface IndexKernels {
}

package torch4j.backend;

/** Random fills driven by a {@code Generator}. */
public interface RandomKernels {
}

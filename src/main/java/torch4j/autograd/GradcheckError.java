package torch4j.autograd;

/** Thrown by {@link GradCheck} when analytical and numerical gradients disagree (PyTorch's {@code GradcheckError}). */
public class GradcheckError extends RuntimeException {
    /** An error carrying the mismatch report (both Jacobians). */
    public GradcheckError(String message) {
        super(message);
    }
}

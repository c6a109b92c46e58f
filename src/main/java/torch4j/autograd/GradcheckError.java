package torch4j.autograd;

/** Thrown by {@link GradCheck} when analytical and numerical gradients disagree (PyTorch's {@code GradcheckError}). */
public class GradcheckError extends RuntimeException {
    public GradcheckError(String message) {
        super(message);
    }
}

package torch4j.autograd;

/**
 * {@code detectAnomaly()}: while enabled, nodes remember the forward call that created them and a
 * NaN or Inf produced in backward raises an error naming that op.
 *
 * <pre>{@code try (var a = AnomalyMode.detectAnomaly()) { loss.backward(); } }</pre>
 */
public final class AnomalyMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[1]);

    private AnomalyMode() {}

    /** True while a {@link #detectAnomaly()} scope is open on this thread. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Enables anomaly detection on this thread until the scope is closed. */
    public static Scope detectAnomaly() {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = true;
        return new Scope(() -> flag[0] = previous);
    }
}

package torch4j.autograd;

/**
 * Per-thread switch for graph recording, used through {@code Torch.noGrad()} and {@code
 * Torch.enableGrad()} as try-with-resources scopes.
 *
 * <pre>{@code try (var g = Torch.noGrad()) { p.sub_(p.grad().mul(lr)); } }</pre>
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {}

    /** True when ops on this thread record graph nodes. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Sets the mode and returns a scope that restores the previous one on close. */
    public static Scope set(boolean enabled) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = enabled;
        return new Scope(() -> flag[0] = previous);
    }
}

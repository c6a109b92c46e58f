package torch4j.autograd;

/** A try-with-resources scope that restores a per-thread mode when closed. */
public final class Scope implements AutoCloseable {
    private final Runnable restore;
    private boolean closed;

    Scope(Runnable restore) {
        this.restore = restore;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            restore.run();
        }
    }
}

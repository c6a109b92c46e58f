package torch4j.cuda;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import torch4j.Tensor;
import torch4j.backend.CudaRuntime;

/**
 * Releases the device memory of the CUDA tensors created on this thread while it was open, except
 * those {@linkplain #keep kept}; see {@link Cuda#memoryScope()}. Scopes nest: what an inner scope
 * keeps belongs to the enclosing one. Views share their base's memory, so keeping a view keeps
 * the base's buffer, and releasing a base invalidates its views.
 */
public final class MemoryScope implements AutoCloseable {
    private final CudaRuntime runtime;
    private final Set<Object> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Thread owner = Thread.currentThread();
    private boolean closed;

    MemoryScope(CudaRuntime runtime) {
        this.runtime = runtime;
        if (runtime != null) runtime.beginScope();
    }

    /** Keeps {@code t}'s device memory past the end of this scope; returns {@code t}. */
    public Tensor keep(Tensor t) {
        if (closed) throw new IllegalStateException("keep() on a closed memory scope");
        if (t != null && t.device().isCuda()) kept.add(t.storage().data());
        return t;
    }

    /** Releases every buffer created in the scope that was not kept; later calls do nothing. */
    @Override
    public void close() {
        if (closed) return;
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a memory scope must be closed on the thread that opened it (" + owner.getName() + ")");
        }
        closed = true;
        if (runtime != null) runtime.endScope(kept);
    }
}

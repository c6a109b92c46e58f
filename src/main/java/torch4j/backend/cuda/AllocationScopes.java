package torch4j.backend.cuda;

import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The memory scopes open on each thread ({@code torch4j.cuda.Cuda.memoryScope()}): every buffer a
 * thread allocates is recorded in its innermost scope, and released when the scope closes unless
 * kept. Buffers are held weakly so that a scope does not stop the Cleaner from reclaiming what
 * becomes garbage inside it.
 */
final class AllocationScopes {
    private static final ThreadLocal<ArrayDeque<List<WeakReference<CudaBuffer>>>> OPEN =
            ThreadLocal.withInitial(ArrayDeque::new);

    private AllocationScopes() {}

    static void begin() {
        OPEN.get().push(new ArrayList<>());
    }

    static void record(CudaBuffer buffer) {
        List<WeakReference<CudaBuffer>> scope = OPEN.get().peek();
        if (scope == null) return;
        int n = scope.size();
        if (n >= 1024 && (n & (n - 1)) == 0) {
            // A long loop inside a scope: drop what was already collected or closed.
            scope.removeIf(r -> {
                CudaBuffer b = r.get();
                return b == null || b.isReleased();
            });
        }
        scope.add(new WeakReference<>(buffer));
    }

    /** Closes the innermost scope; kept buffers (by identity) move to the enclosing scope, if any. */
    static void end(Set<Object> kept) {
        ArrayDeque<List<WeakReference<CudaBuffer>>> open = OPEN.get();
        if (open.isEmpty()) throw new IllegalStateException("no CUDA memory scope is open on this thread");
        List<WeakReference<CudaBuffer>> scope = open.pop();
        List<WeakReference<CudaBuffer>> parent = open.peek();
        for (WeakReference<CudaBuffer> ref : scope) {
            CudaBuffer b = ref.get();
            if (b == null) continue;
            if (!kept.contains(b)) b.close();
            else if (parent != null) parent.add(ref);
        }
    }
}

package torch4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
    private int before;

    @BeforeEach
    void saveThreads() {
        before = Parallel.numThreads();
        Parallel.setNumThreads(3);
    }

    @AfterEach
    void restoreThreads() {
        Parallel.setNumThreads(before);
    }

    /** Every index visited exactly once, and the split used more than one chunk. */
    @Test
    void coversRangeOnce() {
        for (int n : new int[] {1, 2, 3, 7, 100, 1001}) {
            AtomicIntegerArray hits = new AtomicIntegerArray(n);
            AtomicIntegerArray chunks = new AtomicIntegerArray(1);
            Parallel.forRange(n, 1, (lo, hi) -> {
                chunks.incrementAndGet(0);
                for (int i = lo; i < hi; i++) hits.incrementAndGet(i);
            });
            for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "n=" + n + " index " + i);
            assertEquals(Math.min(3, n), chunks.get(0), "chunks for n=" + n);
        }
    }

    @Test
    void grainLimitsChunks() {
        AtomicIntegerArray chunks = new AtomicIntegerArray(1);
        Parallel.forRange(100, 60, (lo, hi) -> chunks.incrementAndGet(0));
        assertEquals(1, chunks.get(0));
    }

    /** A failure on a worker's chunk or on the caller's reaches the caller, and the team still works after. */
    @Test
    void failuresPropagate() {
        var e = assertThrows(IllegalStateException.class, () -> Parallel.forRange(30, 1, (lo, hi) -> {
            if (hi == 30) throw new IllegalStateException("worker chunk");
        }));
        assertEquals("worker chunk", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> Parallel.forRange(30, 1, (lo, hi) -> {
            if (lo == 0) throw new IllegalStateException("caller chunk");
        }));
        assertEquals("caller chunk", e.getMessage());
        coversRangeOnce();
    }

    /**
     * A chunk goes to whoever claims it first: with the cores oversubscribed, workers are often
     * descheduled when a job is posted, and the caller then runs their chunks itself instead of
     * waiting. Every chunk still runs exactly once.
     */
    @Test
    void theCallerRunsTheChunksOfALateWorker() throws InterruptedException {
        List<Thread> hogs = new ArrayList<>();
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            Thread h = new Thread(() -> {
                while (!stop.get()) Thread.onSpinWait();
            });
            h.setDaemon(true);
            h.start();
            hogs.add(h);
        }
        try {
            boolean stolen = false;
            for (int call = 0; call < 20_000 && !stolen; call++) {
                Thread caller = Thread.currentThread();
                AtomicIntegerArray hits = new AtomicIntegerArray(3), byCaller = new AtomicIntegerArray(1);
                Parallel.forRange(3, 1, (lo, hi) -> {
                    if (Thread.currentThread() == caller) byCaller.incrementAndGet(0);
                    long until = System.nanoTime() + 20_000;
                    while (System.nanoTime() < until) Thread.onSpinWait();
                    hits.incrementAndGet(lo);
                });
                for (int c = 0; c < 3; c++) assertEquals(1, hits.get(c), "call " + call + " chunk " + c);
                stolen = byCaller.get(0) > 1;
            }
            assertTrue(stolen, "the caller never ran a late worker's chunk in 20,000 calls on oversubscribed cores");
        } finally {
            stop.set(true);
            for (Thread h : hogs) h.join();
        }
    }

    /** A finished job is not kept by the workers: what its body captured can be collected. */
    @Test
    void aFinishedJobsCapturesCanBeCollected() throws InterruptedException {
        Object[] big = {new float[1 << 20]};
        var ref = new java.lang.ref.WeakReference<>(big[0]);
        captureAndRun(big[0]);
        big[0] = null;
        for (int i = 0; i < 100 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertTrue(ref.get() == null, "the workers still hold the last job's body");
    }

    private static void captureAndRun(Object captured) {
        Parallel.forRange(3, 1, (lo, hi) -> assertTrue(captured != null));
    }

    /**
     * A busy team changes where chunks run, never their bounds: kernels that keep a partial result
     * per chunk (the convolution's weight gradient) then give the same bits either way.
     */
    @Test
    void busyTeamRunsTheSameChunksInline() {
        List<String> free = new ArrayList<>(), busy = new ArrayList<>();
        Parallel.forRange(1000, 10, (lo, hi) -> record(free, lo, hi));
        Parallel.forRange(2, 1, (lo, hi) -> {
            if (lo == 0) Parallel.forRange(1000, 10, (a, b) -> record(busy, a, b)); // nested: the team is in use
        });
        Collections.sort(free);
        assertEquals(free, busy, "chunk bounds");
        assertEquals(3, busy.size());
    }

    private static void record(List<String> chunks, int lo, int hi) {
        synchronized (chunks) {
            chunks.add(lo + ".." + hi);
        }
    }

    /** A forRange inside a body runs inline on that thread and still covers its range. */
    @Test
    void nestedRunsInline() {
        AtomicIntegerArray hits = new AtomicIntegerArray(30 * 20);
        Parallel.forRange(30, 1, (lo, hi) -> {
            assertTrue(Parallel.inParallelRegion());
            for (int i = lo; i < hi; i++) {
                int row = i;
                Thread outer = Thread.currentThread();
                Parallel.forRange(20, 1, (a, b) -> {
                    assertEquals(outer, Thread.currentThread());
                    for (int j = a; j < b; j++) hits.incrementAndGet(row * 20 + j);
                });
            }
        });
        for (int i = 0; i < 600; i++) assertEquals(1, hits.get(i));
        assertTrue(!Parallel.inParallelRegion());
    }

    /** Several threads calling at once: one gets the team, the others run inline, all results right. */
    @Test
    void concurrentCallers() throws InterruptedException {
        int callers = 4, n = 5000, reps = 200;
        AtomicIntegerArray hits = new AtomicIntegerArray(callers * n);
        Thread[] ts = new Thread[callers];
        for (int t = 0; t < callers; t++) {
            int base = t * n;
            ts[t] = new Thread(() -> {
                for (int r = 0; r < reps; r++) {
                    Parallel.forRange(n, 1, (lo, hi) -> {
                        for (int i = lo; i < hi; i++) hits.incrementAndGet(base + i);
                    });
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) t.join();
        for (int i = 0; i < callers * n; i++) assertEquals(reps, hits.get(i));
    }

    @Test
    void setNumThreadsChangesSplit() {
        Parallel.setNumThreads(1);
        assertEquals(1, Parallel.numThreads());
        AtomicIntegerArray chunks = new AtomicIntegerArray(1);
        Parallel.forRange(100, 1, (lo, hi) -> chunks.incrementAndGet(0));
        assertEquals(1, chunks.get(0));
        Parallel.setNumThreads(2);
        Parallel.forRange(100, 1, (lo, hi) -> chunks.incrementAndGet(0));
        assertEquals(3, chunks.get(0));
        assertThrows(IllegalArgumentException.class, () -> Parallel.setNumThreads(0));
    }
}

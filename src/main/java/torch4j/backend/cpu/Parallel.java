package torch4j.backend.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread pool that large CPU kernels split their work over.
 *
 * <p>Small work stays on the calling thread. The pool is a team of {@code numThreads() - 1}
 * workers plus the caller, which takes chunks too: posting a job is a volatile write, and a worker
 * that finished a job less than {@value #SPIN_MICROS} us ago is still spinning and starts within a
 * fraction of a microsecond (a ForkJoinPool submit and join costs tens of microseconds, more than a
 * training step's small GEMMs take). Idle longer than that, a worker parks and costs no CPU. Each
 * chunk goes to the first thread that claims it, so the caller runs a chunk whose worker has not
 * started by the time the caller is free: measured on a 2-core VM, about one post in ten found the
 * worker's core away for 50-100 us. {@link #setNumThreads} replaces the team (as
 * {@code torch.set_num_threads} does).
 *
 * <p>One caller at a time uses the team; a second thread calling {@link #forRange} meanwhile, or a
 * body calling it again (nested parallelism), runs its chunks inline, one after the other, as the
 * cores are busy. The chunks are the same however they are shared out: they depend on the range,
 * the grain and {@link #numThreads()} only, so a kernel that keeps a partial result per chunk gives
 * the same bits whichever thread ran which chunk, and whether or not another thread had the team.
 */
public final class Parallel {

    /** Loop body over the half-open index range {@code [start, end)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    /** How long an idle worker, or a caller waiting for its workers, stays awake before parking. */
    static final long SPIN_MICROS = 100;
    private static final long SPIN_NANOS = SPIN_MICROS * 1000;
    /**
     * For this first part of the wait it busy-spins; after it, each turn yields the core, so a GC
     * or JIT thread that needs it runs (on 2 cores a pure spinner would hold it for a time slice).
     */
    private static final long BUSY_NANOS = 5_000;

    private static volatile Team team = new Team(Runtime.getRuntime().availableProcessors());

    private Parallel() {}

    /** Number of threads large kernels use. */
    public static int numThreads() {
        return team.threads;
    }

    /** Sets the number of threads large kernels use; {@code n >= 1}. */
    public static synchronized void setNumThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("setNumThreads: expected n >= 1 but got " + n);
        Team old = team;
        if (n == old.threads) return;
        team = new Team(n);
        old.shutdown();
    }

    /**
     * True on a pool worker or on a caller whose {@link #forRange} is in flight: a kernel there
     * should not plan a split, since a nested {@code forRange} runs inline anyway.
     */
    static boolean inParallelRegion() {
        Thread t = Thread.currentThread();
        return t instanceof Worker || team.owner == t;
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into at most {@link #numThreads()} chunks of at
     * least {@code grain} indices each; runs the chunks inline, in order, when the team is busy
     * (called from a worker, from inside another {@code forRange}, or from a second thread).
     */
    public static void forRange(int n, int grain, RangeBody body) {
        if (n <= 0) return;
        Team t = team;
        int chunks = (int) Math.min(t.threads, Math.max(1L, (long) n / Math.max(1, grain)));
        if (chunks <= 1) {
            body.run(0, n);
            return;
        }
        if (!t.acquire()) {
            for (int c = 0; c < chunks; c++) body.run(bound(n, c, chunks), bound(n, c + 1, chunks));
            return;
        }
        try {
            t.run(n, chunks, body);
        } finally {
            t.release();
        }
    }

    /**
     * One {@code forRange} call as the workers see it. Its chunks go to whoever claims them first,
     * the caller included: a worker that is late to start (on a shared or virtual machine its core
     * is now and then away for tens of microseconds) leaves its chunk to the caller instead of
     * making it wait.
     */
    private static final class Job {
        final RangeBody body;
        final int n, chunks;
        /** The next chunk nobody has claimed. */
        final AtomicInteger next = new AtomicInteger();
        /** Chunks not yet finished. */
        final AtomicInteger pending;
        volatile Thread waiter;
        volatile Throwable failure;

        Job(RangeBody body, int n, int chunks) {
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            this.pending = new AtomicInteger(chunks);
        }

        /** Runs unclaimed chunks until there are none; wakes a parked caller after the last one. */
        void work() {
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
                try {
                    body.run(bound(n, c, chunks), bound(n, c + 1, chunks));
                } catch (Throwable e) {
                    failure = e;
                }
                if (pending.decrementAndGet() == 0) {
                    Thread w = waiter;
                    if (w != null) LockSupport.unpark(w);
                }
            }
        }
    }

    /** Where chunk {@code c} of {@code chunks} over {@code [0, n)} starts. */
    private static int bound(int n, int c, int chunks) {
        return (int) ((long) n * c / chunks);
    }

    /** The caller plus {@code threads - 1} workers, used by one caller at a time. */
    private static final class Team {
        final int threads;
        final Worker[] workers;
        final AtomicBoolean busy = new AtomicBoolean();
        volatile Thread owner;
        volatile boolean stopped;

        Team(int threads) {
            this.threads = threads;
            workers = new Worker[threads - 1];
            for (int i = 0; i < workers.length; i++) {
                workers[i] = new Worker("torch4j-worker-" + (i + 1));
                workers[i].start();
            }
        }

        boolean acquire() {
            if (!busy.compareAndSet(false, true)) return false;
            if (stopped) {
                busy.set(false);
                return false;
            }
            owner = Thread.currentThread();
            return true;
        }

        void release() {
            owner = null;
            busy.set(false);
        }

        void run(int n, int chunks, RangeBody body) {
            Job job = new Job(body, n, chunks);
            for (int w = 0; w < Math.min(workers.length, chunks - 1); w++) workers[w].post(job);
            job.work();
            await(job);
            Throwable failure = job.failure;
            if (failure instanceof RuntimeException re) throw re;
            if (failure instanceof Error err) throw err;
            if (failure != null) throw new RuntimeException(failure);
        }

        /** Spins while the workers are likely to finish soon, then parks until the last one wakes us. */
        private static void await(Job job) {
            if (job.pending.get() == 0) return;
            long start = System.nanoTime();
            while (job.pending.get() != 0) {
                long waited = System.nanoTime() - start;
                if (waited > SPIN_NANOS) {
                    job.waiter = Thread.currentThread();
                    while (job.pending.get() != 0) LockSupport.park(job);
                    return;
                }
                if (waited < BUSY_NANOS) Thread.onSpinWait();
                else Thread.yield();
            }
        }

        /** Stops the workers once no caller uses the team; a later forRange on it runs inline. */
        void shutdown() {
            while (!busy.compareAndSet(false, true)) Thread.onSpinWait();
            stopped = true;
            for (Worker w : workers) w.retire();
        }
    }

    /**
     * A pool thread: works on the latest job posted to its mailbox, spinning briefly between jobs.
     * A job it comes to late may have no chunk left, which is fine: the caller took them.
     */
    private static final class Worker extends Thread {
        /**
         * The job posted and not yet taken. Taking empties it, so that a finished job's body (and
         * the arrays it captured) is not kept alive until the next post; a post that replaced the
         * job in the meantime is kept.
         */
        private final AtomicReference<Job> mailbox = new AtomicReference<>();
        private volatile boolean parked, stop;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        void post(Job j) {
            mailbox.set(j);
            if (parked) LockSupport.unpark(this);
        }

        void retire() {
            stop = true;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            while (true) {
                Job j = take();
                if (j == null) return;
                j.work();
            }
        }

        /**
         * The next job, or null once stopped. The parked flag and the mailbox are both volatile, so
         * a post either sees parked or is seen before parking.
         */
        private Job take() {
            long start = System.nanoTime();
            while (true) {
                Job j = mailbox.get();
                if (j != null && mailbox.compareAndSet(j, null)) return j;
                if (j != null) continue; // replaced by a newer post: take that one
                if (stop) return null;
                long waited = System.nanoTime() - start;
                if (waited < BUSY_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                if (waited < SPIN_NANOS) {
                    Thread.yield();
                    continue;
                }
                parked = true;
                if (mailbox.get() == null && !stop) LockSupport.park(this);
                parked = false;
                start = System.nanoTime();
            }
        }
    }
}

package torch4j.data;

import torch4j.Generator;

/**
 * The per-batch generator of the batch being loaded on this thread. A loader sets it around each
 * batch, seeded from the epoch's base seed and the batch index, so random transforms give the same
 * result whichever worker (or the caller) loads the batch.
 */
final class BatchContext {
    private static final ThreadLocal<Generator> CURRENT = new ThreadLocal<>();

    private BatchContext() {}

    static Generator current() {
        return CURRENT.get();
    }

    static void enter(long seed) {
        CURRENT.set(new Generator().manualSeed(seed));
    }

    static void exit() {
        CURRENT.remove();
    }
}

package torch4j.data;

import torch4j.Generator;

/** Random index helpers shared by the samplers and {@link DataSets#randomSplit}. */
final class Sampling {
    private Sampling() {}

    /** A uniformly random permutation of {@code 0..n-1} (Fisher-Yates). */
    static int[] permutation(int n, Generator g) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = (int) g.nextLong(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * The generator one pass of a sampler uses: {@code fixed} when the user gave one (so passes
     * differ and follow its state), else a fresh one seeded from the default generator, as PyTorch's
     * samplers do.
     */
    static Generator passGenerator(Generator fixed) {
        return fixed != null ? fixed : new Generator().manualSeed(Generator.defaultGenerator().nextLong());
    }

    /** SplitMix64 finaliser: a well-mixed seed for stream {@code index} of {@code base}. */
    static long mix(long base, long index) {
        long z = base + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

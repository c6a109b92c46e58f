package torch4j;

/**
 * A seeded source of random numbers ({@code torch.Generator}); every random op takes one, or uses
 * the default generator that {@code Torch.manualSeed} seeds. xoshiro256** seeded by SplitMix64:
 * fast, with a 256-bit state that {@link #getState()} / {@link #setState(long[])} save and restore.
 * Streams differ from PyTorch's (which uses MT19937), so results are reproducible within torch4j.
 *
 * <pre>{@code Generator g = new Generator().manualSeed(42); Tensor x = Torch.rand(g, 3, 3); }</pre>
 */
public final class Generator {
    private static final Generator DEFAULT = new Generator().manualSeed(67280421310721L);

    private long s0, s1, s2, s3;
    private long seed;
    private double spareGaussian;
    private boolean hasSpare;

    /** A generator seeded with a default seed. */
    public Generator() {
        manualSeed(67280421310721L);
    }

    /** The generator random ops use when none is given. */
    public static Generator defaultGenerator() {
        return DEFAULT;
    }

    /** Reseeds; the same seed always gives the same stream. */
    public synchronized Generator manualSeed(long seed) {
        this.seed = seed;
        long x = seed;
        s0 = splitMix(x += 0x9E3779B97F4A7C15L);
        s1 = splitMix(x += 0x9E3779B97F4A7C15L);
        s2 = splitMix(x += 0x9E3779B97F4A7C15L);
        s3 = splitMix(x + 0x9E3779B97F4A7C15L);
        hasSpare = false;
        return this;
    }

    /** The seed last set. */
    public synchronized long initialSeed() {
        return seed;
    }

    /** A copy of the state, for {@link #setState}. */
    public synchronized long[] getState() {
        return new long[] {s0, s1, s2, s3, hasSpare ? 1 : 0, Double.doubleToRawLongBits(spareGaussian)};
    }

    public synchronized void setState(long[] state) {
        if (state.length != 6) throw new IllegalArgumentException("Generator state must have 6 longs, got " + state.length);
        s0 = state[0];
        s1 = state[1];
        s2 = state[2];
        s3 = state[3];
        hasSpare = state[4] != 0;
        spareGaussian = Double.longBitsToDouble(state[5]);
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** 64 random bits. */
    public synchronized long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in {@code [0, 1)} with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in {@code [0, 1)} with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform integer in {@code [0, bound)}, unbiased. */
    public long nextLong(long bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive, got " + bound);
        long m = bound - 1;
        long r = nextLong() >>> 1;
        if ((bound & m) == 0) return r & m;
        for (long u = r; u - (r = u % bound) + m < 0; u = nextLong() >>> 1) {
            // rejection keeps the distribution uniform
        }
        return r;
    }

    /** Standard normal (Marsaglia's polar method). */
    public synchronized double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u, v, s;
        do {
            u = nextDouble() * 2 - 1;
            v = nextDouble() * 2 - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double m = Math.sqrt(-2 * Math.log(s) / s);
        spareGaussian = v * m;
        hasSpare = true;
        return u * m;
    }

    /** Fills {@code out[off .. off+n)} with uniform values in {@code [from, to)}, holding the lock once. */
    public synchronized void fillUniform(double[] out, int off, int n, double from, double to) {
        double span = to - from;
        for (int i = 0; i < n; i++) out[off + i] = from + span * ((nextLong() >>> 11) * 0x1.0p-53);
    }

    /** Fills {@code out[off .. off+n)} with normal values. */
    public synchronized void fillNormal(double[] out, int off, int n, double mean, double std) {
        for (int i = 0; i < n; i++) out[off + i] = mean + std * nextGaussian();
    }
}

package torch4j;

/**
 * A typed slice for {@link Tensor#get(Object...)}: {@code Slice.of(1, 3)} is Python's
 * {@code 1:3}, {@code Slice.all()} is {@code :}, {@code Slice.of(null, null, 2)} is {@code ::2}.
 * Negative bounds count from the end; out-of-range bounds are clamped as in Python.
 */
public record Slice(Integer start, Integer stop, int step) {
    public Slice {
        if (step <= 0) throw new IllegalArgumentException("slice step must be positive, got " + step);
    }

    /** {@code :} */
    public static Slice all() {
        return new Slice(null, null, 1);
    }

    /** {@code start:stop} */
    public static Slice of(Integer start, Integer stop) {
        return new Slice(start, stop, 1);
    }

    /** {@code start:stop:step} */
    public static Slice of(Integer start, Integer stop, int step) {
        return new Slice(start, stop, step);
    }

    /** {@code start:} */
    public static Slice from(int start) {
        return new Slice(start, null, 1);
    }

    /** {@code :stop} */
    public static Slice to(int stop) {
        return new Slice(null, stop, 1);
    }
}

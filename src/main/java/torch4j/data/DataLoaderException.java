package torch4j.data;

/**
 * A failure while loading or collating a batch, re-thrown in the caller's {@code next()} with the
 * worker's exception as its cause. {@link #sampleIndex()} names the dataset index that failed
 * (-1 when collation failed).
 */
public final class DataLoaderException extends RuntimeException {
    private final int sampleIndex;
    private final int batchIndex;

    public DataLoaderException(String message, int sampleIndex, int batchIndex, Throwable cause) {
        super(message, cause);
        this.sampleIndex = sampleIndex;
        this.batchIndex = batchIndex;
    }

    /** The dataset index whose {@code get} threw, or -1 when the collate function threw. */
    public int sampleIndex() {
        return sampleIndex;
    }

    /** The position of the failing batch in the epoch (0-based). */
    public int batchIndex() {
        return batchIndex;
    }
}

package torch4j.backend.cuda;

/**
 * Device memory straight from the driver, behind an interface so that the caching allocator can
 * be tested on the CPU with a fake.
 */
interface RawAllocator {
    /** A new block of {@code bytes} bytes, or 0 when the device is out of memory. */
    long malloc(long bytes);

    /** Returns a block that {@link #malloc} gave. */
    void free(long address);

    /** Waits until all queued device work is done, so a block can go back to the driver. */
    void synchronize();
}

package torch4j.backend.cuda;

import java.lang.ref.Cleaner;

/**
 * A block of device memory owned by one storage. It goes back to its allocator's cache when
 * {@link #close()} is called ({@code Tensor.close()}, a memory scope) or, failing that, when the
 * Cleaner finds it unreachable; whichever comes first, the block is returned exactly once.
 */
final class CudaBuffer implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final long address;
    private final long bytes;
    private final Release release;
    private final Cleaner.Cleanable cleanable;

    /** {@code blockSize} is what the allocator handed out (0 for the empty buffer, which owns nothing). */
    CudaBuffer(CachingAllocator owner, long address, long bytes, long blockSize) {
        this.address = address;
        this.bytes = bytes;
        this.release = new Release(owner, address, blockSize);
        this.cleanable = blockSize == 0 ? null : CLEANER.register(this, release);
    }

    /** The device address of byte 0; fails once the buffer was released, so stale tensors cannot touch reused memory. */
    long address() {
        if (release.done) {
            throw new IllegalStateException("this CUDA tensor's memory was released by close() (or by the memory scope"
                    + " it was created in); views share their base tensor's memory");
        }
        return address;
    }

    /** The size asked for (the block may be larger). */
    long bytes() {
        return bytes;
    }

    boolean isReleased() {
        return release.done;
    }

    /** Returns the block to the allocator now; later calls do nothing. */
    @Override
    public void close() {
        if (cleanable != null) cleanable.clean();
        else release.done = true;
    }

    @Override
    public String toString() {
        return "CudaBuffer[0x" + Long.toHexString(address) + ", " + bytes + " bytes" + (release.done ? ", released]" : "]");
    }

    /** The Cleaner's action: must not refer to the buffer, or the buffer would never become unreachable. */
    private static final class Release implements Runnable {
        private final CachingAllocator owner;
        private final long address;
        private final long size;
        volatile boolean done;

        Release(CachingAllocator owner, long address, long size) {
            this.owner = owner;
            this.address = address;
            this.size = size;
        }

        @Override
        public void run() {
            done = true;
            owner.release(address, size);
        }
    }
}

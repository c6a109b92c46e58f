package torch4j.backend.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import torch4j.cuda.CudaOutOfMemoryException;

/**
 * PyTorch's caching allocator, reduced to its core: a freed block is kept in a free list keyed by
 * its (rounded) size and handed to the next request of that size, because cuMemAlloc and
 * cuMemFree are slow and cuMemFree synchronises the device. Reuse is safe without events because
 * all work of a device runs on one stream: whatever the new owner queues runs after what the old
 * owner queued.
 *
 * <p>Blocks come back from {@link CudaBuffer#close()} or from the Cleaner thread once a tensor is
 * unreachable, so all state is guarded by this object's lock. The garbage collector does not see
 * device memory, so when the driver refuses an allocation the cache is emptied, then unreachable
 * tensors are collected and their blocks reused, before {@link CudaOutOfMemoryException} is
 * thrown.
 */
final class CachingAllocator {
    /** Block sizes are multiples of this, as PyTorch's small-block rounding. */
    static final long GRANULARITY = 512;
    private static final int GC_ATTEMPTS = 3;

    private final RawAllocator raw;
    private final int deviceIndex;
    private final Map<Long, ArrayDeque<Long>> freeBlocks = new HashMap<>();
    private long allocated;
    private long cached;

    CachingAllocator(RawAllocator raw, int deviceIndex) {
        this.raw = raw;
        this.deviceIndex = deviceIndex;
    }

    static long roundUp(long bytes) {
        return Math.max(GRANULARITY, (bytes + GRANULARITY - 1) / GRANULARITY * GRANULARITY);
    }

    /** A buffer of at least {@code bytes} bytes (contents undefined); zero bytes give a null buffer. */
    CudaBuffer allocate(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("cannot allocate a negative number of bytes: " + bytes);
        if (bytes == 0) return new CudaBuffer(this, 0, 0, 0);
        long size = roundUp(bytes);
        long address = tryAllocate(size);
        for (int attempt = 0; address == 0 && attempt < GC_ATTEMPTS; attempt++) {
            // Unreachable tensors may still hold blocks: let the Cleaner return them (outside the lock,
            // which the Cleaner thread needs).
            System.gc();
            try {
                Thread.sleep(20L << attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            address = tryAllocate(size);
        }
        if (address == 0) {
            throw new CudaOutOfMemoryException(String.format(Locale.ROOT,
                    "CUDA out of memory. Tried to allocate %s (GPU %d; %s already allocated; %s reserved in total by torch4j)",
                    formatSize(size), deviceIndex, formatSize(memoryAllocated()), formatSize(memoryReserved())));
        }
        return new CudaBuffer(this, address, bytes, size);
    }

    /** From the cache, else from the driver, else from the driver after emptying the cache; 0 if all fail. */
    private synchronized long tryAllocate(long size) {
        ArrayDeque<Long> list = freeBlocks.get(size);
        if (list != null && !list.isEmpty()) {
            cached -= size;
            allocated += size;
            return list.pop();
        }
        long address = raw.malloc(size);
        if (address == 0 && cached > 0) {
            emptyCache();
            address = raw.malloc(size);
        }
        if (address != 0) allocated += size;
        return address;
    }

    /** Takes back a block of {@code size} bytes; called once per block (CudaBuffer guarantees it). */
    synchronized void release(long address, long size) {
        allocated -= size;
        cached += size;
        freeBlocks.computeIfAbsent(size, s -> new ArrayDeque<>()).push(address);
    }

    /** Waits for the device, then gives every cached block back to the driver. */
    synchronized void emptyCache() {
        if (cached == 0) return;
        raw.synchronize();
        for (ArrayDeque<Long> list : freeBlocks.values()) {
            for (long address : list) raw.free(address);
        }
        freeBlocks.clear();
        cached = 0;
    }

    /** Bytes in blocks owned by live buffers. */
    synchronized long memoryAllocated() {
        return allocated;
    }

    /** Bytes held from the driver: allocated plus cached. */
    synchronized long memoryReserved() {
        return allocated + cached;
    }

    /** PyTorch's {@code format_size}: bytes, KiB, MiB or GiB with two decimals. */
    static String formatSize(long bytes) {
        if (bytes <= 1024) return bytes + " bytes";
        if (bytes <= 1048576) return String.format(Locale.ROOT, "%.2f KiB", bytes / 1024.0);
        if (bytes <= 1073741824L) return String.format(Locale.ROOT, "%.2f MiB", bytes / 1048576.0);
        return String.format(Locale.ROOT, "%.2f GiB", bytes / 1073741824.0);
    }
}

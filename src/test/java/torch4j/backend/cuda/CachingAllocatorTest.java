package torch4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import torch4j.cuda.CudaOutOfMemoryException;

/** The caching allocator over a fake driver: rounding, reuse, counters, emptyCache, the out-of-memory path. */
class CachingAllocatorTest {
    /** Hands out addresses from a counter, up to {@code capacity} bytes live; records what it was asked. */
    static final class FakeDriver implements RawAllocator {
        final long capacity;
        long used;
        long next = 0x10000;
        int mallocs, frees, syncs, failures;
        final Set<Long> live = new HashSet<>();
        final java.util.Map<Long, Long> sizes = new java.util.HashMap<>();

        FakeDriver(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public synchronized long malloc(long bytes) {
            if (used + bytes > capacity) {
                failures++;
                return 0;
            }
            mallocs++;
            used += bytes;
            long a = next;
            next += bytes + 4096;
            live.add(a);
            sizes.put(a, bytes);
            return a;
        }

        @Override
        public synchronized void free(long address) {
            assertTrue(live.remove(address), "freeing an address the driver did not hand out (or twice)");
            used -= sizes.remove(address);
            frees++;
        }

        @Override
        public synchronized void synchronize() {
            syncs++;
        }
    }

    @Test
    void sizesAreRoundedUpTo512Bytes() {
        FakeDriver raw = new FakeDriver(1 << 20);
        CachingAllocator a = new CachingAllocator(raw, 0);
        CudaBuffer b1 = a.allocate(1);
        assertEquals(512, a.memoryAllocated());
        CudaBuffer b2 = a.allocate(513);
        assertEquals(512 + 1024, a.memoryAllocated());
        assertEquals(1, b1.bytes(), "a buffer reports the size asked for");
        assertEquals(513, b2.bytes());
        assertEquals(512, CachingAllocator.roundUp(512));
        assertEquals(1024, CachingAllocator.roundUp(1000));
        assertEquals(a.memoryAllocated(), raw.used, "everything allocated came from the driver");
    }

    @Test
    void aFreedBlockIsReusedForTheSameRoundedSize() {
        FakeDriver raw = new FakeDriver(1 << 20);
        CachingAllocator a = new CachingAllocator(raw, 0);
        CudaBuffer first = a.allocate(1000);
        long address = first.address();
        first.close();
        assertEquals(0, a.memoryAllocated());
        assertEquals(1024, a.memoryReserved(), "the block stays cached");
        CudaBuffer second = a.allocate(900); // rounds to the same 1024
        assertEquals(address, second.address());
        assertEquals(1, raw.mallocs, "served from the cache, not the driver");
        CudaBuffer other = a.allocate(5000);
        assertNotEquals(address, other.address());
        assertEquals(2, raw.mallocs, "another size needs another block");
        assertEquals(1024 + 5120, a.memoryAllocated());
        assertEquals(a.memoryAllocated(), a.memoryReserved());
    }

    @Test
    void closeIsIdempotentAndInvalidatesTheBuffer() {
        CachingAllocator a = new CachingAllocator(new FakeDriver(1 << 20), 0);
        CudaBuffer b = a.allocate(2048);
        b.close();
        b.close();
        assertEquals(0, a.memoryAllocated());
        assertEquals(2048, a.memoryReserved(), "released once, cached once");
        IllegalStateException e = assertThrows(IllegalStateException.class, b::address);
        assertTrue(e.getMessage().contains("released"), e.getMessage());
        // The block went to the cache once: two allocations of that size need one new block.
        CudaBuffer c = a.allocate(2048), d = a.allocate(2048);
        assertNotEquals(c.address(), d.address());
    }

    @Test
    void emptyCacheSynchronizesThenFreesEveryCachedBlock() {
        FakeDriver raw = new FakeDriver(1 << 20);
        CachingAllocator a = new CachingAllocator(raw, 0);
        CudaBuffer kept = a.allocate(4096);
        for (int i = 1; i <= 3; i++) a.allocate(i * 1024).close();
        assertEquals(4096 + 6144, a.memoryReserved());
        a.emptyCache();
        assertEquals(1, raw.syncs, "queued kernels may still use the blocks: wait first");
        assertEquals(3, raw.frees);
        assertEquals(4096, a.memoryAllocated());
        assertEquals(4096, a.memoryReserved());
        assertEquals(4096, raw.used);
        a.emptyCache();
        assertEquals(1, raw.syncs, "nothing cached: no need to wait");
        kept.close();
    }

    @Test
    void zeroBytesNeedNoBlock() {
        FakeDriver raw = new FakeDriver(1 << 20);
        CachingAllocator a = new CachingAllocator(raw, 0);
        CudaBuffer b = a.allocate(0);
        assertEquals(0, b.address());
        assertEquals(0, raw.mallocs);
        b.close();
        assertEquals(0, a.memoryReserved());
        assertThrows(IllegalArgumentException.class, () -> a.allocate(-1));
    }

    @Test
    void outOfMemoryEmptiesTheCacheAndRetries() {
        FakeDriver raw = new FakeDriver(8192);
        CachingAllocator a = new CachingAllocator(raw, 0);
        a.allocate(4096).close(); // cached, but of the wrong size for what follows
        CudaBuffer big = a.allocate(8192);
        assertEquals(1, raw.failures, "the first attempt fails while the cache holds 4096 bytes");
        assertEquals(1, raw.frees);
        assertEquals(8192, a.memoryAllocated());
        assertEquals(8192, a.memoryReserved());
        big.close();
    }

    @Test
    void outOfMemoryCollectsUnreachableTensorsBeforeGivingUp() {
        FakeDriver raw = new FakeDriver(4096);
        CachingAllocator a = new CachingAllocator(raw, 0);
        allocateAndDrop(a, 4096); // only the Cleaner can return it
        CudaBuffer again = a.allocate(4096);
        assertEquals(4096, a.memoryAllocated());
        assertEquals(1, raw.mallocs, "the collected block was reused");
        again.close();
    }

    private static void allocateAndDrop(CachingAllocator a, long bytes) {
        assertEquals(bytes, a.allocate(bytes).bytes());
    }

    @Test
    void outOfMemorySaysSoInPyTorchsWords() {
        FakeDriver raw = new FakeDriver(4096);
        CachingAllocator a = new CachingAllocator(raw, 3);
        CudaBuffer live = a.allocate(2048);
        a.allocate(1024).close();
        CudaOutOfMemoryException e = assertThrows(CudaOutOfMemoryException.class, () -> a.allocate(3 << 20));
        assertEquals("CUDA out of memory. Tried to allocate 3.00 MiB (GPU 3; 2.00 KiB already allocated;"
                + " 2.00 KiB reserved in total by torch4j)", e.getMessage());
        assertEquals(2048, a.memoryReserved(), "the cache was emptied on the way");
        live.close();
    }

    @Test
    void sizesAreFormattedAsPyTorchDoes() {
        assertEquals("512 bytes", CachingAllocator.formatSize(512));
        assertEquals("1024 bytes", CachingAllocator.formatSize(1024));
        assertEquals("1.50 KiB", CachingAllocator.formatSize(1536));
        assertEquals("1024.00 KiB", CachingAllocator.formatSize(1 << 20));
        assertEquals("20.00 MiB", CachingAllocator.formatSize(20 << 20));
        assertEquals("2.50 GiB", CachingAllocator.formatSize(5L << 29));
    }

    @Test
    void threadsAllocatingAndReleasingKeepTheCountersExact() throws Exception {
        FakeDriver raw = new FakeDriver(1L << 30);
        CachingAllocator a = new CachingAllocator(raw, 0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                jobs.add(pool.submit(() -> {
                    List<CudaBuffer> held = new ArrayList<>();
                    for (int i = 0; i < 2000; i++) {
                        held.add(a.allocate(((i * 7 + seed) % 5 + 1) * 600L));
                        if (held.size() > 8) held.remove((i * 31) % held.size()).close();
                    }
                    held.forEach(CudaBuffer::close);
                }));
            }
            for (Future<?> f : jobs) f.get();
        } finally {
            pool.shutdown();
        }
        assertEquals(0, a.memoryAllocated());
        assertEquals(raw.used, a.memoryReserved(), "every block is either cached or was never freed twice");
        a.emptyCache();
        assertEquals(0, raw.used);
        assertTrue(raw.live.isEmpty());
    }
}

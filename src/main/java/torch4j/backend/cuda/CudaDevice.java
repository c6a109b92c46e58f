package torch4j.backend.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoHAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoDAsync;
import static jcuda.driver.JCudaDriver.cuMemsetD8Async;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasMath;
import jcuda.runtime.cudaStream_t;
import torch4j.Tensor;

/**
 * One CUDA device: its primary context, the one stream all its work runs on, the caching
 * allocator, the kernel module and a cuBLAS handle bound to the stream.
 *
 * <p>One stream keeps the semantics simple: kernels, copies and cuBLAS calls run in the order they
 * were issued, so the allocator may hand a freed block to the next request at once, and only
 * reading results on the host ({@link #download}) waits. Any thread may call in (DataLoader
 * workers, the Cleaner); each method first makes the context current on the calling thread.
 */
final class CudaDevice {
    /** Where the build puts the PTX nvcc makes from src/main/cuda. */
    static final String PTX_RESOURCE = "/torch4j/cuda/torch4j.ptx";
    static final int THREADS_PER_BLOCK = 256;
    static final int MAX_BLOCKS = 65535;
    private static final int STAGING_BYTES = 8 << 20;

    private static final Map<Integer, CudaDevice> DEVICES = new HashMap<>();
    private static final ThreadLocal<CudaDevice> CURRENT = new ThreadLocal<>();

    final int index;
    private final String name;
    private final CUcontext context;
    private final CUstream stream;
    private final cublasHandle cublas;
    private final CachingAllocator allocator;
    private final Map<String, CUfunction> functions = new ConcurrentHashMap<>();
    private volatile CUmodule module;
    private final Object stagingLock = new Object();
    /** Host staging for copies (guarded by stagingLock): direct memory, which JCuda passes to asynchronous copies as is. */
    private ByteBuffer staging;

    private CudaDevice(int index) {
        this.index = index;
        CUdevice device = new CUdevice();
        cuDeviceGet(device, index);
        byte[] nameBytes = new byte[256];
        cuDeviceGetName(nameBytes, nameBytes.length, device);
        int len = 0;
        while (len < nameBytes.length && nameBytes[len] != 0) len++;
        this.name = new String(nameBytes, 0, len, StandardCharsets.UTF_8);
        this.context = new CUcontext();
        cuDevicePrimaryCtxRetain(context, device);
        enter();
        this.stream = new CUstream();
        cuStreamCreate(stream, CUstream_flags.CU_STREAM_DEFAULT);
        this.cublas = new cublasHandle();
        JCublas2.cublasCreate(cublas);
        JCublas2.cublasSetStream(cublas, new cudaStream_t(stream));
        // Plain FP32 GEMMs (no TF32), as PyTorch's default torch.backends.cuda.matmul.allow_tf32 = False.
        JCublas2.cublasSetMathMode(cublas, cublasMath.CUBLAS_DEFAULT_MATH);
        this.allocator = new CachingAllocator(new DriverAllocator(), index);
    }

    /** The device with ordinal {@code index}, initialised on first use. */
    static CudaDevice get(int index) {
        synchronized (DEVICES) {
            CudaDevice d = DEVICES.get(index);
            if (d == null) {
                CudaDriver.checkIndex(index);
                d = new CudaDevice(index);
                DEVICES.put(index, d);
            }
            return d;
        }
    }

    /** The device if something already used it, else null (statistics must not initialise a device). */
    static CudaDevice ifStarted(int index) {
        synchronized (DEVICES) {
            return DEVICES.get(index);
        }
    }

    /** Makes this device's context current on the calling thread. */
    void enter() {
        if (CURRENT.get() != this) {
            cuCtxSetCurrent(context);
            CURRENT.set(this);
        }
    }

    String name() {
        return name;
    }

    CachingAllocator allocator() {
        return allocator;
    }

    /** A buffer of at least {@code bytes} bytes from the caching allocator; contents undefined. */
    CudaBuffer allocate(long bytes) {
        enter();
        CudaBuffer b = allocator.allocate(bytes);
        AllocationScopes.record(b);
        return b;
    }

    void memsetZero(CudaBuffer b, long byteOffset, long bytes) {
        if (byteOffset < 0 || bytes < 0 || byteOffset + bytes > b.bytes()) {
            throw new IllegalArgumentException("memsetZero: bytes [" + byteOffset + ", " + (byteOffset + bytes)
                    + ") are outside a buffer of " + b.bytes() + " bytes");
        }
        if (bytes == 0) return;
        enter();
        cuMemsetD8Async(CudaDriver.pointer(b.address() + byteOffset), (byte) 0, bytes, stream);
        Reference.reachabilityFence(b);
    }

    /**
     * Launches {@code kernel} over {@code n} items: 256 threads per block, min(ceil(n / 256), 65535)
     * blocks (kernels loop grid-stride). Arguments: a Tensor (packed as {@link TensorRef#of}), a
     * TensorRef, Long (long long), Integer (int), Double, Float, or a CudaBuffer (its address).
     */
    void launch(String kernel, long n, Object... args) {
        if (n < 0) throw new IllegalArgumentException("launch " + kernel + ": negative item count " + n);
        Pointer[] params = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) params[i] = parameter(kernel, i, args[i]);
        if (n == 0) return;
        enter();
        CUfunction f = function(kernel);
        int blocks = (int) Math.min((n + THREADS_PER_BLOCK - 1) / THREADS_PER_BLOCK, MAX_BLOCKS);
        cuLaunchKernel(f, blocks, 1, 1, THREADS_PER_BLOCK, 1, 1, 0, stream, Pointer.to(params), null);
        // The tensors' buffers must stay reachable until the launch is queued: a Cleaner running earlier
        // would hand their blocks to allocations whose work is queued before this kernel.
        Reference.reachabilityFence(args);
    }

    private Pointer parameter(String kernel, int i, Object arg) {
        if (arg instanceof Tensor t) {
            if (!t.device().isCuda() || t.device().index() != index) {
                throw new IllegalArgumentException("launch " + kernel + ": argument " + i + " is on " + t.device()
                        + ", expected cuda:" + index);
            }
            return Pointer.to(TensorRef.of(t).words());
        }
        if (arg instanceof TensorRef r) return Pointer.to(r.words());
        if (arg instanceof Long v) return Pointer.to(new long[] {v});
        if (arg instanceof Integer v) return Pointer.to(new int[] {v});
        if (arg instanceof Double v) return Pointer.to(new double[] {v});
        if (arg instanceof Float v) return Pointer.to(new float[] {v});
        if (arg instanceof CudaBuffer b) return Pointer.to(new long[] {b.address()});
        throw new IllegalArgumentException("launch " + kernel + ": argument " + i + " has unsupported type "
                + (arg == null ? "null" : arg.getClass().getName())
                + " (expected Tensor, TensorRef, Long, Integer, Double, Float or CudaBuffer)");
    }

    private CUfunction function(String kernel) {
        CUfunction f = functions.get(kernel);
        if (f != null) return f;
        CUmodule m = module();
        f = new CUfunction();
        try {
            cuModuleGetFunction(f, m, kernel);
        } catch (CudaException e) {
            throw new IllegalArgumentException("no CUDA kernel named '" + kernel + "' in " + PTX_RESOURCE + " ("
                    + e.getMessage() + ")", e);
        }
        functions.putIfAbsent(kernel, f);
        return f;
    }

    private CUmodule module() {
        CUmodule m = module;
        if (m != null) return m;
        synchronized (this) {
            if (module == null) module = loadModule();
            return module;
        }
    }

    private CUmodule loadModule() {
        byte[] ptx;
        try (InputStream in = CudaDevice.class.getResourceAsStream(PTX_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("CUDA kernels are missing: this torch4j build has no " + PTX_RESOURCE
                        + " (the PTX nvcc makes from src/main/cuda); build torch4j with the CUDA toolkit's nvcc on the PATH");
            }
            byte[] text = in.readAllBytes();
            ptx = java.util.Arrays.copyOf(text, text.length + 1); // cuModuleLoadData wants a NUL-terminated image
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + PTX_RESOURCE, e);
        }
        CUmodule m = new CUmodule();
        try {
            cuModuleLoadData(m, ptx);
        } catch (CudaException e) {
            String hint = CudaDriver.is(e, CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION)
                    ? ": the NVIDIA driver is older than the nvcc that made the PTX; update the driver" : "";
            throw new IllegalStateException("could not load " + PTX_RESOURCE + " on " + name + " (cuda:" + index + "): "
                    + e.getMessage() + hint, e);
        }
        return m;
    }

    /** The cuBLAS handle, bound to this device's stream; the context is made current for the caller. */
    cublasHandle cublas() {
        enter();
        return cublas;
    }

    /** Waits until all work queued on this device's stream is done. */
    void synchronize() {
        enter();
        cuStreamSynchronize(stream);
    }

    /**
     * Copies {@code count} elements of a primitive array ({@code float[]}, {@code double[]}, {@code
     * long[]}, {@code int[]}, {@code byte[]}) from {@code offset} to device address {@code dst}.
     */
    void upload(Object array, int offset, int count, long dst) {
        int item = itemSize(array);
        enter();
        synchronized (stagingLock) {
            ByteBuffer buf = staging();
            int chunk = STAGING_BYTES / item;
            for (int done = 0; done < count; done += chunk) {
                int n = Math.min(chunk, count - done);
                buf.clear();
                put(buf, array, offset + done, n);
                // From pageable host memory the copy has read the source when the call returns, so the
                // staging buffer can be refilled at once.
                cuMemcpyHtoDAsync(CudaDriver.pointer(dst + (long) done * item), Pointer.to(buf), (long) n * item, stream);
            }
        }
    }

    /** Copies {@code count} elements from device address {@code src} into a primitive array at {@code offset}; waits. */
    void download(long src, Object array, int offset, int count) {
        int item = itemSize(array);
        enter();
        synchronized (stagingLock) {
            ByteBuffer buf = staging();
            int chunk = STAGING_BYTES / item;
            for (int done = 0; done < count; done += chunk) {
                int n = Math.min(chunk, count - done);
                buf.clear();
                cuMemcpyDtoHAsync(Pointer.to(buf), CudaDriver.pointer(src + (long) done * item), (long) n * item, stream);
                cuStreamSynchronize(stream);
                get(buf, array, offset + done, n);
            }
        }
    }

    private ByteBuffer staging() {
        if (staging == null) staging = ByteBuffer.allocateDirect(STAGING_BYTES).order(ByteOrder.nativeOrder());
        return staging;
    }

    private static int itemSize(Object array) {
        if (array instanceof float[] || array instanceof int[]) return 4;
        if (array instanceof double[] || array instanceof long[]) return 8;
        if (array instanceof byte[]) return 1;
        throw new IllegalArgumentException("expected a float[], double[], long[], int[] or byte[] host array, got "
                + (array == null ? "null" : array.getClass().getSimpleName()));
    }

    private static void put(ByteBuffer buf, Object array, int offset, int n) {
        if (array instanceof float[] a) buf.asFloatBuffer().put(a, offset, n);
        else if (array instanceof double[] a) buf.asDoubleBuffer().put(a, offset, n);
        else if (array instanceof long[] a) buf.asLongBuffer().put(a, offset, n);
        else if (array instanceof int[] a) buf.asIntBuffer().put(a, offset, n);
        else buf.put(0, (byte[]) array, offset, n);
    }

    private static void get(ByteBuffer buf, Object array, int offset, int n) {
        if (array instanceof float[] a) buf.asFloatBuffer().get(a, offset, n);
        else if (array instanceof double[] a) buf.asDoubleBuffer().get(a, offset, n);
        else if (array instanceof long[] a) buf.asLongBuffer().get(a, offset, n);
        else if (array instanceof int[] a) buf.asIntBuffer().get(a, offset, n);
        else buf.get(0, (byte[]) array, offset, n);
    }

    @Override
    public String toString() {
        return "cuda:" + index + " (" + name + ")";
    }

    /** cuMemAlloc / cuMemFree for the caching allocator; an out-of-memory result reads as 0. */
    private final class DriverAllocator implements RawAllocator {
        @Override
        public long malloc(long bytes) {
            enter();
            DevicePointer p = new DevicePointer();
            try {
                cuMemAlloc(p, bytes);
            } catch (CudaException e) {
                if (CudaDriver.is(e, CUresult.CUDA_ERROR_OUT_OF_MEMORY)) return 0;
                throw e;
            }
            return p.address();
        }

        @Override
        public void free(long address) {
            enter();
            cuMemFree(CudaDriver.pointer(address));
        }

        @Override
        public void synchronize() {
            CudaDevice.this.synchronize();
        }
    }

    /** A CUdeviceptr whose address can be read back after cuMemAlloc filled it in. */
    private static final class DevicePointer extends CUdeviceptr {
        long address() {
            return getNativePointer() + getByteOffset();
        }
    }
}

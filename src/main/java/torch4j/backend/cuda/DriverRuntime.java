package torch4j.backend.cuda;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import torch4j.Tensor;
import torch4j.backend.Backend;
import torch4j.backend.CudaRuntime;

/** {@link CudaRuntime} over the devices of this process. */
final class DriverRuntime implements CudaRuntime {
    static final DriverRuntime INSTANCE = new DriverRuntime();

    private final Map<Integer, CudaBackend> backends = new ConcurrentHashMap<>();

    private DriverRuntime() {}

    @Override
    public int deviceCount() {
        return CudaDriver.deviceCount();
    }

    @Override
    public Backend backend(int index) {
        CudaBackend b = backends.get(index);
        if (b != null) return b;
        CudaDevice device = CudaDevice.get(index);
        return backends.computeIfAbsent(index, i -> new CudaBackend(device));
    }

    @Override
    public String deviceName(int index) {
        return CudaDevice.get(index).name();
    }

    @Override
    public long memoryAllocated(int index) {
        CudaDriver.checkIndex(index);
        CudaDevice d = CudaDevice.ifStarted(index);
        return d == null ? 0 : d.allocator().memoryAllocated();
    }

    @Override
    public long memoryReserved(int index) {
        CudaDriver.checkIndex(index);
        CudaDevice d = CudaDevice.ifStarted(index);
        return d == null ? 0 : d.allocator().memoryReserved();
    }

    @Override
    public void emptyCache(int index) {
        CudaDriver.checkIndex(index);
        CudaDevice d = CudaDevice.ifStarted(index);
        if (d != null) d.allocator().emptyCache();
    }

    @Override
    public void synchronize(int index) {
        CudaDevice.get(index).synchronize();
    }

    @Override
    public Tensor toHost(Tensor deviceTensor) {
        return HostFallback.toHost(deviceTensor);
    }

    @Override
    public Tensor toDevice(Tensor host, int index) {
        return HostFallback.toDevice(host, index);
    }

    @Override
    public void beginScope() {
        AllocationScopes.begin();
    }

    @Override
    public void endScope(Set<Object> kept) {
        AllocationScopes.end(kept);
    }
}

// Device memory: host allocations in a registry, so that cuMemFree and cuMemGetInfo behave, copies
// and memsets are range-checked as the driver does, and a leak shows as cuMemGetInfo's free bytes
// not coming back. All copies are synchronous, which is what a stream synchronisation would give.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>

#include "driver.h"

namespace t4emu {
namespace {

const size_t kAlign = 256;  // cuMemAlloc's guarantee; kernels may rely on it for vector loads
const size_t kGuard = 256;
const unsigned char kFresh = 0xFF;
const unsigned char kGuardByte = 0xA5;

std::mutex g_lock;
std::map<CUdeviceptr, size_t> g_allocations;  // start -> requested bytes
size_t g_live = 0;

size_t configured_total() {
    const char* mb = std::getenv("T4EMU_MEMORY_MB");
    return mb != nullptr && *mb != '\0' ? (size_t) std::atoll(mb) << 20 : (size_t) 16 << 30;
}

bool guard_intact(CUdeviceptr start, size_t bytes) {
    const unsigned char* g = reinterpret_cast<const unsigned char*>(start + bytes);
    for (size_t i = 0; i < kGuard; i++)
        if (g[i] != kGuardByte) return false;
    return true;
}

// The allocation holding ptr, or end(); caller holds g_lock.
std::map<CUdeviceptr, size_t>::const_iterator find_allocation(CUdeviceptr ptr) {
    auto it = g_allocations.upper_bound(ptr);
    if (it == g_allocations.begin()) return g_allocations.end();
    --it;
    return ptr < it->first + it->second ? it : g_allocations.end();
}

}  // namespace

size_t total_bytes() {
    static const size_t total = configured_total();
    return total;
}

size_t live_bytes() {
    std::lock_guard<std::mutex> lock(g_lock);
    return g_live;
}

CUresult allocate(CUdeviceptr* out, size_t bytes) {
    if (out == nullptr || bytes == 0) return CUDA_ERROR_INVALID_VALUE;  // as the driver: no empty allocations
    CUresult r = check_context();
    if (r != CUDA_SUCCESS) return r;
    std::lock_guard<std::mutex> lock(g_lock);
    if (bytes > total_bytes() - g_live) return CUDA_ERROR_OUT_OF_MEMORY;
    size_t padded = (bytes + kGuard + kAlign - 1) / kAlign * kAlign;
    void* p = std::aligned_alloc(kAlign, padded);
    if (p == nullptr) return CUDA_ERROR_OUT_OF_MEMORY;
    std::memset(p, kFresh, bytes);
    std::memset(static_cast<char*>(p) + bytes, kGuardByte, padded - bytes);
    CUdeviceptr d = reinterpret_cast<CUdeviceptr>(p);
    g_allocations[d] = bytes;
    g_live += bytes;
    *out = d;
    return CUDA_SUCCESS;
}

CUresult release(CUdeviceptr ptr) {
    CUresult r = check_context();
    if (r != CUDA_SUCCESS) return r;
    if (ptr == 0) return CUDA_SUCCESS;
    std::lock_guard<std::mutex> lock(g_lock);
    auto it = g_allocations.find(ptr);
    if (it == g_allocations.end()) return CUDA_ERROR_INVALID_VALUE;
    if (!guard_intact(it->first, it->second))
        std::fprintf(stderr, "torch4j CUDA emulator: a kernel wrote past the end of the %zu-byte buffer 0x%llx\n",
                     it->second, it->first);
    // Scribble over freed memory, so a later read through a stale address sees garbage at once.
    std::memset(reinterpret_cast<void*>(ptr), kFresh, it->second);
    g_live -= it->second;
    g_allocations.erase(it);
    std::free(reinterpret_cast<void*>(ptr));
    return CUDA_SUCCESS;
}

bool allocation_of(CUdeviceptr ptr, CUdeviceptr* start, size_t* bytes) {
    std::lock_guard<std::mutex> lock(g_lock);
    auto it = find_allocation(ptr);
    if (it == g_allocations.end()) return false;
    *start = it->first;
    *bytes = it->second;
    return true;
}

bool is_device_range(CUdeviceptr ptr, size_t bytes) {
    CUdeviceptr start;
    size_t size;
    return allocation_of(ptr, &start, &size) && bytes <= start + size - ptr;
}

CUdeviceptr check_guards(const char* after, const unsigned long long* addresses, int count) {
    std::lock_guard<std::mutex> lock(g_lock);
    for (int i = 0; i < count; i++) {
        auto a = find_allocation(addresses[i]);
        if (a == g_allocations.end() || guard_intact(a->first, a->second)) continue;
        std::fprintf(stderr, "torch4j CUDA emulator: %s wrote past the end of the %zu-byte buffer 0x%llx\n", after,
                     a->second, a->first);
        // Restore the band so the next launch reports only its own overrun.
        std::memset(reinterpret_cast<void*>(a->first + a->second), kGuardByte, kGuard);
        return a->first;
    }
    return 0;
}

}  // namespace t4emu

using namespace t4emu;

namespace {

CUresult device_range(CUdeviceptr ptr, size_t bytes) {
    CUresult r = check_context();
    if (r != CUDA_SUCCESS) return r;
    return bytes == 0 || is_device_range(ptr, bytes) ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

template <typename T>
CUresult fill(CUdeviceptr dst, T value, size_t count, CUstream stream) {
    if (dst % sizeof(T) != 0) return CUDA_ERROR_INVALID_VALUE;
    CUresult r = device_range(dst, count * sizeof(T));
    if (r == CUDA_SUCCESS) r = check_stream(stream);
    if (r != CUDA_SUCCESS) return r;
    T* p = reinterpret_cast<T*>(dst);
    for (size_t i = 0; i < count; i++) p[i] = value;
    return CUDA_SUCCESS;
}

CUresult copy(void* dst, const void* src, size_t bytes, CUstream stream) {
    CUresult r = check_stream(stream);
    if (r == CUDA_SUCCESS && bytes > 0) {
        if (dst == nullptr || src == nullptr) return CUDA_ERROR_INVALID_VALUE;
        std::memmove(dst, src, bytes);
    }
    return r;
}

}  // namespace

T4EMU_API CUresult cuMemAlloc_v2(CUdeviceptr* dptr, size_t bytes) { return allocate(dptr, bytes); }
T4EMU_API CUresult cuMemFree_v2(CUdeviceptr dptr) { return release(dptr); }

T4EMU_API CUresult cuMemGetInfo_v2(size_t* free, size_t* total) {
    if (free == nullptr || total == nullptr) return CUDA_ERROR_INVALID_VALUE;
    CUresult r = check_context();
    if (r != CUDA_SUCCESS) return r;
    *total = total_bytes();
    *free = total_bytes() - live_bytes();
    return CUDA_SUCCESS;
}

T4EMU_API CUresult cuMemGetAddressRange_v2(CUdeviceptr* base, size_t* size, CUdeviceptr ptr) {
    CUresult r = check_context();
    if (r != CUDA_SUCCESS) return r;
    CUdeviceptr start;
    size_t bytes;
    if (!allocation_of(ptr, &start, &bytes)) return CUDA_ERROR_NOT_FOUND;
    if (base != nullptr) *base = start;
    if (size != nullptr) *size = bytes;
    return CUDA_SUCCESS;
}

T4EMU_API CUresult cuMemAllocHost_v2(void** p, size_t bytes) {
    if (p == nullptr || bytes == 0) return CUDA_ERROR_INVALID_VALUE;
    CUresult r = check_context();
    if (r != CUDA_SUCCESS) return r;
    *p = std::malloc(bytes);
    return *p != nullptr ? CUDA_SUCCESS : CUDA_ERROR_OUT_OF_MEMORY;
}

T4EMU_API CUresult cuMemHostAlloc(void** p, size_t bytes, unsigned int) { return cuMemAllocHost_v2(p, bytes); }

T4EMU_API CUresult cuMemFreeHost(void* p) {
    CUresult r = check_context();
    if (r == CUDA_SUCCESS) std::free(p);
    return r;
}

T4EMU_API CUresult cuMemHostGetDevicePointer_v2(CUdeviceptr* d, void* p, unsigned int flags) {
    if (d == nullptr || p == nullptr || flags != 0) return CUDA_ERROR_INVALID_VALUE;
    *d = reinterpret_cast<CUdeviceptr>(p);  // unified addressing: the same address
    return check_context();
}

T4EMU_API CUresult cuMemHostRegister_v2(void* p, size_t bytes, unsigned int) {
    return p == nullptr || bytes == 0 ? CUDA_ERROR_INVALID_VALUE : check_context();
}
T4EMU_API CUresult cuMemHostUnregister(void* p) { return p == nullptr ? CUDA_ERROR_INVALID_VALUE : check_context(); }

T4EMU_API CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr dst, const void* src, size_t bytes, CUstream s) {
    CUresult r = device_range(dst, bytes);
    return r != CUDA_SUCCESS ? r : copy(reinterpret_cast<void*>(dst), src, bytes, s);
}
T4EMU_API CUresult cuMemcpyDtoHAsync_v2(void* dst, CUdeviceptr src, size_t bytes, CUstream s) {
    CUresult r = device_range(src, bytes);
    return r != CUDA_SUCCESS ? r : copy(dst, reinterpret_cast<const void*>(src), bytes, s);
}
T4EMU_API CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr dst, CUdeviceptr src, size_t bytes, CUstream s) {
    CUresult r = device_range(dst, bytes);
    if (r == CUDA_SUCCESS) r = device_range(src, bytes);
    return r != CUDA_SUCCESS ? r : copy(reinterpret_cast<void*>(dst), reinterpret_cast<const void*>(src), bytes, s);
}
T4EMU_API CUresult cuMemcpyHtoD_v2(CUdeviceptr dst, const void* src, size_t bytes) {
    return cuMemcpyHtoDAsync_v2(dst, src, bytes, nullptr);
}
T4EMU_API CUresult cuMemcpyDtoH_v2(void* dst, CUdeviceptr src, size_t bytes) {
    return cuMemcpyDtoHAsync_v2(dst, src, bytes, nullptr);
}
T4EMU_API CUresult cuMemcpyDtoD_v2(CUdeviceptr dst, CUdeviceptr src, size_t bytes) {
    return cuMemcpyDtoDAsync_v2(dst, src, bytes, nullptr);
}
// Unified-address copies: either side may be host or device memory.
T4EMU_API CUresult cuMemcpyAsync(CUdeviceptr dst, CUdeviceptr src, size_t bytes, CUstream s) {
    CUresult r = check_context();
    return r != CUDA_SUCCESS ? r : copy(reinterpret_cast<void*>(dst), reinterpret_cast<const void*>(src), bytes, s);
}
T4EMU_API CUresult cuMemcpy(CUdeviceptr dst, CUdeviceptr src, size_t bytes) {
    return cuMemcpyAsync(dst, src, bytes, nullptr);
}

T4EMU_API CUresult cuMemsetD8Async(CUdeviceptr d, unsigned char v, size_t n, CUstream s) { return fill(d, v, n, s); }
T4EMU_API CUresult cuMemsetD16Async(CUdeviceptr d, unsigned short v, size_t n, CUstream s) { return fill(d, v, n, s); }
T4EMU_API CUresult cuMemsetD32Async(CUdeviceptr d, unsigned int v, size_t n, CUstream s) { return fill(d, v, n, s); }
T4EMU_API CUresult cuMemsetD8_v2(CUdeviceptr d, unsigned char v, size_t n) { return fill(d, v, n, nullptr); }
T4EMU_API CUresult cuMemsetD16_v2(CUdeviceptr d, unsigned short v, size_t n) { return fill(d, v, n, nullptr); }
T4EMU_API CUresult cuMemsetD32_v2(CUdeviceptr d, unsigned int v, size_t n) { return fill(d, v, n, nullptr); }

// For tests of the emulator itself (scripts/cuda/emulator/selftest.cpp).
T4EMU_API size_t t4emu_live_bytes() { return live_bytes(); }

// For the fake cuBLAS, which checks its matrix pointers against this registry when it can find it.
T4EMU_API int t4emu_is_device_range(CUdeviceptr ptr, size_t bytes) {
    return bytes == 0 || is_device_range(ptr, bytes);
}

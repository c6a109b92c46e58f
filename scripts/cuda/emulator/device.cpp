// Initialisation, the one fake device, contexts and error names.
// One device, "torch4j emulator", compute capability 9.0 and 16 GiB like an H100. Environment knobs
// for testing the Java side's error paths: T4EMU_DEVICE_COUNT=0 (no GPU), T4EMU_DRIVER_VERSION
// (e.g. 11080 for a driver too old), T4EMU_MEMORY_MB (a small device, to provoke out-of-memory).
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>
#include <vector>

#include "driver.h"

namespace t4emu {
namespace {

std::atomic<bool> g_initialized{false};

struct Settings {
    int deviceCount = 1;
    int driverVersion = 12060;  // what CUDA 12.6 reports; JCuda 12.6 was built against it
};

int env_int(const char* name, int fallback) {
    const char* v = std::getenv(name);
    return v != nullptr && *v != '\0' ? std::atoi(v) : fallback;
}

const Settings& settings() {
    static const Settings s = [] {
        Settings r;
        r.deviceCount = env_int("T4EMU_DEVICE_COUNT", r.deviceCount);
        r.driverVersion = env_int("T4EMU_DRIVER_VERSION", r.driverVersion);
        return r;
    }();
    return s;
}

}  // namespace
}  // namespace t4emu

struct t4emu_context {
    bool primary;
    unsigned int flags;
};

namespace t4emu {
namespace {

std::mutex g_contexts_lock;
t4emu_context g_primary{true, 0};
int g_primary_retains = 0;
std::set<CUcontext> g_contexts{&g_primary};

// CUDA's per-thread context stack; cuCtxSetCurrent replaces its top.
thread_local std::vector<CUcontext> t_context_stack;

bool is_context(CUcontext c) {
    std::lock_guard<std::mutex> lock(g_contexts_lock);
    return g_contexts.count(c) != 0;
}

CUresult check_device(CUdevice d) {
    if (!g_initialized) return CUDA_ERROR_NOT_INITIALIZED;
    return d >= 0 && d < settings().deviceCount ? CUDA_SUCCESS : CUDA_ERROR_INVALID_DEVICE;
}

}  // namespace

bool initialized() { return g_initialized; }

int driver_version() { return settings().driverVersion; }

CUresult check_context() {
    if (!g_initialized) return CUDA_ERROR_NOT_INITIALIZED;
    if (t_context_stack.empty() || !is_context(t_context_stack.back())) return CUDA_ERROR_INVALID_CONTEXT;
    return CUDA_SUCCESS;
}

}  // namespace t4emu

using namespace t4emu;

T4EMU_API CUresult cuInit(unsigned int flags) {
    if (flags != 0) return CUDA_ERROR_INVALID_VALUE;
    if (settings().deviceCount <= 0) return CUDA_ERROR_NO_DEVICE;  // and stays uninitialised, as CUDA does
    g_initialized = true;
    return CUDA_SUCCESS;
}

T4EMU_API CUresult cuDriverGetVersion(int* version) {
    if (version == nullptr) return CUDA_ERROR_INVALID_VALUE;
    *version = settings().driverVersion;
    return CUDA_SUCCESS;
}

T4EMU_API CUresult cuDeviceGetCount(int* count) {
    if (count == nullptr) return CUDA_ERROR_INVALID_VALUE;
    if (!g_initialized) return CUDA_ERROR_NOT_INITIALIZED;
    *count = settings().deviceCount;
    return CUDA_SUCCESS;
}

T4EMU_API CUresult cuDeviceGet(CUdevice* device, int ordinal) {
    if (device == nullptr) return CUDA_ERROR_INVALID_VALUE;
    CUresult r = check_device(ordinal);
    if (r == CUDA_SUCCESS) *device = ordinal;
    return r;
}

T4EMU_API CUresult cuDeviceGetName(char* name, int len, CUdevice d) {
    if (name == nullptr || len <= 0) return CUDA_ERROR_INVALID_VALUE;
    CUresult r = check_device(d);
    if (r != CUDA_SUCCESS) return r;
    std::snprintf(name, (size_t) len, "%s", T4EMU_DEVICE_NAME);
    return CUDA_SUCCESS;
}

T4EMU_API CUresult cuDeviceTotalMem_v2(size_t* bytes, CUdevice d) {
    if (bytes == nullptr) return CUDA_ERROR_INVALID_VALUE;
    CUresult r = check_device(d);
    if (r == CUDA_SUCCESS) *bytes = total_bytes();
    return r;
}

T4EMU_API CUresult cuDeviceComputeCapability(int* major, int* minor, CUdevice d) {
    if (major == nullptr || minor == nullptr) return CUDA_ERROR_INVALID_VALUE;
    CUresult r = check_device(d);
    if (r == CUDA_SUCCESS) {
        *major = T4EMU_CC_MAJOR;
        *minor = T4EMU_CC_MINOR;
    }
    return r;
}

T4EMU_API CUresult cuDeviceGetAttribute(int* value, int attribute, CUdevice d) {
    if (value == nullptr) return CUDA_ERROR_INVALID_VALUE;
    CUresult r = check_device(d);
    if (r != CUDA_SUCCESS) return r;
    switch (attribute) {  // CUdevice_attribute numbers; values of an H100 SXM
        case 1: *value = T4EMU_MAX_THREADS_PER_BLOCK; break;  // MAX_THREADS_PER_BLOCK
        case 2: case 3: *value = 1024; break;                  // MAX_BLOCK_DIM_X, _Y
        case 4: *value = 64; break;                            // MAX_BLOCK_DIM_Z
        case 5: *value = 2147483647; break;                    // MAX_GRID_DIM_X
        case 6: case 7: *value = 65535; break;                 // MAX_GRID_DIM_Y, _Z
        case 8: *value = T4EMU_MAX_SHARED_PER_BLOCK; break;    // MAX_SHARED_MEMORY_PER_BLOCK
        case 9: *value = 65536; break;                         // TOTAL_CONSTANT_MEMORY
        case 10: *value = 32; break;                           // WARP_SIZE
        case 11: *value = 2147483647; break;                   // MAX_PITCH
        case 12: case 82: *value = 65536; break;               // MAX_REGISTERS_PER_BLOCK, _PER_MULTIPROCESSOR
        case 13: *value = 1980000; break;                      // CLOCK_RATE (kHz)
        case 14: *value = 512; break;                          // TEXTURE_ALIGNMENT
        case 15: case 31: case 41: *value = 1; break;          // GPU_OVERLAP, CONCURRENT_KERNELS, UNIFIED_ADDRESSING
        case 16: *value = 132; break;                          // MULTIPROCESSOR_COUNT
        case 17: case 18: case 20: *value = 0; break;          // KERNEL_EXEC_TIMEOUT, INTEGRATED, COMPUTE_MODE
        case 19: *value = 1; break;                            // CAN_MAP_HOST_MEMORY
        case 30: *value = 512; break;                          // SURFACE_ALIGNMENT
        case 33: case 34: case 35: case 50: *value = 0; break; // PCI_BUS_ID, PCI_DEVICE_ID, TCC_DRIVER, PCI_DOMAIN_ID
        case 36: *value = 2619000; break;                      // MEMORY_CLOCK_RATE (kHz)
        case 37: *value = 5120; break;                         // GLOBAL_MEMORY_BUS_WIDTH
        case 38: *value = 52428800; break;                     // L2_CACHE_SIZE
        case 39: *value = 2048; break;                         // MAX_THREADS_PER_MULTIPROCESSOR
        case 40: *value = 3; break;                            // ASYNC_ENGINE_COUNT
        case 75: *value = T4EMU_CC_MAJOR; break;               // COMPUTE_CAPABILITY_MAJOR
        case 76: *value = T4EMU_CC_MINOR; break;               // COMPUTE_CAPABILITY_MINOR
        case 81: *value = 233472; break;                       // MAX_SHARED_MEMORY_PER_MULTIPROCESSOR
        case 95: *value = 1; break;                            // COOPERATIVE_LAUNCH
        default:
            // Not modelled: an error rather than a made-up 0, so the caller notices.
            if (tracing()) std::fprintf(stderr, "torch4j CUDA emulator: device attribute %d not modelled\n", attribute);
            return CUDA_ERROR_INVALID_VALUE;
    }
    return CUDA_SUCCESS;
}

T4EMU_API CUresult cuDeviceGetUuid(unsigned char* uuid, CUdevice d) {
    if (uuid == nullptr) return CUDA_ERROR_INVALID_VALUE;
    CUresult r = check_device(d);
    if (r == CUDA_SUCCESS) std::memcpy(uuid, "torch4j-emulator", 16);
    return r;
}

T4EMU_API CUresult cuDeviceGetPCIBusId(char* id, int len, CUdevice d) {
    if (id == nullptr || len <= 0) return CUDA_ERROR_INVALID_VALUE;
    CUresult r = check_device(d);
    if (r == CUDA_SUCCESS) std::snprintf(id, (size_t) len, "0000:00:00.0");
    return r;
}

T4EMU_API CUresult cuDeviceCanAccessPeer(int* can, CUdevice d, CUdevice peer) {
    if (can == nullptr) return CUDA_ERROR_INVALID_VALUE;
    CUresult r = check_device(d);
    if (r == CUDA_SUCCESS) r = check_device(peer);
    if (r == CUDA_SUCCESS) *can = 0;
    return r;
}

// ---- contexts: the primary context, plus any created ones; memory is shared by all -------------

T4EMU_API CUresult cuDevicePrimaryCtxRetain(CUcontext* ctx, CUdevice d) {
    if (ctx == nullptr) return CUDA_ERROR_INVALID_VALUE;
    CUresult r = check_device(d);
    if (r != CUDA_SUCCESS) return r;
    std::lock_guard<std::mutex> lock(g_contexts_lock);
    g_primary_retains++;
    *ctx = &g_primary;
    return CUDA_SUCCESS;
}

T4EMU_API CUresult cuDevicePrimaryCtxRelease_v2(CUdevice d) {
    CUresult r = check_device(d);
    if (r != CUDA_SUCCESS) return r;
    std::lock_guard<std::mutex> lock(g_contexts_lock);
    if (g_primary_retains == 0) return CUDA_ERROR_INVALID_CONTEXT;
    g_primary_retains--;
    return CUDA_SUCCESS;
}

T4EMU_API CUresult cuDevicePrimaryCtxGetState(CUdevice d, unsigned int* flags, int* active) {
    if (flags == nullptr || active == nullptr) return CUDA_ERROR_INVALID_VALUE;
    CUresult r = check_device(d);
    if (r != CUDA_SUCCESS) return r;
    std::lock_guard<std::mutex> lock(g_contexts_lock);
    *flags = g_primary.flags;
    *active = g_primary_retains > 0;
    return CUDA_SUCCESS;
}

T4EMU_API CUresult cuDevicePrimaryCtxSetFlags_v2(CUdevice d, unsigned int flags) {
    CUresult r = check_device(d);
    if (r == CUDA_SUCCESS) g_primary.flags = flags;
    return r;
}

T4EMU_API CUresult cuDevicePrimaryCtxReset_v2(CUdevice d) {
    return check_device(d);
}

T4EMU_API CUresult cuCtxCreate_v2(CUcontext* ctx, unsigned int flags, CUdevice d) {
    if (ctx == nullptr) return CUDA_ERROR_INVALID_VALUE;
    CUresult r = check_device(d);
    if (r != CUDA_SUCCESS) return r;
    CUcontext c = new t4emu_context{false, flags};
    {
        std::lock_guard<std::mutex> lock(g_contexts_lock);
        g_contexts.insert(c);
    }
    t_context_stack.push_back(c);  // cuCtxCreate makes the new context current
    *ctx = c;
    return CUDA_SUCCESS;
}

T4EMU_API CUresult cuCtxDestroy_v2(CUcontext ctx) {
    if (!g_initialized) return CUDA_ERROR_NOT_INITIALIZED;
    if (ctx == &g_primary) return CUDA_ERROR_INVALID_CONTEXT;  // primary contexts are released, not destroyed
    {
        std::lock_guard<std::mutex> lock(g_contexts_lock);
        if (g_contexts.erase(ctx) == 0) return CUDA_ERROR_INVALID_CONTEXT;
    }
    if (!t_context_stack.empty() && t_context_stack.back() == ctx) t_context_stack.pop_back();
    delete ctx;
    return CUDA_SUCCESS;
}

T4EMU_API CUresult cuCtxSetCurrent(CUcontext ctx) {
    if (!g_initialized) return CUDA_ERROR_NOT_INITIALIZED;
    if (ctx == nullptr) {
        if (!t_context_stack.empty()) t_context_stack.pop_back();
        return CUDA_SUCCESS;
    }
    if (!is_context(ctx)) return CUDA_ERROR_INVALID_CONTEXT;
    if (t_context_stack.empty()) t_context_stack.push_back(ctx);
    else t_context_stack.back() = ctx;
    return CUDA_SUCCESS;
}

T4EMU_API CUresult cuCtxGetCurrent(CUcontext* ctx) {
    if (ctx == nullptr) return CUDA_ERROR_INVALID_VALUE;
    if (!g_initialized) return CUDA_ERROR_NOT_INITIALIZED;
    *ctx = t_context_stack.empty() ? nullptr : t_context_stack.back();
    return CUDA_SUCCESS;
}

T4EMU_API CUresult cuCtxPushCurrent_v2(CUcontext ctx) {
    if (!g_initialized) return CUDA_ERROR_NOT_INITIALIZED;
    if (!is_context(ctx)) return CUDA_ERROR_INVALID_CONTEXT;
    t_context_stack.push_back(ctx);
    return CUDA_SUCCESS;
}

T4EMU_API CUresult cuCtxPopCurrent_v2(CUcontext* ctx) {
    CUresult r = check_context();
    if (r != CUDA_SUCCESS) return r;
    if (ctx != nullptr) *ctx = t_context_stack.back();
    t_context_stack.pop_back();
    return CUDA_SUCCESS;
}

T4EMU_API CUresult cuCtxGetDevice(CUdevice* d) {
    if (d == nullptr) return CUDA_ERROR_INVALID_VALUE;
    CUresult r = check_context();
    if (r == CUDA_SUCCESS) *d = 0;
    return r;
}

T4EMU_API CUresult cuCtxGetApiVersion(CUcontext ctx, unsigned int* version) {
    if (version == nullptr) return CUDA_ERROR_INVALID_VALUE;
    if (!g_initialized) return CUDA_ERROR_NOT_INITIALIZED;
    if (ctx != nullptr && !is_context(ctx)) return CUDA_ERROR_INVALID_CONTEXT;
    *version = 3020;  // what every CUDA 12 driver reports for contexts made by the v2 API
    return CUDA_SUCCESS;
}

T4EMU_API CUresult cuCtxGetFlags(unsigned int* flags) {
    if (flags == nullptr) return CUDA_ERROR_INVALID_VALUE;
    CUresult r = check_context();
    if (r == CUDA_SUCCESS) *flags = t_context_stack.back()->flags;
    return r;
}

T4EMU_API CUresult cuCtxSynchronize() {
    return check_context();  // every operation already finished when its call returned
}

T4EMU_API CUresult cuCtxGetStreamPriorityRange(int* least, int* greatest) {
    CUresult r = check_context();
    if (r != CUDA_SUCCESS) return r;
    if (least != nullptr) *least = 0;
    if (greatest != nullptr) *greatest = -5;
    return CUDA_SUCCESS;
}

T4EMU_API CUresult cuCtxSetCacheConfig(int) { return check_context(); }
T4EMU_API CUresult cuCtxSetLimit(int, size_t) { return check_context(); }

// ---- error names, as cuda.h spells them --------------------------------------------------------

namespace {
struct ErrorText {
    CUresult code;
    const char* name;
    const char* text;
};
const ErrorText kErrors[] = {
    {CUDA_SUCCESS, "CUDA_SUCCESS", "no error"},
    {CUDA_ERROR_INVALID_VALUE, "CUDA_ERROR_INVALID_VALUE", "invalid argument"},
    {CUDA_ERROR_OUT_OF_MEMORY, "CUDA_ERROR_OUT_OF_MEMORY", "out of memory"},
    {CUDA_ERROR_NOT_INITIALIZED, "CUDA_ERROR_NOT_INITIALIZED", "initialization error"},
    {CUDA_ERROR_NO_DEVICE, "CUDA_ERROR_NO_DEVICE", "no CUDA-capable device is detected"},
    {CUDA_ERROR_INVALID_DEVICE, "CUDA_ERROR_INVALID_DEVICE", "invalid device ordinal"},
    {CUDA_ERROR_INVALID_IMAGE, "CUDA_ERROR_INVALID_IMAGE", "device kernel image is invalid"},
    {CUDA_ERROR_INVALID_CONTEXT, "CUDA_ERROR_INVALID_CONTEXT", "invalid device context"},
    {CUDA_ERROR_FILE_NOT_FOUND, "CUDA_ERROR_FILE_NOT_FOUND", "file not found"},
    {CUDA_ERROR_INVALID_HANDLE, "CUDA_ERROR_INVALID_HANDLE", "invalid resource handle"},
    {CUDA_ERROR_NOT_FOUND, "CUDA_ERROR_NOT_FOUND", "named symbol not found"},
    {CUDA_ERROR_NOT_READY, "CUDA_ERROR_NOT_READY", "device not ready"},
    {CUDA_ERROR_ILLEGAL_ADDRESS, "CUDA_ERROR_ILLEGAL_ADDRESS", "an illegal memory access was encountered"},
    {CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES, "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES", "too many resources requested for launch"},
    {CUDA_ERROR_NOT_SUPPORTED, "CUDA_ERROR_NOT_SUPPORTED", "operation not supported"},
    {CUDA_ERROR_UNKNOWN, "CUDA_ERROR_UNKNOWN", "unknown error"},
};
const ErrorText* find_error(CUresult code) {
    for (const ErrorText& e : kErrors)
        if (e.code == code) return &e;
    return nullptr;
}
}  // namespace

T4EMU_API CUresult cuGetErrorName(CUresult code, const char** name) {
    if (name == nullptr) return CUDA_ERROR_INVALID_VALUE;
    const ErrorText* e = find_error(code);
    *name = e != nullptr ? e->name : nullptr;
    return e != nullptr ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

T4EMU_API CUresult cuGetErrorString(CUresult code, const char** text) {
    if (text == nullptr) return CUDA_ERROR_INVALID_VALUE;
    const ErrorText* e = find_error(code);
    *text = e != nullptr ? e->text : nullptr;
    return e != nullptr ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

// Modules, functions and launches. A module accepts any image, since the kernels are already in
// this library; but when the image is PTX text (torch4j.ptx), it is checked as a real driver would:
// its .version must be one this driver version can JIT, and a kernel must be one of its .entry
// names. So a stale torch4j.ptx, or one whose .version a CUDA 12 driver rejects, fails here too.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>

#include "driver.h"
#include "kernel_table.h"

struct t4emu_function {
    const t4emu::KernelInfo* kernel;
    CUmodule module;
};

struct t4emu_module {
    std::string ptx;  // empty when the image was not PTX text
    std::map<std::string, t4emu_function> functions;
};

namespace t4emu {
namespace {

std::mutex g_lock;
std::set<CUmodule> g_modules;
// A launch runs alone: the built-in indices are plain globals, atomics in emu.h are plain
// read-modify-writes, and the GPU's in-order stream is what the Java runtime expects anyway.
std::mutex g_launch_lock;

// The newest PTX ISA a driver of this version JITs (CUDA's release notes: ISA 8.0 came with 12.0,
// 8.5 with 12.5 and 12.6, 8.7 with 12.8, 8.8 with 12.9, 9.0 with 13.0).
int max_ptx_isa(int driverVersion) {
    int major = driverVersion / 1000, minor = driverVersion % 1000 / 10;
    if (major < 11) return 0;
    if (major == 11) return 70 + (minor < 8 ? minor : 8);
    if (major == 12) return minor <= 5 ? 80 + minor : minor <= 7 ? 85 : 80 + minor - 1;
    return 90 + (major - 13) * 10 + minor;
}

// The operand of the directive that starts a line ("//" comments never do), or "".
std::string directive(const std::string& ptx, const char* name) {
    std::istringstream lines(ptx);
    std::string line, word, value;
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        if (words >> word && word == name && words >> value) return value;
    }
    return "";
}

// ".version 8.0" -> 80; -1 when absent.
int ptx_isa(const std::string& ptx) {
    int major, minor;
    return std::sscanf(directive(ptx, ".version").c_str(), "%d.%d", &major, &minor) == 2 ? major * 10 + minor : -1;
}

// ".target sm_75" -> 75; -1 when absent.
int ptx_target(const std::string& ptx) {
    int sm;
    return std::sscanf(directive(ptx, ".target").c_str(), "sm_%d", &sm) == 1 ? sm : -1;
}

CUresult load(CUmodule* out, const char* image) {
    if (out == nullptr || image == nullptr) return CUDA_ERROR_INVALID_VALUE;
    CUresult r = check_context();
    if (r != CUDA_SUCCESS) return r;
    CUmodule m = new t4emu_module();
    // PTX is NUL-terminated text, as the driver requires; other images (cubin, fatbin) are kept opaque.
    if (std::strncmp(image, "\x7f" "ELF", 4) != 0) {
        std::string text(image);
        int isa = ptx_isa(text), sm = ptx_target(text);
        if (isa >= 0 && sm >= 0) {
            if (isa > max_ptx_isa(driver_version())) {
                std::fprintf(stderr, "torch4j CUDA emulator: PTX .version %d.%d is newer than driver %d accepts\n",
                             isa / 10, isa % 10, driver_version());
                delete m;
                return 222;  // CUDA_ERROR_UNSUPPORTED_PTX_VERSION
            }
            if (sm > T4EMU_CC_MAJOR * 10 + T4EMU_CC_MINOR) {
                delete m;
                return 218;  // CUDA_ERROR_INVALID_PTX: compiled for a newer GPU
            }
            m->ptx = std::move(text);
        }
    }
    std::lock_guard<std::mutex> lock(g_lock);
    g_modules.insert(m);
    *out = m;
    return CUDA_SUCCESS;
}

bool in_ptx(const std::string& ptx, const char* name) {
    std::string entry = std::string(".entry ") + name + "(";
    return ptx.find(entry) != std::string::npos;
}

CUresult check_module(CUmodule m) {
    CUresult r = check_context();
    if (r != CUDA_SUCCESS) return r;
    std::lock_guard<std::mutex> lock(g_lock);
    return g_modules.count(m) != 0 ? CUDA_SUCCESS : CUDA_ERROR_INVALID_HANDLE;
}

}  // namespace
}  // namespace t4emu

using namespace t4emu;

T4EMU_API CUresult cuModuleLoadData(CUmodule* m, const void* image) {
    return load(m, static_cast<const char*>(image));
}

T4EMU_API CUresult cuModuleLoadDataEx(CUmodule* m, const void* image, unsigned int, void*, void**) {
    return load(m, static_cast<const char*>(image));
}

T4EMU_API CUresult cuModuleLoadFatBinary(CUmodule* m, const void* image) {
    return load(m, static_cast<const char*>(image));
}

T4EMU_API CUresult cuModuleLoad(CUmodule* m, const char* path) {
    if (path == nullptr) return CUDA_ERROR_INVALID_VALUE;
    std::ifstream in(path, std::ios::binary);
    if (!in) return CUDA_ERROR_FILE_NOT_FOUND;
    std::stringstream text;
    text << in.rdbuf();
    return load(m, text.str().c_str());
}

T4EMU_API CUresult cuModuleUnload(CUmodule m) {
    CUresult r = check_module(m);
    if (r != CUDA_SUCCESS) return r;
    std::lock_guard<std::mutex> lock(g_lock);
    g_modules.erase(m);
    delete m;
    return CUDA_SUCCESS;
}

T4EMU_API CUresult cuModuleGetFunction(CUfunction* f, CUmodule m, const char* name) {
    if (f == nullptr || name == nullptr) return CUDA_ERROR_INVALID_VALUE;
    CUresult r = check_module(m);
    if (r != CUDA_SUCCESS) return r;
    const KernelInfo* k = find_kernel(name);
    bool inPtx = m->ptx.empty() || in_ptx(m->ptx, name);
    if (k == nullptr || !inPtx) {
        if (k == nullptr && !m->ptx.empty() && in_ptx(m->ptx, name))
            std::fprintf(stderr, "torch4j CUDA emulator: kernel %s is in the PTX but not in the emulator: "
                         "is T4_EXPORT(%s) missing, or is the emulator build older than the sources?\n", name, name);
        else if (k != nullptr)
            std::fprintf(stderr, "torch4j CUDA emulator: kernel %s is not in the loaded PTX: "
                         "rerun scripts/cuda/build-ptx.sh\n", name);
        else if (tracing())
            std::fprintf(stderr, "torch4j CUDA emulator: no kernel named %s\n", name);
        return CUDA_ERROR_NOT_FOUND;
    }
    std::lock_guard<std::mutex> lock(g_lock);
    t4emu_function& fn = m->functions[name];
    fn = t4emu_function{k, m};
    *f = &fn;
    return CUDA_SUCCESS;
}

T4EMU_API CUresult cuModuleGetGlobal_v2(CUdeviceptr*, size_t*, CUmodule m, const char*) {
    CUresult r = check_module(m);
    return r != CUDA_SUCCESS ? r : CUDA_ERROR_NOT_FOUND;  // the kernels define no __device__ globals
}

T4EMU_API CUresult cuFuncGetAttribute(int* value, int attribute, CUfunction f) {
    if (value == nullptr || f == nullptr) return CUDA_ERROR_INVALID_VALUE;
    CUresult r = check_context();
    if (r != CUDA_SUCCESS) return r;
    switch (attribute) {
        case CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK: *value = T4EMU_MAX_THREADS_PER_BLOCK; break;
        case CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES:
        case CU_FUNC_ATTRIBUTE_CONST_SIZE_BYTES:
        case CU_FUNC_ATTRIBUTE_LOCAL_SIZE_BYTES: *value = 0; break;
        case CU_FUNC_ATTRIBUTE_NUM_REGS: *value = 32; break;
        case CU_FUNC_ATTRIBUTE_PTX_VERSION:
        case CU_FUNC_ATTRIBUTE_BINARY_VERSION: *value = T4EMU_CC_MAJOR * 10 + T4EMU_CC_MINOR; break;
        default: return CUDA_ERROR_INVALID_VALUE;
    }
    return CUDA_SUCCESS;
}

T4EMU_API CUresult cuFuncGetModule(CUmodule* m, CUfunction f) {
    if (m == nullptr || f == nullptr) return CUDA_ERROR_INVALID_VALUE;
    *m = f->module;
    return CUDA_SUCCESS;
}

T4EMU_API CUresult cuFuncSetCacheConfig(CUfunction f, int) { return f == nullptr ? CUDA_ERROR_INVALID_HANDLE : check_context(); }
T4EMU_API CUresult cuFuncSetAttribute(CUfunction f, int, int) { return f == nullptr ? CUDA_ERROR_INVALID_HANDLE : check_context(); }

T4EMU_API CUresult cuLaunchKernel(CUfunction f, unsigned int gx, unsigned int gy, unsigned int gz, unsigned int bx,
                                  unsigned int by, unsigned int bz, unsigned int sharedBytes, CUstream stream,
                                  void** params, void** extra) {
    CUresult r = check_stream(stream);
    if (r != CUDA_SUCCESS) return r;
    if (f == nullptr || check_module(f->module) != CUDA_SUCCESS) return CUDA_ERROR_INVALID_HANDLE;
    // The GPU's launch limits, so a launch shape that works here works there.
    if (gx == 0 || gy == 0 || gz == 0 || bx == 0 || by == 0 || bz == 0 || gx > 2147483647u || gy > 65535 ||
        gz > 65535 || bx > 1024 || by > 1024 || bz > 64 || sharedBytes > T4EMU_MAX_SHARED_PER_BLOCK)
        return CUDA_ERROR_INVALID_VALUE;
    if ((unsigned long long) bx * by * bz > T4EMU_MAX_THREADS_PER_BLOCK) return CUDA_ERROR_INVALID_VALUE;
    if (extra != nullptr) {
        report_unsupported("cuLaunchKernel with extra (CU_LAUNCH_PARAM_BUFFER_POINTER)");
        return CUDA_ERROR_NOT_SUPPORTED;
    }
    const KernelInfo* k = f->kernel;
    if (params == nullptr && k->paramCount > 0) return CUDA_ERROR_INVALID_VALUE;
    if (tracing())
        std::fprintf(stderr, "torch4j CUDA emulator: launch %s grid (%u,%u,%u) block (%u,%u,%u)\n", k->name, gx, gy,
                     gz, bx, by, bz);
    std::lock_guard<std::mutex> lock(g_launch_lock);
    k->launch(Dim{gx, gy, gz}, Dim{bx, by, bz}, params);
    // Only the buffers the kernel was given can have been overrun (the subset has no other way to
    // reach memory), so only their guard bands are checked: the cost stays independent of how many
    // blocks the caching allocator holds.
    const int capacity = 256;
    unsigned long long words[capacity];
    int n = params == nullptr ? 0 : k->addresses(params, words, capacity);
    return check_guards(k->name, words, n < capacity ? n : capacity) == 0 ? CUDA_SUCCESS : CUDA_ERROR_ILLEGAL_ADDRESS;
}

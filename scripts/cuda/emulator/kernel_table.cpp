// The kernel table and the built-in index variables the kernels read (declared in emu.h).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>

#include "emu.h"

uint3 blockIdx;
uint3 threadIdx;
uint3 blockDim;
uint3 gridDim;

namespace t4emu {
namespace {

// Function-local, so registrations from other files' static initialisers always find it built.
std::map<std::string, KernelInfo>& table() {
    static std::map<std::string, KernelInfo> kernels;
    return kernels;
}

}  // namespace

bool register_kernel(const char* name, Launcher launch, AddressScan addresses, int paramCount) {
    if (!table().emplace(name, KernelInfo{name, launch, addresses, paramCount}).second) {
        std::fprintf(stderr, "torch4j CUDA emulator: kernel %s is exported twice\n", name);
        std::abort();
    }
    return true;
}

const KernelInfo* find_kernel(const char* name) {
    auto it = table().find(name);
    return it == table().end() ? nullptr : &it->second;
}

}  // namespace t4emu

// For tests of the emulator itself: how many kernels the build registered.
extern "C" __attribute__((visibility("default"))) int t4emu_kernel_count() { return (int) t4emu::table().size(); }

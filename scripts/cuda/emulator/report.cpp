// Diagnostics shared by the fake driver and the fake cuBLAS (each library links its own copy).
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <set>
#include <string>

#include "driver.h"

namespace t4emu {

bool tracing() {
    static const bool on = [] {
        const char* v = std::getenv("T4EMU_TRACE");
        return v != nullptr && *v != '\0' && *v != '0';
    }();
    return on;
}

void report_unsupported(const char* name) {
    static std::mutex lock;
    static std::set<std::string> reported;
    std::lock_guard<std::mutex> guard(lock);
    if (reported.insert(name).second)
        std::fprintf(stderr, "torch4j CUDA emulator: %s is not emulated; it returns an error\n", name);
}

}  // namespace t4emu

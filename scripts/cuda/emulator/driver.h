// State shared by the fake driver's source files: initialisation, the calling thread's current
// context, and the device-memory registry. Every exported function is extern "C" with CUDA's name
// (the _v2 names where cuda.h maps to them: JCuda's natives import those).
#pragma once

#include <cstddef>

#include "cuda_types.h"

#define T4EMU_API extern "C" __attribute__((visibility("default")))

namespace t4emu {

// CUDA_ERROR_NOT_INITIALIZED before cuInit, CUDA_ERROR_INVALID_CONTEXT without a current context:
// the real driver's answers, kept so that a Java thread that forgot cuCtxSetCurrent (a Cleaner
// freeing buffers, say) fails here as it would on the GPU.
CUresult check_context();
bool initialized();
int driver_version();  // as cuDriverGetVersion: 1000 * major + 10 * minor
CUresult check_stream(CUstream stream);

// Device memory is host memory. Each allocation is 256-byte aligned, filled with 0xFF on allocation
// (NaN for floats, -1 for integers: code that assumes zeroed memory fails as it may on the GPU), and
// followed by a guard band, checked after each launch given an address inside the allocation:
// that catches writes just past the end.
CUresult allocate(CUdeviceptr* out, size_t bytes);
CUresult release(CUdeviceptr ptr);
// The live allocation holding ptr: its start and requested size.
bool allocation_of(CUdeviceptr ptr, CUdeviceptr* start, size_t* bytes);
// Whether [ptr, ptr + bytes) lies inside one live allocation.
bool is_device_range(CUdeviceptr ptr, size_t bytes);
// The first allocation, among those holding one of the addresses, whose guard band was overwritten,
// or 0; reports it on stderr. Words that are no device address are ignored.
CUdeviceptr check_guards(const char* after, const unsigned long long* addresses, int count);
size_t live_bytes();
size_t total_bytes();

// Logs (once per name) that JCuda called a driver or cuBLAS function the emulator does not model.
void report_unsupported(const char* name);
// T4EMU_TRACE=1 in the environment: log every launch and unusual answer on stderr.
bool tracing();

}  // namespace t4emu

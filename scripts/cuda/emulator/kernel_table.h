// The link between kernels compiled for the host (emu.h) and the fake driver (module.cpp): a table
// from kernel name to a launcher that runs the whole grid. Kernels register themselves from static
// initialisers when libcuda.so.1 is loaded (T4_EXPORT), so adding a kernel needs no emulator change.
#pragma once

namespace t4emu {

struct Dim {
    unsigned int x, y, z;
};

// Runs every block and thread of the grid, one after another, with the kernel's parameters read
// from cuLaunchKernel's kernelParams (one pointer per parameter, as CUDA defines it).
typedef void (*Launcher)(Dim grid, Dim block, void** params);

// Writes every 8-byte word of the launch's pointer-sized and struct parameters (pointers, long long
// addresses, TensorRef.data ...) to out, at most capacity of them; returns how many there were.
// The driver checks the guard bands of the allocations these point into after the launch.
typedef int (*AddressScan)(void** params, unsigned long long* out, int capacity);

struct KernelInfo {
    const char* name;
    Launcher launch;
    AddressScan addresses;
    int paramCount;
};

// Registers a kernel; returns true so it can initialise a static. A duplicate name aborts the load:
// on the GPU the module would not link either.
bool register_kernel(const char* name, Launcher launch, AddressScan addresses, int paramCount);

// nullptr when no kernel has that name.
const KernelInfo* find_kernel(const char* name);

}  // namespace t4emu

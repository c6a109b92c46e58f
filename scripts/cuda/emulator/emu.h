// The device side of CUDA C for host compilation: the emulator builds every src/main/cuda/*.cu with
//   g++ -std=c++17 -DT4_EMULATED -include emu.h -x c++
// and links the result into the fake libcuda.so.1, which runs a launch as plain calls, one block and
// one thread after another.
//
// Only the subset torch4j's kernels may use is defined (see common.cuh): there is deliberately no
// __shared__, __syncthreads, warp intrinsic or printf, so a kernel that needs one fails to compile
// here instead of silently computing something else. Names follow CUDA's exactly, and so do the
// overload sets (atomicAdd has no long long overload, min/max mix types as CUDA's do), so that a
// call that resolves here resolves the same way under nvcc. The host's whole C++ library is still
// visible here, though: scripts/cuda/build-ptx.sh is what proves a kernel compiles for the GPU.
#pragma once

#ifndef T4_EMULATED
#error "emu.h is for the host build of the kernels (-DT4_EMULATED)"
#endif

#include <cfloat>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <math.h>
#include <tuple>
#include <type_traits>
#include <utility>

#include "kernel_table.h"

// ---- qualifiers --------------------------------------------------------------------------------
#define __global__
#define __device__
#define __host__
#define __constant__
#define __forceinline__ inline __attribute__((always_inline))
#define __launch_bounds__(...)
#define __align__(n) __attribute__((aligned(n)))

// ---- built-in variables: set by the launcher before each thread runs ---------------------------
struct uint3 {
    unsigned int x, y, z;
};
struct dim3 {
    unsigned int x, y, z;
    constexpr dim3(unsigned int x = 1, unsigned int y = 1, unsigned int z = 1) : x(x), y(y), z(z) {}
};
// Plain globals, not thread-locals: launches are serialised (module.cpp), so one set serves every
// JVM thread, and reading them costs no TLS lookup. Hidden: they live in this library. blockDim
// and gridDim are uint3 rather than CUDA's dim3, as kernels only read .x .y .z.
#define T4EMU_BUILTIN extern __attribute__((visibility("hidden"))) uint3
T4EMU_BUILTIN blockIdx;
T4EMU_BUILTIN threadIdx;
T4EMU_BUILTIN blockDim;
T4EMU_BUILTIN gridDim;
#undef T4EMU_BUILTIN
#define warpSize 32

// ---- atomics: launches are serialised (see module.cpp), so a plain read-modify-write is atomic --
#define T4EMU_ATOMIC(type, name, expr)                   \
    __device__ __forceinline__ type name(type* a, type v) { \
        type old = *a;                                   \
        *a = (expr);                                     \
        return old;                                      \
    }
T4EMU_ATOMIC(int, atomicAdd, old + v)
T4EMU_ATOMIC(unsigned int, atomicAdd, old + v)
T4EMU_ATOMIC(unsigned long long, atomicAdd, old + v)
T4EMU_ATOMIC(float, atomicAdd, old + v)
T4EMU_ATOMIC(double, atomicAdd, old + v)
T4EMU_ATOMIC(int, atomicSub, old - v)
T4EMU_ATOMIC(unsigned int, atomicSub, old - v)
T4EMU_ATOMIC(int, atomicExch, v)
T4EMU_ATOMIC(unsigned int, atomicExch, v)
T4EMU_ATOMIC(unsigned long long, atomicExch, v)
T4EMU_ATOMIC(float, atomicExch, v)
T4EMU_ATOMIC(int, atomicMax, old > v ? old : v)
T4EMU_ATOMIC(unsigned int, atomicMax, old > v ? old : v)
T4EMU_ATOMIC(long long, atomicMax, old > v ? old : v)
T4EMU_ATOMIC(unsigned long long, atomicMax, old > v ? old : v)
T4EMU_ATOMIC(int, atomicMin, old < v ? old : v)
T4EMU_ATOMIC(unsigned int, atomicMin, old < v ? old : v)
T4EMU_ATOMIC(long long, atomicMin, old < v ? old : v)
T4EMU_ATOMIC(unsigned long long, atomicMin, old < v ? old : v)
T4EMU_ATOMIC(int, atomicOr, old | v)
T4EMU_ATOMIC(unsigned int, atomicOr, old | v)
T4EMU_ATOMIC(unsigned long long, atomicOr, old | v)
T4EMU_ATOMIC(int, atomicAnd, old & v)
T4EMU_ATOMIC(unsigned int, atomicAnd, old & v)
T4EMU_ATOMIC(unsigned long long, atomicAnd, old & v)
#undef T4EMU_ATOMIC

#define T4EMU_CAS(type)                                                     \
    __device__ __forceinline__ type atomicCAS(type* a, type compare, type v) { \
        type old = *a;                                                      \
        if (old == compare) *a = v;                                         \
        return old;                                                         \
    }
T4EMU_CAS(int)
T4EMU_CAS(unsigned int)
T4EMU_CAS(unsigned long long)
#undef T4EMU_CAS

// ---- min / max: CUDA's overload set (math_functions.h), mixed signedness included ---------------
#define T4EMU_MINMAX(ret, a_type, b_type)                                                   \
    __device__ __forceinline__ ret min(a_type a, b_type b) { return (ret) a < (ret) b ? (ret) a : (ret) b; } \
    __device__ __forceinline__ ret max(a_type a, b_type b) { return (ret) a > (ret) b ? (ret) a : (ret) b; }
T4EMU_MINMAX(int, int, int)
T4EMU_MINMAX(unsigned int, unsigned int, unsigned int)
T4EMU_MINMAX(unsigned int, int, unsigned int)
T4EMU_MINMAX(unsigned int, unsigned int, int)
T4EMU_MINMAX(long, long, long)
T4EMU_MINMAX(unsigned long, unsigned long, unsigned long)
T4EMU_MINMAX(unsigned long, long, unsigned long)
T4EMU_MINMAX(unsigned long, unsigned long, long)
T4EMU_MINMAX(long long, long long, long long)
T4EMU_MINMAX(unsigned long long, unsigned long long, unsigned long long)
T4EMU_MINMAX(unsigned long long, long long, unsigned long long)
T4EMU_MINMAX(unsigned long long, unsigned long long, long long)
#undef T4EMU_MINMAX
// Floating min/max follow fminf/fmin: a NaN operand yields the other operand, as on the GPU.
__device__ __forceinline__ float min(float a, float b) { return fminf(a, b); }
__device__ __forceinline__ float max(float a, float b) { return fmaxf(a, b); }
__device__ __forceinline__ double min(double a, double b) { return fmin(a, b); }
__device__ __forceinline__ double max(double a, double b) { return fmax(a, b); }
__device__ __forceinline__ double min(float a, double b) { return fmin(a, b); }
__device__ __forceinline__ double max(float a, double b) { return fmax(a, b); }
__device__ __forceinline__ double min(double a, float b) { return fmin(a, b); }
__device__ __forceinline__ double max(double a, float b) { return fmax(a, b); }

// ---- CUDA math that the host's libm lacks ------------------------------------------------------
// Fast-math intrinsics: the GPU's are approximate; here they are the exact functions, so tests that
// pass here may still need a tolerance on the GPU.
__device__ __forceinline__ float __expf(float x) { return expf(x); }
__device__ __forceinline__ float __exp10f(float x) { return exp10f(x); }
__device__ __forceinline__ float __logf(float x) { return logf(x); }
__device__ __forceinline__ float __log2f(float x) { return log2f(x); }
__device__ __forceinline__ float __log10f(float x) { return log10f(x); }
__device__ __forceinline__ float __sinf(float x) { return sinf(x); }
__device__ __forceinline__ float __cosf(float x) { return cosf(x); }
__device__ __forceinline__ float __tanf(float x) { return tanf(x); }
__device__ __forceinline__ float __powf(float x, float y) { return powf(x, y); }
__device__ __forceinline__ float __fdividef(float x, float y) { return x / y; }
__device__ __forceinline__ float fdividef(float x, float y) { return x / y; }
__device__ __forceinline__ double fdivide(double x, double y) { return x / y; }
__device__ __forceinline__ float __frcp_rn(float x) { return 1.0f / x; }
__device__ __forceinline__ float __fsqrt_rn(float x) { return sqrtf(x); }
__device__ __forceinline__ float __fadd_rn(float x, float y) { return x + y; }
__device__ __forceinline__ float __fmul_rn(float x, float y) { return x * y; }
__device__ __forceinline__ float __fmaf_rn(float x, float y, float z) { return fmaf(x, y, z); }
__device__ __forceinline__ double __dadd_rn(double x, double y) { return x + y; }
__device__ __forceinline__ double __dmul_rn(double x, double y) { return x * y; }
__device__ __forceinline__ double __fma_rn(double x, double y, double z) { return fma(x, y, z); }
__device__ __forceinline__ float __saturatef(float x) { return x != x ? 0.0f : fminf(fmaxf(x, 0.0f), 1.0f); }
__device__ __forceinline__ float rsqrtf(float x) { return 1.0f / sqrtf(x); }
__device__ __forceinline__ double rsqrt(double x) { return 1.0 / sqrt(x); }
__device__ __forceinline__ float rcbrtf(float x) { return 1.0f / cbrtf(x); }
__device__ __forceinline__ double rcbrt(double x) { return 1.0 / cbrt(x); }
#if !(defined(__GLIBC__) && __GLIBC_PREREQ(2, 41))  // C23 added these to libm
__device__ __forceinline__ float sinpif(float x) { return sinf((float) M_PI * x); }
__device__ __forceinline__ float cospif(float x) { return cosf((float) M_PI * x); }
__device__ __forceinline__ double sinpi(double x) { return sin(M_PI * x); }
__device__ __forceinline__ double cospi(double x) { return cos(M_PI * x); }
#endif
__device__ __forceinline__ float normcdff(float x) { return 0.5f * erfcf(-x * (float) M_SQRT1_2); }
__device__ __forceinline__ double normcdf(double x) { return 0.5 * erfc(-x * M_SQRT1_2); }

// erfinv: Giles' single-precision approximation refined by two Newton steps on erf, which is
// accurate to the last bit or two in double; CUDA has erfinv/erfinvf, libm does not.
__device__ inline double t4emu_erfinv(double y) {
    if (y <= -1.0) return y == -1.0 ? -INFINITY : NAN;
    if (y >= 1.0) return y == 1.0 ? INFINITY : NAN;
    double w = -log((1.0 - y) * (1.0 + y)), x;
    if (w < 5.0) {
        w -= 2.5;
        x = 2.81022636e-08;
        x = 3.43273939e-07 + x * w;
        x = -3.5233877e-06 + x * w;
        x = -4.39150654e-06 + x * w;
        x = 0.00021858087 + x * w;
        x = -0.00125372503 + x * w;
        x = -0.00417768164 + x * w;
        x = 0.246640727 + x * w;
        x = 1.50140941 + x * w;
    } else {
        w = sqrt(w) - 3.0;
        x = -0.000200214257;
        x = 0.000100950558 + x * w;
        x = 0.00134934322 + x * w;
        x = -0.00367342844 + x * w;
        x = 0.00573950773 + x * w;
        x = -0.0076224613 + x * w;
        x = 0.00943887047 + x * w;
        x = 1.00167406 + x * w;
        x = 2.83297682 + x * w;
    }
    x *= y;
    for (int i = 0; i < 2; i++) x -= (erf(x) - y) / (2.0 / sqrt(M_PI) * exp(-x * x));
    return x;
}
__device__ __forceinline__ double erfinv(double y) { return t4emu_erfinv(y); }
__device__ __forceinline__ float erfinvf(float y) { return (float) t4emu_erfinv(y); }
__device__ __forceinline__ double erfcinv(double y) { return t4emu_erfinv(1.0 - y); }
__device__ __forceinline__ float erfcinvf(float y) { return (float) t4emu_erfinv(1.0 - (double) y); }
__device__ __forceinline__ double normcdfinv(double y) { return -M_SQRT2 * erfcinv(2.0 * y); }
__device__ __forceinline__ float normcdfinvf(float y) { return (float) normcdfinv(y); }

// ---- bit reinterpretation and integer intrinsics ----------------------------------------------
template <typename To, typename From>
__device__ __forceinline__ To t4emu_bits(From v) {
    static_assert(sizeof(To) == sizeof(From), "bit cast between different sizes");
    To r;
    std::memcpy(&r, &v, sizeof r);
    return r;
}
__device__ __forceinline__ float __int_as_float(int v) { return t4emu_bits<float>(v); }
__device__ __forceinline__ int __float_as_int(float v) { return t4emu_bits<int>(v); }
__device__ __forceinline__ float __uint_as_float(unsigned int v) { return t4emu_bits<float>(v); }
__device__ __forceinline__ unsigned int __float_as_uint(float v) { return t4emu_bits<unsigned int>(v); }
__device__ __forceinline__ double __longlong_as_double(long long v) { return t4emu_bits<double>(v); }
__device__ __forceinline__ long long __double_as_longlong(double v) { return t4emu_bits<long long>(v); }
__device__ __forceinline__ int __popc(unsigned int v) { return __builtin_popcount(v); }
__device__ __forceinline__ int __popcll(unsigned long long v) { return __builtin_popcountll(v); }
__device__ __forceinline__ int __clz(int v) { return v == 0 ? 32 : __builtin_clz((unsigned int) v); }
__device__ __forceinline__ int __clzll(long long v) { return v == 0 ? 64 : __builtin_clzll((unsigned long long) v); }
__device__ __forceinline__ int __ffs(int v) { return __builtin_ffs(v); }
__device__ __forceinline__ int __ffsll(long long v) { return __builtin_ffsll(v); }
__device__ __forceinline__ unsigned int __umulhi(unsigned int a, unsigned int b) {
    return (unsigned int) (((unsigned long long) a * b) >> 32);
}
__device__ __forceinline__ unsigned long long __umul64hi(unsigned long long a, unsigned long long b) {
    return (unsigned long long) (((unsigned __int128) a * b) >> 64);
}
__device__ __forceinline__ int __float2int_rn(float x) { return (int) nearbyintf(x); }
__device__ __forceinline__ int __float2int_rz(float x) { return (int) x; }
__device__ __forceinline__ long long __float2ll_rn(float x) { return (long long) nearbyintf(x); }
__device__ __forceinline__ long long __double2ll_rn(double x) { return (long long) nearbyint(x); }
template <typename T>
__device__ __forceinline__ T __ldg(const T* p) { return *p; }

// ---- kernel registration -----------------------------------------------------------------------
namespace t4emu {

template <typename T>
inline T load_param(void* p) {
    static_assert(std::is_trivially_copyable<T>::value, "kernel parameters must be plain values");
    T v;
    std::memcpy(&v, p, sizeof v);  // kernelParams[i] need not be aligned for T
    return v;
}

template <auto Kernel, typename... A, std::size_t... I>
void run_grid(Dim grid, Dim block, void** params, void (*)(A...), std::index_sequence<I...>) {
    // Read once; each thread gets its own copy, as each GPU thread has its own parameter registers.
    std::tuple<std::decay_t<A>...> args{load_param<std::decay_t<A>>(params[I])...};
    (void) params;
    gridDim = uint3{grid.x, grid.y, grid.z};
    blockDim = uint3{block.x, block.y, block.z};
    for (unsigned int bz = 0; bz < grid.z; bz++)
        for (unsigned int by = 0; by < grid.y; by++)
            for (unsigned int bx = 0; bx < grid.x; bx++) {
                blockIdx = uint3{bx, by, bz};
                for (unsigned int tz = 0; tz < block.z; tz++)
                    for (unsigned int ty = 0; ty < block.y; ty++)
                        for (unsigned int tx = 0; tx < block.x; tx++) {
                            threadIdx = uint3{tx, ty, tz};
                            Kernel(std::get<I>(args)...);
                        }
            }
}

template <typename... A>
constexpr int arity(void (*)(A...)) {
    return (int) sizeof...(A);
}

template <auto Kernel>
void launch(Dim grid, Dim block, void** params) {
    run_grid<Kernel>(grid, block, params, Kernel, std::make_index_sequence<arity(Kernel)>{});
}

// Appends the 8-byte words of parameter p (of type T) that could hold a device address.
template <typename T>
void scan_param(void* p, unsigned long long* out, int capacity, int& n) {
    if (sizeof(T) % 8 != 0) return;  // int, float: no address fits
    for (size_t w = 0; w < sizeof(T) / 8; w++, n++)
        if (n < capacity) std::memcpy(&out[n], static_cast<char*>(p) + 8 * w, 8);
}

template <typename... A, std::size_t... I>
int scan_params(void** params, unsigned long long* out, int capacity, void (*)(A...), std::index_sequence<I...>) {
    int n = 0;
    (scan_param<std::decay_t<A>>(params[I], out, capacity, n), ...);
    (void) params;
    return n;
}

template <auto Kernel>
int addresses(void** params, unsigned long long* out, int capacity) {
    return scan_params(params, out, capacity, Kernel, std::make_index_sequence<arity(Kernel)>{});
}

}  // namespace t4emu

#define T4_EXPORT(name)                                                                          \
    static const bool t4emu_registered_##name = ::t4emu::register_kernel(                        \
        #name, &::t4emu::launch<&name>, &::t4emu::addresses<&name>, ::t4emu::arity(&name));

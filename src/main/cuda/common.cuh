// Shared by every torch4j kernel file: how a strided tensor reaches a kernel, and the macros that
// export kernels under plain C names (cuModuleGetFunction looks them up by name).
//
// Kernels are written so that they also run, one thread after another, in the host emulator
// (scripts/cuda/emulator): grid-stride loops, no __syncthreads, no shared memory, no warp
// intrinsics. Cross-thread combination goes through a second kernel or atomicAdd.
#pragma once

#ifndef T4_EMULATED
#include <stdint.h>
#define T4_EXPORT(name)
#endif

#define T4_MAX_DIMS 8

// A strided view as the Java side packs it (torch4j.backend.cuda.TensorRef): 18 int64 words.
// data is the byte address of the view's element 0 (storage offset already applied); sizes and
// strides are in elements, dims beyond ndim are unused. Dims are collapsed where possible before
// packing, so ndim <= T4_MAX_DIMS covers every tensor the Java side accepts.
struct TensorRef {
    long long data;
    long long ndim;
    long long sizes[T4_MAX_DIMS];
    long long strides[T4_MAX_DIMS];
};

// Element offset (in elements, not bytes) of the i-th element (row-major) of t. torch4j tensors
// hold fewer than 2^31 elements (Layout checks), so the divisions are 32-bit: far cheaper than
// 64-bit ones on a GPU.
__device__ __forceinline__ long long t4_offset(const TensorRef& t, long long i) {
    unsigned int k = (unsigned int) i;
    long long off = 0;
#ifndef T4_EMULATED
#pragma unroll 1 // a few dims at most: unrolling would only bloat every kernel's code (and the JIT's time)
#endif
    for (int d = (int) t.ndim - 1; d > 0; d--) {
        unsigned int s = (unsigned int) t.sizes[d];
        unsigned int q = k / s;
        off += (long long) (k - q * s) * t.strides[d];
        k = q;
    }
    return t.ndim > 0 ? off + (long long) k * t.strides[0] : 0;
}

template <typename T>
__device__ __forceinline__ T* t4_ptr(const TensorRef& t) {
    return reinterpret_cast<T*>(t.data);
}

template <typename T>
__device__ __forceinline__ T& t4_at(const TensorRef& t, long long i) {
    return t4_ptr<T>(t)[t4_offset(t, i)];
}

#define T4_GRID_STRIDE(i, n) \
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < (n); \
         i += (long long) blockDim.x * gridDim.x)

// Dtype codes, as torch4j.DType's ordinal order is NOT relied on: the Java side passes these.
#define T4_F32 0
#define T4_F64 1
#define T4_I64 2
#define T4_I32 3
#define T4_U8 4
#define T4_BOOL 5

// One name for atomicAdd over every dtype that has a hardware atomic add: float, double, int32,
// and int64 through the unsigned 64-bit add (two's complement makes signed and unsigned addition
// the same bits). uint8 and bool have none; their scatter-adds run on the host.
#pragma once

#include "common.cuh"

__device__ __forceinline__ void t4_atomic_add(float* p, float v) { atomicAdd(p, v); }
__device__ __forceinline__ void t4_atomic_add(double* p, double v) { atomicAdd(p, v); }
__device__ __forceinline__ void t4_atomic_add(int* p, int v) { atomicAdd(p, v); }
__device__ __forceinline__ void t4_atomic_add(long long* p, long long v) {
    atomicAdd(reinterpret_cast<unsigned long long*>(p), static_cast<unsigned long long>(v));
}

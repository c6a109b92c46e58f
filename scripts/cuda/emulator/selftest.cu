// Kernels for the emulator's own smoke test (selftest.cpp). They live in libcuda.so.1 beside the
// real ones, under a t4emu_ prefix, and are never part of torch4j.ptx.
#include "common.cuh"

// out[i] = in[i] * s over strided views: exercises TensorRef unpacking and t4_at.
extern "C" __global__ void t4emu_selftest_scale_f32(TensorRef out, TensorRef in, float s, long long n) {
    T4_GRID_STRIDE(i, n) { t4_at<float>(out, i) = t4_at<float>(in, i) * s; }
}
T4_EXPORT(t4emu_selftest_scale_f32)

// Combines across threads and blocks with atomicAdd.
extern "C" __global__ void t4emu_selftest_sum_f64(const double* in, double* total, long long n) {
    T4_GRID_STRIDE(i, n) { atomicAdd(total, in[i]); }
}
T4_EXPORT(t4emu_selftest_sum_f64)

// Counts visits per index: each must be visited exactly once, whatever the grid.
extern "C" __global__ void t4emu_selftest_visit(unsigned long long* hits, long long n) {
    T4_GRID_STRIDE(i, n) { atomicAdd(&hits[i], 1ull); }
}
T4_EXPORT(t4emu_selftest_visit)

// Writes one element past the end: the guard band must notice.
extern "C" __global__ void t4emu_selftest_overrun(float* p, long long n) {
    if (blockIdx.x == 0 && threadIdx.x == 0) p[n] = 1.0f;
}
T4_EXPORT(t4emu_selftest_overrun)

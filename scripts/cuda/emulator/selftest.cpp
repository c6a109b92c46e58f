// Smoke test of the emulator without Java: loads OUTDIR/libcuda.so.1 and OUTDIR/libcublas.so.12 with
// dlopen, as JCuda's natives would find them, and drives them through the driver and cuBLAS calls
// the torch4j runtime makes. Usage: selftest OUTDIR. Exit status 0 when every check passes.
#include <dlfcn.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "cuda_types.h"

namespace {

int g_failures = 0;

#define CHECK(cond, what)                                             \
    do {                                                              \
        bool ok_ = (cond);                                            \
        std::printf("%s  %s\n", ok_ ? "ok  " : "FAIL", what);         \
        if (!ok_) g_failures++;                                       \
    } while (0)

void* g_cuda;
void* g_cublas;

template <typename F>
F sym(void* lib, const char* name) {
    void* p = dlsym(lib, name);
    if (p == nullptr) {
        std::printf("FAIL  %s is not exported\n", name);
        std::exit(1);
    }
    return reinterpret_cast<F>(p);
}
#define CU(name, ...) sym<CUresult (*)(__VA_ARGS__)>(g_cuda, #name)

// As common.cuh's TensorRef: 18 int64 words.
struct TensorRef {
    long long data, ndim, sizes[8], strides[8];
};

TensorRef ref(CUdeviceptr data, std::vector<long long> sizes, std::vector<long long> strides) {
    TensorRef t{};
    t.data = (long long) data;
    t.ndim = (long long) sizes.size();
    for (size_t d = 0; d < sizes.size(); d++) {
        t.sizes[d] = sizes[d];
        t.strides[d] = strides[d];
    }
    return t;
}

const char kPtx[] =
    "// comments do not count: .version 9.0\n.version 8.0\n.target sm_75\n.address_size 64\n"
    ".visible .entry t4emu_selftest_scale_f32(\n.param .align 8 .b8 p0[144]\n)\n{\n ret;\n}\n";

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUTDIR\n", argv[0]);
        return 2;
    }
    std::setvbuf(stdout, nullptr, _IONBF, 0);  // keep our lines in order with the library's stderr reports
    std::string dir = argv[1];
    g_cuda = dlopen((dir + "/libcuda.so.1").c_str(), RTLD_NOW | RTLD_GLOBAL);
    g_cublas = dlopen((dir + "/libcublas.so.12").c_str(), RTLD_NOW);
    if (g_cuda == nullptr || g_cublas == nullptr) {
        std::printf("FAIL  dlopen: %s\n", dlerror());
        return 1;
    }

    CUdevice dev;
    CUcontext ctx;
    CUdeviceptr d;
    CHECK(CU(cuMemAlloc_v2, CUdeviceptr*, size_t)(&d, 64) == CUDA_ERROR_NOT_INITIALIZED, "calls before cuInit fail");
    CHECK(CU(cuInit, unsigned)(0) == CUDA_SUCCESS, "cuInit");
    int count = 0, major = 0, version = 0;
    CU(cuDeviceGetCount, int*)(&count);
    CHECK(count == 1, "one device");
    CHECK(CU(cuDeviceGet, CUdevice*, int)(&dev, 1) == CUDA_ERROR_INVALID_DEVICE, "device 1 does not exist");
    CU(cuDeviceGet, CUdevice*, int)(&dev, 0);
    CU(cuDeviceGetAttribute, int*, int, CUdevice)(&major, 75, dev);
    CHECK(major == 9, "compute capability 9.x");
    CU(cuDriverGetVersion, int*)(&version);
    CHECK(version >= 12000, "a CUDA 12 driver version");
    CHECK(CU(cuMemAlloc_v2, CUdeviceptr*, size_t)(&d, 64) == CUDA_ERROR_INVALID_CONTEXT, "alloc needs a context");
    CU(cuDevicePrimaryCtxRetain, CUcontext*, CUdevice)(&ctx, dev);
    CHECK(CU(cuCtxSetCurrent, CUcontext)(ctx) == CUDA_SUCCESS, "primary context current");
    CUstream stream;
    CHECK(CU(cuStreamCreate, CUstream*, unsigned)(&stream, 0) == CUDA_SUCCESS, "cuStreamCreate");

    // Memory accounting, as a leak test in Java would read it.
    size_t free0, free1, total;
    auto memInfo = CU(cuMemGetInfo_v2, size_t*, size_t*);
    memInfo(&free0, &total);
    CHECK(total == (size_t) 16 << 30 && free0 == total, "16 GiB, all free");
    const int n = 1000;
    CUdeviceptr in, out;
    CU(cuMemAlloc_v2, CUdeviceptr*, size_t)(&in, 2 * n * sizeof(float));
    CU(cuMemAlloc_v2, CUdeviceptr*, size_t)(&out, n * sizeof(float));
    memInfo(&free1, &total);
    CHECK(free0 - free1 == 3 * n * sizeof(float), "cuMemGetInfo counts live bytes");
    CHECK(in % 256 == 0 && out % 256 == 0, "allocations 256-byte aligned");
    CHECK(CU(cuMemAlloc_v2, CUdeviceptr*, size_t)(&d, 0) == CUDA_ERROR_INVALID_VALUE, "zero-byte alloc rejected");
    CHECK(CU(cuMemAlloc_v2, CUdeviceptr*, size_t)(&d, (size_t) 17 << 30) == CUDA_ERROR_OUT_OF_MEMORY,
          "more than the device holds: out of memory");

    std::vector<float> host(2 * n), back(n);
    for (int i = 0; i < 2 * n; i++) host[i] = (float) i;
    CHECK(CU(cuMemcpyHtoDAsync_v2, CUdeviceptr, const void*, size_t, CUstream)(in, host.data(), host.size() * 4,
                                                                            stream) == CUDA_SUCCESS,
          "copy to device");
    CHECK(CU(cuMemcpyHtoD_v2, CUdeviceptr, const void*, size_t)(in + 4, host.data(), host.size() * 4) ==
              CUDA_ERROR_INVALID_VALUE,
          "copy past the end of an allocation rejected");

    // A launch with TensorRef arguments: out = in[::2] * 3, over a grid smaller than n.
    CUmodule module;
    CUfunction scale, missing;
    CHECK(CU(cuModuleLoadData, CUmodule*, const void*)(&module, "any image") == CUDA_SUCCESS, "module from any image");
    CHECK(CU(cuModuleGetFunction, CUfunction*, CUmodule, const char*)(&scale, module, "t4emu_selftest_scale_f32") ==
              CUDA_SUCCESS,
          "kernel found by name");
    CHECK(CU(cuModuleGetFunction, CUfunction*, CUmodule, const char*)(&missing, module, "no_such_kernel") ==
              CUDA_ERROR_NOT_FOUND,
          "unknown kernel: CUDA_ERROR_NOT_FOUND");
    TensorRef o = ref(out, {n}, {1}), i2 = ref(in, {n}, {2});
    float s = 3.0f;
    long long len = n;
    void* args[] = {&o, &i2, &s, &len};
    auto launch = CU(cuLaunchKernel, CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned,
                     CUstream, void**, void**);
    CHECK(launch(scale, 3, 1, 1, 128, 1, 1, 0, stream, args, nullptr) == CUDA_SUCCESS, "cuLaunchKernel");
    CU(cuMemcpyDtoH_v2, void*, CUdeviceptr, size_t)(back.data(), out, n * sizeof(float));
    bool right = true;
    for (int i = 0; i < n; i++) right &= back[i] == host[2 * i] * 3.0f;
    CHECK(right, "strided kernel result");
    CHECK(launch(scale, 1, 1, 1, 2048, 1, 1, 0, stream, args, nullptr) == CUDA_ERROR_INVALID_VALUE,
          "block over 1024 threads rejected");

    // Every index visited once by odd 3-D grids; atomicAdd combining across blocks.
    CUfunction visit, sum, overrun;
    auto getFunction = CU(cuModuleGetFunction, CUfunction*, CUmodule, const char*);
    getFunction(&visit, module, "t4emu_selftest_visit");
    getFunction(&sum, module, "t4emu_selftest_sum_f64");
    getFunction(&overrun, module, "t4emu_selftest_overrun");
    CUdeviceptr hits, values, total64;
    CU(cuMemAlloc_v2, CUdeviceptr*, size_t)(&hits, n * 8);
    CU(cuMemsetD8_v2, CUdeviceptr, unsigned char, size_t)(hits, 0, n * 8);
    void* visitArgs[] = {&hits, &len};
    launch(visit, 5, 1, 1, 7, 1, 1, 0, nullptr, visitArgs, nullptr);
    launch(visit, 2048, 1, 1, 256, 1, 1, 0, nullptr, visitArgs, nullptr);
    std::vector<unsigned long long> hitCount(n);
    CU(cuMemcpyDtoH_v2, void*, CUdeviceptr, size_t)(hitCount.data(), hits, n * 8);
    bool twice = true;
    for (int i = 0; i < n; i++) twice &= hitCount[i] == 2;
    CHECK(twice, "each index visited once per launch, small and large grids");
    std::vector<double> v(n);
    double expect = 0;
    for (int i = 0; i < n; i++) expect += v[i] = 0.5 * i;
    CU(cuMemAlloc_v2, CUdeviceptr*, size_t)(&values, n * 8);
    CU(cuMemAlloc_v2, CUdeviceptr*, size_t)(&total64, 8);
    CU(cuMemcpyHtoD_v2, CUdeviceptr, const void*, size_t)(values, v.data(), n * 8);
    CU(cuMemsetD32_v2, CUdeviceptr, unsigned, size_t)(total64, 0, 2);
    void* sumArgs[] = {&values, &total64, &len};
    launch(sum, 4, 1, 1, 64, 1, 1, 0, nullptr, sumArgs, nullptr);
    double got = 0;
    CU(cuMemcpyDtoH_v2, void*, CUdeviceptr, size_t)(&got, total64, 8);
    CHECK(got == expect, "atomicAdd across blocks");

    float fresh = 0;
    CUdeviceptr small;
    CU(cuMemAlloc_v2, CUdeviceptr*, size_t)(&small, 4 * sizeof(float));
    CU(cuMemcpyDtoH_v2, void*, CUdeviceptr, size_t)(&fresh, small, sizeof fresh);
    CHECK(std::isnan(fresh), "fresh allocations read as NaN");
    long long four = 4;
    void* overArgs[] = {&small, &four};
    std::printf("      (an overrun report on stderr is expected next)\n");
    CHECK(launch(overrun, 1, 1, 1, 1, 1, 1, 0, nullptr, overArgs, nullptr) == CUDA_ERROR_ILLEGAL_ADDRESS,
          "write past the end of a buffer: CUDA_ERROR_ILLEGAL_ADDRESS");

    // PTX images are checked as a driver would: .version and .entry names.
    CUmodule ptx;
    CHECK(CU(cuModuleLoadData, CUmodule*, const void*)(&ptx, kPtx) == CUDA_SUCCESS, "PTX ISA 8.0 loads");
    CHECK(getFunction(&missing, ptx, "t4emu_selftest_scale_f32") == CUDA_SUCCESS, "kernel in the PTX found");
    std::printf("      (a 'not in the loaded PTX' report on stderr is expected next)\n");
    CHECK(getFunction(&missing, ptx, "t4emu_selftest_visit") == CUDA_ERROR_NOT_FOUND,
          "kernel missing from the PTX: CUDA_ERROR_NOT_FOUND");
    std::string newer(kPtx);
    newer.replace(newer.find("8.0"), 3, "9.0");
    std::printf("      (a '.version 9.0' report on stderr is expected next)\n");
    CHECK(CU(cuModuleLoadData, CUmodule*, const void*)(&ptx, newer.c_str()) == 222,
          "PTX ISA 9.0 on a CUDA 12.6 driver: CUDA_ERROR_UNSUPPORTED_PTX_VERSION");

    // cuBLAS: C (2x3) = A (2x4) * B (4x3), column-major, then a batched transpose-transpose case.
    typedef struct cublas* H;
    H h;
    CHECK(sym<int (*)(H*)>(g_cublas, "cublasCreate_v2")(&h) == 0, "cublasCreate_v2");
    CHECK(sym<int (*)(H, CUstream)>(g_cublas, "cublasSetStream_v2")(h, stream) == 0, "cublasSetStream_v2");
    auto sgemm = sym<int (*)(H, int, int, int, int, int, const float*, const float*, int, const float*, int,
                             const float*, float*, int)>(g_cublas, "cublasSgemm_v2");
    auto dgemmBatched = sym<int (*)(H, int, int, int, int, int, const double*, const double*, int, long long,
                                    const double*, int, long long, const double*, double*, int, long long, int)>(
        g_cublas, "cublasDgemmStridedBatched");
    float A[8], B[12], C[6];
    for (int i = 0; i < 8; i++) A[i] = (float) (i + 1);
    for (int i = 0; i < 12; i++) B[i] = (float) (i % 5) - 1.0f;
    CUdeviceptr dA, dB, dC;
    CU(cuMemAlloc_v2, CUdeviceptr*, size_t)(&dA, sizeof A);
    CU(cuMemAlloc_v2, CUdeviceptr*, size_t)(&dB, sizeof B);
    CU(cuMemAlloc_v2, CUdeviceptr*, size_t)(&dC, sizeof C);
    CU(cuMemcpyHtoD_v2, CUdeviceptr, const void*, size_t)(dA, A, sizeof A);
    CU(cuMemcpyHtoD_v2, CUdeviceptr, const void*, size_t)(dB, B, sizeof B);
    float one = 1.0f, zero = 0.0f;
    // dC holds NaN (fresh memory): beta == 0 must not read it.
    CHECK(sgemm(h, 0, 0, 2, 3, 4, &one, (float*) dA, 2, (float*) dB, 4, &zero, (float*) dC, 2) == 0, "cublasSgemm_v2");
    CU(cuMemcpyDtoH_v2, void*, CUdeviceptr, size_t)(C, dC, sizeof C);
    bool gemmRight = true;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++) {
            float e = 0;
            for (int p = 0; p < 4; p++) e += A[i + 2 * p] * B[p + 4 * j];
            gemmRight &= C[i + 2 * j] == e;
        }
    CHECK(gemmRight, "SGEMM result, beta = 0 ignores NaN in C");
    CHECK(sgemm(h, 0, 0, 2, 3, 4, &one, A, 2, (float*) dB, 4, &zero, (float*) dC, 2) == 13,
          "host pointer as a matrix: CUBLAS_STATUS_EXECUTION_FAILED");
    CHECK(sgemm(h, 0, 0, 2, 3, 4, &one, (float*) dA, 1, (float*) dB, 4, &zero, (float*) dC, 2) == 7,
          "lda < m: CUBLAS_STATUS_INVALID_VALUE");

    const int batch = 3, m = 2, k = 3, nn = 2;  // C_q = A_q^T * B_q^T, A_q k x m, B_q nn x k
    std::vector<double> a(batch * k * m), b(batch * nn * k), c(batch * m * nn, 7.0);
    for (size_t i = 0; i < a.size(); i++) a[i] = 0.25 * (double) i;
    for (size_t i = 0; i < b.size(); i++) b[i] = 1.0 - 0.5 * (double) i;
    CUdeviceptr da, db, dc;
    CU(cuMemAlloc_v2, CUdeviceptr*, size_t)(&da, a.size() * 8);
    CU(cuMemAlloc_v2, CUdeviceptr*, size_t)(&db, b.size() * 8);
    CU(cuMemAlloc_v2, CUdeviceptr*, size_t)(&dc, c.size() * 8);
    CU(cuMemcpyHtoD_v2, CUdeviceptr, const void*, size_t)(da, a.data(), a.size() * 8);
    CU(cuMemcpyHtoD_v2, CUdeviceptr, const void*, size_t)(db, b.data(), b.size() * 8);
    CU(cuMemcpyHtoD_v2, CUdeviceptr, const void*, size_t)(dc, c.data(), c.size() * 8);
    double alpha = 2.0, beta = 0.5;
    CHECK(dgemmBatched(h, 1, 1, m, nn, k, &alpha, (double*) da, k, k * m, (double*) db, nn, nn * k, &beta,
                       (double*) dc, m, m * nn, batch) == 0,
          "cublasDgemmStridedBatched");
    std::vector<double> cBack(c.size());
    CU(cuMemcpyDtoH_v2, void*, CUdeviceptr, size_t)(cBack.data(), dc, c.size() * 8);
    bool batchedRight = true;
    for (int q = 0; q < batch; q++)
        for (int i = 0; i < m; i++)
            for (int j = 0; j < nn; j++) {
                double e = 0;
                for (int p = 0; p < k; p++) e += a[q * k * m + p + i * k] * b[q * nn * k + j + p * nn];
                batchedRight &= std::fabs(cBack[q * m * nn + i + j * m] - (2.0 * e + 0.5 * 7.0)) < 1e-12;
            }
    CHECK(batchedRight, "batched DGEMM with transposes, alpha and beta");
    CHECK(sym<int (*)(H)>(g_cublas, "cublasDestroy_v2")(h) == 0, "cublasDestroy_v2");
    CHECK(sym<int (*)(H)>(g_cublas, "cublasDestroy_v2")(h) == 1, "destroyed handle: CUBLAS_STATUS_NOT_INITIALIZED");
    CHECK(sym<int (*)(H, int, int)>(g_cublas, "cublasSaxpy_v2")(h, 0, 0) == 15,
          "an unemulated cuBLAS function answers CUBLAS_STATUS_NOT_SUPPORTED");
    CHECK(CU(cuGraphCreate, void*, unsigned)(nullptr, 0) == CUDA_ERROR_NOT_SUPPORTED,
          "an unemulated driver function answers CUDA_ERROR_NOT_SUPPORTED");

    for (CUdeviceptr p : {in, out, hits, values, total64, small, dA, dB, dC, da, db, dc})
        CU(cuMemFree_v2, CUdeviceptr)(p);
    memInfo(&free1, &total);
    CHECK(free1 == total, "every byte back after cuMemFree");
    CHECK(CU(cuMemFree_v2, CUdeviceptr)(in) == CUDA_ERROR_INVALID_VALUE, "double free rejected");
    std::printf("      %d kernels registered\n", sym<int (*)()>(g_cuda, "t4emu_kernel_count")());
    std::printf("%s: %d failure(s)\n", g_failures == 0 ? "emulator self-test passed" : "emulator self-test FAILED",
                g_failures);
    return g_failures == 0 ? 0 : 1;
}

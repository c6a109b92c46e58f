// The fake libcublas.so.12: handles, streams, modes and the four GEMMs torch4j uses, as naive
// column-major loops. Semantics follow cuBLAS where tests could tell the difference: beta == 0
// never reads C (so NaN in C does not leak), alpha == 0 never reads A or B, the TF32 math mode rounds
// the inputs to TF32 (so a test can see whether TF32 was left on), and alpha/beta are read through
// pointers in either pointer mode (device memory is host memory here).
#include <dlfcn.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <set>
#include <vector>

#include "driver.h"

#define T4EMU_CUBLAS_API extern "C" __attribute__((visibility("default")))

struct t4emu_cublas {
    CUstream stream;
    int mathMode;
    int pointerMode;
    int atomicsMode;
};
typedef t4emu_cublas* cublasHandle_t;

namespace {

enum : int {
    CUBLAS_STATUS_SUCCESS = 0,
    CUBLAS_STATUS_NOT_INITIALIZED = 1,
    CUBLAS_STATUS_ALLOC_FAILED = 3,
    CUBLAS_STATUS_INVALID_VALUE = 7,
    CUBLAS_STATUS_ARCH_MISMATCH = 8,
    CUBLAS_STATUS_MAPPING_ERROR = 11,
    CUBLAS_STATUS_EXECUTION_FAILED = 13,
    CUBLAS_STATUS_INTERNAL_ERROR = 14,
    CUBLAS_STATUS_NOT_SUPPORTED = 15,
    CUBLAS_STATUS_LICENSE_ERROR = 16,
};
enum : int { CUBLAS_OP_N = 0, CUBLAS_OP_T = 1, CUBLAS_OP_C = 2 };
const int kTf32MathBit = 3;  // CUBLAS_TF32_TENSOR_OP_MATH
const int kVersion = 120604;  // what cuBLAS 12.6 reports: major * 10000 + minor * 100 + patch

std::mutex g_lock;
std::set<cublasHandle_t> g_handles;

bool is_handle(cublasHandle_t h) {
    std::lock_guard<std::mutex> lock(g_lock);
    return g_handles.count(h) != 0;
}

// The fake driver's range check, when it is loaded in this process (it always is under JCuda);
// it catches a host pointer or a too-small buffer passed as a matrix.
bool device_range(const void* p, size_t bytes) {
    typedef int (*Check)(unsigned long long, size_t);
    static const Check check = reinterpret_cast<Check>(dlsym(RTLD_DEFAULT, "t4emu_is_device_range"));
    return check == nullptr || check(reinterpret_cast<uintptr_t>(p), bytes) != 0;
}

// Bytes spanned by a column-major rows x cols matrix with leading dimension ld, batch times stride.
size_t extent(int rows, int cols, int ld, long long stride, int batch, size_t elem) {
    if (rows == 0 || cols == 0 || batch == 0) return 0;
    return ((size_t) (batch - 1) * (size_t) stride + (size_t) (cols - 1) * ld + rows) * elem;
}

float tf32(float x) {
    uint32_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    if ((bits & 0x7f800000u) != 0x7f800000u) bits = (bits + 0x1000u) & 0xffffe000u;  // keep Inf and NaN
    std::memcpy(&x, &bits, sizeof x);
    return x;
}

float input(float v, bool roundTf32) { return roundTf32 ? tf32(v) : v; }
double input(double v, bool) { return v; }

template <typename T>
int gemm(cublasHandle_t h, int transa, int transb, int m, int n, int k, const T* alpha, const T* A, int lda,
         long long strideA, const T* B, int ldb, long long strideB, const T* beta, T* C, int ldc,
         long long strideC, int batch) {
    if (!is_handle(h)) return CUBLAS_STATUS_NOT_INITIALIZED;
    bool ta = transa != CUBLAS_OP_N, tb = transb != CUBLAS_OP_N;
    if (transa < 0 || transa > 2 || transb < 0 || transb > 2 || m < 0 || n < 0 || k < 0 || batch < 0)
        return CUBLAS_STATUS_INVALID_VALUE;
    int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
    if (lda < (aRows > 1 ? aRows : 1) || ldb < (bRows > 1 ? bRows : 1) || ldc < (m > 1 ? m : 1))
        return CUBLAS_STATUS_INVALID_VALUE;
    if (alpha == nullptr || beta == nullptr) return CUBLAS_STATUS_INVALID_VALUE;
    if (m == 0 || n == 0 || batch == 0) return CUBLAS_STATUS_SUCCESS;
    T a = *alpha, b = *beta;
    bool readAB = a != T(0) && k > 0;
    if ((readAB && (!device_range(A, extent(aRows, aCols, lda, strideA, batch, sizeof(T))) ||
                    !device_range(B, extent(bRows, bCols, ldb, strideB, batch, sizeof(T))))) ||
        !device_range(C, extent(m, n, ldc, strideC, batch, sizeof(T)))) {
        std::fprintf(stderr, "torch4j CUDA emulator: cuBLAS GEMM operand outside device memory\n");
        return CUBLAS_STATUS_EXECUTION_FAILED;
    }
    bool round = h->mathMode == kTf32MathBit;
    std::vector<T> sums((size_t) m);
    for (int q = 0; q < batch; q++) {
        const T* Aq = A + q * strideA;
        const T* Bq = B + q * strideB;
        T* Cq = C + q * strideC;
        for (int j = 0; j < n; j++) {
            // Column j of op(A) * op(B), each sum taken over p in order; the loops run along A's
            // contiguous dimension (for speed only: the sums are the same either way).
            std::fill(sums.begin(), sums.end(), T(0));
            if (readAB && !ta) {
                for (int p = 0; p < k; p++) {
                    T bpj = input(tb ? Bq[j + (size_t) p * ldb] : Bq[p + (size_t) j * ldb], round);
                    const T* Ap = Aq + (size_t) p * lda;
                    for (int i = 0; i < m; i++) sums[i] += input(Ap[i], round) * bpj;
                }
            } else if (readAB) {
                for (int i = 0; i < m; i++) {
                    const T* Ai = Aq + (size_t) i * lda;
                    T sum = 0;
                    for (int p = 0; p < k; p++)
                        sum += input(Ai[p], round) * input(tb ? Bq[j + (size_t) p * ldb] : Bq[p + (size_t) j * ldb], round);
                    sums[i] = sum;
                }
            }
            T* Cj = Cq + (size_t) j * ldc;
            for (int i = 0; i < m; i++) Cj[i] = b == T(0) ? a * sums[i] : a * sums[i] + b * Cj[i];
        }
    }
    return CUBLAS_STATUS_SUCCESS;
}

}  // namespace

T4EMU_CUBLAS_API int cublasCreate_v2(cublasHandle_t* h) {
    if (h == nullptr) return CUBLAS_STATUS_INVALID_VALUE;
    *h = new t4emu_cublas{nullptr, 0, 0, 0};
    std::lock_guard<std::mutex> lock(g_lock);
    g_handles.insert(*h);
    return CUBLAS_STATUS_SUCCESS;
}

T4EMU_CUBLAS_API int cublasDestroy_v2(cublasHandle_t h) {
    std::lock_guard<std::mutex> lock(g_lock);
    if (g_handles.erase(h) == 0) return CUBLAS_STATUS_NOT_INITIALIZED;
    delete h;
    return CUBLAS_STATUS_SUCCESS;
}

T4EMU_CUBLAS_API int cublasGetVersion_v2(cublasHandle_t h, int* version) {
    if (version == nullptr) return CUBLAS_STATUS_INVALID_VALUE;
    if (!is_handle(h)) return CUBLAS_STATUS_NOT_INITIALIZED;
    *version = kVersion;
    return CUBLAS_STATUS_SUCCESS;
}

T4EMU_CUBLAS_API int cublasGetProperty(int type, int* value) {
    if (value == nullptr) return CUBLAS_STATUS_INVALID_VALUE;
    switch (type) {  // MAJOR_VERSION, MINOR_VERSION, PATCH_LEVEL
        case 0: *value = kVersion / 10000; return CUBLAS_STATUS_SUCCESS;
        case 1: *value = kVersion / 100 % 100; return CUBLAS_STATUS_SUCCESS;
        case 2: *value = kVersion % 100; return CUBLAS_STATUS_SUCCESS;
        default: return CUBLAS_STATUS_INVALID_VALUE;
    }
}

T4EMU_CUBLAS_API size_t cublasGetCudartVersion() { return 12060; }

#define T4EMU_HANDLE_FIELD(setter, getter, type, field)                    \
    T4EMU_CUBLAS_API int setter(cublasHandle_t h, type v) {                \
        if (!is_handle(h)) return CUBLAS_STATUS_NOT_INITIALIZED;           \
        h->field = v;                                                      \
        return CUBLAS_STATUS_SUCCESS;                                      \
    }                                                                      \
    T4EMU_CUBLAS_API int getter(cublasHandle_t h, type* v) {               \
        if (v == nullptr) return CUBLAS_STATUS_INVALID_VALUE;              \
        if (!is_handle(h)) return CUBLAS_STATUS_NOT_INITIALIZED;           \
        *v = h->field;                                                     \
        return CUBLAS_STATUS_SUCCESS;                                      \
    }
T4EMU_HANDLE_FIELD(cublasSetStream_v2, cublasGetStream_v2, CUstream, stream)
T4EMU_HANDLE_FIELD(cublasSetMathMode, cublasGetMathMode, int, mathMode)
T4EMU_HANDLE_FIELD(cublasSetPointerMode_v2, cublasGetPointerMode_v2, int, pointerMode)
T4EMU_HANDLE_FIELD(cublasSetAtomicsMode, cublasGetAtomicsMode, int, atomicsMode)
#undef T4EMU_HANDLE_FIELD

T4EMU_CUBLAS_API int cublasSetWorkspace_v2(cublasHandle_t h, void*, size_t) {
    return is_handle(h) ? CUBLAS_STATUS_SUCCESS : CUBLAS_STATUS_NOT_INITIALIZED;
}

T4EMU_CUBLAS_API int cublasSgemm_v2(cublasHandle_t h, int ta, int tb, int m, int n, int k, const float* alpha,
                                    const float* A, int lda, const float* B, int ldb, const float* beta, float* C,
                                    int ldc) {
    return gemm(h, ta, tb, m, n, k, alpha, A, lda, 0, B, ldb, 0, beta, C, ldc, 0, 1);
}

T4EMU_CUBLAS_API int cublasDgemm_v2(cublasHandle_t h, int ta, int tb, int m, int n, int k, const double* alpha,
                                    const double* A, int lda, const double* B, int ldb, const double* beta, double* C,
                                    int ldc) {
    return gemm(h, ta, tb, m, n, k, alpha, A, lda, 0, B, ldb, 0, beta, C, ldc, 0, 1);
}

T4EMU_CUBLAS_API int cublasSgemmStridedBatched(cublasHandle_t h, int ta, int tb, int m, int n, int k,
                                               const float* alpha, const float* A, int lda, long long sA,
                                               const float* B, int ldb, long long sB, const float* beta, float* C,
                                               int ldc, long long sC, int batch) {
    return gemm(h, ta, tb, m, n, k, alpha, A, lda, sA, B, ldb, sB, beta, C, ldc, sC, batch);
}

T4EMU_CUBLAS_API int cublasDgemmStridedBatched(cublasHandle_t h, int ta, int tb, int m, int n, int k,
                                               const double* alpha, const double* A, int lda, long long sA,
                                               const double* B, int ldb, long long sB, const double* beta,
                                               double* C, int ldc, long long sC, int batch) {
    return gemm(h, ta, tb, m, n, k, alpha, A, lda, sA, B, ldb, sB, beta, C, ldc, sC, batch);
}

namespace {
const char* status_name(int s) {
    switch (s) {
        case CUBLAS_STATUS_SUCCESS: return "CUBLAS_STATUS_SUCCESS";
        case CUBLAS_STATUS_NOT_INITIALIZED: return "CUBLAS_STATUS_NOT_INITIALIZED";
        case CUBLAS_STATUS_ALLOC_FAILED: return "CUBLAS_STATUS_ALLOC_FAILED";
        case CUBLAS_STATUS_INVALID_VALUE: return "CUBLAS_STATUS_INVALID_VALUE";
        case CUBLAS_STATUS_ARCH_MISMATCH: return "CUBLAS_STATUS_ARCH_MISMATCH";
        case CUBLAS_STATUS_MAPPING_ERROR: return "CUBLAS_STATUS_MAPPING_ERROR";
        case CUBLAS_STATUS_EXECUTION_FAILED: return "CUBLAS_STATUS_EXECUTION_FAILED";
        case CUBLAS_STATUS_INTERNAL_ERROR: return "CUBLAS_STATUS_INTERNAL_ERROR";
        case CUBLAS_STATUS_NOT_SUPPORTED: return "CUBLAS_STATUS_NOT_SUPPORTED";
        case CUBLAS_STATUS_LICENSE_ERROR: return "CUBLAS_STATUS_LICENSE_ERROR";
        default: return "CUBLAS_STATUS_UNKNOWN";
    }
}
}  // namespace

T4EMU_CUBLAS_API const char* cublasGetStatusName(int s) { return status_name(s); }
T4EMU_CUBLAS_API const char* cublasGetStatusString(int s) { return status_name(s); }

// Gathering and scattering by an int64 index (torch4j.backend.cuda.CudaIndex). Every kernel
// walks the row-major positions of one tensor (the "shape" operand) and reads the others through
// views the Java side packs with that tensor's sizes and their own strides, the stride of the
// indexed dim set to 0 (the index supplies that position). Indices were checked by idx_check_i64
// before any of these run, so the kernels do not bound-check again.
#include "common.cuh"
#include "atomic_add.cuh"

__device__ __forceinline__ long long idx_numel(const TensorRef& t) {
    long long n = 1;
    for (int d = 0; d < (int) t.ndim; d++) n *= t.sizes[d];
    return n;
}

// Row-major coordinates of element i over shape's sizes: returns the coordinate along dim and
// the element offsets of i in three views of shape's rank (an unused view: pass shape again).
__device__ __forceinline__ long long idx_walk(const TensorRef& shape, long long i, int dim,
                                              const TensorRef& v0, long long& o0,
                                              const TensorRef& v1, long long& o1,
                                              const TensorRef& v2, long long& o2) {
    long long at = 0;
    o0 = o1 = o2 = 0;
    for (int d = (int) shape.ndim - 1; d >= 0; d--) {
        long long s = shape.sizes[d];
        long long q = i / s;
        long long c = i - q * s;
        if (d == dim) at = c;
        o0 += c * v0.strides[d];
        o1 += c * v1.strides[d];
        o2 += c * v2.strides[d];
        i = q;
    }
    return at;
}

// Counts the indices outside [0, size) into *flag (an int64 the host zeroed); when it is not zero
// the host finds the first bad index itself, for PyTorch's message.
extern "C" __global__ void idx_check_i64(TensorRef index, long long size, long long* flag) {
    long long n = idx_numel(index);
    T4_GRID_STRIDE(i, n) {
        long long v = t4_at<long long>(index, i);
        if (v < 0 || v >= size) t4_atomic_add(flag, 1LL);
    }
}
T4_EXPORT(idx_check_i64)

// out[.., j, ..] = x[.., index[j], ..]; xv is x with out's sizes and 0 as the stride of dim.
#define T4_IDX_MOVES(SUF, T)                                                                      \
    extern "C" __global__ void idx_select_##SUF(TensorRef out, TensorRef xv, TensorRef index,    \
                                                int dim, long long xsd) {                         \
        long long n = idx_numel(out);                                                             \
        T4_GRID_STRIDE(i, n) {                                                                    \
            long long oo, ox, unused;                                                             \
            long long j = idx_walk(out, i, dim, out, oo, xv, ox, out, unused);                    \
            long long v = t4_at<long long>(index, j);                                             \
            t4_ptr<T>(out)[oo] = t4_ptr<T>(xv)[ox + v * xsd];                                     \
        }                                                                                         \
    }                                                                                             \
    T4_EXPORT(idx_select_##SUF)                                                                   \
    /* out[p] = x[p with p[dim] = index[p]], p over index's positions (= out's shape) */         \
    extern "C" __global__ void idx_gather_##SUF(TensorRef index, TensorRef outv, TensorRef xv,   \
                                                int dim, long long xsd) {                         \
        long long n = idx_numel(index);                                                           \
        T4_GRID_STRIDE(i, n) {                                                                    \
            long long oi, oo, ox;                                                                 \
            idx_walk(index, i, dim, index, oi, outv, oo, xv, ox);                                 \
            long long v = t4_ptr<long long>(index)[oi];                                           \
            t4_ptr<T>(outv)[oo] = t4_ptr<T>(xv)[ox + v * xsd];                                    \
        }                                                                                         \
    }                                                                                             \
    T4_EXPORT(idx_gather_##SUF)                                                                   \
    /* out[p with p[dim] = index[p]] = src[p]: with repeated targets some write wins */          \
    extern "C" __global__ void idx_scatter_##SUF(TensorRef index, TensorRef srcv, TensorRef outv,\
                                                 int dim, long long osd) {                        \
        long long n = idx_numel(index);                                                           \
        T4_GRID_STRIDE(i, n) {                                                                    \
            long long oi, os, oo;                                                                 \
            idx_walk(index, i, dim, index, oi, srcv, os, outv, oo);                               \
            long long v = t4_ptr<long long>(index)[oi];                                           \
            t4_ptr<T>(outv)[oo + v * osd] = t4_ptr<T>(srcv)[os];                                  \
        }                                                                                         \
    }                                                                                             \
    T4_EXPORT(idx_scatter_##SUF)

// scatter of one value; the Java side converts it to the dtype (VT is the launch's parameter type).
#define T4_IDX_FILL(SUF, T, VT)                                                                   \
    extern "C" __global__ void idx_scatter_fill_##SUF(TensorRef index, TensorRef outv, int dim,  \
                                                      long long osd, VT value) {                  \
        long long n = idx_numel(index);                                                           \
        T4_GRID_STRIDE(i, n) {                                                                    \
            long long oi, oo, unused;                                                             \
            idx_walk(index, i, dim, index, oi, outv, oo, index, unused);                          \
            long long v = t4_ptr<long long>(index)[oi];                                           \
            t4_ptr<T>(outv)[oo + v * osd] = (T) value;                                            \
        }                                                                                         \
    }                                                                                             \
    T4_EXPORT(idx_scatter_fill_##SUF)

// The adding forms, for the dtypes with an atomic add: repeated targets accumulate.
#define T4_IDX_ADDS(SUF, T)                                                                       \
    /* out[.., index[j], ..] += src[.., j, ..]; outv is out with src's sizes, 0 stride at dim */  \
    extern "C" __global__ void idx_add_##SUF(TensorRef src, TensorRef outv, TensorRef index,     \
                                             int dim, long long osd) {                            \
        long long n = idx_numel(src);                                                             \
        T4_GRID_STRIDE(i, n) {                                                                    \
            long long os, oo, unused;                                                             \
            long long j = idx_walk(src, i, dim, src, os, outv, oo, src, unused);                  \
            long long v = t4_at<long long>(index, j);                                             \
            t4_atomic_add(t4_ptr<T>(outv) + oo + v * osd, t4_ptr<T>(src)[os]);                    \
        }                                                                                         \
    }                                                                                             \
    T4_EXPORT(idx_add_##SUF)                                                                      \
    extern "C" __global__ void idx_scatter_add_##SUF(TensorRef index, TensorRef srcv,            \
                                                     TensorRef outv, int dim, long long osd) {    \
        long long n = idx_numel(index);                                                           \
        T4_GRID_STRIDE(i, n) {                                                                    \
            long long oi, os, oo;                                                                 \
            idx_walk(index, i, dim, index, oi, srcv, os, outv, oo);                               \
            long long v = t4_ptr<long long>(index)[oi];                                           \
            t4_atomic_add(t4_ptr<T>(outv) + oo + v * osd, t4_ptr<T>(srcv)[os]);                   \
        }                                                                                         \
    }                                                                                             \
    T4_EXPORT(idx_scatter_add_##SUF)

T4_IDX_MOVES(f32, float)
T4_IDX_MOVES(f64, double)
T4_IDX_MOVES(i64, long long)
T4_IDX_MOVES(i32, int)
T4_IDX_MOVES(u8, unsigned char)
T4_IDX_MOVES(b8, unsigned char)

T4_IDX_FILL(f32, float, float)
T4_IDX_FILL(f64, double, double)
T4_IDX_FILL(i64, long long, long long)
T4_IDX_FILL(i32, int, int)
T4_IDX_FILL(u8, unsigned char, int)
T4_IDX_FILL(b8, unsigned char, int)

T4_IDX_ADDS(f32, float)
T4_IDX_ADDS(f64, double)
T4_IDX_ADDS(i64, long long)
T4_IDX_ADDS(i32, int)

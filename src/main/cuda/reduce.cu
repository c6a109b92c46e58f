// Reductions (torch4j.backend.cuda.CudaReduce): reduce over a group of dims, and arg max/min
// along one dim. Scans and sorting run on the host (HostFallback).
//
// Without shared memory or warp shuffles, threads combine through memory: each output is split
// into `lanes` interleaved partials (lane l folds reduced elements l, l + lanes, ...), so that
// neighbouring threads read neighbouring elements and a single output over millions of elements
// still spreads over the whole GPU; then red_finish_* (or red_argfinish_*) folds the partials,
// in as many rounds as the Java side asks for. With one lane the fold writes the output directly.
//
// Float inputs accumulate in double and integer and bool inputs in int64, as the CPU backend's
// (torch4j.backend.cpu.CpuReduce); the result is cast to the output's dtype once, at the end.
#include "elements.cuh"

// torch4j.backend.ReduceOp's ordinals.
#define RED_SUM 0
#define RED_PROD 1
#define RED_MAX 2
#define RED_MIN 3
#define RED_ALL 4
#define RED_ANY 5

__device__ __forceinline__ double red_identity_d(int op) {
    switch (op) {
        case RED_SUM: case RED_ANY: return 0;
        case RED_PROD: case RED_ALL: return 1;
        case RED_MAX: return -INFINITY;
        default: return INFINITY;
    }
}

__device__ __forceinline__ long long red_identity_l(int op) {
    switch (op) {
        case RED_SUM: case RED_ANY: return 0;
        case RED_PROD: case RED_ALL: return 1;
        case RED_MAX: return T4E_LONG_MIN;
        default: return T4E_LONG_MAX;
    }
}

// CpuReduce.combineD / combineL; ALL and ANY keep 0 or 1, so partials combine like elements.
__device__ __forceinline__ double red_combine_d(int op, double a, double b) {
    switch (op) {
        case RED_SUM: return a + b;
        case RED_PROD: return a * b;
        case RED_MAX: return t4e_max(a, b); // NaN wins
        case RED_MIN: return t4e_min(a, b);
        case RED_ALL: return a != 0 && b != 0 ? 1 : 0; // NaN counts as non-zero
        default: return a != 0 || b != 0 ? 1 : 0;
    }
}

__device__ __forceinline__ long long red_combine_l(int op, long long a, long long b) {
    switch (op) {
        case RED_SUM: return t4e_add(a, b);
        case RED_PROD: return t4e_mul(a, b);
        case RED_MAX: return a > b ? a : b;
        case RED_MIN: return a < b ? a : b;
        case RED_ALL: return a != 0 && b != 0 ? 1 : 0;
        default: return a != 0 || b != 0 ? 1 : 0;
    }
}

// Accumulation in double or int64 behind one name, chosen by the input dtype.
template <bool Float> struct red_acc;
template <> struct red_acc<true> {
    typedef double A;
    __device__ __forceinline__ static A identity(int op) { return red_identity_d(op); }
    __device__ __forceinline__ static A combine(int op, A a, A b) { return red_combine_d(op, a, b); }
    template <int C> __device__ __forceinline__ static A get(const void* p, long long off) { return t4e_get_d<C>(p, off); }
    __device__ __forceinline__ static void put(void* p, long long off, int code, A v) { t4e_put_d(p, off, code, v); }
};
template <> struct red_acc<false> {
    typedef long long A;
    __device__ __forceinline__ static A identity(int op) { return red_identity_l(op); }
    __device__ __forceinline__ static A combine(int op, A a, A b) { return red_combine_l(op, a, b); }
    template <int C> __device__ __forceinline__ static A get(const void* p, long long off) { return t4e_get_l<C>(p, off); }
    __device__ __forceinline__ static void put(void* p, long long off, int code, A v) { t4e_put_l(p, off, code, v); }
};

// Which output and lane item t is. Lanes vary fastest unless the kept dims are the dense ones
// (outerFast: reducing dim 0 of [N, M]), where neighbouring outputs are neighbours in memory.
__device__ __forceinline__ void red_split(long long t, long long numOut, long long lanes, int outerFast, long long& o,
                                          long long& l) {
    if (outerFast) {
        l = t / numOut;
        o = t - l * numOut;
    } else {
        o = t / lanes;
        l = t - o * lanes;
    }
}

// outer: x's kept dims (sizes and x strides), inner: its reduced dims; out: the kept dims with
// out's strides. Item (o, l) folds inner elements l, l + lanes, ... of output o into
// partial[o * lanes + l] (an array of the accumulator type), or into out when partial is 0.
template <int C>
__device__ void red_fold_run(const TensorRef& outer, const TensorRef& inner, const TensorRef& out, int op, int outCode,
                             long long numOut, long long innerN, long long lanes, int outerFast, long long partial) {
    typedef red_acc<t4e_is_float<C>::value> R;
    typedef typename R::A A;
    const void* px = reinterpret_cast<const void*>(outer.data);
    T4_GRID_STRIDE(t, numOut * lanes) {
        long long o, l;
        red_split(t, numOut, lanes, outerFast, o, l);
        long long base = t4_offset(outer, o);
        A acc = R::identity(op);
        for (long long j = l; j < innerN; j += lanes) {
            acc = R::combine(op, acc, R::template get<C>(px, base + t4_offset(inner, j)));
        }
        if (partial != 0) reinterpret_cast<A*>(partial)[o * lanes + l] = acc;
        else R::put(t4_ptr<void>(out), t4_offset(out, o), outCode, acc);
    }
}

// One more round: item (o, l) folds partials l, l + lanesOut, ... of output o's lanesIn into
// partialOut[o * lanesOut + l], or into out when partialOut is 0 (then lanesOut is 1).
template <bool Float>
__device__ void red_finish_run(long long in, long long numOut, long long lanesIn, long long lanesOut,
                               long long partialOut, const TensorRef& out, int op, int outCode) {
    typedef red_acc<Float> R;
    typedef typename R::A A;
    const A* p = reinterpret_cast<const A*>(in);
    T4_GRID_STRIDE(t, numOut * lanesOut) {
        long long o = t / lanesOut, l = t - o * lanesOut;
        A acc = R::identity(op);
        for (long long j = l; j < lanesIn; j += lanesOut) acc = R::combine(op, acc, p[o * lanesIn + j]);
        if (partialOut != 0) reinterpret_cast<A*>(partialOut)[o * lanesOut + l] = acc;
        else R::put(t4_ptr<void>(out), t4_offset(out, o), outCode, acc);
    }
}

// ------------------------------------------------------------------------------------ arg max/min

// True when element j (value v) beats the best so far (bj, bv; bj < 0 for none): the first NaN
// wins, then the larger (isMax) or smaller value, then the smaller index. Independent of the
// order candidates arrive in, so lanes may be combined in any grouping.
template <typename T>
__device__ __forceinline__ bool red_arg_better(int isMax, T v, long long j, T bv, long long bj) {
    if (bj < 0) return true;
    bool vNan = v != v, bNan = bv != bv;
    if (vNan || bNan) return vNan && (!bNan || j < bj);
    if (v == bv) return j < bj;
    return isMax ? v > bv : v < bv;
}

// rest: x's other dims (row-major in output order); the reduced dim has n elements st apart.
// Writes the winner's index to indices and, when hasValues, its value to values.
template <typename T>
__device__ __forceinline__ void red_arg_write(const T* px, long long base, long long st, long long best, long long o,
                                             const TensorRef& values, const TensorRef& indices, int hasValues) {
    t4_ptr<long long>(indices)[t4_offset(indices, o)] = best;
    if (hasValues) t4_ptr<T>(values)[t4_offset(values, o)] = px[base + best * st];
}

template <int C>
__device__ void red_arg_run(const TensorRef& rest, long long n, long long st, int isMax, long long numOut,
                            long long lanes, int outerFast, long long partial, const TensorRef& values,
                            const TensorRef& indices, int hasValues) {
    typedef typename t4e_type<C>::T T;
    const T* px = t4_ptr<T>(rest);
    T4_GRID_STRIDE(t, numOut * lanes) {
        long long o, l;
        red_split(t, numOut, lanes, outerFast, o, l);
        long long base = t4_offset(rest, o);
        long long best = -1;
        T bv = 0;
        for (long long j = l; j < n; j += lanes) {
            T v = px[base + j * st];
            if (red_arg_better<T>(isMax, v, j, bv, best)) {
                best = j;
                bv = v;
                if (v != v) break; // later NaNs of this lane have larger indices
            }
        }
        if (partial != 0) reinterpret_cast<long long*>(partial)[o * lanes + l] = best;
        else red_arg_write<T>(px, base, st, best, o, values, indices, hasValues);
    }
}

// Folds the lanes' winning indices (-1 for an empty lane), re-reading their values from x.
template <int C>
__device__ void red_argfinish_run(const TensorRef& rest, long long st, int isMax, long long numOut, long long in,
                                  long long lanesIn, long long lanesOut, long long partialOut,
                                  const TensorRef& values, const TensorRef& indices, int hasValues) {
    typedef typename t4e_type<C>::T T;
    const T* px = t4_ptr<T>(rest);
    const long long* p = reinterpret_cast<const long long*>(in);
    T4_GRID_STRIDE(t, numOut * lanesOut) {
        long long o = t / lanesOut, l = t - o * lanesOut;
        long long base = t4_offset(rest, o);
        long long best = -1;
        T bv = 0;
        for (long long k = l; k < lanesIn; k += lanesOut) {
            long long j = p[o * lanesIn + k];
            if (j < 0) continue;
            T v = px[base + j * st];
            if (red_arg_better<T>(isMax, v, j, bv, best)) {
                best = j;
                bv = v;
            }
        }
        if (partialOut != 0) reinterpret_cast<long long*>(partialOut)[o * lanesOut + l] = best;
        else red_arg_write<T>(px, base, st, best, o, values, indices, hasValues);
    }
}

// ------------------------------------------------------------------------------------ entry points

#define RED_ALL_DTYPES(SFX, C)                                                                                  \
    extern "C" __global__ void red_fold_##SFX(TensorRef outer, TensorRef inner, TensorRef out, int op,         \
                                              int outCode, long long numOut, long long innerN, long long lanes,  \
                                              int outerFast, long long partial) {                               \
        red_fold_run<C>(outer, inner, out, op, outCode, numOut, innerN, lanes, outerFast, partial);             \
    }                                                                                                           \
    T4_EXPORT(red_fold_##SFX)                                                                                   \
    extern "C" __global__ void red_arg_##SFX(TensorRef rest, long long n, long long st, int isMax,             \
                                             long long numOut, long long lanes, int outerFast, long long partial, \
                                             TensorRef values, TensorRef indices, int hasValues) {              \
        red_arg_run<C>(rest, n, st, isMax, numOut, lanes, outerFast, partial, values, indices, hasValues);      \
    }                                                                                                           \
    T4_EXPORT(red_arg_##SFX)                                                                                    \
    extern "C" __global__ void red_argfinish_##SFX(TensorRef rest, long long st, int isMax, long long numOut,  \
                                                   long long in, long long lanesIn, long long lanesOut,         \
                                                   long long partialOut, TensorRef values, TensorRef indices,   \
                                                   int hasValues) {                                             \
        red_argfinish_run<C>(rest, st, isMax, numOut, in, lanesIn, lanesOut, partialOut, values, indices,       \
                             hasValues);                                                                        \
    }                                                                                                           \
    T4_EXPORT(red_argfinish_##SFX)

RED_ALL_DTYPES(f32, T4_F32)
RED_ALL_DTYPES(f64, T4_F64)
RED_ALL_DTYPES(i64, T4_I64)
RED_ALL_DTYPES(i32, T4_I32)
RED_ALL_DTYPES(u8, T4_U8)
RED_ALL_DTYPES(b8, T4_BOOL)

// Partials of float inputs are doubles (f64), of the others int64 (i64).
extern "C" __global__ void red_finish_f64(long long in, long long numOut, long long lanesIn, long long lanesOut,
                                          long long partialOut, TensorRef out, int op, int outCode) {
    red_finish_run<true>(in, numOut, lanesIn, lanesOut, partialOut, out, op, outCode);
}
T4_EXPORT(red_finish_f64)

extern "C" __global__ void red_finish_i64(long long in, long long numOut, long long lanesIn, long long lanesOut,
                                          long long partialOut, TensorRef out, int op, int outCode) {
    red_finish_run<false>(in, numOut, lanesIn, lanesOut, partialOut, out, op, outCode);
}
T4_EXPORT(red_finish_i64)

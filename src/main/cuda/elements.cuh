// Element access shared by the element-wise and reduction kernels: the C type behind each dtype
// code, the casts with the CPU backend's (Java's) semantics, and how an operand's i-th element is
// found (contiguous, broadcast scalar or strided).
//
// Java semantics matter where C leaves things undefined: a float to integer cast saturates and
// takes NaN to 0 (C: undefined; x86 gives INT64_MIN, PTX saturates), and integer overflow wraps
// (C: undefined for signed types, so the arithmetic here is done on unsigned values).
#pragma once

#include <math.h>
#include "common.cuh"

typedef unsigned char t4e_u8;

// The C element type of each dtype code; bool is stored as one byte holding 0 or 1.
template <int C> struct t4e_type;
template <> struct t4e_type<T4_F32> { typedef float T; };
template <> struct t4e_type<T4_F64> { typedef double T; };
template <> struct t4e_type<T4_I64> { typedef long long T; };
template <> struct t4e_type<T4_I32> { typedef int T; };
template <> struct t4e_type<T4_U8> { typedef t4e_u8 T; };
template <> struct t4e_type<T4_BOOL> { typedef t4e_u8 T; };

template <int C> struct t4e_is_float { static const bool value = false; };
template <> struct t4e_is_float<T4_F32> { static const bool value = true; };
template <> struct t4e_is_float<T4_F64> { static const bool value = true; };

#define T4E_LONG_MAX 0x7fffffffffffffffLL
#define T4E_LONG_MIN (-0x7fffffffffffffffLL - 1)

// Java's (long) d: NaN to 0, saturating at the int64 range.
__device__ __forceinline__ long long t4e_d2l(double v) {
    if (v != v) return 0;
    if (v >= 9223372036854775807.0) return T4E_LONG_MAX; // the literal rounds to 2^63
    if (v <= -9223372036854775808.0) return T4E_LONG_MIN;
    return (long long) v;
}

// Wrapping int64 arithmetic (Java's long), without C's signed-overflow undefined behaviour.
__device__ __forceinline__ long long t4e_add(long long a, long long b) {
    return (long long) ((unsigned long long) a + (unsigned long long) b);
}
__device__ __forceinline__ long long t4e_sub(long long a, long long b) {
    return (long long) ((unsigned long long) a - (unsigned long long) b);
}
__device__ __forceinline__ long long t4e_mul(long long a, long long b) {
    return (long long) ((unsigned long long) a * (unsigned long long) b);
}

// A value read as double (floats) or long (integers and bool); uint8 is unsigned.
template <int C> __device__ __forceinline__ double t4e_get_d(const void* base, long long off) {
    return (double) reinterpret_cast<const typename t4e_type<C>::T*>(base)[off];
}
template <int C> __device__ __forceinline__ long long t4e_get_l(const void* base, long long off) {
    return (long long) reinterpret_cast<const typename t4e_type<C>::T*>(base)[off];
}
template <> __device__ __forceinline__ long long t4e_get_l<T4_F32>(const void* base, long long off) {
    return t4e_d2l(reinterpret_cast<const float*>(base)[off]);
}
template <> __device__ __forceinline__ long long t4e_get_l<T4_F64>(const void* base, long long off) {
    return t4e_d2l(reinterpret_cast<const double*>(base)[off]);
}

// A double or a long cast to dtype C as the CPU's Elements.setD / setL do: integers through
// Java's (long) cast then truncated to their width, bool as v != 0 (so NaN is true).
template <int C> struct t4e_cast;
template <> struct t4e_cast<T4_F32> {
    __device__ __forceinline__ static float d(double v) { return (float) v; }
    __device__ __forceinline__ static float l(long long v) { return (float) v; }
};
template <> struct t4e_cast<T4_F64> {
    __device__ __forceinline__ static double d(double v) { return v; }
    __device__ __forceinline__ static double l(long long v) { return (double) v; }
};
template <> struct t4e_cast<T4_I64> {
    __device__ __forceinline__ static long long d(double v) { return t4e_d2l(v); }
    __device__ __forceinline__ static long long l(long long v) { return v; }
};
template <> struct t4e_cast<T4_I32> {
    __device__ __forceinline__ static int d(double v) { return (int) (unsigned int) t4e_d2l(v); }
    __device__ __forceinline__ static int l(long long v) { return (int) (unsigned int) v; }
};
template <> struct t4e_cast<T4_U8> {
    __device__ __forceinline__ static t4e_u8 d(double v) { return (t4e_u8) t4e_d2l(v); }
    __device__ __forceinline__ static t4e_u8 l(long long v) { return (t4e_u8) v; }
};
template <> struct t4e_cast<T4_BOOL> {
    __device__ __forceinline__ static t4e_u8 d(double v) { return v != 0 ? 1 : 0; }
    __device__ __forceinline__ static t4e_u8 l(long long v) { return v != 0 ? 1 : 0; }
};

// Stores v at base[off] in the dtype named by a run-time code: for results written once per
// output (reductions), where one switch per store costs nothing.
__device__ __forceinline__ void t4e_put_d(void* base, long long off, int code, double v) {
    switch (code) {
        case T4_F32: reinterpret_cast<float*>(base)[off] = t4e_cast<T4_F32>::d(v); break;
        case T4_F64: reinterpret_cast<double*>(base)[off] = v; break;
        case T4_I64: reinterpret_cast<long long*>(base)[off] = t4e_cast<T4_I64>::d(v); break;
        case T4_I32: reinterpret_cast<int*>(base)[off] = t4e_cast<T4_I32>::d(v); break;
        case T4_U8: reinterpret_cast<t4e_u8*>(base)[off] = t4e_cast<T4_U8>::d(v); break;
        default: reinterpret_cast<t4e_u8*>(base)[off] = t4e_cast<T4_BOOL>::d(v); break;
    }
}
__device__ __forceinline__ void t4e_put_l(void* base, long long off, int code, long long v) {
    switch (code) {
        case T4_F32: reinterpret_cast<float*>(base)[off] = t4e_cast<T4_F32>::l(v); break;
        case T4_F64: reinterpret_cast<double*>(base)[off] = t4e_cast<T4_F64>::l(v); break;
        case T4_I64: reinterpret_cast<long long*>(base)[off] = v; break;
        case T4_I32: reinterpret_cast<int*>(base)[off] = t4e_cast<T4_I32>::l(v); break;
        case T4_U8: reinterpret_cast<t4e_u8*>(base)[off] = t4e_cast<T4_U8>::l(v); break;
        default: reinterpret_cast<t4e_u8*>(base)[off] = t4e_cast<T4_BOOL>::l(v); break;
    }
}

// Java's Math.max / Math.min on doubles: NaN if either is NaN, and +0.0 above -0.0.
__device__ __forceinline__ double t4e_max(double a, double b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == b) return 1.0 / a < 0 ? b : a; // only zeros differ, by sign
    return a > b ? a : b;
}
__device__ __forceinline__ double t4e_min(double a, double b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == b) return 1.0 / a < 0 ? a : b;
    return a < b ? a : b;
}

// How the Java side says an operand is laid out, two bits per operand in a kernel's `modes`
// argument: its i-th element is at i (contiguous), at 0 (a broadcast scalar) or found through
// its sizes and strides. The first two skip the index arithmetic on the hot paths.
#define T4E_CONTIG 0
#define T4E_SCALAR 1
#define T4E_STRIDED 2
#define T4E_MODE(modes, k) (((modes) >> (2 * (k))) & 3)

__device__ __forceinline__ long long t4e_off(const TensorRef& t, int mode, long long i) {
    return mode == T4E_CONTIG ? i : mode == T4E_SCALAR ? 0 : t4_offset(t, i);
}

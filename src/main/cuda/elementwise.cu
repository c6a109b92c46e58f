// Element-wise kernels (torch4j.backend.cuda.CudaElementwise): copy with cast, fill, unary,
// binary, the fused optimizer updates (ternary, Adam, SGD) and where.
//
// Every kernel computes what the CPU backend computes (torch4j.backend.cpu.CpuElementwise and
// the op enums' apply methods): float32 in float where the CPU does (+ - * /, max, min, the
// fused updates), otherwise in double then rounded; integers and bool in wrapping int64. Each
// operand has the output's shape (broadcast = stride 0) and comes with a layout mode (see
// elements.cuh), so contiguous and scalar operands skip the index arithmetic.
#include "elements.cuh"

// ------------------------------------------------------------------------------------ op codes
// The ordinals of torch4j.backend.UnaryOp and BinaryOp (CudaElementwiseTest checks they agree).
#define EW_U_NEG 0
#define EW_U_ABS 1
#define EW_U_EXP 2
#define EW_U_LOG 3
#define EW_U_LOG1P 4
#define EW_U_EXPM1 5
#define EW_U_SQRT 6
#define EW_U_RSQRT 7
#define EW_U_SIN 8
#define EW_U_COS 9
#define EW_U_TAN 10
#define EW_U_TANH 11
#define EW_U_SIGMOID 12
#define EW_U_RELU 13
#define EW_U_SIGN 14
#define EW_U_FLOOR 15
#define EW_U_CEIL 16
#define EW_U_ROUND 17
#define EW_U_TRUNC 18
#define EW_U_RECIPROCAL 19
#define EW_U_SQUARE 20
#define EW_U_ERF 21
#define EW_U_LOG2 22
#define EW_U_LOG10 23
#define EW_U_ASIN 24
#define EW_U_ACOS 25
#define EW_U_ATAN 26
#define EW_U_SINH 27
#define EW_U_COSH 28
#define EW_U_LOGICAL_NOT 29
#define EW_U_ISNAN 30
#define EW_U_ISINF 31
#define EW_U_ISFINITE 32

#define EW_B_ADD 0
#define EW_B_SUB 1
#define EW_B_MUL 2
#define EW_B_DIV 3
#define EW_B_POW 4
#define EW_B_MAXIMUM 5
#define EW_B_MINIMUM 6
#define EW_B_ATAN2 7
#define EW_B_REMAINDER 8
#define EW_B_FMOD 9
#define EW_B_RELU_BACKWARD 10
#define EW_B_EQ 11
#define EW_B_NE 12
#define EW_B_LT 13
#define EW_B_LE 14
#define EW_B_GT 15
#define EW_B_GE 16
#define EW_B_LOGICAL_AND 17
#define EW_B_LOGICAL_OR 18
#define EW_B_LOGICAL_XOR 19

// TernaryOp's ordinals.
#define EW_T_ADDCMUL 0
#define EW_T_ADDCDIV 1
#define EW_T_LERP 2

// What a failed integer op wrote into the error flag (the CPU throws; the Java side does after
// reading the flag back).
#define EW_ERR_ZERO_DIVISION 1
#define EW_ERR_NEGATIVE_POWER 2

// Offsets of the i-th element of up to four operands, with a shortcut when all are contiguous.
#define EW_OFF(ref, k) (modes == 0 ? i : t4e_off(ref, T4E_MODE(modes, k), i))

// ------------------------------------------------------------------------------------ copy, fill

// dst = (D) src: floats go through double, integers and bool through long, as the CPU's casts.
template <int S, int D>
__device__ void ew_copy_run(const TensorRef& dst, const TensorRef& src, int modes, long long n) {
    typedef typename t4e_type<S>::T TS;
    typedef typename t4e_type<D>::T TD;
    const TS* ps = t4_ptr<TS>(src);
    TD* pd = t4_ptr<TD>(dst);
    T4_GRID_STRIDE(i, n) {
        TS v = ps[EW_OFF(src, 1)];
        TD r;
        if (S == D || (S == T4_BOOL && D == T4_U8)) r = (TD) v;
        else if (t4e_is_float<S>::value) r = t4e_cast<D>::d((double) v);
        else r = t4e_cast<D>::l((long long) v);
        pd[EW_OFF(dst, 0)] = r;
    }
}

template <int S>
__device__ void ew_copy_from(const TensorRef& dst, const TensorRef& src, int dstCode, int modes, long long n) {
    switch (dstCode) {
        case T4_F32: ew_copy_run<S, T4_F32>(dst, src, modes, n); break;
        case T4_F64: ew_copy_run<S, T4_F64>(dst, src, modes, n); break;
        case T4_I64: ew_copy_run<S, T4_I64>(dst, src, modes, n); break;
        case T4_I32: ew_copy_run<S, T4_I32>(dst, src, modes, n); break;
        case T4_U8: ew_copy_run<S, T4_U8>(dst, src, modes, n); break;
        default: ew_copy_run<S, T4_BOOL>(dst, src, modes, n); break;
    }
}

// dst = value, cast once: from the double, or from the long where isLong (exact beyond 2^53).
template <int C>
__device__ void ew_fill_run(const TensorRef& dst, double dv, long long lv, int isLong, int mode, long long n) {
    typedef typename t4e_type<C>::T T;
    T v = isLong ? t4e_cast<C>::l(lv) : t4e_cast<C>::d(dv);
    T* p = t4_ptr<T>(dst);
    if (mode == T4E_CONTIG) {
        T4_GRID_STRIDE(i, n) p[i] = v;
    } else {
        T4_GRID_STRIDE(i, n) p[t4e_off(dst, mode, i)] = v;
    }
}

// ------------------------------------------------------------------------------------ unary

// UnaryOp.apply(double), formula for formula.
__device__ __forceinline__ double ew_unary_d(int op, double x) {
    switch (op) {
        case EW_U_NEG: return -x;
        case EW_U_ABS: return fabs(x);
        case EW_U_EXP: return exp(x);
        case EW_U_LOG: return log(x);
        case EW_U_LOG1P: return log1p(x);
        case EW_U_EXPM1: return expm1(x);
        case EW_U_SQRT: return sqrt(x);
        case EW_U_RSQRT: return 1.0 / sqrt(x);
        case EW_U_SIN: return sin(x);
        case EW_U_COS: return cos(x);
        case EW_U_TAN: return tan(x);
        case EW_U_TANH: return tanh(x);
        case EW_U_SIGMOID: return x >= 0 ? 1.0 / (1.0 + exp(-x)) : exp(x) / (1.0 + exp(x));
        case EW_U_RELU: return x > 0 ? x : (x != x ? x : 0.0);
        case EW_U_SIGN: return x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0; // sign(NaN) = 0, as torch.sign
        case EW_U_FLOOR: return floor(x);
        case EW_U_CEIL: return ceil(x);
        case EW_U_ROUND: return rint(x); // half to even
        case EW_U_TRUNC: return trunc(x);
        case EW_U_RECIPROCAL: return 1.0 / x;
        case EW_U_SQUARE: return x * x;
        case EW_U_ERF: return erf(x);
        case EW_U_LOG2: return log(x) / log(2.0);
        case EW_U_LOG10: return log10(x);
        case EW_U_ASIN: return asin(x);
        case EW_U_ACOS: return acos(x);
        case EW_U_ATAN: return atan(x);
        case EW_U_SINH: return sinh(x);
        case EW_U_COSH: return cosh(x);
        default: return x; // the Java side sends no other op here
    }
}

// UnaryOp.apply(long): the ops that keep integers integral.
__device__ __forceinline__ long long ew_unary_l(int op, long long x) {
    switch (op) {
        case EW_U_NEG: return t4e_sub(0, x);
        case EW_U_ABS: return x < 0 ? t4e_sub(0, x) : x;
        case EW_U_SIGN: return x > 0 ? 1 : x < 0 ? -1 : 0;
        case EW_U_SQUARE: return t4e_mul(x, x);
        case EW_U_RELU: return x > 0 ? x : 0;
        default: return x; // floor, ceil, round, trunc
    }
}

// The predicates, true or false, on a value read as double (floats) or long.
__device__ __forceinline__ bool ew_predicate_d(int op, double x) {
    switch (op) {
        case EW_U_ISNAN: return x != x;
        case EW_U_ISINF: return x == x && x - x != 0;
        case EW_U_ISFINITE: return x - x == 0;
        default: return x == 0; // logical not
    }
}

__device__ __forceinline__ bool ew_predicate_l(int op, long long x) {
    switch (op) {
        case EW_U_ISNAN: case EW_U_ISINF: return false;
        case EW_U_ISFINITE: return true;
        default: return x == 0;
    }
}

template <int C>
__device__ void ew_unary_run(const TensorRef& out, const TensorRef& x, int op, int modes, long long n) {
    typedef typename t4e_type<C>::T T;
    const T* px = t4_ptr<T>(x);
    bool predicate = op >= EW_U_LOGICAL_NOT;
    T4_GRID_STRIDE(i, n) {
        T v = px[EW_OFF(x, 1)];
        long long io = EW_OFF(out, 0);
        if (predicate) {
            bool r = t4e_is_float<C>::value ? ew_predicate_d(op, (double) v) : ew_predicate_l(op, (long long) v);
            t4_ptr<t4e_u8>(out)[io] = r ? 1 : 0;
        } else if (!t4e_is_float<C>::value) {
            t4_ptr<T>(out)[io] = t4e_cast<C>::l(ew_unary_l(op, (long long) v));
        } else if (op == EW_U_RECIPROCAL) {
            t4_ptr<T>(out)[io] = (T) 1 / v; // in float for float32, as the CPU
        } else if (op == EW_U_SQUARE) {
            t4_ptr<T>(out)[io] = v * v;
        } else {
            t4_ptr<T>(out)[io] = (T) ew_unary_d(op, (double) v);
        }
    }
}

// ------------------------------------------------------------------------------------ binary

// Java's Math.pow: unlike C's pow, NaN for a NaN exponent and for (+-1) ** (+-inf).
__device__ __forceinline__ double ew_pow(double a, double b) {
    if (b != b) return b;
    if (fabs(a) == 1 && b - b != 0) return b - b; // inf - inf: NaN
    return pow(a, b);
}

// BinaryOp.apply(double) for the ops with a non-bool result.
__device__ __forceinline__ double ew_binary_d(int op, double a, double b) {
    switch (op) {
        case EW_B_ADD: return a + b;
        case EW_B_SUB: return a - b;
        case EW_B_MUL: return a * b;
        case EW_B_DIV: return a / b;
        case EW_B_POW: return ew_pow(a, b);
        case EW_B_MAXIMUM: return t4e_max(a, b);
        case EW_B_MINIMUM: return t4e_min(a, b);
        case EW_B_ATAN2: return atan2(a, b);
        case EW_B_REMAINDER: {
            double r = fmod(a, b);
            return r != 0 && ((r < 0) != (b < 0)) ? r + b : r;
        }
        case EW_B_FMOD: return fmod(a, b);
        default: return b <= 0 ? 0.0 : a; // relu backward
    }
}

// In float, as the CPU's float32 loops, for the ops they compute in float; the rest in double.
__device__ __forceinline__ float ew_binary_f(int op, float a, float b) {
    switch (op) {
        case EW_B_ADD: return a + b;
        case EW_B_SUB: return a - b;
        case EW_B_MUL: return a * b;
        case EW_B_DIV: return a / b;
        case EW_B_RELU_BACKWARD: return b <= 0 ? 0.0f : a;
        default: return (float) ew_binary_d(op, a, b);
    }
}

// Java's Math.floorMod / % on longs; the divisor is non-zero.
__device__ __forceinline__ long long ew_floor_mod(long long a, long long b) {
    if (b == -1) return 0; // LONG_MIN % -1 traps in C
    long long r = a % b;
    return r != 0 && ((r < 0) != (b < 0)) ? r + b : r;
}

// BinaryOp.apply(long) for the ops with a non-bool result; *err gets a code where the CPU throws.
__device__ __forceinline__ long long ew_binary_l(int op, long long a, long long b, int* err) {
    switch (op) {
        case EW_B_ADD: return t4e_add(a, b);
        case EW_B_SUB: return t4e_sub(a, b);
        case EW_B_MUL: return t4e_mul(a, b);
        case EW_B_POW: {
            if (b < 0) {
                if (a == 1) return 1;
                if (a == -1) return (b & 1) == 0 ? 1 : -1;
                *err = EW_ERR_NEGATIVE_POWER;
                return 0;
            }
            long long r = 1;
            while (b > 0) {
                if (b & 1) r = t4e_mul(r, a);
                a = t4e_mul(a, a);
                b >>= 1;
            }
            return r;
        }
        case EW_B_MAXIMUM: return a > b ? a : b;
        case EW_B_MINIMUM: return a < b ? a : b;
        case EW_B_REMAINDER:
        case EW_B_FMOD:
            if (b == 0) {
                *err = EW_ERR_ZERO_DIVISION;
                return 0;
            }
            if (op == EW_B_REMAINDER) return ew_floor_mod(a, b);
            return b == -1 ? 0 : a % b;
        default: return b <= 0 ? 0 : a; // relu backward
    }
}

// The comparisons and logical ops; exact in the operands' own type.
template <typename T>
__device__ __forceinline__ bool ew_compare(int op, T a, T b) {
    switch (op) {
        case EW_B_EQ: return a == b;
        case EW_B_NE: return a != b;
        case EW_B_LT: return a < b;
        case EW_B_LE: return a <= b;
        case EW_B_GT: return a > b;
        case EW_B_GE: return a >= b;
        case EW_B_LOGICAL_AND: return a != 0 && b != 0;
        case EW_B_LOGICAL_OR: return a != 0 || b != 0;
        default: return (a != 0) != (b != 0); // logical xor
    }
}

template <int C>
__device__ void ew_binary_run(const TensorRef& out, const TensorRef& a, const TensorRef& b, int op, int modes,
                              long long n, const TensorRef& errFlag, int checked) {
    typedef typename t4e_type<C>::T T;
    const T* pa = t4_ptr<T>(a);
    const T* pb = t4_ptr<T>(b);
    bool predicate = op >= EW_B_EQ;
    T4_GRID_STRIDE(i, n) {
        T x = pa[EW_OFF(a, 1)], y = pb[EW_OFF(b, 2)];
        long long io = EW_OFF(out, 0);
        if (predicate) {
            t4_ptr<t4e_u8>(out)[io] = ew_compare<T>(op, x, y) ? 1 : 0;
        } else if (C == T4_F32) {
            t4_ptr<T>(out)[io] = (T) ew_binary_f(op, (float) x, (float) y);
        } else if (C == T4_F64) {
            t4_ptr<T>(out)[io] = (T) ew_binary_d(op, (double) x, (double) y);
        } else {
            int err = 0;
            t4_ptr<T>(out)[io] = t4e_cast<C>::l(ew_binary_l(op, (long long) x, (long long) y, &err));
            if (err != 0 && checked) t4_ptr<int>(errFlag)[0] = err; // racing writers store the same kind of value
        }
    }
}

// The hot case of binary(): + - * / and relu's backward on float tensors into a contiguous output
// from contiguous or scalar operands (stride sa, sb = 1 or 0). Lean, so the GPU runs it at full
// occupancy, and each thread loads four elements before storing any: the bytes in flight an H100
// needs to reach its bandwidth. The arithmetic is ew_binary_f's / ew_binary_d's, in T.
template <typename T, int OP>
__device__ __forceinline__ T ew_arith_op(T x, T y) {
    switch (OP) {
        case EW_B_ADD: return x + y;
        case EW_B_SUB: return x - y;
        case EW_B_MUL: return x * y;
        case EW_B_DIV: return x / y;
        default: return y <= 0 ? (T) 0 : x; // relu backward
    }
}

template <typename T, int OP>
__device__ void ew_arith_loop(T* po, const T* pa, long long sa, const T* pb, long long sb, long long n) {
    long long stride = (long long) blockDim.x * gridDim.x;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += 4 * stride) {
        T x[4] = {0, 0, 0, 0}, y[4] = {0, 0, 0, 0};
        for (int k = 0; k < 4; k++) {
            long long j = i + k * stride;
            if (j < n) {
                x[k] = pa[j * sa];
                y[k] = pb[j * sb];
            }
        }
        for (int k = 0; k < 4; k++) {
            long long j = i + k * stride;
            if (j < n) po[j] = ew_arith_op<T, OP>(x[k], y[k]);
        }
    }
}

template <typename T>
__device__ void ew_arith_run(const TensorRef& out, const TensorRef& a, const TensorRef& b, int op, int modes, long long n) {
    T* po = t4_ptr<T>(out);
    const T* pa = t4_ptr<T>(a);
    const T* pb = t4_ptr<T>(b);
    long long sa = T4E_MODE(modes, 1) == T4E_SCALAR ? 0 : 1, sb = T4E_MODE(modes, 2) == T4E_SCALAR ? 0 : 1;
    switch (op) {
        case EW_B_ADD: ew_arith_loop<T, EW_B_ADD>(po, pa, sa, pb, sb, n); break;
        case EW_B_SUB: ew_arith_loop<T, EW_B_SUB>(po, pa, sa, pb, sb, n); break;
        case EW_B_MUL: ew_arith_loop<T, EW_B_MUL>(po, pa, sa, pb, sb, n); break;
        case EW_B_DIV: ew_arith_loop<T, EW_B_DIV>(po, pa, sa, pb, sb, n); break;
        default: ew_arith_loop<T, EW_B_RELU_BACKWARD>(po, pa, sa, pb, sb, n); break;
    }
}

// ------------------------------------------------------------------------------------ fused updates

// self = op(self, a, b; c) in place (TernaryOp.apply), in T's own arithmetic.
template <typename T>
__device__ void ew_ternary_run(const TensorRef& self, const TensorRef& a, const TensorRef& b, int op, T c, int modes,
                               long long n) {
    T* ps = t4_ptr<T>(self);
    const T* pa = t4_ptr<T>(a);
    const T* pb = t4_ptr<T>(b);
    bool nearSelf = c < (T) 0.5 && -c < (T) 0.5; // |c| < 0.5: lerp from the nearer end
    T4_GRID_STRIDE(i, n) {
        long long is = EW_OFF(self, 0);
        T s = ps[is], x = pa[EW_OFF(a, 1)], y = pb[EW_OFF(b, 2)];
        T r;
        if (op == EW_T_ADDCMUL) r = s + c * x * y;
        else if (op == EW_T_ADDCDIV) r = s + c * x / y;
        else r = nearSelf ? s + c * (x - s) : x - (x - s) * ((T) 1 - c);
        ps[is] = r;
    }
}

// One Adam/AdamW step on contiguous tensors, as the CPU's FloatLoops.adam / DoubleLoops.adam
// (scalars from OptimizerScalars.Adam, rounded to T by the caller of this template).
template <typename T>
__device__ void ew_adam_run(const TensorRef& p, const TensorRef& g, const TensorRef& m, const TensorRef& v,
                            const TensorRef& vmax, int amsgrad, T sign, T decay, int l2, T wd, T b1, T a1, T b2, T a2,
                            T step, T eps, long long n) {
    T* pp = t4_ptr<T>(p);
    const T* pg = t4_ptr<T>(g);
    T* pm = t4_ptr<T>(m);
    T* pv = t4_ptr<T>(v);
    T* px = t4_ptr<T>(vmax);
    T4_GRID_STRIDE(j, n) {
        T pj = pp[j] * decay, gj = pg[j] * sign;
        if (l2) gj = gj + wd * pj;
        T mj = pm[j] * b1 + a1 * gj;
        T vj = pv[j] * b2 + a2 * gj * gj;
        pm[j] = mj;
        pv[j] = vj;
        if (amsgrad) vj = px[j] = (T) t4e_max(px[j], vj);
        pp[j] = pj + step * mj / ((T) sqrt((double) vj) + eps);
    }
}

// One SGD step on contiguous tensors, as FloatLoops.sgd / DoubleLoops.sgd.
template <typename T>
__device__ void ew_sgd_run(const TensorRef& p, const TensorRef& g, const TensorRef& buf, int hasBuf, T sign, int l2,
                           T wd, T mom, T damp, int nesterov, int first, T negLr, long long n) {
    T* pp = t4_ptr<T>(p);
    const T* pg = t4_ptr<T>(g);
    T* pb = t4_ptr<T>(buf);
    T4_GRID_STRIDE(j, n) {
        T pj = pp[j], d = pg[j] * sign;
        if (l2) d = d + wd * pj;
        if (hasBuf) {
            T bj = first ? d : pb[j] * mom + damp * d;
            pb[j] = bj;
            d = nesterov ? d + mom * bj : bj;
        }
        pp[j] = pj + negLr * d;
    }
}

// ------------------------------------------------------------------------------------ where

template <int C>
__device__ void ew_where_run(const TensorRef& out, const TensorRef& cond, const TensorRef& a, const TensorRef& b,
                             int modes, long long n) {
    typedef typename t4e_type<C>::T T;
    const t4e_u8* pc = t4_ptr<t4e_u8>(cond);
    const T* pa = t4_ptr<T>(a);
    const T* pb = t4_ptr<T>(b);
    T* po = t4_ptr<T>(out);
    T4_GRID_STRIDE(i, n) {
        po[EW_OFF(out, 0)] = pc[EW_OFF(cond, 1)] != 0 ? pa[EW_OFF(a, 2)] : pb[EW_OFF(b, 3)];
    }
}

// ------------------------------------------------------------------------------------ entry points
// modes: two bits per operand in parameter order, the output's first (T4E_MODE(modes, 0)).

#define EW_ALL_DTYPES(SFX, C)                                                                                   \
    extern "C" __global__ void ew_copy_##SFX(TensorRef dst, TensorRef src, int dstCode, int modes, long long n) { \
        ew_copy_from<C>(dst, src, dstCode, modes, n);                                                           \
    }                                                                                                           \
    T4_EXPORT(ew_copy_##SFX)                                                                                    \
    extern "C" __global__ void ew_fill_##SFX(TensorRef dst, double dv, long long lv, int isLong, int mode,     \
                                             long long n) {                                                     \
        ew_fill_run<C>(dst, dv, lv, isLong, mode, n);                                                           \
    }                                                                                                           \
    T4_EXPORT(ew_fill_##SFX)                                                                                    \
    extern "C" __global__ void ew_unary_##SFX(TensorRef out, TensorRef x, int op, int modes, long long n) {     \
        ew_unary_run<C>(out, x, op, modes, n);                                                                  \
    }                                                                                                           \
    T4_EXPORT(ew_unary_##SFX)                                                                                   \
    extern "C" __global__ void ew_binary_##SFX(TensorRef out, TensorRef a, TensorRef b, int op, int modes,      \
                                               long long n, TensorRef errFlag, int checked) {                   \
        ew_binary_run<C>(out, a, b, op, modes, n, errFlag, checked);                                            \
    }                                                                                                           \
    T4_EXPORT(ew_binary_##SFX)                                                                                  \
    extern "C" __global__ void ew_where_##SFX(TensorRef out, TensorRef cond, TensorRef a, TensorRef b,          \
                                              int modes, long long n) {                                         \
        ew_where_run<C>(out, cond, a, b, modes, n);                                                             \
    }                                                                                                           \
    T4_EXPORT(ew_where_##SFX)

EW_ALL_DTYPES(f32, T4_F32)
EW_ALL_DTYPES(f64, T4_F64)
EW_ALL_DTYPES(i64, T4_I64)
EW_ALL_DTYPES(i32, T4_I32)
EW_ALL_DTYPES(u8, T4_U8)
EW_ALL_DTYPES(b8, T4_BOOL)

// The float-only kernels. The optimizer updates take their scalars as double and round them to T
// first, as PyTorch rounds a Python scalar applied to a float tensor.
#define EW_FLOAT_DTYPES(SFX, T)                                                                                 \
    extern "C" __global__ void ew_arith_##SFX(TensorRef out, TensorRef a, TensorRef b, int op, int modes,       \
                                              long long n) {                                                    \
        ew_arith_run<T>(out, a, b, op, modes, n);                                                               \
    }                                                                                                           \
    T4_EXPORT(ew_arith_##SFX)                                                                                   \
    extern "C" __global__ void ew_ternary_##SFX(TensorRef self, TensorRef a, TensorRef b, int op, double c,     \
                                                int modes, long long n) {                                       \
        ew_ternary_run<T>(self, a, b, op, (T) c, modes, n);                                                     \
    }                                                                                                           \
    T4_EXPORT(ew_ternary_##SFX)                                                                                 \
    extern "C" __global__ void ew_adam_##SFX(TensorRef p, TensorRef g, TensorRef m, TensorRef v, TensorRef vmax, \
                                             int amsgrad, double sign, double decay, int l2, double wd,         \
                                             double b1, double a1, double b2, double a2, double step,           \
                                             double eps, long long n) {                                         \
        ew_adam_run<T>(p, g, m, v, vmax, amsgrad, (T) sign, (T) decay, l2, (T) wd, (T) b1, (T) a1, (T) b2,      \
                       (T) a2, (T) step, (T) eps, n);                                                           \
    }                                                                                                           \
    T4_EXPORT(ew_adam_##SFX)                                                                                    \
    extern "C" __global__ void ew_sgd_##SFX(TensorRef p, TensorRef g, TensorRef buf, int hasBuf, double sign,   \
                                            int l2, double wd, double mom, double damp, int nesterov,           \
                                            int first, double negLr, long long n) {                             \
        ew_sgd_run<T>(p, g, buf, hasBuf, (T) sign, l2, (T) wd, (T) mom, (T) damp, nesterov, first, (T) negLr, n); \
    }                                                                                                           \
    T4_EXPORT(ew_sgd_##SFX)

EW_FLOAT_DTYPES(f32, float)
EW_FLOAT_DTYPES(f64, double)

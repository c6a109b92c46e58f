// Convolution and pooling kernels (torch4j.backend.cuda.CudaConv). A convolution is im2col
// (conv_im2col) + cuBLAS GEMM, its input gradient GEMM + col2im (conv_col2im), its weight gradient
// im2col + GEMM; pooling is one thread per output element, and the backward passes are gathers
// (each input-gradient element sums the windows that cover it, in the CPU's order, so no atomics)
// except max pooling's, which scatters through its indices with atomicAdd.
//
// Images are [N, C, H, W] TensorRefs with exactly four dims (TensorRef.exact), read through their
// strides; the column matrix is a raw buffer whose element (image s, row r, column p) sits at
// s * sS + r * sR + p, with r = (c * kH + ki) * kW + kj and p = oh * OW + ow.
#include "common.cuh"
#include "atomic_add.cuh"

// The geometry every im2col/col2im launch shares, in ConvGeometry's order.
#define T4_CONV_GEOMETRY int kH, int kW, int OH, int OW, int sH, int sW, int pH, int pW, int dH, int dW

#define T4_CONV(SUF, T)                                                                           \
    extern "C" __global__ void conv_im2col_##SUF(TensorRef x, T* col, long long sS, long long sR, \
                                                 T4_CONV_GEOMETRY) {                              \
        long long C = x.sizes[1], H = x.sizes[2], W = x.sizes[3];                                 \
        long long plane = (long long) OH * OW, rows = C * kH * kW;                                \
        long long n = x.sizes[0] * rows * plane;                                                  \
        T4_GRID_STRIDE(i, n) {                                                                    \
            long long p = i % plane, r = (i / plane) % rows, s = i / (plane * rows);              \
            long long c = r / (kH * kW), ki = (r / kW) % kH, kj = r % kW;                         \
            long long ih = (p / OW) * sH - pH + ki * dH, iw = (p % OW) * sW - pW + kj * dW;      \
            T v = 0;                                                                              \
            if (ih >= 0 && ih < H && iw >= 0 && iw < W) {                                         \
                v = t4_ptr<T>(x)[s * x.strides[0] + c * x.strides[1] + ih * x.strides[2]        \
                                 + iw * x.strides[3]];                                            \
            }                                                                                     \
            col[s * sS + r * sR + p] = v;                                                         \
        }                                                                                         \
    }                                                                                             \
    T4_EXPORT(conv_im2col_##SUF)                                                                  \
    /* dx += the column entries of every tap that read this element (im2col's adjoint), the taps  \
       in the order the CPU's col2im adds them */                                                 \
    extern "C" __global__ void conv_col2im_##SUF(TensorRef dx, const T* col, long long sS,       \
                                                 long long sR, T4_CONV_GEOMETRY) {                \
        long long C = dx.sizes[1], H = dx.sizes[2], W = dx.sizes[3];                              \
        long long n = dx.sizes[0] * C * H * W;                                                    \
        T4_GRID_STRIDE(i, n) {                                                                    \
            long long iw = i % W, ih = (i / W) % H, c = (i / (W * H)) % C, s = i / (W * H * C);   \
            T* at = t4_ptr<T>(dx) + s * dx.strides[0] + c * dx.strides[1] + ih * dx.strides[2]   \
                    + iw * dx.strides[3];                                                         \
            T acc = *at;                                                                          \
            for (int ki = 0; ki < kH; ki++) {                                                     \
                long long hn = ih + pH - (long long) ki * dH;                                     \
                if (hn < 0 || hn % sH != 0 || hn / sH >= OH) continue;                            \
                for (int kj = 0; kj < kW; kj++) {                                                 \
                    long long wn = iw + pW - (long long) kj * dW;                                 \
                    if (wn < 0 || wn % sW != 0 || wn / sW >= OW) continue;                        \
                    long long r = (c * kH + ki) * kW + kj;                                        \
                    acc += col[s * sS + r * sR + (hn / sH) * OW + wn / sW];                       \
                }                                                                                 \
            }                                                                                     \
            *at = acc;                                                                            \
        }                                                                                         \
    }                                                                                             \
    T4_EXPORT(conv_col2im_##SUF)                                                                  \
    /* out[n, co, :, :] += bias[co] over a contiguous [N, Cout, plane] output */                  \
    extern "C" __global__ void conv_bias_##SUF(T* out, long long n, long long plane,             \
                                               long long cout, TensorRef bias) {                  \
        T4_GRID_STRIDE(i, n) { out[i] += t4_at<T>(bias, (i / plane) % cout); }                    \
    }                                                                                             \
    T4_EXPORT(conv_bias_##SUF)

// ---------------------------------------------------------------------------------------- pooling

// Decomposes a contiguous [N, C, OH, OW] position: plane index (n * C + c) and output (oi, oj).
#define T4_POOL_POS(i, OH, OW) \
    long long oj = (i) % (OW), oi = ((i) / (OW)) % (OH), pl = (i) / ((long long) (OW) * (OH))

// Element offset of (plane pl, h, w) in a 4-D view.
__device__ __forceinline__ long long pool_at(const TensorRef& t, long long pl, long long h, long long w) {
    long long C = t.sizes[1];
    return (pl / C) * t.strides[0] + (pl % C) * t.strides[1] + h * t.strides[2] + w * t.strides[3];
}

// Adaptive windows [floor(i * in / out), ceil((i + 1) * in / out)).
__device__ __forceinline__ long long pool_start(long long i, long long out, long long in) { return i * in / out; }
__device__ __forceinline__ long long pool_end(long long i, long long out, long long in) {
    return ((i + 1) * in + out - 1) / out;
}

// Sum of plane pl of x over rows [hs, he) and columns [ws, we), row by row as CpuPool adds.
template <typename T>
__device__ __forceinline__ T pool_sum(const TensorRef& x, long long pl, long long hs, long long he, long long ws,
                                      long long we) {
    const T* xp = t4_ptr<T>(x);
    T sum = 0;
    for (long long a = hs; a < he; a++) {
        for (long long b = ws; b < we; b++) sum += xp[pool_at(x, pl, a, b)];
    }
    return sum;
}

// Average pooling's window of output (oi, oj), clipped to the input, and its divisor, exactly as
// CpuPool works them out. Returns false for a window wholly in the padding (left at 0).
__device__ __forceinline__ bool pool_avg_window(long long oi, long long oj, long long H, long long W, int kH, int kW,
                                                int sH, int sW, int pH, int pW, int countIncludePad, int divisorOverride,
                                                long long& hs, long long& he, long long& ws, long long& we, long long& div) {
    hs = oi * sH - pH;
    ws = oj * sW - pW;
    he = min(hs + kH, H + pH);
    we = min(ws + kW, W + pW);
    long long poolSize = (he - hs) * (we - ws);
    hs = max(hs, 0LL);
    ws = max(ws, 0LL);
    he = min(he, H);
    we = min(we, W);
    if (hs >= he || ws >= we) return false;
    div = divisorOverride > 0 ? divisorOverride : countIncludePad ? poolSize : (he - hs) * (we - ws);
    return true;
}

#define T4_POOL(SUF, T)                                                                           \
    /* max over the window, NaN winning (and ending the search) as in CpuPool; indices get h * W + w */ \
    extern "C" __global__ void pool_max_##SUF(TensorRef x, TensorRef out, TensorRef indices,     \
                                              int kH, int kW, int sH, int sW, int pH, int pW,     \
                                              int dH, int dW) {                                   \
        long long H = x.sizes[2], W = x.sizes[3], OH = out.sizes[2], OW = out.sizes[3];           \
        long long n = out.sizes[0] * out.sizes[1] * OH * OW;                                      \
        const T* xp = t4_ptr<T>(x);                                                               \
        T4_GRID_STRIDE(i, n) {                                                                    \
            T4_POOL_POS(i, OH, OW);                                                               \
            long long hs = oi * sH - pH, ws = oj * sW - pW;                                       \
            T best = -INFINITY;                                                                   \
            long long bestIdx = -1;                                                               \
            bool nan = false;                                                                     \
            for (int a = 0; a < kH && !nan; a++) {                                                \
                long long ih = hs + (long long) a * dH;                                           \
                if (ih < 0 || ih >= H) continue;                                                  \
                for (int b = 0; b < kW; b++) {                                                    \
                    long long iw = ws + (long long) b * dW;                                       \
                    if (iw < 0 || iw >= W) continue;                                              \
                    T v = xp[pool_at(x, pl, ih, iw)];                                             \
                    if (bestIdx < 0 || v > best || isnan(v)) {                                    \
                        best = v;                                                                 \
                        bestIdx = ih * W + iw;                                                    \
                        if (isnan(v)) {                                                           \
                            nan = true;                                                           \
                            break;                                                                \
                        }                                                                         \
                    }                                                                             \
                }                                                                                 \
            }                                                                                     \
            t4_ptr<T>(out)[pool_at(out, pl, oi, oj)] = best;                                      \
            t4_ptr<long long>(indices)[pool_at(indices, pl, oi, oj)] = bestIdx;                   \
        }                                                                                         \
    }                                                                                             \
    T4_EXPORT(pool_max_##SUF)                                                                     \
    /* gradInput[plane][indices[i]] += gradOut[i]: overlapping windows may name one element */    \
    extern "C" __global__ void pool_max_backward_##SUF(TensorRef gradOut, TensorRef indices,     \
                                                       TensorRef gradInput) {                     \
        long long OH = gradOut.sizes[2], OW = gradOut.sizes[3], W = gradInput.sizes[3];           \
        long long n = gradOut.sizes[0] * gradOut.sizes[1] * OH * OW;                              \
        T4_GRID_STRIDE(i, n) {                                                                    \
            T4_POOL_POS(i, OH, OW);                                                               \
            long long at = t4_ptr<long long>(indices)[pool_at(indices, pl, oi, oj)];              \
            T g = t4_ptr<T>(gradOut)[pool_at(gradOut, pl, oi, oj)];                               \
            t4_atomic_add(t4_ptr<T>(gradInput) + pool_at(gradInput, pl, at / W, at % W), g);      \
        }                                                                                         \
    }                                                                                             \
    T4_EXPORT(pool_max_backward_##SUF)                                                            \
    extern "C" __global__ void pool_avg_##SUF(TensorRef x, TensorRef out, int kH, int kW, int sH,\
                                              int sW, int pH, int pW, int countIncludePad,        \
                                              int divisorOverride) {                              \
        long long H = x.sizes[2], W = x.sizes[3], OH = out.sizes[2], OW = out.sizes[3];           \
        long long n = out.sizes[0] * out.sizes[1] * OH * OW;                                      \
        T4_GRID_STRIDE(i, n) {                                                                    \
            T4_POOL_POS(i, OH, OW);                                                               \
            long long hs, he, ws, we, div;                                                        \
            if (!pool_avg_window(oi, oj, H, W, kH, kW, sH, sW, pH, pW, countIncludePad,           \
                                 divisorOverride, hs, he, ws, we, div)) continue;                 \
            T sum = pool_sum<T>(x, pl, hs, he, ws, we);                                           \
            t4_ptr<T>(out)[pool_at(out, pl, oi, oj)] = sum / (T) div;                             \
        }                                                                                         \
    }                                                                                             \
    T4_EXPORT(pool_avg_##SUF)                                                                     \
    /* each input-gradient element adds gradOut / divisor of every window that covers it, the    \
       windows in row-major order as CpuPool spreads them */                                      \
    extern "C" __global__ void pool_avg_backward_##SUF(TensorRef gradOut, TensorRef gradInput,   \
                                                       int kH, int kW, int sH, int sW, int pH,    \
                                                       int pW, int countIncludePad,               \
                                                       int divisorOverride) {                     \
        long long H = gradInput.sizes[2], W = gradInput.sizes[3];                                 \
        long long OH = gradOut.sizes[2], OW = gradOut.sizes[3];                                   \
        long long n = gradInput.sizes[0] * gradInput.sizes[1] * H * W;                            \
        T4_GRID_STRIDE(i, n) {                                                                    \
            T4_POOL_POS(i, H, W);                                                                 \
            /* here (oi, oj) is the input element; windows i cover it when                        \
               i * sH - pH <= oi < i * sH - pH + kH */                                            \
            long long hLo = oi + pH - kH + 1, wLo = oj + pW - kW + 1;                             \
            hLo = hLo <= 0 ? 0 : (hLo + sH - 1) / sH;                                             \
            wLo = wLo <= 0 ? 0 : (wLo + sW - 1) / sW;                                             \
            long long hHi = min((oi + pH) / sH, OH - 1), wHi = min((oj + pW) / sW, OW - 1);       \
            T* at = t4_ptr<T>(gradInput) + pool_at(gradInput, pl, oi, oj);                        \
            T acc = *at;                                                                          \
            for (long long a = hLo; a <= hHi; a++) {                                              \
                for (long long b = wLo; b <= wHi; b++) {                                          \
                    long long hs, he, ws, we, div;                                                \
                    if (!pool_avg_window(a, b, H, W, kH, kW, sH, sW, pH, pW, countIncludePad,     \
                                         divisorOverride, hs, he, ws, we, div)) continue;         \
                    acc += t4_ptr<T>(gradOut)[pool_at(gradOut, pl, a, b)] / (T) div;             \
                }                                                                                 \
            }                                                                                     \
            *at = acc;                                                                            \
        }                                                                                         \
    }                                                                                             \
    T4_EXPORT(pool_avg_backward_##SUF)                                                            \
    extern "C" __global__ void pool_adaptive_avg_##SUF(TensorRef x, TensorRef out) {             \
        long long H = x.sizes[2], W = x.sizes[3], OH = out.sizes[2], OW = out.sizes[3];           \
        long long n = out.sizes[0] * out.sizes[1] * OH * OW;                                      \
        T4_GRID_STRIDE(i, n) {                                                                    \
            T4_POOL_POS(i, OH, OW);                                                               \
            long long hs = pool_start(oi, OH, H), he = pool_end(oi, OH, H);                       \
            long long ws = pool_start(oj, OW, W), we = pool_end(oj, OW, W);                       \
            T sum = pool_sum<T>(x, pl, hs, he, ws, we);                                           \
            t4_ptr<T>(out)[pool_at(out, pl, oi, oj)] = sum / (T) ((he - hs) * (we - ws));         \
        }                                                                                         \
    }                                                                                             \
    T4_EXPORT(pool_adaptive_avg_##SUF)                                                            \
    /* windows i cover input row a exactly for floor(a * OH / H) <= i <= floor(((a+1) * OH - 1) / H) */ \
    extern "C" __global__ void pool_adaptive_avg_backward_##SUF(TensorRef gradOut,               \
                                                                TensorRef gradInput) {            \
        long long H = gradInput.sizes[2], W = gradInput.sizes[3];                                 \
        long long OH = gradOut.sizes[2], OW = gradOut.sizes[3];                                   \
        long long n = gradInput.sizes[0] * gradInput.sizes[1] * H * W;                            \
        T4_GRID_STRIDE(i, n) {                                                                    \
            T4_POOL_POS(i, H, W);                                                                 \
            long long hLo = oi * OH / H, hHi = ((oi + 1) * OH - 1) / H;                           \
            long long wLo = oj * OW / W, wHi = ((oj + 1) * OW - 1) / W;                           \
            T* at = t4_ptr<T>(gradInput) + pool_at(gradInput, pl, oi, oj);                        \
            T acc = *at;                                                                          \
            for (long long a = hLo; a <= hHi; a++) {                                              \
                long long hs = pool_start(a, OH, H), he = pool_end(a, OH, H);                     \
                for (long long b = wLo; b <= wHi; b++) {                                          \
                    long long ws = pool_start(b, OW, W), we = pool_end(b, OW, W);                 \
                    acc += t4_ptr<T>(gradOut)[pool_at(gradOut, pl, a, b)]                         \
                           / (T) ((he - hs) * (we - ws));                                         \
                }                                                                                 \
            }                                                                                     \
            *at = acc;                                                                            \
        }                                                                                         \
    }                                                                                             \
    T4_EXPORT(pool_adaptive_avg_backward_##SUF)

T4_CONV(f32, float)
T4_CONV(f64, double)
T4_POOL(f32, float)
T4_POOL(f64, double)

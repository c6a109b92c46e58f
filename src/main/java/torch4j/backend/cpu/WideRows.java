package torch4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Moves rows of a plane in and out of {@link WideConvVector}'s layouts with whole vectors: output
 * rows out of the wide tile results, output-gradient rows into wide rows, gradient rows back onto
 * the input gradient. The rows are short (8 to 28 floats in LeNet), and scalar loops over them cost
 * as much as the convolution's multiply-adds. A row's last vector is padded with zeros and may
 * reach past the row, which callers allow where the stretch after it is written later or is
 * meant to be zero; {@code dstEnd} bounds where it may reach, and at the very end of the arrays
 * the last elements go one by one. Only {@link WideConvVector} uses this class.
 */
final class WideRows {
    private static final VectorSpecies<Float> S = GemmVector.FS;
    private static final int L = S.length();
    /** Lane indices as floats, for masks by comparison within the one float species. */
    static final float[] IOTA = new float[L];

    static {
        for (int i = 0; i < L; i++) IOTA[i] = i;
    }

    private WideRows() {}

    /**
     * {@code dst[d + r * drs + q] = src[s + r * srs + q] + bias} for {@code r < rows, q < n} (a
     * plain copy, negative zeros kept, when {@code bias} is +0); each row's last vector also writes
     * zeros after it, up to a vector past the row, but not at or past {@code dstEnd}.
     */
    static void copyRows(float[] src, int s, int srs, float[] dst, int d, int drs, int rows, int n, float bias, int dstEnd) {
        FloatVector b = FloatVector.broadcast(S, bias), zero = FloatVector.zero(S);
        boolean add = Float.floatToRawIntBits(bias) != 0;
        int whole = n / L * L, rem = n - whole;
        VectorMask<Float> tail = FloatVector.fromArray(S, IOTA, 0).compare(VectorOperators.LT, (float) rem);
        for (int r = 0; r < rows; r++, s += srs, d += drs) {
            for (int q = 0; q < whole; q += L) {
                FloatVector v = FloatVector.fromArray(S, src, s + q);
                (add ? v.add(b) : v).intoArray(dst, d + q);
            }
            if (rem == 0) continue;
            if (d + n + L - rem <= dstEnd && s + n + L - rem <= src.length) {
                FloatVector v = FloatVector.fromArray(S, src, s + whole);
                zero.blend(add ? v.add(b) : v, tail).intoArray(dst, d + whole);
            } else {
                for (int q = whole; q < n; q++) dst[d + q] = add ? src[s + q] + bias : src[s + q];
            }
        }
    }

    /**
     * {@code dst[d + r * drs + q] += src[s + r * srs + q]} for {@code r < rows, q < n}; each row's
     * last vector adds zeros after it, up to a vector past the row (so it must not race with
     * another thread there), but not at or past {@code dstEnd}.
     */
    static void addRows(float[] src, int s, int srs, float[] dst, int d, int drs, int rows, int n, int dstEnd) {
        FloatVector zero = FloatVector.zero(S);
        int whole = n / L * L, rem = n - whole;
        VectorMask<Float> tail = FloatVector.fromArray(S, IOTA, 0).compare(VectorOperators.LT, (float) rem);
        for (int r = 0; r < rows; r++, s += srs, d += drs) {
            for (int q = 0; q < whole; q += L) {
                FloatVector.fromArray(S, dst, d + q).add(FloatVector.fromArray(S, src, s + q)).intoArray(dst, d + q);
            }
            if (rem == 0) continue;
            int q = whole;
            if (d + n + L - rem <= dstEnd && s + n + L - rem <= src.length) {
                FloatVector v = zero.blend(FloatVector.fromArray(S, src, s + q), tail);
                FloatVector.fromArray(S, dst, d + q).add(v).intoArray(dst, d + q);
            } else {
                for (; q < n; q++) dst[d + q] += src[s + q];
            }
        }
    }

    /**
     * Lays {@code rows} rows of {@code n} floats out {@code drs >= n} apart, zeros between and
     * after them: {@code dst[d + r * drs + q] = src[s + r * srs + q]} for {@code q < n}, and 0 for
     * every other element of {@code dst[d .. d + total)}. Each element is written once or twice
     * (no zero pass first); vectors reach up to a vector past {@code d + total}.
     */
    static void widen(float[] src, int s, int srs, float[] dst, int d, int drs, int rows, int n, int total) {
        FloatVector zero = FloatVector.zero(S);
        int whole = n / L * L, rem = n - whole, end = d + total;
        VectorMask<Float> tail = FloatVector.fromArray(S, IOTA, 0).compare(VectorOperators.LT, (float) rem);
        for (int r = 0; r < rows; r++, s += srs) {
            int row = d + r * drs, q = 0;
            for (; q < whole; q += L) FloatVector.fromArray(S, src, s + q).intoArray(dst, row + q);
            if (rem > 0) {
                if (s + whole + L <= src.length) {
                    zero.blend(FloatVector.fromArray(S, src, s + whole), tail).intoArray(dst, row + whole);
                } else {
                    zero.intoArray(dst, row + whole);
                    for (int i = whole; i < n; i++) dst[row + i] = src[s + i];
                }
                q = whole + L;
            }
            for (; q < drs && row + q < end; q += L) zero.intoArray(dst, row + q);
        }
        for (int z = d + rows * drs; z < end; z += L) zero.intoArray(dst, z);
    }

    /** {@code dst[d .. d + n) = 0} with whole vectors, reaching up to a vector past {@code d + n}. */
    static void zero(float[] dst, int d, int n) {
        FloatVector zero = FloatVector.zero(S);
        for (int q = 0; q < n; q += L) zero.intoArray(dst, d + q);
    }
}

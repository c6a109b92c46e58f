package torch4j.backend.cpu;

/**
 * Reads and writes one element of any CPU storage array, in double or long arithmetic. This is
 * the generic (slower) path; the hot dtype/op pairs have their own loops in the kernels.
 */
final class Elements {
    private Elements() {}

    static double getD(Object arr, int i) {
        if (arr instanceof float[] f) return f[i];
        if (arr instanceof double[] d) return d[i];
        if (arr instanceof long[] l) return l[i];
        if (arr instanceof int[] n) return n[i];
        return ((byte[]) arr)[i] & 0xFF;
    }

    static long getL(Object arr, int i) {
        if (arr instanceof long[] l) return l[i];
        if (arr instanceof int[] n) return n[i];
        if (arr instanceof byte[] b) return b[i] & 0xFF;
        if (arr instanceof float[] f) return (long) f[i];
        return (long) ((double[]) arr)[i];
    }

    /** Stores {@code v} cast to the array's type; {@code bool} arrays store {@code v != 0}. */
    static void setD(Object arr, int i, double v, boolean isBool) {
        if (arr instanceof float[] f) f[i] = (float) v;
        else if (arr instanceof double[] d) d[i] = v;
        else if (arr instanceof long[] l) l[i] = (long) v;
        else if (arr instanceof int[] n) n[i] = (int) (long) v;
        else ((byte[]) arr)[i] = isBool ? (byte) (v != 0 ? 1 : 0) : (byte) (long) v;
    }

    static void setL(Object arr, int i, long v, boolean isBool) {
        if (arr instanceof long[] l) l[i] = v;
        else if (arr instanceof int[] n) n[i] = (int) v;
        else if (arr instanceof byte[] b) b[i] = isBool ? (byte) (v != 0 ? 1 : 0) : (byte) v;
        else if (arr instanceof float[] f) f[i] = v;
        else ((double[]) arr)[i] = v;
    }
}

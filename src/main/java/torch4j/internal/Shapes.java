package torch4j.internal;

import java.util.Arrays;

/** Shape arithmetic shared by all ops: dim wrapping, broadcasting, {@code -1} inference. */
public final class Shapes {
    private Shapes() {}

    /** Wraps a possibly negative dim into {@code [0, rank)}, with PyTorch's message when out of range. */
    public static int wrapDim(int dim, int rank) {
        int r = Math.max(rank, 1); // a 0-d tensor accepts dims 0 and -1, as in PyTorch
        if (dim < -r || dim >= r) {
            throw new IndexOutOfBoundsException("Dimension out of range (expected to be in range of ["
                    + (-r) + ", " + (r - 1) + "], but got " + dim + ")");
        }
        return dim < 0 ? dim + r : dim;
    }

    /** Wraps every dim and checks none repeats. */
    public static int[] wrapDims(int[] dims, int rank) {
        int[] out = new int[dims.length];
        boolean[] seen = new boolean[Math.max(rank, 1)];
        for (int i = 0; i < dims.length; i++) {
            int d = wrapDim(dims[i], rank);
            if (seen[d]) throw new IllegalArgumentException("dim " + d + " appears multiple times in the list of dims");
            seen[d] = true;
            out[i] = d;
        }
        return out;
    }

    /** The broadcast shape of {@code a} and {@code b}, or PyTorch's error naming the clash. */
    public static int[] broadcast(int[] a, int[] b) {
        if (Arrays.equals(a, b)) return a;
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i < n - a.length ? 1 : a[i - (n - a.length)];
            int db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("The size of tensor a (" + da + ") must match the size of tensor b ("
                        + db + ") at non-singleton dimension " + i);
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Replaces a single {@code -1} in {@code shape} so that it holds {@code numel} elements. */
    public static int[] inferSize(int[] shape, int numel) {
        int[] out = shape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("only one dimension can be inferred");
                infer = i;
            } else if (out[i] < 0) {
                throw new IllegalArgumentException("invalid shape dimension " + out[i]);
            } else {
                known *= out[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException("shape '" + Arrays.toString(shape) + "' is invalid for input of size " + numel);
            }
            out[infer] = (int) (numel / known);
        } else if (known != numel) {
            throw new IllegalArgumentException("shape '" + Arrays.toString(shape) + "' is invalid for input of size " + numel);
        }
        return out;
    }

    /** Checks sizes are non-negative and returns a defensive copy. */
    public static int[] checkShape(int[] shape) {
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException("Trying to create tensor with negative dimension " + s + ": " + Arrays.toString(shape));
        }
        return shape.clone();
    }

    /** PyTorch-style text of a shape: {@code [2, 3]}. */
    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }
}

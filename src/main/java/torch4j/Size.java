package torch4j;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An immutable tensor shape, printed as PyTorch prints {@code torch.Size}.
 *
 * <pre>{@code x.size()  // torch.Size([4, 3]) }</pre>
 */
public final class Size implements Iterable<Integer> {
    private final int[] dims;

    /** Wraps a copy of {@code dims}. */
    public Size(int... dims) {
        this.dims = dims.clone();
    }

    /** The size of dimension {@code d}; negative {@code d} counts from the end. */
    public int get(int d) {
        int n = dims.length;
        if (d < -n || d >= n) {
            throw new IndexOutOfBoundsException("Dimension out of range (expected to be in range of ["
                    + (-n) + ", " + (n - 1) + "], but got " + d + ")");
        }
        return dims[d < 0 ? d + n : d];
    }

    /** Number of dimensions, as Python's {@code len(size)}. */
    public int length() {
        return dims.length;
    }

    @Override
    public Iterator<Integer> iterator() {
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < dims.length;
            }

            @Override
            public Integer next() {
                if (i >= dims.length) throw new NoSuchElementException();
                return dims[i++];
            }
        };
    }

    /** Product of the dimensions. */
    public int numel() {
        int n = 1;
        for (int d : dims) n *= d;
        return n;
    }

    /** A copy of the dimensions. */
    public int[] toArray() {
        return dims.clone();
    }

    /** The dimensions from {@code from} (inclusive) on, as Python's {@code size[from:]}. */
    public Size slice(int from) {
        return new Size(Arrays.copyOfRange(dims, Math.min(from, dims.length), dims.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Size s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("torch.Size([");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(dims[i]);
        }
        return sb.append("])").toString();
    }
}

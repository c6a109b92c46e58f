package torch4j;

import java.util.Arrays;

/**
 * A flat buffer of one dtype on one device, shared by a tensor and all its views.
 *
 * <p>On the CPU the buffer is a primitive array ({@code float[]} for float32, {@code double[]},
 * {@code long[]}, {@code int[]}, {@code byte[]} for uint8 and bool). The version counter is bumped
 * by every in-place write, so autograd can tell when a tensor it saved was modified (all views
 * share it because they share the storage).
 */
public final class Storage {
    private final DType dtype;
    private final Device device;
    private final Object data;
    private final int size;
    /** Allocated here, so no one else holds the array and {@link #zeroLater} may defer its fill. */
    private final boolean owned;
    private int version;
    /** The version at which every element was set to zero by {@link #markZeroed}; -1 if never. */
    private int zeroedAt = -1;
    /** Every element is zero but the array still holds old values: filled on the next access. */
    private volatile boolean zeroPending;

    private Storage(DType dtype, Device device, Object data, int size, boolean owned) {
        this.dtype = dtype;
        this.device = device;
        this.data = data;
        this.size = size;
        this.owned = owned;
    }

    /** A zero-filled CPU buffer of {@code size} elements. */
    public static Storage allocate(DType dtype, int size) {
        if (size < 0) throw new IllegalArgumentException("Storage size must be non-negative, got " + size);
        Object data = switch (dtype) {
            case FLOAT32 -> new float[size];
            case FLOAT64 -> new double[size];
            case INT64 -> new long[size];
            case INT32 -> new int[size];
            case UINT8, BOOL -> new byte[size];
        };
        return new Storage(dtype, Device.CPU, data, size, true);
    }

    /**
     * Wraps a caller's array without copying: writes through either side are seen by the other.
     * The dtype follows the array type ({@code byte[]} is uint8).
     */
    public static Storage wrap(Object array) {
        if (array instanceof float[] a) return new Storage(DType.FLOAT32, Device.CPU, a, a.length, false);
        if (array instanceof double[] a) return new Storage(DType.FLOAT64, Device.CPU, a, a.length, false);
        if (array instanceof long[] a) return new Storage(DType.INT64, Device.CPU, a, a.length, false);
        if (array instanceof int[] a) return new Storage(DType.INT32, Device.CPU, a, a.length, false);
        if (array instanceof byte[] a) return new Storage(DType.UINT8, Device.CPU, a, a.length, false);
        throw new IllegalArgumentException("Expected a float[], double[], long[], int[] or byte[] array but got "
                + (array == null ? "null" : array.getClass().getSimpleName()));
    }

    /** Wraps a {@code byte[]} as a bool buffer (0 is false, anything else true). */
    public static Storage wrapBool(byte[] array) {
        return new Storage(DType.BOOL, Device.CPU, array, array.length, false);
    }

    /** Wraps a device-specific buffer (used by non-CPU backends). */
    public static Storage forDevice(DType dtype, Device device, Object handle, int size) {
        return new Storage(dtype, device, handle, size, false);
    }

    public DType dtype() {
        return dtype;
    }

    public Device device() {
        return device;
    }

    /** The backing buffer: a primitive array on the CPU, a backend handle elsewhere. */
    public Object data() {
        if (zeroPending) fillPendingZeros();
        return data;
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** The in-place version counter shared by all views of this storage. */
    public int version() {
        return version;
    }

    /** Records an in-place write. */
    public void bumpVersion() {
        version++;
    }

    /**
     * Records that the write just made (and counted by {@link #bumpVersion}) set every element to
     * zero, as {@code zero_()} on a tensor covering the storage does: {@code optimizer.zeroGrad()}.
     */
    public void markZeroed() {
        zeroedAt = version;
    }

    /**
     * True while every element is known to be zero: marked by {@link #markZeroed} and not written
     * since through any view. A weight's gradient product then writes into {@code .grad} instead of
     * reading the zeros and adding to them.
     */
    public boolean isZeroed() {
        return zeroedAt == version;
    }

    /**
     * Sets every element to zero without writing the array yet, where no caller's array is
     * involved (a CPU array allocated here, not wrapped): the next access fills it, or none does
     * when the next write covers every element ({@link #dropPendingZeros}). {@code zeroGrad()}
     * followed by a weight gradient written straight into {@code .grad} then never writes the zeros
     * at all: 0.9 MB per step of the MLP 784-256-128-10. An array taken from this storage before
     * the call keeps its old values until the next access. Returns false, having done nothing,
     * where the caller must fill the zeros itself. Like any write, the caller then bumps the version.
     */
    public boolean zeroLater() {
        if (!owned) return false;
        zeroPending = true;
        return true;
    }

    /** True while a {@link #zeroLater} is not yet written to the array. */
    public boolean isZeroPending() {
        return zeroPending;
    }

    /**
     * Drops a pending {@link #zeroLater} fill: for a caller that is about to write every element,
     * and must not then read any before writing it.
     */
    public void dropPendingZeros() {
        zeroPending = false;
    }

    /**
     * Writes a pending zero fill. Locked, so that two threads reaching the array at once (a
     * kernel's chunks on the pool) fill it once, before either writes into it.
     */
    private synchronized void fillPendingZeros() {
        if (!zeroPending) return;
        if (data instanceof float[] a) Arrays.fill(a, 0f);
        else if (data instanceof double[] a) Arrays.fill(a, 0.0);
        else if (data instanceof long[] a) Arrays.fill(a, 0L);
        else if (data instanceof int[] a) Arrays.fill(a, 0);
        else Arrays.fill((byte[]) data, (byte) 0);
        zeroPending = false;
    }

    public float[] floats() {
        return (float[]) data();
    }

    public double[] doubles() {
        return (double[]) data();
    }

    public long[] longs() {
        return (long[]) data();
    }

    public int[] ints() {
        return (int[]) data();
    }

    public byte[] bytes() {
        return (byte[]) data();
    }
}

package torch4j;

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
    private int version;
    /** The version at which every element was set to zero by {@link #markZeroed}; -1 if never. */
    private int zeroedAt = -1;

    private Storage(DType dtype, Device device, Object data, int size) {
        this.dtype = dtype;
        this.device = device;
        this.data = data;
        this.size = size;
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
        return new Storage(dtype, Device.CPU, data, size);
    }

    /**
     * Wraps a caller's array without copying: writes through either side are seen by the other.
     * The dtype follows the array type ({@code byte[]} is uint8).
     */
    public static Storage wrap(Object array) {
        if (array instanceof float[] a) return new Storage(DType.FLOAT32, Device.CPU, a, a.length);
        if (array instanceof double[] a) return new Storage(DType.FLOAT64, Device.CPU, a, a.length);
        if (array instanceof long[] a) return new Storage(DType.INT64, Device.CPU, a, a.length);
        if (array instanceof int[] a) return new Storage(DType.INT32, Device.CPU, a, a.length);
        if (array instanceof byte[] a) return new Storage(DType.UINT8, Device.CPU, a, a.length);
        throw new IllegalArgumentException("Expected a float[], double[], long[], int[] or byte[] array but got "
                + (array == null ? "null" : array.getClass().getSimpleName()));
    }

    /** Wraps a {@code byte[]} as a bool buffer (0 is false, anything else true). */
    public static Storage wrapBool(byte[] array) {
        return new Storage(DType.BOOL, Device.CPU, array, array.length);
    }

    /** Wraps a device-specific buffer (used by non-CPU backends). */
    public static Storage forDevice(DType dtype, Device device, Object handle, int size) {
        return new Storage(dtype, device, handle, size);
    }

    public DType dtype() {
        return dtype;
    }

    public Device device() {
        return device;
    }

    /** The backing buffer: a primitive array on the CPU, a backend handle elsewhere. */
    public Object data() {
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

    public float[] floats() {
        return (float[]) data;
    }

    public double[] doubles() {
        return (double[]) data;
    }

    public long[] longs() {
        return (long[]) data;
    }

    public int[] ints() {
        return (int[]) data;
    }

    public byte[] bytes() {
        return (byte[]) data;
    }
}

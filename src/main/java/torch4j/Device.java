package torch4j;

import java.util.Objects;

/**
 * Where a tensor's storage lives: {@code Device.CPU} or a CUDA device.
 *
 * <pre>{@code Tensor g = x.to(Device.cuda(0)); }</pre>
 */
public final class Device {
    /** Device kinds. */
    public enum Type { CPU, CUDA }

    /** The host. */
    public static final Device CPU = new Device(Type.CPU, -1);
    /** The current CUDA device, {@code cuda:0}. */
    public static final Device CUDA = new Device(Type.CUDA, 0);

    private final Type type;
    private final int index;

    private Device(Type type, int index) {
        this.type = type;
        this.index = index;
    }

    /** The CUDA device with the given ordinal. */
    public static Device cuda(int index) {
        if (index < 0) throw new IllegalArgumentException("Device index must not be negative, got " + index);
        return index == 0 ? CUDA : new Device(Type.CUDA, index);
    }

    /** Parses {@code "cpu"}, {@code "cuda"} or {@code "cuda:1"}. */
    public static Device of(String spec) {
        String s = spec.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("cpu")) return CPU;
        if (s.equals("cuda")) return CUDA;
        if (s.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(s.substring(5)));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException(
                "Expected one of cpu, cuda, cuda:N device type at start of device string: " + spec);
    }

    public Type type() {
        return type;
    }

    /** The CUDA ordinal, or -1 for the CPU. */
    public int index() {
        return index;
    }

    public boolean isCuda() {
        return type == Type.CUDA;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Device d && d.type == type && d.index == index;
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, index);
    }

    /** {@code cpu} or {@code cuda:N}, as PyTorch prints devices. */
    @Override
    public String toString() {
        return type == Type.CPU ? "cpu" : "cuda:" + index;
    }
}

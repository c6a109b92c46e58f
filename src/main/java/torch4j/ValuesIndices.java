package torch4j;

/**
 * The {@code (values, indices)} pair that {@code max(dim)}, {@code min(dim)}, {@code sort} and
 * {@code topk} return, as PyTorch's named tuples.
 */
public record ValuesIndices(Tensor values, Tensor indices) {
    @Override
    public String toString() {
        return "(values=" + values + ",\nindices=" + indices + ")";
    }
}

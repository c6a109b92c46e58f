package torch4j;

/**
 * Element types of a {@link Tensor}, with PyTorch's names and type-promotion rules.
 *
 * <pre>{@code Tensor x = Torch.zeros(DType.FLOAT64, 2, 3); }</pre>
 */
public enum DType {
    /** 32-bit IEEE float, the default dtype. */
    FLOAT32("torch.float32", 4, Category.FLOAT),
    /** 64-bit IEEE float. */
    FLOAT64("torch.float64", 8, Category.FLOAT),
    /** 64-bit signed integer, the default integer dtype. */
    INT64("torch.int64", 8, Category.INT),
    /** 32-bit signed integer. */
    INT32("torch.int32", 4, Category.INT),
    /** Unsigned byte, as images come. */
    UINT8("torch.uint8", 1, Category.INT),
    /** Boolean, stored one byte per element. */
    BOOL("torch.bool", 1, Category.BOOL);

    enum Category { BOOL, INT, FLOAT }

    private final String torchName;
    private final int itemSize;
    private final Category category;

    DType(String torchName, int itemSize, Category category) {
        this.torchName = torchName;
        this.itemSize = itemSize;
        this.category = category;
    }

    /** Bytes per element ({@code element_size()}). */
    public int itemSize() {
        return itemSize;
    }

    /** True for float32 and float64. */
    public boolean isFloatingPoint() {
        return category == Category.FLOAT;
    }

    /** True for the integer dtypes (bool excluded). */
    public boolean isIntegral() {
        return category == Category.INT;
    }

    /** PyTorch's spelling, e.g. {@code torch.float32}. */
    @Override
    public String toString() {
        return torchName;
    }

    /**
     * The dtype two tensor operands compute in ({@code torch.promote_types}): bool &lt; integers &lt;
     * floats, and the wider type within a category.
     */
    public static DType promote(DType a, DType b) {
        if (a == b) return a;
        if (a.category != b.category) return a.category.ordinal() > b.category.ordinal() ? a : b;
        if (a.category == Category.INT && (a == UINT8 || b == UINT8)) {
            // uint8 with a signed type: the signed one, widened as PyTorch does (uint8+int32 -> int32).
            return a == UINT8 ? b : a;
        }
        return a.itemSize >= b.itemSize ? a : b;
    }

    /**
     * The dtype of {@code tensor op scalar}: a scalar only raises the category, never the width
     * (int tensor + 2.5 gives the default float dtype; float32 tensor + 2.5 stays float32).
     */
    public static DType promoteWithScalar(DType tensor, Number scalar) {
        boolean isFloat = scalar instanceof Double || scalar instanceof Float;
        if (isFloat && !tensor.isFloatingPoint()) return FLOAT32;
        if (!isFloat && tensor == BOOL) return INT64;
        return tensor;
    }
}

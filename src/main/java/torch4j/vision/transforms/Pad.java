package torch4j.vision.transforms;

import java.util.Arrays;
import torch4j.Tensor;

/**
 * Pads the last two dims of an image ({@code transforms.Pad}). Padding is one value for all sides,
 * {@code {leftRight, topBottom}}, or {@code {left, top, right, bottom}}, as in torchvision.
 *
 * <pre>{@code new Pad(2).apply(img28)  // [.., 32, 32], zeros around }</pre>
 */
public final class Pad implements Transform {
    /** How the border is filled. */
    public enum Mode {
        /** With a constant value. */
        CONSTANT,
        /** With the nearest edge pixel. */
        EDGE,
        /** Mirrored, without repeating the edge pixel. */
        REFLECT
    }

    private final int left, top, right, bottom;
    private final double fill;
    private final Mode mode;

    /** Zero padding on every side. */
    public Pad(int padding) {
        this(new int[] {padding}, 0, Mode.CONSTANT);
    }

    /** @param padding one, two ({@code lr, tb}) or four ({@code l, t, r, b}) non-negative values */
    public Pad(int[] padding, double fill, Mode mode) {
        int[] p = expand(padding);
        this.left = p[0];
        this.top = p[1];
        this.right = p[2];
        this.bottom = p[3];
        this.fill = fill;
        this.mode = mode;
    }

    static int[] expand(int[] padding) {
        int[] p = switch (padding.length) {
            case 1 -> new int[] {padding[0], padding[0], padding[0], padding[0]};
            case 2 -> new int[] {padding[0], padding[1], padding[0], padding[1]};
            case 4 -> padding.clone();
            default -> throw new IllegalArgumentException("Padding must be an int or a 1, 2, or 4 element tuple, not a "
                    + padding.length + " element tuple");
        };
        for (int v : p) if (v < 0) throw new IllegalArgumentException("padding must be non-negative, got " + Arrays.toString(padding));
        return p;
    }

    @Override
    public Tensor apply(Tensor image) {
        Images.checkImage(image, "Pad");
        return Images.pad(image, left, top, right, bottom, fill, mode);
    }

    @Override
    public String toString() {
        return "Pad(padding=[" + left + ", " + top + ", " + right + ", " + bottom + "], fill=" + fill + ", padding_mode="
                + mode.name().toLowerCase() + ")";
    }
}

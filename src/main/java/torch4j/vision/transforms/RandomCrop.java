package torch4j.vision.transforms;

import torch4j.Generator;
import torch4j.Tensor;
import torch4j.data.DataLoader;

/**
 * A random {@code h x w} window of the image, after optional padding ({@code transforms.RandomCrop}).
 * The top-left corner is uniform over the valid positions.
 *
 * <pre>{@code new RandomCrop(28, 4)  // pad by 4 with zeros, then crop back to 28x28 at random }</pre>
 */
public final class RandomCrop implements Transform {
    private final int h, w;
    private final int[] padding;
    private final double fill;
    private final Pad.Mode mode;
    private final Generator generator;

    /** A {@code size x size} crop after zero padding of {@code padding} on every side. */
    public RandomCrop(int size, int padding) {
        this(size, size, new int[] {padding}, 0, Pad.Mode.CONSTANT, null);
    }

    /**
     * @param padding   as for {@link Pad} (1, 2 or 4 values)
     * @param generator the source of randomness, or null for {@link DataLoader#batchGenerator()}
     */
    public RandomCrop(int h, int w, int[] padding, double fill, Pad.Mode mode, Generator generator) {
        if (h <= 0 || w <= 0) throw new IllegalArgumentException("RandomCrop size must be positive, got " + h + "x" + w);
        this.h = h;
        this.w = w;
        this.padding = Pad.expand(padding);
        this.fill = fill;
        this.mode = mode;
        this.generator = generator;
    }

    @Override
    public Tensor apply(Tensor image) {
        Images.checkImage(image, "RandomCrop");
        Tensor x = image;
        boolean padded = false;
        for (int p : padding) padded |= p != 0;
        if (padded) x = Images.pad(x, padding[0], padding[1], padding[2], padding[3], fill, mode);
        int H = x.size(x.dim() - 2), W = x.size(x.dim() - 1);
        if (H < h || W < w) {
            throw new IllegalArgumentException("Required crop size (" + h + ", " + w + ") is larger than input image size (" + H + ", " + W + ")");
        }
        Generator g = generator != null ? generator : DataLoader.batchGenerator();
        int top = (int) g.nextLong(H - h + 1);
        int left = (int) g.nextLong(W - w + 1);
        return Images.crop(x, top, left, h, w);
    }

    @Override
    public String toString() {
        return "RandomCrop(size=(" + h + ", " + w + "), padding=[" + padding[0] + ", " + padding[1] + ", " + padding[2] + ", " + padding[3] + "])";
    }
}

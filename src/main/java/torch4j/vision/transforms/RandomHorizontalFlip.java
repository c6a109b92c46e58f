package torch4j.vision.transforms;

import torch4j.Generator;
import torch4j.Tensor;
import torch4j.data.DataLoader;

/**
 * Mirrors the image left-right with probability {@code p} ({@code transforms.RandomHorizontalFlip}).
 *
 * <pre>{@code new RandomHorizontalFlip(0.5) }</pre>
 */
public final class RandomHorizontalFlip implements Transform {
    private final double p;
    private final Generator generator;

    /** Draws from {@link DataLoader#batchGenerator()}. */
    public RandomHorizontalFlip(double p) {
        this(p, null);
    }

    /** @param generator the source of randomness, or null for {@link DataLoader#batchGenerator()} */
    public RandomHorizontalFlip(double p, Generator generator) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("probability must be in [0, 1], got " + p);
        this.p = p;
        this.generator = generator;
    }

    @Override
    public Tensor apply(Tensor image) {
        Images.checkImage(image, "RandomHorizontalFlip");
        Generator g = generator != null ? generator : DataLoader.batchGenerator();
        return g.nextDouble() < p ? Images.hflip(image) : image;
    }

    @Override
    public String toString() {
        return "RandomHorizontalFlip(p=" + p + ")";
    }
}

package torch4j.vision.transforms;

import java.util.List;
import torch4j.Tensor;

/**
 * Transforms applied one after the other ({@code transforms.Compose}).
 *
 * <pre>{@code Transform t = Compose.of(new RandomCrop(28, 4), new RandomHorizontalFlip(0.5), new ToTensor()); }</pre>
 */
public final class Compose implements Transform {
    private final List<Transform> transforms;

    public Compose(List<Transform> transforms) {
        this.transforms = List.copyOf(transforms);
    }

    /** {@code new Compose(List.of(transforms))}. */
    public static Compose of(Transform... transforms) {
        return new Compose(List.of(transforms));
    }

    @Override
    public Tensor apply(Tensor image) {
        Tensor x = image;
        for (Transform t : transforms) x = t.apply(x);
        return x;
    }

    /** The transforms, in order. */
    public List<Transform> transforms() {
        return transforms;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Compose(\n");
        for (Transform t : transforms) sb.append("    ").append(t).append('\n');
        return sb.append(')').toString();
    }
}

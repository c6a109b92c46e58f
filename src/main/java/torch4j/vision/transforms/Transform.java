package torch4j.vision.transforms;

import torch4j.Tensor;

/**
 * An image transform ({@code torchvision.transforms}): a tensor in, a tensor out. Images are
 * {@code [..., H, W]} tensors; the geometric transforms work on any dtype and any leading dims
 * (channels, batch). Random transforms draw from the generator they were given, or else from
 * {@link torch4j.data.DataLoader#batchGenerator()}, so results inside a DataLoader depend only on
 * its seed, not on its number of workers.
 *
 * <pre>{@code Transform t = Compose.of(new ToTensor(), new Normalize(new double[] {0.5}, new double[] {0.5})); }</pre>
 */
@FunctionalInterface
public interface Transform {

    /** The transformed image; the input is never modified. */
    Tensor apply(Tensor image);
}

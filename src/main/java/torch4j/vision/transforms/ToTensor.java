package torch4j.vision.transforms;

import torch4j.DType;
import torch4j.Layout;
import torch4j.Storage;
import torch4j.Tensor;

/**
 * An image as a float {@code [C, H, W]} tensor ({@code transforms.ToTensor}): a {@code [H, W]}
 * (grey) or {@code [H, W, C]} uint8 image is moved channels-first and divided by 255 (to [0, 1], as torchvision computes it);
 * other dtypes are moved channels-first and converted to float32 without scaling, as torchvision
 * does for non-uint8 arrays.
 *
 * <pre>{@code Tensor x = new ToTensor().apply(mnist.image(0));  // float32 [1, 28, 28] }</pre>
 */
public final class ToTensor implements Transform {

    @Override
    public Tensor apply(Tensor image) {
        int dim = image.dim();
        if (dim != 2 && dim != 3) {
            throw new IllegalArgumentException("ToTensor expects an [H, W] or [H, W, C] image, got shape " + image.shapeString());
        }
        int[] s = image.shape();
        int h = s[0], w = s[1], c = dim == 3 ? s[2] : 1;
        Tensor src = Images.contiguousCpu(image);
        float[] out = new float[c * h * w];
        int plane = h * w, off = src.layout().offset();
        Object data = src.storage().data();
        if (src.dtype() == DType.UINT8) {
            byte[] b = (byte[]) data;
            if (c == 1) {
                for (int i = 0; i < plane; i++) out[i] = (b[off + i] & 0xFF) / 255f;
            } else {
                for (int p = 0; p < plane; p++) {
                    for (int ch = 0; ch < c; ch++) out[ch * plane + p] = (b[off + p * c + ch] & 0xFF) / 255f;
                }
            }
        } else {
            float[] f = (float[]) src.to(DType.FLOAT32).contiguous().storage().data();
            int foff = src.dtype() == DType.FLOAT32 ? off : 0;
            for (int p = 0; p < plane; p++) {
                for (int ch = 0; ch < c; ch++) out[ch * plane + p] = f[foff + p * c + ch];
            }
        }
        return new Tensor(Storage.wrap(out), Layout.contiguous(c, h, w));
    }

    @Override
    public String toString() {
        return "ToTensor()";
    }
}

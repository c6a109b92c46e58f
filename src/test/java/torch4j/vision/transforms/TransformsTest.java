package torch4j.vision.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Generator;
import torch4j.Layout;
import torch4j.Storage;
import torch4j.Tensor;

/** Expected values are worked out by hand in the comments (torchvision gives the same). */
class TransformsTest {
    private static Tensor u8(int[] shape, int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return new Tensor(Storage.wrap(b), Layout.contiguous(shape));
    }

    private static Tensor f32(int[] shape, float... v) {
        return new Tensor(Storage.wrap(v), Layout.contiguous(shape));
    }

    @Test
    void toTensorGreyAndHwc() {
        Tensor g = new ToTensor().apply(u8(new int[] {2, 2}, 0, 51, 255, 128));
        assertArrayEquals(new int[] {1, 2, 2}, g.shape());
        assertEquals(DType.FLOAT32, g.dtype());
        assertArrayEquals(new float[] {0f, 0.2f, 1f, 128f / 255f}, g.toFloatArray());
        // HWC [1, 2, 3] (one row, two RGB pixels) -> CHW [3, 1, 2]: channel planes R R, G G, B B.
        Tensor rgb = new ToTensor().apply(u8(new int[] {1, 2, 3}, 255, 0, 51, 0, 255, 102));
        assertArrayEquals(new int[] {3, 1, 2}, rgb.shape());
        assertArrayEquals(new float[] {1f, 0f, 0f, 1f, 0.2f, 0.4f}, rgb.toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> new ToTensor().apply(u8(new int[] {4}, 1, 2, 3, 4)));
    }

    @Test
    void normalizePerChannel() {
        Tensor x = f32(new int[] {2, 1, 2}, 0f, 1f, 0.5f, 0.25f);
        Tensor y = new Normalize(new double[] {0.5, 0.25}, new double[] {0.5, 0.125}).apply(x);
        // channel 0: (0-0.5)/0.5 = -1, (1-0.5)/0.5 = 1; channel 1: (0.5-0.25)/0.125 = 2, 0
        assertArrayEquals(new float[] {-1f, 1f, 2f, 0f}, y.toFloatArray());
        assertArrayEquals(new float[] {0f, 1f, 0.5f, 0.25f}, x.toFloatArray(), "input untouched");
        assertThrows(IllegalArgumentException.class, () -> new Normalize(new double[] {0}, new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new Normalize(new double[] {0.5}, new double[] {1}).apply(u8(new int[] {1, 1, 1}, 3)));
    }

    @Test
    void padModes() {
        Tensor img = u8(new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
        assertArrayEquals(new int[] {
            0, 0, 0, 0, 0,
            0, 1, 2, 3, 0,
            0, 4, 5, 6, 0,
            0, 0, 0, 0, 0}, new Pad(1).apply(img).toIntArray());
        // left 2, top 0, right 1, bottom 1, fill 9
        assertArrayEquals(new int[] {
            9, 9, 1, 2, 3, 9,
            9, 9, 4, 5, 6, 9,
            9, 9, 9, 9, 9, 9}, new Pad(new int[] {2, 0, 1, 1}, 9, Pad.Mode.CONSTANT).apply(img).toIntArray());
        assertArrayEquals(new int[] {
            1, 1, 2, 3, 3,
            1, 1, 2, 3, 3,
            4, 4, 5, 6, 6,
            4, 4, 5, 6, 6}, new Pad(new int[] {1}, 0, Pad.Mode.EDGE).apply(img).toIntArray());
        assertArrayEquals(new int[] {
            5, 4, 5, 6, 5,
            2, 1, 2, 3, 2,
            5, 4, 5, 6, 5,
            2, 1, 2, 3, 2}, new Pad(new int[] {1}, 0, Pad.Mode.REFLECT).apply(img).toIntArray());
        // Leading dims (channels) are padded plane by plane; float works the same.
        Tensor two = f32(new int[] {2, 1, 1}, 7f, 8f);
        assertArrayEquals(new float[] {0, 7, 0, 0, 0, 8, 0, 0}, new Pad(new int[] {1, 0, 0, 1}, 0, Pad.Mode.CONSTANT).apply(two).toFloatArray());
    }

    @Test
    void horizontalFlip() {
        Tensor img = f32(new int[] {1, 2, 3}, 1, 2, 3, 4, 5, 6);
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4}, new RandomHorizontalFlip(1.0).apply(img).toFloatArray());
        assertSame(img, new RandomHorizontalFlip(0.0).apply(img));
        // p = 0.5: about half flipped.
        RandomHorizontalFlip half = new RandomHorizontalFlip(0.5, new Generator().manualSeed(1));
        int flipped = 0;
        for (int i = 0; i < 2000; i++) if (half.apply(img) != img) flipped++;
        assertTrue(flipped > 900 && flipped < 1100, "flipped " + flipped);
    }

    @Test
    void randomCropCoversEveryPosition() {
        Tensor img = u8(new int[] {2, 2}, 1, 2, 3, 4);
        RandomCrop crop = new RandomCrop(2, 2, new int[] {1}, 0, Pad.Mode.CONSTANT, new Generator().manualSeed(3));
        // Padded to 4x4; a 2x2 window has 3x3 = 9 positions, each with a distinct content.
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            Tensor c = crop.apply(img);
            assertArrayEquals(new int[] {2, 2}, c.shape());
            seen.add(java.util.Arrays.toString(c.toIntArray()));
        }
        assertEquals(9, seen.size());
        assertTrue(seen.contains("[0, 0, 0, 1]") && seen.contains("[1, 2, 3, 4]") && seen.contains("[4, 0, 0, 0]"), seen.toString());
        assertThrows(IllegalArgumentException.class, () -> new RandomCrop(3, 0).apply(img));
    }

    @Test
    void composeAndLambda() {
        Transform t = Compose.of(new ToTensor(), new Lambda(x -> x.mul(2)), new Normalize(new double[] {1}, new double[] {1}));
        Tensor y = t.apply(u8(new int[] {1, 2}, 0, 255));
        assertArrayEquals(new float[] {-1f, 1f}, y.toFloatArray());
        assertTrue(t.toString().startsWith("Compose(\n    ToTensor()\n    Lambda()"), t.toString());
    }
}

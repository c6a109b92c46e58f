package torch4j.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.vision.transforms.ToTensor;

class MNISTTest {
    @TempDir
    Path dir;

    /** An IDX file: magic 0x0000 08 ndim, big-endian sizes, then data. */
    static byte[] idx(int typeCode, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) typeCode).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        return b.put(data).array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    /** n images of h x w whose pixel (i, y, x) is (i * 16 + y * w + x) & 255, labels i % 10. */
    void write(String prefix, int n, int h, int w, boolean gz) throws IOException {
        byte[] px = new byte[n * h * w];
        for (int i = 0; i < px.length; i++) px[i] = (byte) ((i / (h * w)) * 16 + i % (h * w));
        byte[] lab = new byte[n];
        for (int i = 0; i < n; i++) lab[i] = (byte) (i % 10);
        put(prefix + "-images-idx3-ubyte", idx(8, new int[] {n, h, w}, px), gz);
        put(prefix + "-labels-idx1-ubyte", idx(8, new int[] {n}, lab), gz);
    }

    /** Writes NAME.gz or NAME, removing the other so that the reader cannot pick up a stale one. */
    void put(String name, byte[] content, boolean gz) throws IOException {
        Files.deleteIfExists(dir.resolve(gz ? name : name + ".gz"));
        Files.write(dir.resolve(gz ? name + ".gz" : name), gz ? gzip(content) : content);
    }

    @Test
    void readsPlainAndGzippedFiles() throws IOException {
        write("train", 12, 3, 4, true);
        write("t10k", 5, 3, 4, false);
        MNIST train = new MNIST(dir, true, null);
        MNIST test = new MNIST(dir, false, new ToTensor());
        assertEquals(12, train.size());
        assertEquals(5, test.size());
        Tensor[] item = train.get(2);
        assertEquals(DType.UINT8, item[0].dtype());
        assertArrayEquals(new int[] {3, 4}, item[0].shape());
        assertArrayEquals(new int[] {32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43}, item[0].toIntArray());
        assertEquals(0, item[1].dim());
        assertEquals(DType.INT64, item[1].dtype());
        assertEquals(2, item[1].itemLong());
        assertEquals(1, train.get(11)[1].itemLong());
        Tensor[] t = test.get(1);
        assertArrayEquals(new int[] {1, 3, 4}, t[0].shape());
        assertEquals(DType.FLOAT32, t[0].dtype());
        assertEquals(17 / 255f, t[0].toFloatArray()[1]);
        assertArrayEquals(new int[] {12, 3, 4}, train.data().shape());
        assertArrayEquals(new long[] {0, 1, 2, 3, 4}, test.targets().toLongArray());
        assertThrows(IndexOutOfBoundsException.class, () -> train.get(12));
        // torchvision's layout: root/MNIST/raw.
        Path raw = Files.createDirectories(dir.resolve("nested").resolve("MNIST").resolve("raw"));
        Files.copy(dir.resolve("t10k-images-idx3-ubyte"), raw.resolve("t10k-images-idx3-ubyte"));
        Files.copy(dir.resolve("t10k-labels-idx1-ubyte"), raw.resolve("t10k-labels-idx1-ubyte"));
        assertEquals(5, new MNIST(dir.resolve("nested"), false, null).size());
    }

    @Test
    void missingFilesNameWhatAndWhere() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new FashionMNIST(dir, true, null));
        String m = e.getMessage();
        assertTrue(m.contains("train-images-idx3-ubyte") && m.contains("train-labels-idx1-ubyte"), m);
        assertTrue(m.contains(dir.toAbsolutePath().toString()), m);
        assertTrue(m.contains("apt-get install -y dataset-fashion-mnist") && m.contains("/usr/share/datasets/fashion-mnist"), m);
        assertTrue(m.contains("zalandoresearch"), m);
    }

    private String rejected(byte[] images, byte[] labels, boolean gz) throws IOException {
        put("train-images-idx3-ubyte", images, gz);
        put("train-labels-idx1-ubyte", labels, gz);
        RuntimeException e = assertThrows(RuntimeException.class, () -> new MNIST(dir, true, null));
        assertTrue(e instanceof IllegalArgumentException || e instanceof UncheckedIOException, e.toString());
        return e.getMessage();
    }

    private static final byte[] GOOD_LABELS = idx(8, new int[] {2}, new byte[] {1, 2});
    private static final byte[] GOOD_IMAGES = idx(8, new int[] {2, 2, 2}, new byte[8]);

    @Test
    void rejectsBadMagic() throws IOException {
        byte[] bad = GOOD_IMAGES.clone();
        bad[0] = 0x1F; // e.g. a gzip file without .gz
        String m = rejected(bad, GOOD_LABELS, false);
        assertTrue(m.contains("bad magic number") && m.contains("train-images-idx3-ubyte"), m);
        m = rejected(idx(0x0D, new int[] {2, 2, 2}, new byte[32]), GOOD_LABELS, false);
        assertTrue(m.contains("element type 0x0D"), m);
    }

    @Test
    void rejectsWrongNumberOfDimensions() throws IOException {
        String m = rejected(idx(8, new int[] {2, 4}, new byte[8]), GOOD_LABELS, true);
        assertTrue(m.contains("3-dimensional") && m.contains("2 dimensions"), m);
        m = rejected(GOOD_IMAGES, idx(8, new int[] {2, 1}, new byte[2]), false);
        assertTrue(m.contains("1-dimensional"), m);
    }

    @Test
    void rejectsTruncatedFiles() throws IOException {
        String m = rejected(Arrays.copyOf(GOOD_IMAGES, GOOD_IMAGES.length - 3), GOOD_LABELS, true);
        assertTrue(m.contains("promises") && m.contains("truncated"), m);
        m = rejected(Arrays.copyOf(GOOD_IMAGES, 9), GOOD_LABELS, false); // header cut inside the dims
        assertTrue(m.contains("truncated IDX header"), m);
        m = rejected(new byte[] {0, 0}, GOOD_LABELS, false);
        assertTrue(m.contains("shorter than the 4-byte magic"), m);
        byte[] trailing = Arrays.copyOf(GOOD_IMAGES, GOOD_IMAGES.length + 1);
        assertTrue(rejected(trailing, GOOD_LABELS, false).contains("trailing bytes"));
        // A gzip stream cut short.
        put("train-images-idx3-ubyte", GOOD_IMAGES, false);
        Files.delete(dir.resolve("train-images-idx3-ubyte"));
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), Arrays.copyOf(gzip(GOOD_IMAGES), 15));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new MNIST(dir, true, null));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
    }

    @Test
    void rejectsCountMismatchAndBadLabels() throws IOException {
        String m = rejected(GOOD_IMAGES, idx(8, new int[] {3}, new byte[] {1, 2, 3}), false);
        assertTrue(m.contains("2 images") && m.contains("3 labels"), m);
        m = rejected(GOOD_IMAGES, idx(8, new int[] {2}, new byte[] {1, 10}), false);
        assertTrue(m.contains("label 10 at index 1"), m);
    }

    @Test
    void bundledFashionMnistIsBalanced() {
        FashionMNIST train = FashionMNIST.bundled(true, null);
        FashionMNIST test = FashionMNIST.bundled(false, null);
        assertEquals(6000, train.size());
        assertEquals(1000, test.size());
        assertTrue(train.isBundled());
        int[] counts = new int[10];
        for (long y : test.targets().toLongArray()) counts[(int) y]++;
        int[] expected = new int[10];
        Arrays.fill(expected, 100);
        assertArrayEquals(expected, counts);
        assertArrayEquals(new int[] {28, 28}, train.image(0).shape());
        assertEquals("Ankle boot", train.classes().get(9));
    }
}

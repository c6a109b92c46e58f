package torch4j.vision;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * The IDX format of MNIST-style files: a big-endian header (two zero bytes, a type code, the number
 * of dimensions, then one 32-bit size per dimension) followed by the data, row-major. Only unsigned
 * bytes (type 0x08), the type MNIST and Fashion-MNIST use, are read.
 *
 * <pre>{@code Idx idx = Idx.parse(bytes, "train-labels-idx1-ubyte", 1); int n = idx.dims()[0]; }</pre>
 *
 * @param dims       the size of each dimension
 * @param data       the whole file's bytes (shared, not copied)
 * @param dataOffset where the first element is in {@code data}
 */
public record Idx(int[] dims, byte[] data, int dataOffset) {
    private static final int UBYTE = 0x08;

    /** Elements in the file (product of the dims). */
    public int count() {
        long n = 1;
        for (int d : dims) n *= d;
        return (int) n;
    }

    /**
     * Parses an IDX file already in memory, checking the magic number, that it has {@code
     * expectedDims} dimensions, and that the data is exactly as long as the header says.
     *
     * @param name names the file in error messages
     */
    public static Idx parse(byte[] bytes, String name, int expectedDims) {
        if (bytes.length < 4) {
            throw new IllegalArgumentException(name + ": not an IDX file: " + bytes.length + " bytes is shorter than the 4-byte magic number");
        }
        int magic = readInt(bytes, 0);
        int expectedMagic = UBYTE << 8 | expectedDims;
        if (bytes[0] != 0 || bytes[1] != 0) {
            throw new IllegalArgumentException(String.format("%s: bad magic number 0x%08X (expected 0x%08X): not an IDX file"
                    + " (a gzipped file must end in .gz)", name, magic, expectedMagic));
        }
        if ((bytes[2] & 0xFF) != UBYTE) {
            throw new IllegalArgumentException(String.format("%s: IDX element type 0x%02X is not supported (expected 0x08, unsigned byte; magic 0x%08X)",
                    name, bytes[2] & 0xFF, magic));
        }
        int ndim = bytes[3] & 0xFF;
        if (ndim != expectedDims) {
            throw new IllegalArgumentException(String.format("%s: expected a %d-dimensional IDX file (magic 0x%08X) but the header says %d dimensions (magic 0x%08X)",
                    name, expectedDims, expectedMagic, ndim, magic));
        }
        int header = 4 + 4 * ndim;
        if (bytes.length < header) {
            throw new IllegalArgumentException(name + ": truncated IDX header: " + ndim + " dimensions need " + header
                    + " bytes, the file has " + bytes.length);
        }
        int[] dims = new int[ndim];
        long expected = 1;
        for (int d = 0; d < ndim; d++) {
            dims[d] = readInt(bytes, 4 + 4 * d);
            if (dims[d] < 0) throw new IllegalArgumentException(name + ": negative size " + (dims[d] & 0xFFFFFFFFL) + " in dimension " + d);
            expected *= dims[d];
        }
        long actual = bytes.length - header;
        if (actual != expected) {
            throw new IllegalArgumentException(name + ": IDX header promises " + Arrays.toString(dims) + " = " + expected + " bytes of data, but the file has "
                    + actual + (actual < expected ? " (truncated?)" : " (trailing bytes)"));
        }
        return new Idx(dims, bytes, header);
    }

    /** Reads a whole stream into memory, un-gzipping it when {@code gzipped}. */
    public static byte[] readAll(InputStream in, boolean gzipped, String name) throws IOException {
        try (InputStream s = gzipped ? new GZIPInputStream(in, 1 << 16) : in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
            s.transferTo(out);
            return out.toByteArray();
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new IOException(name + ": corrupt or truncated gzip data: " + e.getMessage(), e);
        }
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}

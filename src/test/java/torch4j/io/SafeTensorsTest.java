package torch4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import torch4j.DType;
import torch4j.Layout;
import torch4j.Storage;
import torch4j.Tensor;

class SafeTensorsTest {
    @TempDir
    Path dir;

    private static Tensor t(Object array, int... shape) {
        return new Tensor(Storage.wrap(array), Layout.contiguous(shape));
    }

    @Test
    void roundTripsEveryDtype() throws IOException {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("w", t(new float[] {1.5f, -2f, Float.MIN_VALUE, Float.NaN, 3e38f, -0f}, 2, 3));
        in.put("d", t(new double[] {Math.PI, -1e-300}, 2));
        in.put("steps", t(new long[] {Long.MIN_VALUE + 1}));
        in.put("i", t(new int[] {-7, 0, Integer.MAX_VALUE}, 3, 1));
        in.put("u8", t(new byte[] {0, (byte) 200, (byte) 255}, 3));
        in.put("mask", new Tensor(Storage.wrapBool(new byte[] {1, 0, 1, 1}), Layout.contiguous(2, 2)));
        in.put("empty", t(new float[0], 0, 5));
        // A strided view (the transpose of a 2x3 matrix) is saved by value, row-major.
        Tensor base = t(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        in.put("wT", Tensor.view(base, new Layout(new int[] {3, 2}, new int[] {1, 3}, 0)));
        Path p = dir.resolve("m.safetensors");
        SafeTensors.save(in, p, Map.of("format", "pt", "note", "quote \" and \\ and \n"));

        Map<String, Tensor> out = SafeTensors.load(p);
        assertEquals(in.keySet(), out.keySet());
        for (String k : in.keySet()) {
            Tensor a = in.get(k), b = out.get(k);
            assertEquals(a.dtype(), b.dtype(), k);
            assertArrayEquals(a.shape(), b.shape(), k);
        }
        assertArrayEquals(in.get("w").toFloatArray(), out.get("w").toFloatArray());
        assertArrayEquals(in.get("d").toDoubleArray(), out.get("d").toDoubleArray());
        assertEquals(0, out.get("steps").dim());
        assertEquals(Long.MIN_VALUE + 1, out.get("steps").toLongArray()[0]);
        assertArrayEquals(new int[] {-7, 0, Integer.MAX_VALUE}, out.get("i").toIntArray());
        assertArrayEquals(new int[] {0, 200, 255}, out.get("u8").toIntArray());
        assertEquals(DType.BOOL, out.get("mask").dtype());
        assertArrayEquals(new boolean[] {true, false, true, true}, out.get("mask").toBooleanArray());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, out.get("wT").toFloatArray());
        assertEquals(Map.of("format", "pt", "note", "quote \" and \\ and \n"), SafeTensors.metadata(p));
        assertFalse(Files.exists(dir.resolve("m.safetensors.tmp")));
    }

    @Test
    void writesTheSpecLayout() throws IOException {
        Path p = dir.resolve("one.safetensors");
        SafeTensors.save(Map.of("b", t(new int[] {7}, 1), "a", t(new double[] {2.0}, 1)), p);
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong();
        assertEquals(0, n % 8, "header padded to 8 bytes");
        String header = new String(buf.array(), 8, (int) n, StandardCharsets.UTF_8);
        // 8-byte dtypes first (aligned), then by name; offsets relative to the data section.
        assertEquals("{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[8,12]}}", header.strip());
        assertEquals(2.0, buf.getDouble(8 + (int) n));
        assertEquals(7, buf.getInt(16 + (int) n));
        assertEquals(8 + n + 12, buf.capacity());
    }

    /** Written by scripts/fixtures/gen_safetensors.py from PyTorch tensors (unpadded header, as MLX writes). */
    @Test
    void readsAFileWrittenByPython() throws IOException, URISyntaxException {
        Path p = Path.of(getClass().getResource("/io/reference.safetensors").toURI());
        Map<String, Tensor> m = SafeTensors.load(p);
        assertEquals(List.of("bhalf", "counts", "double", "empty", "fc.bias", "fc.weight", "half", "mask", "pixels", "steps"),
                List.copyOf(m.keySet()));
        assertArrayEquals(new int[] {2, 3}, m.get("fc.weight").shape());
        assertArrayEquals(new float[] {-0.5f, -0.25f, 0f, 0.25f, 0.5f, 0.75f}, m.get("fc.weight").toFloatArray()); // i/4 - 0.5
        assertArrayEquals(new float[] {1e-3f, -2.5f}, m.get("fc.bias").toFloatArray());
        assertArrayEquals(new double[] {3.141592653589793, -1e300}, m.get("double").toDoubleArray());
        assertArrayEquals(new int[] {2, 1}, m.get("double").shape());
        assertEquals(0, m.get("steps").dim());
        assertEquals((1L << 40) + 7, m.get("steps").itemLong());
        assertArrayEquals(new int[] {-7, 0, Integer.MAX_VALUE}, m.get("counts").toIntArray());
        assertEquals(DType.UINT8, m.get("pixels").dtype());
        assertArrayEquals(new int[] {0, 127, 128, 255}, m.get("pixels").toIntArray());
        assertArrayEquals(new boolean[] {true, false, true}, m.get("mask").toBooleanArray());
        assertArrayEquals(new int[] {0, 4}, m.get("empty").shape());
        assertEquals(DType.FLOAT32, m.get("half").dtype());
        assertArrayEquals(new float[] {1f, -2f, 0.5f, 65504f}, m.get("half").toFloatArray());
        assertArrayEquals(new float[] {1f, -3f, 0.15625f}, m.get("bhalf").toFloatArray());
        assertEquals(Map.of("format", "pt", "source", "scripts/fixtures/gen_safetensors.py"), SafeTensors.metadata(p));
    }

    @Test
    void halfPrecisionEdgeCases() {
        assertEquals(0x1p-24f, SafeTensors.halfToFloat((short) 0x0001)); // smallest subnormal
        assertEquals(Float.NEGATIVE_INFINITY, SafeTensors.halfToFloat((short) 0xFC00));
        assertTrue(Float.isNaN(SafeTensors.halfToFloat((short) 0x7E00)));
        assertEquals(-0f, SafeTensors.halfToFloat((short) 0x8000));
    }

    private Path raw(String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path p = dir.resolve("bad.safetensors");
        Files.write(p, b.array());
        return p;
    }

    private String rejected(Path p) {
        return assertThrows(IOException.class, () -> SafeTensors.load(p)).getMessage();
    }

    @Test
    void rejectsBrokenFiles() throws IOException {
        Files.write(dir.resolve("short"), new byte[5]);
        assertTrue(rejected(dir.resolve("short")).contains("shorter than the 8-byte header length"));
        Path p = raw("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4);
        assertTrue(rejected(p).contains("covers 8 bytes but the file holds 4"), rejected(p));
        p = raw("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8);
        assertTrue(rejected(p).contains("needs 12 bytes"), rejected(p));
        p = raw("{\"x\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8);
        assertTrue(rejected(p).contains("dtype C64"), rejected(p));
        p = raw("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"y\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4);
        assertTrue(rejected(p).contains("gap or overlap"), rejected(p));
        p = raw("{\"x\": [1, 2", 0);
        assertTrue(rejected(p).contains("not valid JSON"), rejected(p));
        ByteBuffer huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40);
        Files.write(dir.resolve("huge"), huge.array());
        assertTrue(rejected(dir.resolve("huge")).contains("out of range"));
    }
}

package torch4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import torch4j.DType;
import torch4j.Device;
import torch4j.Layout;
import torch4j.Storage;
import torch4j.Tensor;

/**
 * Reads and writes Hugging Face's safetensors format, which PyTorch ({@code safetensors.torch}),
 * JAX, candle and others read: an 8-byte little-endian header length {@code N}, {@code N} bytes of
 * JSON ({@code {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ...,
 * "__metadata__": {"key": "value"}}}, offsets relative to the data that follows), then the tensors'
 * raw little-endian, row-major bytes. No code runs on load, unlike pickle.
 *
 * <p>Saved dtypes: F32, F64, I64, I32, U8, BOOL. On load, F16 and BF16 tensors (common in model
 * files) are widened to float32; other dtypes are rejected with a message naming the tensor.
 *
 * <pre>{@code
 * SafeTensors.save(model.stateDict(), Path.of("model.safetensors"));
 * model.loadStateDict(SafeTensors.load(Path.of("model.safetensors")), true);
 * }</pre>
 */
public final class SafeTensors {
    /** The largest header accepted, as in the reference implementation. */
    private static final long MAX_HEADER = 100L << 20;
    private static final String METADATA = "__metadata__";

    private SafeTensors() {}

    /** Writes {@code tensors} (any device, any layout) to {@code path}. */
    public static void save(Map<String, Tensor> tensors, Path path) throws IOException {
        save(tensors, path, Map.of());
    }

    /**
     * Writes {@code tensors} with string {@code metadata} (the header's {@code __metadata__}). The file
     * is written next to {@code path} and moved into place, so a failed save leaves no partial file.
     * Tensors are laid out by descending element size, then name, as the reference writer does, so
     * every tensor's data is aligned to its element size.
     */
    public static void save(Map<String, Tensor> tensors, Path path, Map<String, String> metadata) throws IOException {
        List<Map.Entry<String, Tensor>> entries = new ArrayList<>(tensors.entrySet());
        for (Map.Entry<String, Tensor> e : entries) {
            if (e.getKey() == null || e.getKey().equals(METADATA)) throw new IllegalArgumentException("invalid tensor name: " + e.getKey());
            if (e.getValue() == null) throw new IllegalArgumentException("tensor \"" + e.getKey() + "\" is null");
            code(e.getValue().dtype()); // reject unsupported dtypes before writing anything
        }
        entries.sort(Comparator.<Map.Entry<String, Tensor>>comparingInt(e -> -e.getValue().dtype().itemSize()).thenComparing(Map.Entry::getKey));

        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            json.append(Json.quote(METADATA)).append(":{");
            boolean first = true;
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                if (!first) json.append(',');
                first = false;
                json.append(Json.quote(m.getKey())).append(':').append(Json.quote(m.getValue()));
            }
            json.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : entries) {
            Tensor t = e.getValue();
            long bytes = (long) t.numel() * t.dtype().itemSize();
            if (json.length() > 1) json.append(',');
            json.append(Json.quote(e.getKey())).append(":{\"dtype\":\"").append(code(t.dtype())).append("\",\"shape\":[");
            int[] shape = t.shape();
            for (int d = 0; d < shape.length; d++) json.append(d == 0 ? "" : ",").append(shape[d]);
            json.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        json.append('}');
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) & ~7; // spaces to a multiple of 8, so the data starts aligned

        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
            head.putLong(padded).put(header);
            while (head.hasRemaining()) head.put((byte) ' ');
            writeFully(ch, head.flip());
            for (Map.Entry<String, Tensor> e : entries) writeData(ch, e.getValue());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The tensors in {@code path}, by name, in header order (CPU, contiguous, no grad). */
    public static Map<String, Tensor> load(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            Header h = readHeader(ch, path);
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (Entry e : h.entries) out.put(e.name, readTensor(ch, h.dataStart, e));
            return out;
        }
    }

    /** The {@code __metadata__} strings of {@code path} (empty when it has none). */
    public static Map<String, String> metadata(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return readHeader(ch, path).metadata;
        }
    }

    private record Entry(String name, String dtype, int[] shape, long begin, long end) {}

    private record Header(List<Entry> entries, Map<String, String> metadata, long dataStart) {}

    private static Header readHeader(FileChannel ch, Path path) throws IOException {
        long size = ch.size();
        if (size < 8) throw bad(path, "file is " + size + " bytes, shorter than the 8-byte header length");
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0);
        long n = lenBuf.flip().getLong();
        if (n < 2 || n > MAX_HEADER) throw bad(path, "header length " + n + " is out of range (2.." + MAX_HEADER + ")");
        if (8 + n > size) throw bad(path, "header length " + n + " runs past the end of the " + size + "-byte file");
        ByteBuffer hb = ByteBuffer.allocate((int) n);
        readFully(ch, hb, 8);
        Object parsed;
        try {
            parsed = Json.parse(new String(hb.array(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw bad(path, "header is not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> root)) throw bad(path, "header is not a JSON object");
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> kv : root.entrySet()) {
            String name = (String) kv.getKey();
            if (name.equals(METADATA)) {
                if (!(kv.getValue() instanceof Map<?, ?> m)) throw bad(path, "__metadata__ is not an object");
                for (Map.Entry<?, ?> me : m.entrySet()) {
                    if (!(me.getValue() instanceof String v)) throw bad(path, "__metadata__ value of \"" + me.getKey() + "\" is not a string");
                    metadata.put((String) me.getKey(), v);
                }
                continue;
            }
            entries.add(entry(path, name, kv.getValue()));
        }
        long dataLen = size - 8 - n;
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin));
        long expect = 0;
        for (Entry e : byOffset) {
            if (e.begin != expect) throw bad(path, "tensor \"" + e.name + "\" starts at byte " + e.begin + ", expected " + expect + " (gap or overlap)");
            expect = e.end;
        }
        if (expect != dataLen) throw bad(path, "tensor data covers " + expect + " bytes but the file holds " + dataLen + " after the header");
        return new Header(entries, metadata, 8 + n);
    }

    private static Entry entry(Path path, String name, Object spec) throws IOException {
        if (!(spec instanceof Map<?, ?> m)) throw bad(path, "entry \"" + name + "\" is not an object");
        if (!(m.get("dtype") instanceof String dtype)) throw bad(path, "tensor \"" + name + "\" has no dtype");
        if (!(m.get("shape") instanceof List<?> shapeList)) throw bad(path, "tensor \"" + name + "\" has no shape");
        if (!(m.get("data_offsets") instanceof List<?> offs) || offs.size() != 2
                || !(offs.get(0) instanceof Long b) || !(offs.get(1) instanceof Long e)) {
            throw bad(path, "tensor \"" + name + "\" needs data_offsets [begin, end]");
        }
        int[] shape = new int[shapeList.size()];
        long numel = 1;
        for (int d = 0; d < shape.length; d++) {
            if (!(shapeList.get(d) instanceof Long v) || v < 0 || v > Integer.MAX_VALUE) {
                throw bad(path, "tensor \"" + name + "\" has an invalid shape " + shapeList);
            }
            shape[d] = (int) (long) v;
            numel *= v;
        }
        if (numel > Integer.MAX_VALUE) throw bad(path, "tensor \"" + name + "\" has " + numel + " elements; at most 2^31-1 are supported");
        int item = switch (dtype) {
            case "F64", "I64" -> 8;
            case "F32", "I32" -> 4;
            case "F16", "BF16" -> 2;
            case "U8", "BOOL" -> 1;
            default -> throw bad(path, "tensor \"" + name + "\" has dtype " + dtype
                    + ", which torch4j does not read (F32, F64, I64, I32, U8, BOOL, F16, BF16)");
        };
        if (b < 0 || e < b || e - b != numel * item) {
            throw bad(path, "tensor \"" + name + "\" (" + dtype + " " + shapeList + ") needs " + numel * item
                    + " bytes but data_offsets are [" + b + ", " + e + "]");
        }
        return new Entry(name, dtype, shape, b, e);
    }

    private static Tensor readTensor(FileChannel ch, long dataStart, Entry e) throws IOException {
        int n = Layout.numel(e.shape);
        long len = e.end - e.begin;
        ByteBuffer buf = len == 0 ? ByteBuffer.allocate(0) : ch.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin, len);
        buf.order(ByteOrder.LITTLE_ENDIAN);
        Storage s = switch (e.dtype) {
            case "F32" -> {
                float[] a = new float[n];
                buf.asFloatBuffer().get(a);
                yield Storage.wrap(a);
            }
            case "F64" -> {
                double[] a = new double[n];
                buf.asDoubleBuffer().get(a);
                yield Storage.wrap(a);
            }
            case "I64" -> {
                long[] a = new long[n];
                buf.asLongBuffer().get(a);
                yield Storage.wrap(a);
            }
            case "I32" -> {
                int[] a = new int[n];
                buf.asIntBuffer().get(a);
                yield Storage.wrap(a);
            }
            case "U8" -> {
                byte[] a = new byte[n];
                buf.get(a);
                yield Storage.wrap(a);
            }
            case "BOOL" -> {
                byte[] a = new byte[n];
                buf.get(a);
                for (int i = 0; i < n; i++) a[i] = (byte) (a[i] != 0 ? 1 : 0);
                yield Storage.wrapBool(a);
            }
            case "BF16" -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) a[i] = Float.intBitsToFloat((buf.getShort(2 * i) & 0xFFFF) << 16);
                yield Storage.wrap(a);
            }
            default -> { // F16
                float[] a = new float[n];
                for (int i = 0; i < n; i++) a[i] = halfToFloat(buf.getShort(2 * i));
                yield Storage.wrap(a);
            }
        };
        return new Tensor(s, Layout.contiguous(e.shape.clone()));
    }

    /** IEEE half to float (Float.float16ToFloat is JDK 20+). */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16, exp = (bits >>> 10) & 0x1F, mant = bits & 0x3FF;
        if (exp == 0x1F) return Float.intBitsToFloat(sign | 0x7F800000 | mant << 13);
        if (exp == 0) {
            float v = mant * 0x1p-24f; // subnormal (or zero)
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | (exp + 112) << 23 | mant << 13);
    }

    private static void writeData(FileChannel ch, Tensor t) throws IOException {
        Tensor c = t.requiresGrad() ? t.detach() : t;
        if (!c.device().equals(Device.CPU)) c = c.cpu();
        if (!c.isContiguous()) c = c.contiguous();
        int n = c.numel(), off = c.layout().offset();
        Object data = c.storage().data();
        final int chunk = 1 << 16; // elements per write
        ByteBuffer buf = ByteBuffer.allocate(chunk * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < n; start += chunk) {
            int len = Math.min(chunk, n - start);
            buf.clear();
            if (data instanceof float[] a) buf.asFloatBuffer().put(a, off + start, len);
            else if (data instanceof double[] a) buf.asDoubleBuffer().put(a, off + start, len);
            else if (data instanceof long[] a) buf.asLongBuffer().put(a, off + start, len);
            else if (data instanceof int[] a) buf.asIntBuffer().put(a, off + start, len);
            else buf.put((byte[]) data, off + start, len);
            buf.position(0).limit(len * c.dtype().itemSize());
            writeFully(ch, buf);
        }
    }

    private static String code(DType d) {
        return switch (d) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
            case INT64 -> "I64";
            case INT32 -> "I32";
            case UINT8 -> "U8";
            case BOOL -> "BOOL";
        };
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + b.position());
            if (r < 0) throw new IOException("unexpected end of file");
        }
    }

    private static IOException bad(Path path, String what) {
        return new IOException("Invalid safetensors file " + path + ": " + what);
    }
}

package torch4j.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.ops.Elementwise;

/**
 * Golden tensors computed by PyTorch (written by {@code scripts/fixtures/gen_*.py}), read from
 * {@code src/test/resources/fixtures/<family>.txt}.
 *
 * <pre>{@code Fixtures.Case c = Fixtures.load("reductions").get("sum_dim1"); Tensor x = c.tensor("x"); }</pre>
 */
public final class Fixtures {
    private static final Map<String, Fixtures> CACHE = new ConcurrentHashMap<>();

    private final String family;
    private final Map<String, Case> cases;

    private Fixtures(String family, Map<String, Case> cases) {
        this.family = family;
        this.cases = cases;
    }

    /** The cases of one family file, parsed once per JVM. */
    public static Fixtures load(String family) {
        return CACHE.computeIfAbsent(family, Fixtures::parse);
    }

    /** All cases, in file order. */
    public Map<String, Case> cases() {
        return cases;
    }

    public Case get(String name) {
        Case c = cases.get(name);
        if (c == null) throw new IllegalArgumentException("no fixture case '" + name + "' in " + family + ".txt");
        return c;
    }

    /** One named case: tensors by key. */
    public static final class Case {
        private final String name;
        private final Map<String, Tensor> tensors = new LinkedHashMap<>();

        Case(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        /** A fresh copy of the tensor stored under {@code key} on the {@link TestDevice} (tests may modify it). */
        public Tensor tensor(String key) {
            Tensor t = tensors.get(key);
            if (t == null) throw new IllegalArgumentException("fixture case '" + name + "' has no tensor '" + key + "'");
            return TestDevice.isCuda() ? TestDevice.place(t) : t.clone();
        }

        public boolean has(String key) {
            return tensors.containsKey(key);
        }

        /** A 0-d or one-element tensor as a double. */
        public double scalar(String key) {
            return tensors.get(key).item();
        }

        public int integer(String key) {
            return (int) tensors.get(key).itemLong();
        }

        public java.util.Set<String> keys() {
            return tensors.keySet();
        }
    }

    private static Fixtures parse(String family) {
        String path = "/fixtures/" + family + ".txt";
        Map<String, Case> cases = new LinkedHashMap<>();
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing fixture file " + path + "; run scripts/fixtures/generate.sh");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Case current = null;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) continue;
                if (line.startsWith("# case ")) {
                    current = new Case(line.substring(7).trim());
                    cases.put(current.name, current);
                    continue;
                }
                String[] f = line.trim().split(" ");
                current.tensors.put(f[0], tensor(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Fixtures(family, cases);
    }

    private static Tensor tensor(String[] f) {
        DType dtype = switch (f[1]) {
            case "float32" -> DType.FLOAT32;
            case "float64" -> DType.FLOAT64;
            case "int64" -> DType.INT64;
            case "int32" -> DType.INT32;
            case "uint8" -> DType.UINT8;
            case "bool" -> DType.BOOL;
            default -> throw new IllegalArgumentException("unknown dtype " + f[1]);
        };
        int[] shape = f[2].equals("-") ? new int[0] : java.util.Arrays.stream(f[2].split(",")).mapToInt(Integer::parseInt).toArray();
        int n = f.length - 3;
        if (dtype.isFloatingPoint()) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = parseDouble(f[i + 3]);
            return shape.length == 0 ? Elementwise.scalar(v[0], dtype, Device.CPU) : Torch.fromArray(v, shape).to(dtype);
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) v[i] = Long.parseLong(f[i + 3]);
        Tensor t = shape.length == 0 ? Elementwise.scalar(v[0], DType.INT64, Device.CPU) : Torch.fromArray(v, shape);
        return dtype == DType.BOOL ? t.ne(0) : t.to(dtype);
    }

    private static double parseDouble(String s) {
        return switch (s) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }
}

package torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import torch4j.Tensor;
import torch4j.testing.Assertions;
import torch4j.testing.Fixtures;

/** Runs one case of {@code fixtures/nn.txt}: forward against "out", backward of (out * gout).sum() against "g_*". */
final class NnCases {
    private NnCases() {}

    static Fixtures.Case get(String name) {
        return Fixtures.load("nn").get(name);
    }

    /** A fixture string stored as UTF-8 bytes. */
    static String text(Fixtures.Case c, String key) {
        long[] v = c.tensor(key).toLongArray();
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * Loads every tensor of the case that is not an expected value, makes the float ones that
     * have a "g_" entry require grad, applies {@code fn}, and compares output and gradients.
     */
    static void check(String name, Function<Map<String, Tensor>, Tensor> fn, double rtol, double atol) {
        Fixtures.Case c = get(name);
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (String k : c.keys()) {
            if (k.equals("out") || k.equals("gout") || k.startsWith("g_")) continue;
            Tensor t = c.tensor(k);
            if (c.has("g_" + k)) t.requiresGrad_();
            in.put(k, t);
        }
        Tensor out = fn.apply(in);
        Assertions.assertClose(c.tensor("out"), out.detach(), rtol, atol);
        boolean anyGrad = false;
        for (String k : in.keySet()) anyGrad |= c.has("g_" + k);
        if (!anyGrad) return;
        out.mul(c.tensor("gout")).sum().backward();
        for (Map.Entry<String, Tensor> e : in.entrySet()) {
            if (!c.has("g_" + e.getKey())) continue;
            Tensor g = e.getValue().grad();
            assertNotNull(g, name + ": no gradient for " + e.getKey());
            Assertions.assertClose(c.tensor("g_" + e.getKey()), g, rtol, atol);
        }
    }

    static void check(String name, Function<Map<String, Tensor>, Tensor> fn) {
        check(name, fn, 1e-4, 1e-5);
    }
}

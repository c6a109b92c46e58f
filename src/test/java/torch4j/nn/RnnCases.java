package torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.testing.Assertions;
import torch4j.testing.Fixtures;

/**
 * Runs one case of {@code fixtures/rnn.txt} (written by scripts/fixtures/gen_rnn.py): loads PyTorch's
 * weights ("p.*") into the module, compares its outputs, then the gradients of
 * {@code sum(output * g<output>)} for the inputs ("g_*") and every parameter ("g.*").
 */
final class RnnCases {
    private RnnCases() {}

    static Fixtures.Case get(String name) {
        return Fixtures.load("rnn").get(name);
    }

    /** A string stored as UTF-8 bytes. */
    static String text(Fixtures.Case c, String key) {
        long[] v = c.tensor(key).toLongArray();
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Converts the module to the case's dtype and loads PyTorch's state dict strictly (same names and shapes). */
    static <M extends Module> M load(Fixtures.Case c, M m) {
        m.to(c.tensor("out").dtype());
        Map<String, Tensor> sd = new LinkedHashMap<>();
        for (String k : c.keys()) {
            if (k.startsWith("p.")) sd.put(k.substring(2), c.tensor(k));
        }
        m.loadStateDict(sd);
        assertEquals(text(c, "repr"), m.toString());
        return m;
    }

    /** The stored input {@code key} (requiring grad when PyTorch took its gradient), or null when the case has none. */
    static Tensor input(Fixtures.Case c, String key) {
        if (!c.has(key)) return null;
        Tensor t = c.tensor(key);
        return c.has("g_" + key) ? t.requiresGrad_() : t;
    }

    /**
     * @param inputs the leaves passed to forward, by fixture key (null values skipped)
     * @param outputs what forward returned, by fixture key: every output the case stores must be there
     */
    static void check(Fixtures.Case c, Module m, Map<String, Tensor> inputs, Map<String, Tensor> outputs) {
        boolean f32 = c.tensor("out").dtype() == DType.FLOAT32;
        double rtol = f32 ? 2e-4 : 1e-9, atol = f32 ? 2e-5 : 1e-11;
        Tensor loss = null;
        for (String k : new String[] {"out", "hn", "cn", "w"}) {
            Tensor got = outputs.get(k);
            assertEquals(c.has(k), got != null, c.name() + ": output " + k);
            if (got == null) continue;
            Assertions.assertClose(c.tensor(k), got.detach(), rtol, atol);
            Tensor term = got.mul(c.tensor("g" + k)).sum();
            loss = loss == null ? term : loss.add(term);
        }
        loss.backward();
        int grads = 0;
        for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
            if (e.getValue() == null || !c.has("g_" + e.getKey())) continue;
            assertNotNull(e.getValue().grad(), c.name() + ": no gradient for input " + e.getKey());
            Assertions.assertClose(c.tensor("g_" + e.getKey()), e.getValue().grad(), rtol, atol);
            grads++;
        }
        assertTrue(grads > 0, c.name() + ": no input gradient compared");
        for (Map.Entry<String, Tensor> p : m.namedParameters().entrySet()) {
            assertNotNull(p.getValue().grad(), c.name() + ": no gradient for " + p.getKey());
            Assertions.assertClose(c.tensor("g." + p.getKey()), p.getValue().grad(), rtol, atol);
        }
    }
}

package torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import torch4j.Tensor;
import torch4j.nn.functional.F;
import torch4j.testing.Assertions;
import torch4j.testing.Fixtures;

/**
 * {@code F.linear} on a batch of rows with a bias, which runs as one addmm (the bias written into
 * the GEMM's output): forward and the gradients of input, weight and bias (the bias's a column sum
 * of the output gradient) against PyTorch, for float32, float64, one row, a transposed input and
 * an empty batch. Also {@code Tensor.amax}/{@code amin}.
 */
class LinearAddmmTest {
    private static final Fixtures CASES = Fixtures.load("linear2d");

    private static void check(String name, Tensor x) {
        Fixtures.Case c = CASES.get(name);
        Tensor w = c.tensor("w").requiresGrad_(), b = c.tensor("b").requiresGrad_();
        x.requiresGrad_();
        Tensor out = F.linear(x, w, b);
        assertEquals("AddmmBackward0", out.gradFn().name(), name);
        Assertions.assertClose(c.tensor("out"), out);
        out.mul(c.tensor("gout")).sum().backward();
        Assertions.assertClose(c.tensor("g_x"), x.grad());
        Assertions.assertClose(c.tensor("g_w"), w.grad());
        Assertions.assertClose(c.tensor("g_b"), b.grad());
    }

    @Test
    void linearWithBiasMatchesPyTorch() {
        for (String name : new String[] {"linear_f32", "linear_f64", "linear_row", "linear_empty"}) {
            check(name, CASES.get(name).tensor("x"));
        }
        // The same values as linear_xt's x, read through a transposed (non-contiguous) view.
        Tensor xt = CASES.get("xt_source").tensor("x").t();
        check("linear_xt", xt);
    }

    @Test
    void amaxAndAminMatchPyTorch() {
        Fixtures.Case c = CASES.get("amax");
        Tensor x = c.tensor("x");
        Assertions.assertClose(c.tensor("amax12"), x.amax(new int[] {1, 2}, false));
        Assertions.assertClose(c.tensor("amax0k"), x.amax(new int[] {0}, true));
        Assertions.assertClose(c.tensor("amin2"), x.amin(new int[] {2}, false));
        Assertions.assertClose(c.tensor("amin02k"), x.amin(new int[] {0, 2}, true));
    }
}

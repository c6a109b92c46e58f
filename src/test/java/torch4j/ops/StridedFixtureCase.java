package torch4j.ops;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import torch4j.DType;
import torch4j.Layout;
import torch4j.Tensor;
import torch4j.testing.Assertions;
import torch4j.testing.Fixtures;

/**
 * One fixture case of {@code gen_linalg.py} / {@code gen_indexing.py}, run against torch4j: builds
 * the inputs (as is, transposed or step-2 sliced views of the stored base, so kernels see
 * non-contiguous strides), runs the op, compares the output with PyTorch's, then back-propagates
 * PyTorch's upstream gradient {@code go} and compares every input's gradient.
 *
 * <p>The views are built from layouts directly, so these tests exercise the kernels' stride
 * handling without depending on the movement ops.
 */
final class StridedFixtureCase {
    private final Fixtures.Case c;
    private final List<String> names = new ArrayList<>();
    private final List<Tensor> inputs = new ArrayList<>();

    StridedFixtureCase(Fixtures.Case c) {
        this.c = c;
        for (String key : c.keys()) {
            if (key.equals("out") || key.equals("go") || key.startsWith("grad_")) continue;
            int dot = key.indexOf('.');
            String name = dot < 0 ? key : key.substring(0, dot);
            Tensor t = view(c.tensor(key), dot < 0 ? "" : key.substring(dot + 1));
            if (c.has("grad_" + name)) t.requiresGrad_();
            names.add(name);
            inputs.add(t);
        }
    }

    /** The inputs in the order the generator passed them to the op. */
    Tensor[] inputs() {
        return inputs.toArray(new Tensor[0]);
    }

    /** Runs {@code op}, checks its output and, when the case has one, every gradient. */
    void check(Function<Tensor[], Tensor> op, double rtol, double atol) {
        Tensor[] in = inputs();
        Tensor out = op.apply(in);
        Tensor expected = c.tensor("out");
        if (expected.dtype() == DType.FLOAT64) Assertions.assertClose(expected, out);
        else Assertions.assertClose(expected, out, rtol, atol);
        if (!c.has("go")) return;
        out.backward(c.tensor("go"));
        for (int i = 0; i < in.length; i++) {
            String name = names.get(i);
            if (!c.has("grad_" + name)) continue;
            Tensor want = c.tensor("grad_" + name);
            Tensor got = in[i].grad();
            assertNotNull(got, () -> "no gradient for input " + name);
            if (want.dtype() == DType.FLOAT64) Assertions.assertClose(want, got);
            else Assertions.assertClose(want, got, rtol, atol);
        }
    }

    /** {@code base} as is ({@code ""}), with its last two dims swapped ({@code "T"}), or every other element of its last dim ({@code "S"}). */
    static Tensor view(Tensor base, String kind) {
        Layout l = base.layout();
        int nd = l.dim();
        int[] shape = l.shape().clone(), strides = l.strides().clone();
        switch (kind) {
            case "" -> {
                return base;
            }
            case "T" -> {
                int s = shape[nd - 1];
                shape[nd - 1] = shape[nd - 2];
                shape[nd - 2] = s;
                int st = strides[nd - 1];
                strides[nd - 1] = strides[nd - 2];
                strides[nd - 2] = st;
            }
            case "S" -> {
                shape[nd - 1] = (shape[nd - 1] + 1) / 2;
                strides[nd - 1] *= 2;
            }
            default -> throw new IllegalArgumentException("unknown view kind " + kind);
        }
        return new Tensor(base.storage(), new Layout(shape, strides, l.offset()));
    }
}

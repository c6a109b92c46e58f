package torch4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.testing.Fixtures;

/** LBFGS with and without the strong-Wolfe line search, against PyTorch over six step() calls. */
class LBFGSTest {
    static Stream<String> cases() {
        return Problems.FIXTURES.cases().keySet().stream().filter(n -> n.startsWith("lbfgs"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String name) {
        Fixtures.Case c = Problems.FIXTURES.get(name);
        String problem = name.substring(name.indexOf("__") + 2);
        List<Tensor> params = Problems.params(problem, c.tensor("x0").toDoubleArray());
        Optimizer opt = Problems.build(c, params);
        double[] traj = c.tensor("traj").toDoubleArray();
        double[] losses = c.tensor("losses").toDoubleArray();
        int n = Problems.flat(params).length;
        for (int step = 0; step < losses.length; step++) {
            double loss = opt.step(Problems.closure(problem, params)).item();
            assertEquals(losses[step], loss, 1e-9 * Math.max(1, Math.abs(losses[step])), name + " loss of step " + (step + 1));
            Problems.assertCloseArrays(Problems.row(traj, n, step), Problems.flat(params), 1e-7, 1e-9,
                    name + " after step " + (step + 1));
        }
        var state = opt.state(params.get(0));
        assertEquals(c.integer("func_evals"), ((Number) state.get("funcEvals")).intValue(), "funcEvals");
        assertEquals(c.integer("n_iter"), ((Number) state.get("nIter")).intValue(), "nIter");
    }

    @Test
    void cubicInterpolationMatchesPyTorch() {
        // Values from torch.optim.lbfgs._cubic_interpolate on float64 tensors.
        assertEquals(0.6666666666666667, LineSearch.cubicInterpolate(0., 1., -2., 1., 0.5, 1.), 1e-15);
        assertEquals(0.4, LineSearch.cubicInterpolate(0., 1., -2., 1., 0.5, 1., 0.2, 0.4), 0);
        assertEquals(1.130877973283813, LineSearch.cubicInterpolate(2., 1., 3., 0.5, 0.2, -1.), 1e-15);
        // No real minimizer (d2^2 < 0): the middle of the bounds.
        assertEquals(0.5, LineSearch.cubicInterpolate(0., 0., 5., 1., 10. / 3, 5.), 0);
    }

    @Test
    void needsAClosureAndOneGroup() {
        Tensor x = Torch.zeros(2).requiresGrad_();
        LBFGS opt = new LBFGS(List.of(x));
        assertThrows(IllegalArgumentException.class, opt::step);
        Tensor y = Torch.zeros(2).requiresGrad_();
        var e = assertThrows(IllegalArgumentException.class,
                () -> new LBFGS(List.of(ParamGroup.of(x), ParamGroup.of(y)), LBFGS.options()));
        assertTrue(e.getMessage().contains("doesn't support per-parameter options"));
        assertThrows(IllegalArgumentException.class, () -> new LBFGS(List.of(x), LBFGS.options().lineSearchFn("backtracking")));
    }
}

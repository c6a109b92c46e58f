package torch4j.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.testing.Fixtures;

/**
 * SGD, Adam and AdamW take one fused kernel per parameter when the gradient is contiguous and of
 * the parameter's dtype ({@link TrajectoryTest} runs that path against PyTorch), and compose the
 * step from tensor ops otherwise. Here non-contiguous gradients force the composed path against
 * PyTorch in float64, and float32 trajectories of the two paths are compared with each other.
 */
class FusedTrajectoryTest {
    static Stream<String> cases() {
        return TrajectoryTest.cases().filter(n -> n.startsWith("sgd") || n.startsWith("adam"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void composedPathMatchesPyTorch(String name) {
        Fixtures.Case c = Problems.FIXTURES.get(name);
        String problem = name.substring(name.indexOf("__") + 2);
        List<Tensor> params = Problems.params(problem, c.tensor("x0").toDoubleArray());
        Optimizer opt = Problems.build(c, params);
        double[] traj = c.tensor("traj").toDoubleArray();
        int n = Problems.flat(params).length;
        for (int step = 0; step < traj.length / n; step++) {
            opt.zeroGrad();
            setGrads(problem, params, false);
            opt.step();
            Problems.assertCloseArrays(Problems.row(traj, n, step), Problems.flat(params), TrajectoryTest.RTOL,
                    TrajectoryTest.ATOL, name + " (composed) after step " + (step + 1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void float32FusedMatchesComposed(String name) {
        Fixtures.Case c = Problems.FIXTURES.get(name);
        String problem = name.substring(name.indexOf("__") + 2);
        double[] x0 = c.tensor("x0").toDoubleArray();
        List<Tensor> fused = toFloat(Problems.params(problem, x0)), composed = toFloat(Problems.params(problem, x0));
        Optimizer a = Problems.build(c, fused), b = Problems.build(c, composed);
        for (int step = 0; step < 20; step++) {
            a.zeroGrad();
            b.zeroGrad();
            setGrads(problem, fused, true);
            setGrads(problem, composed, false);
            a.step();
            b.step();
            // The two paths round differently (by an ulp or so a step); the trajectories must stay together.
            Problems.assertCloseArrays(Problems.flat(composed), Problems.flat(fused), 1e-4, 1e-5,
                    name + " float32 fused vs composed after step " + (step + 1));
        }
        for (Tensor p : fused) assertFloat32(p);
    }

    /**
     * Sets each parameter's gradient (of its own dtype), contiguous or as a non-contiguous view (every
     * other element of a twice-as-long buffer), which the fused kernels decline.
     */
    private static void setGrads(String problem, List<Tensor> params, boolean contiguous) {
        List<Tensor> shadow = Problems.params(problem, Problems.flat(params));
        Problems.lossAndGrad(problem, shadow);
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i), g = shadow.get(i).grad().to(p.dtype());
            if (!contiguous) {
                Tensor wide = Torch.stack(List.of(g, g.mul(7)), -1); // [..., 2]
                g = wide.select(-1, 0);
                if (g.isContiguous()) throw new AssertionError("expected a non-contiguous gradient");
            }
            p.setGrad(g);
        }
    }

    private static List<Tensor> toFloat(List<Tensor> params) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : params) out.add(p.detach().to(DType.FLOAT32).requiresGrad_());
        return out;
    }

    private static void assertFloat32(Tensor p) {
        if (p.dtype() != DType.FLOAT32) throw new AssertionError("parameter changed dtype: " + p.dtype());
    }
}

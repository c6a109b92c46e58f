package torch4j.optim;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import torch4j.Tensor;
import torch4j.testing.Fixtures;

/** Each optimizer's parameter trajectory over 20 steps, against PyTorch's (float64 parameters). */
class TrajectoryTest {
    static final double RTOL = 1e-9, ATOL = 1e-11;

    static Stream<String> cases() {
        return Problems.FIXTURES.cases().keySet().stream()
                .filter(n -> n.contains("__") && !n.startsWith("lbfgs") && !n.startsWith("groups"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String name) {
        Fixtures.Case c = Problems.FIXTURES.get(name);
        String problem = name.substring(name.indexOf("__") + 2);
        List<Tensor> params = Problems.params(problem, c.tensor("x0").toDoubleArray());
        Optimizer opt = Problems.build(c, params);
        run(opt, problem, params, c.tensor("traj").toDoubleArray(), 0, name);
    }

    /** Steps {@code opt} from row {@code from} to the end of {@code traj}, comparing each step. */
    static void run(Optimizer opt, String problem, List<Tensor> params, double[] traj, int from, String name) {
        int n = Problems.flat(params).length;
        for (int step = from; step < traj.length / n; step++) {
            opt.zeroGrad();
            Problems.lossAndGrad(problem, params);
            opt.step();
            Problems.assertCloseArrays(Problems.row(traj, n, step), Problems.flat(params), RTOL, ATOL,
                    name + " after step " + (step + 1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("groupCases")
    void perGroupOptionsMatchPyTorch(String name) {
        Fixtures.Case c = Problems.FIXTURES.get(name);
        List<Tensor> params = Problems.params("quad", c.tensor("x0").toDoubleArray());
        Optimizer opt = switch (name) {
            case "groups_sgd__quad" -> new SGD(List.of(ParamGroup.of(params.get(0)),
                    ParamGroup.of(params.get(1)).set("lr", 0.05).set("momentum", 0.5)), SGD.options().lr(0.01).momentum(0.9));
            default -> new Adam(List.of(ParamGroup.of(params.get(0)).set("betas", new double[] {0.5, 0.9}),
                    ParamGroup.of(params.get(1)).set("amsgrad", true)), Adam.options().lr(0.05));
        };
        run(opt, "quad", params, c.tensor("traj").toDoubleArray(), 0, name);
    }

    static Stream<String> groupCases() {
        return Stream.of("groups_sgd__quad", "groups_adam__quad");
    }
}

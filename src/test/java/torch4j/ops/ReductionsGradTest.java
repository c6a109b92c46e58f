package torch4j.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import torch4j.DType;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.autograd.GradCheck;

/** Finite-difference checks (first and second order, float64) of every differentiable reduction, scan and sort. */
class ReductionsGradTest {

    static Stream<Arguments> ops() {
        return Stream.of(
                op("sum", x -> x.sum()),
                op("sum dims keepdim", x -> x.sum(new int[] {0, 2}, true)),
                op("sumToSize", x -> x.sumToSize(3, 1)),
                op("mean", x -> x.mean()),
                op("mean dim", x -> x.mean(-1)),
                op("prod", x -> x.prod()),
                op("prod dim", x -> x.prod(1, false)),
                op("max", x -> x.max()),
                op("min dim", x -> x.min(1, true).values()),
                op("var", x -> x.var()),
                op("var dims", x -> x.var(new int[] {0, 1}, false, true)),
                op("std dim", x -> x.std(2, true, false)),
                op("logsumexp", x -> x.logsumexp(1, false)),
                op("norm", x -> x.norm()),
                op("norm 1 dim", x -> x.norm(1, 2, false)),
                op("norm inf", x -> x.norm(Double.POSITIVE_INFINITY)),
                op("norm 3 dim", x -> x.norm(3, 1, true)),
                op("norm 0.5", x -> x.norm(0.5)),
                op("cumsum", x -> x.cumsum(1)),
                op("cumprod", x -> x.cumprod(2)),
                op("sort", x -> x.sort(1, true).values()),
                op("topk", x -> x.topk(2, 2, false, true).values()));
    }

    private static Arguments op(String name, Function<Tensor, Tensor> f) {
        return Arguments.of(name, f);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void gradcheck(String name, Function<Tensor, Tensor> f) {
        Tensor x = input();
        assertTrue(GradCheck.gradcheck(in -> f.apply(in[0]), x));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void gradgradcheck(String name, Function<Tensor, Tensor> f) {
        Tensor x = input();
        assertTrue(GradCheck.gradgradcheck(in -> f.apply(in[0]), x));
    }

    @ParameterizedTest(name = "{0} transposed")
    @MethodSource("ops")
    void gradcheckNonContiguous(String name, Function<Tensor, Tensor> f) {
        Tensor x = ReductionsTest.withLayout(input().detach(), 1).requiresGrad_();
        assertTrue(GradCheck.gradcheck(in -> f.apply(in[0]), x));
    }

    /** Values with distinct |x|, none 0 (so max, sort and norms are smooth there), shape [2, 3, 4]. */
    private static Tensor input() {
        Tensor perm = Torch.randperm(24, new Generator().manualSeed(7)).to(DType.FLOAT64);
        return perm.sub(11.3).mul(0.13).reshape(2, 3, 4).detach().requiresGrad_();
    }

    @org.junit.jupiter.api.Test
    void gradientsWithZeros() {
        Tensor x = Torch.tensor(new double[] {1.5, 0, 2, 0.5, 0, 3, -1, 0.7}).reshape(2, 4).detach().requiresGrad_();
        assertTrue(GradCheck.gradcheck(in -> in[0].prod(1, false), x));
        assertTrue(GradCheck.gradcheck(in -> in[0].cumprod(1), x));
        Tensor y = Torch.tensor(new double[] {1.5, 0, 2, 0.5, 0.25, 3, -1, 0.7}).reshape(2, 4).detach().requiresGrad_();
        assertTrue(GradCheck.gradcheck(in -> in[0].prod(), y));
        assertTrue(GradCheck.gradcheck(in -> in[0].cumprod(0), y));
    }
}

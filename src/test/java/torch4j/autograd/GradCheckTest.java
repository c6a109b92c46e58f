package torch4j.autograd;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;

/**
 * Finite-difference checks of the element-wise ops' gradients (first and second order), on
 * contiguous, transposed, narrowed and broadcast inputs; and proof that the checker can fail.
 */
class GradCheckTest {
    @BeforeEach
    void seed() {
        Torch.manualSeed(1234);
    }

    /** Uniform in [lo, hi), contiguous leaf. */
    private static Tensor u(double lo, double hi, int... shape) {
        Tensor t;
        try (Scope s = Torch.noGrad()) {
            t = Torch.rand(DType.FLOAT64, shape).mul(hi - lo).add(lo);
        }
        return t.requiresGrad_();
    }

    /** A transposed (non-contiguous) leaf of shape [rows, cols]. */
    private static Tensor transposed(double lo, double hi, int rows, int cols) {
        Tensor t;
        try (Scope s = Torch.noGrad()) {
            t = Torch.rand(DType.FLOAT64, cols, rows).mul(hi - lo).add(lo).t();
        }
        assertTrue(!t.isContiguous());
        return t.requiresGrad_();
    }

    /** A narrowed (non-contiguous) leaf of shape [rows, cols]. */
    private static Tensor narrowed(double lo, double hi, int rows, int cols) {
        Tensor t;
        try (Scope s = Torch.noGrad()) {
            t = Torch.rand(DType.FLOAT64, rows, cols + 3).mul(hi - lo).add(lo).narrow(1, 1, cols);
        }
        assertTrue(!t.isContiguous());
        return t.requiresGrad_();
    }

    /** Values with |x| in [0.2, 1): away from the kinks of abs, relu and sign. */
    private static Tensor awayFromZero(int... shape) {
        Tensor t;
        try (Scope s = Torch.noGrad()) {
            Tensor mag = Torch.rand(DType.FLOAT64, shape).mul(0.8).add(0.2);
            Tensor sign = Torch.rand(DType.FLOAT64, shape).gt(0.5).to(DType.FLOAT64).mul(2).sub(1);
            t = mag.mul(sign);
        }
        return t.requiresGrad_();
    }

    private static void both(java.util.function.Function<Tensor[], Tensor> f, Tensor... in) {
        assertTrue(GradCheck.gradcheck(f, in));
        assertTrue(GradCheck.gradgradcheck(f, in));
    }

    private static void unary(UnaryOperator<Tensor> op, double lo, double hi) {
        both(in -> op.apply(in[0]), u(lo, hi, 2, 3));
        both(in -> op.apply(in[0]), transposed(lo, hi, 2, 3));
        assertTrue(GradCheck.gradcheck(in -> op.apply(in[0]), narrowed(lo, hi, 3, 2)));
        assertTrue(GradCheck.gradcheck(in -> op.apply(in[0]), u(lo, hi)));
    }

    @Test
    void addSubWithBroadcasting() {
        both(in -> in[0].add(in[1]), u(-1, 1, 2, 3), u(-1, 1, 3));
        both(in -> in[0].sub(in[1]), u(-1, 1, 2, 1), transposed(-1, 1, 2, 3));
        both(in -> in[0].add(in[1], 2.5), narrowed(-1, 1, 2, 3), u(-1, 1, 1, 3));
        both(in -> in[0].sub(in[1], -0.5), u(-1, 1, 3), u(-1, 1, 2, 3));
        both(in -> in[0].add(3).rsub(2).sub(1), u(-1, 1, 2, 3));
        both(in -> in[0].neg(), transposed(-1, 1, 2, 2));
    }

    @Test
    void mulWithBroadcastingAndZeroDim() {
        both(in -> in[0].mul(in[1]), u(-1, 1, 2, 3), u(-1, 1, 3));
        both(in -> in[0].mul(in[1]), transposed(-1, 1, 3, 2), u(-1, 1, 3, 1));
        both(in -> in[0].mul(in[1]), u(-1, 1, 2, 3), u(-1, 1));
        both(in -> in[0].mul(in[0]).mul(in[1]), narrowed(-1, 1, 2, 2), u(-1, 1, 2, 2));
        both(in -> in[0].mul(-1.5), u(-1, 1, 4));
    }

    @Test
    void div() {
        both(in -> in[0].div(in[1]), u(-1, 1, 2, 3), u(0.5, 1.5, 3));
        both(in -> in[0].div(in[1]), transposed(-1, 1, 2, 3), transposed(0.5, 1.5, 2, 3));
        both(in -> in[0].div(4.0), u(-1, 1, 3));
        both(in -> in[0].rdiv(2.0), u(0.5, 1.5, 3));
    }

    @Test
    void pow() {
        both(in -> in[0].pow(3), u(-1, 1, 2, 3));
        both(in -> in[0].pow(2.5), u(0.5, 1.5, 3));
        both(in -> in[0].pow(-2), transposed(0.5, 1.5, 2, 2));
        both(in -> in[0].pow(in[1]), u(0.5, 1.5, 2, 3), u(-1, 2, 3));
        both(in -> in[0].pow(in[1]), transposed(0.5, 1.5, 2, 3), narrowed(-1, 1, 2, 3));
    }

    @Test
    void unaryMath() {
        unary(Tensor::exp, -1, 1);
        unary(Tensor::log, 0.5, 2);
        unary(Tensor::log1p, -0.5, 1);
        unary(Tensor::sqrt, 0.5, 2);
        unary(Tensor::rsqrt, 0.5, 2);
        unary(Tensor::tanh, -2, 2);
        unary(Tensor::sigmoid, -3, 3);
        unary(Tensor::sin, -3, 3);
        unary(Tensor::cos, -3, 3);
        unary(Tensor::square, -1, 1);
        unary(Tensor::reciprocal, 0.5, 2);
        unary(Tensor::expm1, -1, 1);
        unary(Tensor::erf, -1.5, 1.5);
    }

    @Test
    void kinkedOpsAwayFromTheKink() {
        both(in -> in[0].relu(), awayFromZero(2, 3));
        both(in -> in[0].abs(), awayFromZero(2, 3));
        both(in -> in[0].clamp(-0.5, 0.5), u(-1, 1, 3, 3));
        both(in -> in[0].clampMin(0.1), u(-1, 1, 5));
        both(in -> in[0].clampMax(-0.1), transposed(-1, 1, 2, 3));
        both(in -> in[0].maximum(in[1]), u(-1, 1, 2, 3), u(-1, 1, 3));
        both(in -> in[0].minimum(in[1]), transposed(-1, 1, 2, 3), u(-1, 1, 2, 1));
    }

    @Test
    void whereWithBroadcasting() {
        Tensor cond = Torch.tensor(new boolean[] {true, false, true});
        both(in -> Torch.where(in[2], in[0], in[1]), u(-1, 1, 2, 3), u(-1, 1, 2, 1), cond);
        both(in -> in[0].where(in[0].gt(0), in[0].mul(in[0])), u(-1, 1, 2, 3));
    }

    @Test
    void composite() {
        both(in -> in[0].mul(in[1]).tanh().add(in[0].sigmoid().mul(in[1].exp())).div(in[1].square().add(1)),
                u(-1, 1, 2, 3), transposed(-1, 1, 2, 3));
    }

    /** exp with a deliberately wrong derivative. */
    static final class WrongExp extends Function {
        @Override
        protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
            Tensor r = in[0].exp();
            ctx.saveForBackward(r);
            return new Tensor[] {r};
        }

        @Override
        protected Tensor[] backward(FunctionCtx ctx, Tensor... g) {
            return new Tensor[] {g[0].mul(ctx.savedTensors()[0]).mul(1.01)};
        }
    }

    @Test
    void wrongBackwardFailsTheCheck() {
        GradcheckError e = assertThrows(GradcheckError.class,
                () -> GradCheck.gradcheck(in -> new WrongExp().applyOne(in[0]), u(-1, 1, 3)));
        assertTrue(e.getMessage().startsWith("Jacobian mismatch for output 0 with respect to input 0,\nnumerical:"),
                e.getMessage());
        assertTrue(e.getMessage().contains("analytical:"));
        // The second input is the one with the wrong gradient.
        Tensor a = u(-1, 1, 2), b = u(-1, 1, 2);
        e = assertThrows(GradcheckError.class,
                () -> GradCheck.gradcheck(in -> in[0].mul(new WrongExp().applyOne(in[1])), a, b));
        assertTrue(e.getMessage().contains("with respect to input 1"), e.getMessage());
    }

    @Test
    void wrongSecondDerivativeFailsGradgradcheck() {
        // First derivative right, second wrong: the backward is computed outside autograd's view.
        Function detachedBackward = new Function() {
            @Override
            protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
                ctx.saveForBackward(in[0]);
                return new Tensor[] {in[0].pow(3)};
            }

            @Override
            protected Tensor[] backward(FunctionCtx ctx, Tensor... g) {
                Tensor x = ctx.savedTensors()[0];
                return new Tensor[] {g[0].mul(x.detach().pow(2).mul(3))};
            }
        };
        Tensor x = u(0.5, 1.5, 3);
        assertTrue(GradCheck.gradcheck(in -> detachedBackward.applyOne(in[0]), x));
        assertThrows(GradcheckError.class, () -> GradCheck.gradgradcheck(in -> detachedBackward.applyOne(in[0]), x));
    }

    @Test
    void inputsAreValidated() {
        assertThrows(IllegalArgumentException.class,
                () -> GradCheck.gradcheck(in -> in[0].exp(), Torch.ones(DType.FLOAT64, 2)));
        Tensor expanded;
        try (Scope s = Torch.noGrad()) {
            expanded = Torch.ones(DType.FLOAT64, 1, 3).expand(2, 3);
        }
        Tensor e = expanded.requiresGrad_();
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> GradCheck.gradcheck(in -> in[0].exp(), e));
        assertTrue(ex.getMessage().contains("stride 0"), ex.getMessage());
    }

    @Test
    void inputsAreRestoredAfterTheCheck() {
        Tensor x = transposed(-1, 1, 2, 3);
        double[] before = x.toDoubleArray();
        GradCheck.gradcheck(in -> in[0].mul(in[0]), x);
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, x.toDoubleArray(), 0);
        org.junit.jupiter.api.Assertions.assertNull(x.grad(), "gradcheck must not accumulate into .grad");
    }
}

package torch4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.testing.Fixtures;

/**
 * The test objectives of gen_optim.py with their gradients written out in doubles, so that the
 * optimizer tests depend on nothing but the optimizers: a quadratic {@code 0.5 z'Az - b'z} over two
 * parameters {@code W [2,3]} and {@code v [3]} ({@code z = cat(W.flatten(), v)}), and the
 * Rosenbrock function of one parameter {@code x [2]}.
 */
final class Problems {
    static final Fixtures FIXTURES = Fixtures.load("optim");

    private Problems() {}

    /** Fresh leaf parameters holding {@code x}, shaped as the problem's parameters. */
    static List<Tensor> params(String problem, double[] x) {
        List<Tensor> ps = new ArrayList<>();
        if (problem.equals("quad")) {
            ps.add(Torch.tensor(java.util.Arrays.copyOfRange(x, 0, 6), 2, 3).requiresGrad_());
            ps.add(Torch.tensor(java.util.Arrays.copyOfRange(x, 6, 9), 3).requiresGrad_());
        } else {
            ps.add(Torch.tensor(x.clone(), 2).requiresGrad_());
        }
        return ps;
    }

    /** All parameters' values, concatenated. */
    static double[] flat(List<Tensor> params) {
        int n = 0;
        for (Tensor p : params) n += p.numel();
        double[] out = new double[n];
        int off = 0;
        for (Tensor p : params) {
            double[] v = p.toDoubleArray();
            System.arraycopy(v, 0, out, off, v.length);
            off += v.length;
        }
        return out;
    }

    /** Sets each parameter's {@code .grad} to the objective's gradient and returns the loss. */
    static double lossAndGrad(String problem, List<Tensor> params) {
        double[] z = flat(params);
        double[] g = new double[z.length];
        double loss;
        if (problem.equals("quad")) {
            Fixtures.Case c = FIXTURES.get("problem_quad");
            double[] a = c.tensor("A").toDoubleArray(), b = c.tensor("b").toDoubleArray();
            int n = z.length;
            double quad = 0, lin = 0;
            for (int j = 0; j < n; j++) {
                double u = 0;
                for (int i = 0; i < n; i++) u += 0.5 * z[i] * a[i * n + j];
                quad += u * z[j];
                lin += b[j] * z[j];
            }
            loss = quad - lin;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) s += a[i * n + j] * z[j];
                g[i] = s - b[i];
            }
        } else {
            double t1 = 1 - z[0], t2 = z[1] - z[0] * z[0];
            loss = t1 * t1 + 100 * (t2 * t2);
            g[0] = -(2 * t1) + -(100 * (2 * t2)) * (2 * z[0]);
            g[1] = 100 * (2 * t2);
        }
        int off = 0;
        for (Tensor p : params) {
            p.setGrad(Torch.tensor(java.util.Arrays.copyOfRange(g, off, off + p.numel()), p.shape()));
            off += p.numel();
        }
        return loss;
    }

    /** A closure as LBFGS wants it: fresh gradients, the loss as a 0-d float64 tensor. */
    static Supplier<Tensor> closure(String problem, List<Tensor> params) {
        return () -> Torch.scalarTensor(lossAndGrad(problem, params), DType.FLOAT64);
    }

    /** The optimizer a fixture case describes: its algorithm (the case name's first word) and "opt.*" options. */
    static Optimizer build(Fixtures.Case c, List<Tensor> params) {
        String algo = c.name().substring(0, c.name().indexOf('_'));
        OptimizerOptions<?> o = switch (algo) {
            case "sgd" -> SGD.options();
            case "adam" -> Adam.options();
            case "adamw" -> AdamW.options();
            case "rmsprop" -> RMSprop.options();
            case "adagrad" -> Adagrad.options();
            case "adadelta" -> Adadelta.options();
            case "lbfgs" -> LBFGS.options();
            default -> throw new IllegalArgumentException("unknown optimizer in case " + c.name());
        };
        for (String key : c.keys()) {
            if (!key.startsWith("opt.")) continue;
            String name = camel(key.substring(4));
            Tensor v = c.tensor(key);
            Object value;
            if (v.dtype() == DType.BOOL) value = v.itemBool();
            else if (v.numel() > 1 || v.dim() > 0) value = v.toDoubleArray();
            else if (name.equals("maxIter") || name.equals("historySize")) value = (int) v.item();
            else value = v.item();
            o.set(name, value);
        }
        if (c.has("wolfe") && c.tensor("wolfe").itemBool()) o.set("lineSearchFn", "strong_wolfe");
        return switch (algo) {
            case "sgd" -> new SGD(params, (SGD.Options) o);
            case "adam" -> new Adam(params, (Adam.Options) o);
            case "adamw" -> new AdamW(params, (AdamW.Options) o);
            case "rmsprop" -> new RMSprop(params, (RMSprop.Options) o);
            case "adagrad" -> new Adagrad(params, (Adagrad.Options) o);
            case "adadelta" -> new Adadelta(params, (Adadelta.Options) o);
            default -> new LBFGS(params, (LBFGS.Options) o);
        };
    }

    /** PyTorch's option name camelCased: weight_decay to weightDecay. */
    static String camel(String snake) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char ch : snake.toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return sb.toString();
    }

    /** Row {@code step} of a [steps, n] trajectory. */
    static double[] row(double[] traj, int n, int step) {
        return java.util.Arrays.copyOfRange(traj, step * n, (step + 1) * n);
    }

    static void assertCloseArrays(double[] expected, double[] actual, double rtol, double atol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= atol + rtol * Math.abs(expected[i]))) {
                fail(what + ", element " + i + ": expected " + expected[i] + " but got " + actual[i] + "\nexpected "
                        + java.util.Arrays.toString(expected) + "\nactual   " + java.util.Arrays.toString(actual));
            }
        }
    }
}

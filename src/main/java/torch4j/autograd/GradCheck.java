package torch4j.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import torch4j.Layout;
import torch4j.Storage;
import torch4j.Tensor;

/**
 * {@code torch.autograd.gradcheck} and {@code gradgradcheck}: compare the gradients autograd computes
 * with central finite differences. Pass float64 inputs (float32 is too coarse for {@code eps =
 * 1e-6}); inputs may be non-contiguous views, but not broadcast (stride-0) ones. Inputs that do not
 * require grad (masks, indices) are passed through unchecked.
 *
 * <pre>{@code
 * Tensor x = Torch.rand(DType.FLOAT64, 3, 4).requiresGrad_();
 * GradCheck.gradcheck(in -> in[0].tanh().mul(in[0]), x);   // true, or throws GradcheckError
 * }</pre>
 */
public final class GradCheck {
    /** PyTorch's defaults. */
    public static final double EPS = 1e-6, ATOL = 1e-5, RTOL = 1e-3;

    private GradCheck() {}

    /** Checks the first derivatives of a one-output function; true on success, else {@link GradcheckError}. */
    public static boolean gradcheck(Function<Tensor[], Tensor> fn, Tensor... inputs) {
        return check(single(fn), inputs, EPS, ATOL, RTOL);
    }

    /** {@link #gradcheck(Function, Tensor...)} with explicit perturbation and tolerances. */
    public static boolean gradcheck(Function<Tensor[], Tensor> fn, double eps, double atol, double rtol, Tensor... inputs) {
        return check(single(fn), inputs, eps, atol, rtol);
    }

    /** Checks every differentiable output of a multi-output function. */
    public static boolean gradcheckMulti(Function<Tensor[], Tensor[]> fn, Tensor... inputs) {
        return check(fn, inputs, EPS, ATOL, RTOL);
    }

    public static boolean gradcheckMulti(Function<Tensor[], Tensor[]> fn, double eps, double atol, double rtol,
            Tensor... inputs) {
        return check(fn, inputs, eps, atol, rtol);
    }

    /**
     * Checks second derivatives: gradcheck of {@code (inputs, v) -> grad(fn(inputs), inputs, v)}
     * computed with {@code createGraph}, w.r.t. the inputs and the random output gradients {@code v}.
     */
    public static boolean gradgradcheck(Function<Tensor[], Tensor> fn, Tensor... inputs) {
        return gradgradcheckMulti(single(fn), inputs);
    }

    public static boolean gradgradcheckMulti(Function<Tensor[], Tensor[]> fn, Tensor... inputs) {
        checkInputs(inputs);
        Tensor[] outs = fn.apply(inputs.clone());
        List<Integer> diffOut = new ArrayList<>();
        for (int i = 0; i < outs.length; i++) {
            if (outs[i].requiresGrad()) diffOut.add(i);
        }
        Random rnd = new Random(0);
        Tensor[] gradOutputs = new Tensor[diffOut.size()];
        for (int j = 0; j < gradOutputs.length; j++) {
            Tensor o = outs[diffOut.get(j)];
            double[] v = new double[o.numel()];
            for (int e = 0; e < v.length; e++) v[e] = rnd.nextDouble() * 2 - 1;
            gradOutputs[j] = fromValues(v, o).requiresGrad_();
        }
        int n = inputs.length;
        Function<Tensor[], Tensor[]> firstOrder = args -> {
            Tensor[] in = Arrays.copyOfRange(args, 0, n);
            Tensor[] o = fn.apply(in);
            Tensor[] roots = new Tensor[diffOut.size()];
            for (int j = 0; j < roots.length; j++) roots[j] = o[diffOut.get(j)];
            List<Tensor> wrt = new ArrayList<>();
            for (Tensor t : in) {
                if (t.requiresGrad()) wrt.add(t);
            }
            Tensor[] g = Autograd.grad(roots, wrt.toArray(new Tensor[0]), Arrays.copyOfRange(args, n, args.length), true,
                    true, true);
            return Arrays.stream(g).filter(t -> t != null).toArray(Tensor[]::new);
        };
        Tensor[] all = Arrays.copyOf(inputs, n + gradOutputs.length);
        System.arraycopy(gradOutputs, 0, all, n, gradOutputs.length);
        return check(firstOrder, all, EPS, ATOL, RTOL);
    }

    private static Function<Tensor[], Tensor[]> single(Function<Tensor[], Tensor> fn) {
        return in -> new Tensor[] {fn.apply(in)};
    }

    private static boolean check(Function<Tensor[], Tensor[]> fn, Tensor[] inputs, double eps, double atol, double rtol) {
        checkInputs(inputs);
        List<Integer> wrt = new ArrayList<>();
        for (int k = 0; k < inputs.length; k++) {
            if (inputs[k] != null && inputs[k].requiresGrad()) wrt.add(k);
        }
        Tensor[] outs = fn.apply(inputs.clone());
        // Analytical first: the numerical pass writes into the inputs and would trip the version checks.
        double[][][][] analytical = new double[outs.length][][][];
        for (int o = 0; o < outs.length; o++) {
            if (outs[o].requiresGrad()) analytical[o] = analytical(outs[o], inputs, wrt);
        }
        double[][][][] numerical = numerical(fn, inputs, wrt, analytical, eps);
        for (int o = 0; o < outs.length; o++) {
            if (analytical[o] == null) continue;
            for (int w = 0; w < wrt.size(); w++) {
                double[][] a = analytical[o][w], num = numerical[o][w];
                if (!close(a, num, atol, rtol)) {
                    throw new GradcheckError("Jacobian mismatch for output " + o + " with respect to input " + wrt.get(w)
                            + ",\nnumerical:" + format(num) + "\nanalytical:" + format(a) + "\n");
                }
            }
        }
        return true;
    }

    private static void checkInputs(Tensor[] inputs) {
        boolean any = false;
        for (int k = 0; k < inputs.length; k++) {
            Tensor t = inputs[k];
            if (t == null || !t.requiresGrad()) continue;
            any = true;
            int[] shape = t.layout().shape(), strides = t.layout().strides();
            for (int d = 0; d < shape.length; d++) {
                if (strides[d] == 0 && shape[d] > 1) {
                    throw new IllegalArgumentException("The " + k + "th input has a dimension with stride 0. gradcheck only"
                            + " supports inputs that are non-overlapping to be able to compute the numerical gradients"
                            + " correctly. You should call .contiguous on the input before passing it to gradcheck.");
                }
            }
        }
        if (!any) {
            throw new IllegalArgumentException("gradcheck expects at least one input tensor to require gradient, but none"
                    + " of the them have requires_grad=True.");
        }
    }

    /** {@code J[w][i][j] = d out[j] / d input_w[i]}, one backward per output element. */
    private static double[][][] analytical(Tensor out, Tensor[] inputs, List<Integer> wrt) {
        Tensor[] targets = wrt.stream().map(k -> inputs[k]).toArray(Tensor[]::new);
        int m = out.numel();
        double[][][] jac = new double[wrt.size()][][];
        for (int w = 0; w < wrt.size(); w++) jac[w] = new double[inputs[wrt.get(w)].numel()][m];
        for (int j = 0; j < m; j++) {
            Tensor[] grads = Autograd.grad(new Tensor[] {out}, targets, new Tensor[] {oneHot(out, j, 1.0)}, true, false, true);
            for (int w = 0; w < grads.length; w++) {
                if (grads[w] == null) continue;
                Tensor in = targets[w];
                if (!Arrays.equals(grads[w].layout().shape(), in.layout().shape())) {
                    throw new GradcheckError("Gradient has incorrect size: expected " + in.shapeString() + " but got "
                            + grads[w].shapeString() + " for input " + wrt.get(w));
                }
                double[] v = grads[w].toDoubleArray();
                for (int i = 0; i < v.length; i++) jac[w][i][j] = v[i];
            }
        }
        return jac;
    }

    /** Central differences, perturbing each input element in place (so strided inputs stay strided). */
    private static double[][][][] numerical(Function<Tensor[], Tensor[]> fn, Tensor[] inputs, List<Integer> wrt,
            double[][][][] analytical, double eps) {
        int outs = analytical.length;
        double[][][][] jac = new double[outs][wrt.size()][][];
        for (int w = 0; w < wrt.size(); w++) {
            Tensor x = inputs[wrt.get(w)];
            Tensor data = x.detach();
            Tensor orig;
            try (Scope s = GradMode.set(false)) {
                orig = data.clone();
            }
            int n = x.numel();
            for (int o = 0; o < outs; o++) {
                if (analytical[o] != null) jac[o][w] = new double[n][analytical[o][w].length == 0 ? 0 : analytical[o][w][0].length];
            }
            for (int i = 0; i < n; i++) {
                Tensor delta = oneHot(x, i, eps);
                double[][] plus, minus;
                try {
                    perturb(data, delta, true);
                    plus = evaluate(fn, inputs, analytical);
                    restore(data, orig);
                    perturb(data, delta, false);
                    minus = evaluate(fn, inputs, analytical);
                } finally {
                    restore(data, orig);
                }
                for (int o = 0; o < outs; o++) {
                    if (analytical[o] == null) continue;
                    for (int j = 0; j < plus[o].length; j++) jac[o][w][i][j] = (plus[o][j] - minus[o][j]) / (2 * eps);
                }
            }
        }
        return jac;
    }

    private static void perturb(Tensor data, Tensor delta, boolean up) {
        try (Scope s = GradMode.set(false)) {
            if (up) data.add_(delta);
            else data.sub_(delta);
        }
    }

    private static void restore(Tensor data, Tensor orig) {
        try (Scope s = GradMode.set(false)) {
            data.copy_(orig);
        }
    }

    /** The checked outputs' values in float64 (null for outputs that are not checked). */
    private static double[][] evaluate(Function<Tensor[], Tensor[]> fn, Tensor[] inputs, double[][][][] analytical) {
        Tensor[] outs = fn.apply(inputs.clone());
        if (outs.length != analytical.length) {
            throw new GradcheckError("function returned " + outs.length + " outputs, then " + analytical.length);
        }
        double[][] v = new double[outs.length][];
        for (int o = 0; o < outs.length; o++) {
            if (analytical[o] != null) v[o] = outs[o].toDoubleArray();
        }
        return v;
    }

    /** A tensor like {@code like} (dtype, device, shape) that is zero except {@code value} at flat index {@code i}. */
    private static Tensor oneHot(Tensor like, int i, double value) {
        double[] v = new double[like.numel()];
        v[i] = value;
        return fromValues(v, like);
    }

    private static Tensor fromValues(double[] v, Tensor like) {
        Tensor t = new Tensor(Storage.wrap(v), Layout.contiguous(like.shape()));
        return t.to(like.dtype()).to(like.device());
    }

    private static boolean close(double[][] a, double[][] n, double atol, double rtol) {
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                double x = a[i][j], y = n[i][j];
                if (x == y) continue;
                if (!(Math.abs(x - y) <= atol + rtol * Math.abs(y))) return false;
            }
        }
        return true;
    }

    private static String format(double[][] m) {
        StringBuilder sb = new StringBuilder("tensor([");
        for (int i = 0; i < m.length; i++) {
            if (i > 0) sb.append(",\n        ");
            sb.append('[');
            for (int j = 0; j < m[i].length; j++) {
                if (j > 0) sb.append(", ");
                sb.append(String.format(java.util.Locale.ROOT, "%.4f", m[i][j]));
            }
            sb.append(']');
        }
        return sb.append("], dtype=torch.float64)").toString();
    }
}

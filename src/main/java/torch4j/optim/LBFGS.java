package torch4j.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import torch4j.Tensor;
import torch4j.Torch;

/**
 * Limited-memory BFGS: PyTorch 1.13's {@code torch.optim.LBFGS}, including its strong-Wolfe line
 * search. One {@link #step(Supplier)} runs up to {@code maxIter} iterations and needs a closure
 * that zeroes the gradients, recomputes the loss, calls backward and returns the loss. One
 * parameter group only; all parameters are treated as one flat vector.
 *
 * <pre>{@code
 * var opt = new LBFGS(List.of(x), LBFGS.options().lr(1).lineSearchFn("strong_wolfe"));
 * opt.step(() -> { opt.zeroGrad(); Tensor loss = f(x); loss.backward(); return loss; });
 * }</pre>
 *
 * <p>Scalars of the two-loop recursion are computed in double precision; PyTorch keeps them as
 * 0-d tensors of the parameters' dtype, so float64 parameters follow PyTorch exactly and float32
 * ones up to rounding. Global state lives in the state of the first parameter, as in PyTorch.
 */
public final class LBFGS extends Optimizer {
    /** LBFGS's options, starting from PyTorch's defaults (lr 1, maxIter 20, historySize 100). */
    public static final class Options extends OptimizerOptions<Options> {
        Options() {
            set("lr", 1.0).set("maxIter", 20).set("toleranceGrad", 1e-7).set("toleranceChange", 1e-9)
                    .set("historySize", 100).set("lineSearchFn", null);
        }

        /** Maximal iterations per {@code step()}. */
        public Options maxIter(int maxIter) {
            return set("maxIter", maxIter);
        }

        /** Maximal closure evaluations per {@code step()} (default {@code maxIter * 5 / 4}). */
        public Options maxEval(int maxEval) {
            return set("maxEval", maxEval);
        }

        /** Stop when the largest gradient magnitude is at most this. */
        public Options toleranceGrad(double tolerance) {
            return set("toleranceGrad", tolerance);
        }

        /** Stop when the loss or the parameters change by less than this. */
        public Options toleranceChange(double tolerance) {
            return set("toleranceChange", tolerance);
        }

        /** How many past updates approximate the inverse Hessian. */
        public Options historySize(int historySize) {
            return set("historySize", historySize);
        }

        /** {@code "strong_wolfe"}, or null for a fixed step of {@code lr}. */
        public Options lineSearchFn(String lineSearchFn) {
            return set("lineSearchFn", lineSearchFn);
        }
    }

    /** PyTorch's defaults. */
    public static Options options() {
        return new Options();
    }

    private final List<Tensor> params;

    public LBFGS(Iterable<Tensor> params) {
        this(params, options());
    }

    public LBFGS(Iterable<Tensor> params, double lr) {
        this(params, options().lr(lr));
    }

    public LBFGS(Iterable<Tensor> params, Options options) {
        super(params, check(options));
        this.params = paramGroups().get(0).params();
    }

    /** A single group given as a list, as PyTorch allows; more groups are an error. */
    public LBFGS(List<ParamGroup> groups, Options options) {
        super(groups, check(options));
        this.params = paramGroups().get(0).params();
    }

    private static Options check(Options o) {
        if (o.get("maxEval") == null) o.set("maxEval", (int) o.number("maxIter") * 5 / 4);
        Object ls = o.get("lineSearchFn");
        if (ls != null && !"strong_wolfe".equals(ls)) throw new IllegalArgumentException("only 'strong_wolfe' is supported");
        return o;
    }

    @Override
    public void addParamGroup(ParamGroup group) {
        if (!paramGroups().isEmpty()) {
            throw new IllegalArgumentException("LBFGS doesn't support per-parameter options (parameter groups)");
        }
        super.addParamGroup(group);
    }

    /** Runs up to {@code maxIter} iterations; returns the loss the closure gave first. */
    @Override
    public Tensor step(Supplier<Tensor> closure) {
        if (closure == null) {
            throw new IllegalArgumentException("LBFGS requires a closure that reevaluates the model and returns the loss");
        }
        try (var s = Torch.noGrad()) {
            return run(closure);
        }
    }

    @SuppressWarnings("unchecked")
    private Tensor run(Supplier<Tensor> closure) {
        ParamGroup group = paramGroups().get(0);
        double lr = group.lr();
        int maxIter = group.getInt("maxIter");
        int maxEval = group.getInt("maxEval");
        double toleranceGrad = group.getDouble("toleranceGrad");
        double toleranceChange = group.getDouble("toleranceChange");
        Object lineSearchFn = group.get("lineSearchFn");
        int historySize = group.getInt("historySize");

        Map<String, Object> state = state(params.get(0));
        state.putIfAbsent("funcEvals", 0);
        state.putIfAbsent("nIter", 0);

        // evaluate the initial f(x) and df/dx
        Tensor origLoss = evaluate(closure);
        double loss = origLoss.item();
        int currentEvals = 1;
        state.put("funcEvals", (int) count(state.get("funcEvals")) + 1);
        Tensor flatGrad = gatherFlatGrad();
        boolean optCond = LineSearch.absMax(flatGrad) <= toleranceGrad;
        if (optCond) return origLoss;

        Tensor d = (Tensor) state.get("d");
        double t = state.containsKey("t") ? count(state.get("t")) : 0;
        List<Tensor> oldDirs = (List<Tensor>) state.get("oldDirs");
        List<Tensor> oldStps = (List<Tensor>) state.get("oldStps");
        List<Double> ro = (List<Double>) state.get("ro");
        double hDiag = state.containsKey("HDiag") ? count(state.get("HDiag")) : 1;
        Tensor prevFlatGrad = (Tensor) state.get("prevFlatGrad");
        double prevLoss = state.containsKey("prevLoss") ? count(state.get("prevLoss")) : Double.NaN;

        int nIter = 0;
        while (nIter < maxIter) {
            nIter++;
            int stateIter = (int) count(state.get("nIter")) + 1;
            state.put("nIter", stateIter);

            // compute the descent direction
            if (stateIter == 1) {
                d = flatGrad.neg();
                oldDirs = new ArrayList<>();
                oldStps = new ArrayList<>();
                ro = new ArrayList<>();
                hDiag = 1;
            } else {
                // update the memory
                Tensor y = flatGrad.sub(prevFlatGrad);
                Tensor s = d.mul(t);
                double ys = LineSearch.dot(y, s);
                if (ys > 1e-10) {
                    if (oldDirs.size() == historySize) {
                        // shift the history by one (limited memory)
                        oldDirs.remove(0);
                        oldStps.remove(0);
                        ro.remove(0);
                    }
                    oldDirs.add(y);
                    oldStps.add(s);
                    ro.add(1. / ys);
                    // scale of the initial Hessian approximation
                    hDiag = ys / LineSearch.dot(y, y);
                }
                // two-loop recursion: the approximate inverse Hessian times the gradient
                int numOld = oldDirs.size();
                double[] al = (double[]) state.get("al");
                if (al == null || al.length < historySize) {
                    al = new double[historySize];
                    state.put("al", al);
                }
                Tensor q = flatGrad.neg();
                for (int i = numOld - 1; i >= 0; i--) {
                    al[i] = LineSearch.dot(oldStps.get(i), q) * ro.get(i);
                    q.add_(oldDirs.get(i), -al[i]);
                }
                Tensor r = q.mul(hDiag);
                for (int i = 0; i < numOld; i++) {
                    double beI = LineSearch.dot(oldDirs.get(i), r) * ro.get(i);
                    r.add_(oldStps.get(i), al[i] - beI);
                }
                d = r;
            }
            if (prevFlatGrad == null) {
                prevFlatGrad = flatGrad.clone();
            } else {
                prevFlatGrad.copy_(flatGrad);
            }
            prevLoss = loss;

            // step length: a damped first guess, then lr
            t = stateIter == 1 ? Math.min(1., 1. / flatGrad.abs().sum().item()) * lr : lr;
            double gtd = LineSearch.dot(flatGrad, d);
            // the directional derivative is below tolerance
            if (gtd > -toleranceChange) break;

            int lsFuncEvals = 0;
            if (lineSearchFn != null) {
                List<Tensor> xInit = cloneParams();
                LineSearch.Result res = LineSearch.strongWolfe((x, tt, dd) -> directionalEvaluate(closure, x, tt, dd),
                        xInit, t, d, loss, flatGrad, gtd, 1e-4, 0.9, toleranceChange, 25);
                loss = res.loss();
                flatGrad = res.flatGrad();
                t = res.t();
                lsFuncEvals = res.evaluations();
                addGrad(t, d);
                optCond = LineSearch.absMax(flatGrad) <= toleranceGrad;
            } else {
                // no line search: a fixed step
                addGrad(t, d);
                if (nIter != maxIter) {
                    // re-evaluate unless this is the last iteration (stochastic settings gain nothing)
                    loss = evaluate(closure).item();
                    flatGrad = gatherFlatGrad();
                    optCond = LineSearch.absMax(flatGrad) <= toleranceGrad;
                    lsFuncEvals = 1;
                }
            }
            currentEvals += lsFuncEvals;
            state.put("funcEvals", (int) count(state.get("funcEvals")) + lsFuncEvals);

            if (nIter == maxIter) break;
            if (currentEvals >= maxEval) break;
            if (optCond) break;
            // lack of progress
            if (LineSearch.absMax(d.mul(t)) <= toleranceChange) break;
            if (Math.abs(loss - prevLoss) < toleranceChange) break;
        }

        state.put("d", d);
        state.put("t", t);
        state.put("oldDirs", oldDirs);
        state.put("oldStps", oldStps);
        state.put("ro", ro);
        state.put("HDiag", hDiag);
        state.put("prevFlatGrad", prevFlatGrad);
        state.put("prevLoss", prevLoss);
        return origLoss;
    }

    /** All gradients as one new flat vector; missing gradients count as zeros. */
    private Tensor gatherFlatGrad() {
        List<Tensor> views = new ArrayList<>(params.size());
        for (Tensor p : params) {
            Tensor g = p.grad();
            views.add(g == null ? Tensor.zeros(p.dtype(), p.device(), p.numel()) : g.reshape(-1));
        }
        return Torch.cat(views, 0);
    }

    /** {@code p += stepSize * update[slice of p]} for each parameter. */
    private void addGrad(double stepSize, Tensor update) {
        int offset = 0;
        for (Tensor p : params) {
            int numel = p.numel();
            p.add_(update.narrow(0, offset, numel).view(p.shape()), stepSize);
            offset += numel;
        }
    }

    private List<Tensor> cloneParams() {
        List<Tensor> out = new ArrayList<>(params.size());
        for (Tensor p : params) out.add(p.clone());
        return out;
    }

    private void setParams(List<Tensor> values) {
        for (int i = 0; i < params.size(); i++) params.get(i).copy_(values.get(i));
    }

    private LineSearch.Evaluation directionalEvaluate(Supplier<Tensor> closure, List<Tensor> x, double t, Tensor d) {
        addGrad(t, d);
        double loss = evaluate(closure).item();
        Tensor flatGrad = gatherFlatGrad();
        setParams(x);
        return new LineSearch.Evaluation(loss, flatGrad);
    }
}

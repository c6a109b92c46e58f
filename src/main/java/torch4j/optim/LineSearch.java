package torch4j.optim;

import java.util.List;
import torch4j.Tensor;

/**
 * The strong-Wolfe line search and cubic interpolation of PyTorch's LBFGS ({@code _strong_wolfe},
 * {@code _cubic_interpolate}, themselves ports of Torch7's {@code lswolfe.lua} and {@code
 * polyinterp.lua}), step for step so that trajectories match.
 */
final class LineSearch {
    private LineSearch() {}

    /** The loss and flat gradient at {@code x + t * d}. */
    record Evaluation(double loss, Tensor flatGrad) {}

    /** Evaluates the objective along the search direction and restores the parameters to {@code x}. */
    interface Objective {
        Evaluation at(List<Tensor> x, double t, Tensor d);
    }

    /** The point found: its loss, flat gradient, step length, and the evaluations spent. */
    record Result(double loss, Tensor flatGrad, double t, int evaluations) {}

    /**
     * Minimizer of the cubic through {@code (x1, f1)} and {@code (x2, f2)} with slopes {@code g1},
     * {@code g2}, clamped to {@code [xminBound, xmaxBound]}; the midpoint when the cubic has no
     * minimum.
     */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2,
                                   double xminBound, double xmaxBound) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double minPos;
            if (x1 <= x2) {
                minPos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2));
            } else {
                minPos = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            }
            return pyMin(pyMax(minPos, xminBound), xmaxBound);
        }
        return (xminBound + xmaxBound) / 2.;
    }

    /** {@link #cubicInterpolate} bounded by the two points themselves. */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2) {
        return x1 <= x2 ? cubicInterpolate(x1, f1, g1, x2, f2, g2, x1, x2) : cubicInterpolate(x1, f1, g1, x2, f2, g2, x2, x1);
    }

    /**
     * Finds a step length {@code t} along {@code d} from {@code x} (loss {@code f}, gradient
     * {@code g}, directional derivative {@code gtd}) satisfying the strong Wolfe conditions:
     * a bracketing phase, then a zoom phase with safeguarded cubic interpolation.
     */
    static Result strongWolfe(Objective obj, List<Tensor> x, double t, Tensor d, double f, Tensor g, double gtd,
                              double c1, double c2, double toleranceChange, int maxLs) {
        double dNorm = absMax(d);
        g = g.clone();
        Evaluation e = obj.at(x, t, d);
        double fNew = e.loss();
        Tensor gNew = e.flatGrad();
        int evals = 1;
        double gtdNew = dot(gNew, d);

        double tPrev = 0, fPrev = f, gtdPrev = gtd;
        Tensor gPrev = g;
        boolean done = false;
        int lsIter = 0;
        double[] bracket = null, bracketF = null, bracketGtd = new double[2];
        Tensor[] bracketG = null;
        while (lsIter < maxLs) {
            if (fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new Tensor[] {gPrev, gNew.clone()};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            if (Math.abs(gtdNew) <= -c2 * gtd) {
                bracket = new double[] {t};
                bracketF = new double[] {fNew};
                bracketG = new Tensor[] {gNew};
                done = true;
                break;
            }
            if (gtdNew >= 0) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new Tensor[] {gPrev, gNew.clone()};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            // interpolate
            double minStep = t + 0.01 * (t - tPrev);
            double maxStep = t * 10;
            double tmp = t;
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            // next step
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew.clone();
            gtdPrev = gtdNew;
            e = obj.at(x, t, d);
            fNew = e.loss();
            gNew = e.flatGrad();
            evals++;
            gtdNew = dot(gNew, d);
            lsIter++;
        }
        // reached the maximum number of iterations?
        if (lsIter == maxLs) {
            bracket = new double[] {0, t};
            bracketF = new double[] {f, fNew};
            bracketG = new Tensor[] {g, gNew};
        }

        // Zoom: refine the bracket until a point satisfies the conditions.
        boolean insufProgress = false;
        int last = bracketF.length - 1;
        int lowPos = bracketF[0] <= bracketF[last] ? 0 : 1;
        int highPos = 1 - lowPos;
        while (!done && lsIter < maxLs) {
            // the bracket is too small to go on
            if (Math.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) break;
            t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
            // A trial too close to an end, twice in a row or beyond it, moves to 10% of the
            // bracket's length away from the nearer end.
            double bMax = pyMax(bracket[0], bracket[1]), bMin = pyMin(bracket[0], bracket[1]);
            double eps = 0.1 * (bMax - bMin);
            if (pyMin(bMax - t, t - bMin) < eps) {
                if (insufProgress || t >= bMax || t <= bMin) {
                    t = Math.abs(t - bMax) < Math.abs(t - bMin) ? bMax - eps : bMin + eps;
                    insufProgress = false;
                } else {
                    insufProgress = true;
                }
            } else {
                insufProgress = false;
            }
            e = obj.at(x, t, d);
            fNew = e.loss();
            gNew = e.flatGrad();
            evals++;
            gtdNew = dot(gNew, d);
            lsIter++;
            if (fNew > f + c1 * t * gtd || fNew >= bracketF[lowPos]) {
                // Armijo condition not satisfied or not lower than the lowest point
                bracket[highPos] = t;
                bracketF[highPos] = fNew;
                bracketG[highPos] = gNew.clone();
                bracketGtd[highPos] = gtdNew;
                lowPos = bracketF[0] <= bracketF[1] ? 0 : 1;
                highPos = 1 - lowPos;
            } else {
                if (Math.abs(gtdNew) <= -c2 * gtd) {
                    done = true; // Wolfe conditions satisfied
                } else if (gtdNew * (bracket[highPos] - bracket[lowPos]) >= 0) {
                    // old high becomes new low
                    bracket[highPos] = bracket[lowPos];
                    bracketF[highPos] = bracketF[lowPos];
                    bracketG[highPos] = bracketG[lowPos];
                    bracketGtd[highPos] = bracketGtd[lowPos];
                }
                // new point becomes new low
                bracket[lowPos] = t;
                bracketF[lowPos] = fNew;
                bracketG[lowPos] = gNew.clone();
                bracketGtd[lowPos] = gtdNew;
            }
        }
        return new Result(bracketF[lowPos], bracketG[lowPos], bracket[lowPos], evals);
    }

    static double dot(Tensor a, Tensor b) {
        return a.dot(b).item();
    }

    static double absMax(Tensor t) {
        return t.abs().max().item();
    }

    // Python's max/min: the first argument unless the second compares strictly greater/smaller,
    // so a NaN first argument survives as it does in PyTorch.
    private static double pyMax(double a, double b) {
        return b > a ? b : a;
    }

    private static double pyMin(double a, double b) {
        return b < a ? b : a;
    }
}

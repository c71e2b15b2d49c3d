package io.prognos.core.detect.threshold;

import org.hipparchus.analysis.solvers.BrentSolver;
import org.hipparchus.exception.MathRuntimeException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A generalised Pareto distribution (GPD) fitted by maximum likelihood to excesses over a threshold,
 * with Grimshaw's method (Grimshaw, "Computing maximum likelihood estimates for the generalized
 * Pareto distribution", Technometrics 1993), as used by SPOT (Siffer et al., KDD 2017).
 *
 * <p>The GPD has survival function {@code P(Y > y) = (1 + xi y / sigma)^(-1/xi)} ({@code exp(-y/sigma)}
 * when {@code xi = 0}): {@code xi > 0} is a heavy (Pareto-like) tail, {@code xi = 0} an exponential
 * one, {@code xi < 0} a tail bounded at {@code -sigma/xi}.
 *
 * <p><b>Method.</b> With {@code theta = -xi/sigma} (Grimshaw's variable) the two likelihood equations
 * reduce to one: for a stationary point, {@code xi = mean(log(1 - theta Y))} and
 * {@code u(theta) v(theta) = 1} with {@code u = mean(1 / (1 - theta Y))},
 * {@code v = 1 + mean(log(1 - theta Y))}; {@code theta = 0} always solves it trivially. The non-trivial
 * roots lie in {@code (theta_L, 0)}, {@code theta_L = 2 (Y_min - mean) / Y_min^2}, and in
 * {@code (0, 1 / Y_max)} (where {@code 1 - theta Y} stays positive). Each side is scanned on a grid
 * (three points a decade) that is geometric away from 0 and, on the side of the singular end
 * {@code 1 / Y_max}, towards that end; every sign change is refined with
 * Brent's method, and each root gives {@code (xi, sigma = -xi / theta)}. The exponential model
 * ({@code xi = 0}, {@code sigma = mean}) is always a candidate too, and the candidate with the
 * highest log-likelihood is returned. A root closer to 0 than the grid's finest step
 * ({@code |theta| Y_max < 1e-6}) can be missed; its model is then indistinguishable from the
 * exponential candidate, which is kept instead. When {@code xi < -1} the likelihood is unbounded at
 * the end point, and a root there is only a local maximum (as in Grimshaw).
 *
 * <p><b>Degenerate input</b> is refused, never fitted silently: fewer than {@link #MIN_EXCESSES}
 * values, a value that is not finite and positive, or excesses without spread (all equal to
 * relative precision 1e-12) throw {@link IllegalArgumentException}.
 *
 * @param xi            shape
 * @param sigma         scale, positive
 * @param logLikelihood the log-likelihood of the excesses at {@code (xi, sigma)}
 * @param count         number of excesses fitted
 */
public record GpdFit(double xi, double sigma, double logLikelihood, int count) {

    /** Fewest excesses {@link #fit} accepts (two parameters need a third value to have any residual). */
    public static final int MIN_EXCESSES = 3;

    /** Grid points per decade of the root scan. */
    private static final int PER_DECADE = 3;
    /** The scan comes this close (relatively) to 0 and to the open ends of each side. */
    private static final double NEAREST = 1e-6;
    private static final double NEAREST_END = 1e-10;

    public GpdFit {
        if (!(sigma > 0) || Double.isNaN(xi) || Double.isInfinite(xi)) {
            throw new IllegalArgumentException("GPD needs sigma > 0 and a finite xi, was xi=" + xi + " sigma=" + sigma);
        }
    }

    /** Fits the excesses (all finite and positive) by Grimshaw's method; see the class comment. */
    public static GpdFit fit(double[] excesses) {
        return fit(excesses, excesses.length);
    }

    /** Fits the first {@code count} values of {@code excesses}. */
    public static GpdFit fit(double[] excesses, int count) {
        return fitCensored(excesses, count, new double[0], 0);
    }

    /**
     * Fits excesses of which some are right-censored: besides the {@code count} observed excesses, each
     * of the first {@code censoredCount} values of {@code censoredAt} is a level an excess is known to
     * have exceeded without its value being used (SPOT's flagged values, see {@link Spot}). The
     * likelihood is {@code sum log f(y_i) + sum log S(c_j)}; with {@code theta = -xi/sigma} the shape still
     * profiles out in closed form, {@code xi = (sum log(1 - theta y_i) + sum log(1 - theta c_j)) / n},
     * and the stationary points solve {@code u(theta) (1 + xi(theta)) = 1 + b(theta)}, with u as in
     * Grimshaw and {@code b = sum (1 - 1/(1 - theta c_j)) / n}; without censored values this is exactly
     * Grimshaw's equation and {@link #fit(double[])}. The same root scan is used; with censored values
     * the negative side is scanned ten times beyond Grimshaw's bound, which was derived for the
     * uncensored case. {@link #count()} counts the observed excesses only.
     */
    public static GpdFit fitCensored(double[] excesses, int count, double[] censoredAt, int censoredCount) {
        if (count < MIN_EXCESSES) {
            throw new IllegalArgumentException("a GPD fit needs at least " + MIN_EXCESSES + " excesses, got " + count);
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (int i = 0; i < count; i++) {
            double y = excesses[i];
            if (!(y > 0) || Double.isInfinite(y)) {
                throw new IllegalArgumentException("excesses must be finite and > 0, found " + y + " at " + i);
            }
            sum += y;
            min = Math.min(min, y);
            max = Math.max(max, y);
        }
        double mean = sum / count;
        if (max - min <= 1e-12 * max) {
            throw new IllegalArgumentException("the " + count + " excesses are all equal (" + min
                    + "): no GPD can be fitted to values without spread");
        }
        double censoredSum = 0;
        double reach = max;
        for (int j = 0; j < censoredCount; j++) {
            double c = censoredAt[j];
            if (!(c > 0) || Double.isInfinite(c)) {
                throw new IllegalArgumentException("censoring levels must be finite and > 0, found " + c + " at " + j);
            }
            censoredSum += c;
            reach = Math.max(reach, c);
        }
        double[] y = count == excesses.length ? excesses : Arrays.copyOf(excesses, count);
        double[] cens = censoredCount == censoredAt.length ? censoredAt : Arrays.copyOf(censoredAt, censoredCount);
        Equation eq = new Equation(y, cens);

        // the exponential model: sigma = (sum of excesses and censoring levels) / n, log-likelihood -n (log sigma + 1)
        double expSigma = (sum + censoredSum) / count;
        GpdFit best = new GpdFit(0, expSigma, -count * (Math.log(expSigma) + 1), count);
        double upper = 1 / reach;
        double lower = 2 * (min - mean) / (min * min) * (censoredCount > 0 ? 10 : 1);
        List<Double> roots = new ArrayList<>();
        findRoots(eq, scanGrid(upper, reach, true), roots);
        findRoots(eq, scanGrid(lower, reach, false), roots);
        for (double theta : roots) {
            double sumLogY = eq.sumLog(eq.y, theta);
            double xi = (sumLogY + eq.sumLog(eq.c, theta)) / count;
            double sigma = -xi / theta;
            if (!(sigma > 0) || !Double.isFinite(sigma) || !Double.isFinite(xi) || xi == 0) {
                continue;
            }
            // log L = -n log sigma - (1 + 1/xi) A - B/xi = -n log sigma - A - n at the profiled xi = (A + B)/n
            double ll = -count * (Math.log(sigma) + 1) - sumLogY;
            if (ll > best.logLikelihood) {
                best = new GpdFit(xi, sigma, ll, count);
            }
        }
        return best;
    }

    /** The log-likelihood of {@code values} under a GPD (minus infinity outside its support). */
    public static double logLikelihood(double[] values, double xi, double sigma) {
        if (!(sigma > 0)) {
            return Double.NEGATIVE_INFINITY;
        }
        double ll = -values.length * Math.log(sigma);
        for (double y : values) {
            if (y < 0) {
                return Double.NEGATIVE_INFINITY;
            }
            if (xi == 0) {
                ll -= y / sigma;
            } else {
                double a = xi * y / sigma;
                if (!(a > -1)) {
                    return Double.NEGATIVE_INFINITY;
                }
                ll -= (1 + 1 / xi) * Math.log1p(a);
            }
        }
        return ll;
    }

    /** {@code P(Y > y)} under this fit. */
    public double survival(double y) {
        if (y <= 0) {
            return 1;
        }
        if (xi == 0) {
            return Math.exp(-y / sigma);
        }
        double s = 1 + xi * y / sigma;
        return s <= 0 ? 0 : Math.pow(s, -1 / xi);
    }

    /** The excess {@code y} with {@code P(Y > y) = p}, for {@code 0 < p <= 1}. */
    public double excessQuantile(double p) {
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in (0, 1], was " + p);
        }
        if (xi == 0) {
            return -sigma * Math.log(p);
        }
        // sigma/xi (p^-xi - 1), written with expm1 so that small xi keeps its precision
        return sigma * Math.expm1(-xi * Math.log(p)) / xi;
    }

    /**
     * Grid on the open interval from 0 to {@code end} (either sign): geometric in the distance from 0,
     * starting at {@code NEAREST / yMax} (fine steps for roots close to the exponential case) and, when
     * {@code refineEnd}, also geometric in the distance from {@code end}, where the equation changes fast
     * because {@code 1 - theta Y_max} goes to 0.
     */
    private static double[] scanGrid(double end, double yMax, boolean refineEnd) {
        double far = Math.abs(end);
        double step = Math.pow(10, 1.0 / PER_DECADE);
        List<Double> points = new ArrayList<>();
        for (double a = NEAREST / yMax; a < far; a *= step) {
            points.add(a);
        }
        if (refineEnd) {
            for (double d = far / step; d > far * NEAREST_END; d /= step) {
                double a = far - d;
                if (a > NEAREST / yMax) {
                    points.add(a);
                }
            }
        }
        double[] grid = new double[points.size()];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = points.get(i);
        }
        Arrays.sort(grid);
        for (int i = 0; i < grid.length; i++) {
            grid[i] = Math.copySign(grid[i], end);
        }
        return grid;
    }

    private static void findRoots(Equation eq, double[] grid, List<Double> roots) {
        if (grid.length < 2) {
            return;
        }
        BrentSolver solver = new BrentSolver(1e-12, 1e-300, 1e-15);
        double prevX = grid[0];
        double prevW = eq.value(prevX);
        for (int i = 1; i < grid.length; i++) {
            double x = grid[i];
            double w = eq.value(x);
            if (Double.isFinite(prevW) && Double.isFinite(w) && (prevW < 0) != (w < 0)) {
                try {
                    roots.add(solver.solve(200, eq::value, Math.min(prevX, x), Math.max(prevX, x)));
                } catch (MathRuntimeException e) {
                    // no convergence in the bracket: leave this root out (the others and the exponential remain)
                }
            }
            prevX = x;
            prevW = w;
        }
    }

    /**
     * The reduced likelihood equation {@code u(theta) (1 + xi(theta)) - 1 - b(theta)} on fixed excesses
     * {@code y} and censoring levels {@code c}; Grimshaw's {@code u v - 1} when there are none.
     */
    private static final class Equation {
        private final double[] y;
        private final double[] c;

        Equation(double[] y, double[] c) {
            this.y = y;
            this.c = c;
        }

        double value(double theta) {
            double sumInv = 0;
            double sumLog = 0;
            for (double v : y) {
                double s = 1 - theta * v;
                sumInv += 1 / s;
                sumLog += Math.log(s);
            }
            double sumB = 0;
            for (double v : c) {
                double s = 1 - theta * v;
                sumB += 1 - 1 / s;
                sumLog += Math.log(s);
            }
            int n = y.length;
            return (sumInv / n) * (1 + sumLog / n) - 1 - sumB / n;
        }

        /** {@code sum(log(1 - theta v))} over {@code values}. */
        double sumLog(double[] values, double theta) {
            double sum = 0;
            for (double v : values) {
                sum += Math.log1p(-theta * v);
            }
            return sum;
        }
    }
}

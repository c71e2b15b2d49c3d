package io.prognos.core.detect.threshold;

import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * A generalised extreme value (GEV) distribution fitted by maximum likelihood to block maxima: the
 * limit law of the maximum of a block of values (Fisher-Tippett-Gnedenko), with distribution function
 * {@code G(z) = exp(-(1 + xi (z - mu) / sigma)^(-1/xi))}, the Gumbel law {@code exp(-exp(-(z - mu) / sigma))}
 * when {@code xi = 0}, Frechet-type ({@code xi > 0}, heavy tail) or Weibull-type ({@code xi < 0},
 * bounded) otherwise.
 *
 * <p><b>Method.</b> The negative log-likelihood in {@code ((mu - mu0) / s0, log(sigma / s0), xi)} is
 * minimised with Hipparchus's Nelder-Mead simplex from three starts ({@code xi = -0.2, 0, 0.2}, with
 * {@code mu0, s0} the Gumbel moment estimates), the best result polished by one restart. The
 * likelihood is written with {@code log1p(xi s) / xi}, which tends smoothly to the Gumbel form as
 * {@code xi -> 0}, so the Gumbel case needs no special branch in the search; points outside the
 * support ({@code 1 + xi s <= 0} for some maximum) are infeasible. As usual for the GEV, the estimates
 * are regular for {@code xi > -0.5}.
 *
 * @param xi            shape
 * @param mu            location
 * @param sigma         scale, positive
 * @param logLikelihood the log-likelihood of the maxima at the estimate
 * @param count         number of maxima fitted
 */
public record GevFit(double xi, double mu, double sigma, double logLikelihood, int count) {

    /** Fewest block maxima {@link #fit} accepts. */
    public static final int MIN_MAXIMA = 5;

    private static final double EULER_GAMMA = 0.5772156649015329;

    public GevFit {
        if (!(sigma > 0) || !Double.isFinite(xi) || !Double.isFinite(mu)) {
            throw new IllegalArgumentException("GEV needs sigma > 0 and finite xi, mu; was xi=" + xi + " mu=" + mu
                    + " sigma=" + sigma);
        }
    }

    /**
     * Fits block maxima by maximum likelihood.
     *
     * @throws IllegalArgumentException with fewer than {@link #MIN_MAXIMA} values, a value that is not
     *                                  finite, or values without spread
     * @throws IllegalStateException    if no start reaches a finite likelihood (not seen on valid data)
     */
    public static GevFit fit(double[] maxima) {
        int n = maxima.length;
        if (n < MIN_MAXIMA) {
            throw new IllegalArgumentException("a GEV fit needs at least " + MIN_MAXIMA + " block maxima, got " + n);
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double z = maxima[i];
            if (!Double.isFinite(z)) {
                throw new IllegalArgumentException("block maxima must be finite, found " + z + " at " + i);
            }
            sum += z;
            min = Math.min(min, z);
            max = Math.max(max, z);
        }
        if (max - min <= 1e-12 * Math.max(Math.abs(max), Math.abs(min))) {
            throw new IllegalArgumentException("the " + n + " block maxima are all equal (" + min
                    + "): no GEV can be fitted to values without spread");
        }
        double mean = sum / n;
        double ss = 0;
        for (double z : maxima) {
            ss += (z - mean) * (z - mean);
        }
        double s0 = Math.sqrt(6 * ss / (n - 1)) / Math.PI;
        double mu0 = mean - EULER_GAMMA * s0;

        ObjectiveFunction objective = new ObjectiveFunction(p -> {
            double ll = logLikelihood(maxima, p[2], mu0 + p[0] * s0, s0 * Math.exp(p[1]));
            return Double.isFinite(ll) ? -ll : Double.MAX_VALUE;
        });
        PointValuePair best = null;
        for (double xiStart : new double[]{0, -0.2, 0.2}) {
            PointValuePair result = minimise(objective, new double[]{0, 0, xiStart});
            if (result != null && (best == null || result.getValue() < best.getValue())) {
                best = result;
            }
        }
        if (best != null) {
            PointValuePair polished = minimise(objective, best.getPoint());
            if (polished != null && polished.getValue() <= best.getValue()) {
                best = polished;
            }
        }
        if (best == null || best.getValue() == Double.MAX_VALUE) {
            throw new IllegalStateException("GEV likelihood search found no feasible point for " + n + " maxima");
        }
        double[] p = best.getPoint();
        return new GevFit(p[2], mu0 + p[0] * s0, s0 * Math.exp(p[1]), -best.getValue(), n);
    }

    private static PointValuePair minimise(ObjectiveFunction objective, double[] start) {
        try {
            SimplexOptimizer optimizer = new SimplexOptimizer(1e-12, 1e-12);
            return optimizer.optimize(new MaxEval(20_000), objective, GoalType.MINIMIZE,
                    new InitialGuess(start), new NelderMeadSimplex(new double[]{0.2, 0.2, 0.1}));
        } catch (MathRuntimeException e) {
            return null;
        }
    }

    /** The log-likelihood of {@code maxima} under a GEV (minus infinity outside its support). */
    public static double logLikelihood(double[] maxima, double xi, double mu, double sigma) {
        if (!(sigma > 0)) {
            return Double.NEGATIVE_INFINITY;
        }
        double ll = -maxima.length * Math.log(sigma);
        for (double z : maxima) {
            double s = (z - mu) / sigma;
            double l1p;
            double t;
            if (xi == 0) {
                l1p = 0;
                t = s;
            } else {
                double a = xi * s;
                if (!(a > -1)) {
                    return Double.NEGATIVE_INFINITY;
                }
                l1p = Math.log1p(a);
                t = l1p / xi;
            }
            // log g = -log sigma - (1 + 1/xi) log(1 + xi s) - (1 + xi s)^(-1/xi), with t = log(1 + xi s) / xi
            ll -= l1p + t + Math.exp(-t);
        }
        return ll;
    }

    /** {@code G(z)}, the probability that a block maximum is at most {@code z}. */
    public double cdf(double z) {
        double s = (z - mu) / sigma;
        if (xi == 0) {
            return Math.exp(-Math.exp(-s));
        }
        double a = 1 + xi * s;
        if (a <= 0) {
            return xi > 0 ? 0 : 1;
        }
        return Math.exp(-Math.pow(a, -1 / xi));
    }

    /**
     * The return level for a block risk {@code p}: the level a block maximum exceeds with probability
     * {@code p}, {@code G^-1(1 - p)}, for {@code 0 < p < 1}.
     */
    public double returnLevel(double blockRisk) {
        if (!(blockRisk > 0 && blockRisk < 1)) {
            throw new IllegalArgumentException("block risk must be in (0, 1), was " + blockRisk);
        }
        return levelAtLogCdf(-Math.log1p(-blockRisk));
    }

    /**
     * The level {@code z} with {@code -log G(z) = y}: {@code mu + sigma (y^-xi - 1) / xi}, or
     * {@code mu - sigma log y} for the Gumbel law. Package-private so that a per-value risk can be
     * converted without losing precision ({@code y = -m log(1 - q)} for blocks of {@code m}).
     */
    double levelAtLogCdf(double y) {
        double logY = Math.log(y);
        if (xi == 0) {
            return mu - sigma * logY;
        }
        return mu + sigma * Math.expm1(-xi * logY) / xi;
    }
}

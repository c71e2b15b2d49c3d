package io.prognos.core.drift;

import org.hipparchus.special.Erf;
import org.hipparchus.special.Gamma;

/**
 * Two-sample statistics comparing a reference sample with a current one, written on Hipparchus's special
 * functions (the module does not depend on hipparchus-stat). Each method checks its input: a null, too small
 * or non-finite sample is rejected with the sample's name and the index of the first bad value.
 */
public final class TwoSampleStatistics {

    /** Above this many reference-current pairs the KS p-value uses the asymptotic distribution. */
    public static final long KS_EXACT_LIMIT = 10_000_000L;

    private TwoSampleStatistics() {
    }

    /**
     * Kolmogorov-Smirnov: the largest distance between the two empirical distribution functions and its
     * two-sided p-value.
     *
     * @param exact whether the p-value is exact (path counting) rather than asymptotic
     */
    public record Ks(double statistic, double pValue, boolean exact) {
    }

    /**
     * Mann-Whitney U of the current sample (the number of reference-current pairs where the current value is
     * larger, ties counting one half), so {@code u / (n m)} is the probability that a current value exceeds
     * a reference value (0.5: no shift); the two-sided p-value of the rank-sum test.
     */
    public record MannWhitney(double u, double pValue) {
    }

    /** Chi-square test of homogeneity on binned counts: statistic, degrees of freedom and p-value. */
    public record ChiSquare(double statistic, int degreesOfFreedom, double pValue) {
    }

    /**
     * The two-sample Kolmogorov-Smirnov test. The statistic is computed after all tied values are consumed,
     * so ties never inflate it. The p-value is exact when {@code n m <= KS_EXACT_LIMIT}: the probability that
     * a random interleaving of the two samples (a lattice path from (0,0) to (n,m)) reaches a point where the
     * empirical distributions differ by at least the observed D, accumulated as the probability of leaving the
     * band, so small p-values keep their precision. With ties the exact p-value treats the data as continuous
     * (it is then conservative). Beyond the limit it uses the Kolmogorov distribution at
     * {@code (sqrt(ne) + 0.12 + 0.11 / sqrt(ne)) D} with {@code ne = n m / (n + m)} (Stephens' small-sample
     * correction).
     */
    public static Ks kolmogorovSmirnov(double[] reference, double[] current) {
        Samples.check("reference", reference, 1);
        Samples.check("current", current, 1);
        double[] a = Samples.sorted(reference);
        double[] b = Samples.sorted(current);
        long n = a.length;
        long m = b.length;
        // D n m as an integer: max |i m - j n| over the merged order, evaluated after each run of equal values
        long dScaled = 0;
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            double v = i < n && (j >= m || a[i] <= b[j]) ? a[i] : b[j];
            while (i < n && a[i] == v) {
                i++;
            }
            while (j < m && b[j] == v) {
                j++;
            }
            dScaled = Math.max(dScaled, Math.abs(i * m - j * n));
        }
        double d = dScaled / (double) (n * m);
        if (dScaled == 0) {
            return new Ks(0, 1, true);
        }
        if (n * m <= KS_EXACT_LIMIT) {
            return new Ks(d, clamp(exactKsSurvival((int) n, (int) m, dScaled)), true);
        }
        double ne = n * m / (double) (n + m);
        double sq = Math.sqrt(ne);
        return new Ks(d, kolmogorovSurvival((sq + 0.12 + 0.11 / sq) * d), false);
    }

    /** P(D >= dScaled / (n m)) under the null, by dynamic programming over the lattice of interleavings. */
    private static double exactKsSurvival(int n, int m, long dScaled) {
        // mass[j] at row i: probability of reaching (i, j) without having touched the band's edge
        double[] mass = new double[m + 1];
        double left = 0;
        for (int i = 0; i <= n; i++) {
            for (int j = 0; j <= m; j++) {
                double p;
                if (i == 0 && j == 0) {
                    p = 1;
                } else {
                    p = 0;
                    if (i > 0) {
                        // step from (i-1, j) taking a reference value
                        int restN = n - i + 1;
                        int restM = m - j;
                        p += mass[j] * restN / (double) (restN + restM);
                    }
                    if (j > 0) {
                        // step from (i, j-1) taking a current value
                        int restN = n - i;
                        int restM = m - j + 1;
                        p += mass[j - 1] * restM / (double) (restN + restM);
                    }
                }
                if (Math.abs((long) i * m - (long) j * n) >= dScaled) {
                    left += p;
                    p = 0;
                }
                mass[j] = p;
            }
        }
        return left;
    }

    /**
     * The survival function of the Kolmogorov distribution, {@code P(K > lambda)}: the alternating series
     * {@code 2 sum (-1)^(k-1) exp(-2 k^2 lambda^2)} for lambda >= 1, the theta-function form
     * {@code 1 - sqrt(2 pi) / lambda sum exp(-(2k-1)^2 pi^2 / (8 lambda^2))} below, where each converges fast.
     */
    public static double kolmogorovSurvival(double lambda) {
        if (!(lambda > 0)) {
            return 1;
        }
        if (lambda < 1) {
            double cdf = 0;
            for (int k = 1; k <= 50; k++) {
                int odd = 2 * k - 1;
                double term = Math.exp(-odd * odd * Math.PI * Math.PI / (8 * lambda * lambda));
                cdf += term;
                if (term < 1e-17 * cdf) {
                    break;
                }
            }
            return clamp(1 - Math.sqrt(2 * Math.PI) / lambda * cdf);
        }
        double sum = 0;
        for (int k = 1; k <= 100; k++) {
            double term = Math.exp(-2.0 * k * k * lambda * lambda);
            sum += (k % 2 == 1 ? term : -term);
            if (term < 1e-300 || term < 1e-17 * Math.abs(sum)) {
                break;
            }
        }
        return clamp(2 * sum);
    }

    /**
     * The Mann-Whitney U (Wilcoxon rank-sum) test with mid-ranks for ties. The two-sided p-value uses the
     * normal approximation with the tie-corrected variance and a continuity correction of 1/2; it is
     * approximate for very small samples (below about 10 per sample). Both samples need at least 2 values.
     */
    public static MannWhitney mannWhitney(double[] reference, double[] current) {
        Samples.check("reference", reference, 2);
        Samples.check("current", current, 2);
        int n = reference.length;
        int m = current.length;
        int total = n + m;
        double[] values = new double[total];
        boolean[] isCurrent = new boolean[total];
        Integer[] order = new Integer[total];
        for (int k = 0; k < total; k++) {
            order[k] = k;
            values[k] = k < n ? reference[k] : current[k - n];
            isCurrent[k] = k >= n;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
        double currentRankSum = 0;
        double tieTerm = 0;
        int start = 0;
        while (start < total) {
            int end = start;
            while (end + 1 < total && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            double midRank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                if (isCurrent[order[k]]) {
                    currentRankSum += midRank;
                }
            }
            double t = end - start + 1;
            tieTerm += t * t * t - t;
            start = end + 1;
        }
        double u = currentRankSum - m * (m + 1) / 2.0;
        double mu = n * (double) m / 2;
        double variance = n * (double) m / 12 * ((total + 1) - tieTerm / ((double) total * (total - 1)));
        if (variance <= 0) {
            return new MannWhitney(u, 1);
        }
        double z = Math.max(0, Math.abs(u - mu) - 0.5) / Math.sqrt(variance);
        return new MannWhitney(u, clamp(Erf.erfc(z / Math.sqrt(2))));
    }

    /**
     * Chi-square test of homogeneity on a 2 x k table of counts (reference row, current row). Small-count
     * guard: adjacent bins are merged, left to right, until every merged bin's expected count is at least
     * {@code minExpected} in both rows (the usual rule of thumb is 5); a short remainder joins the last merged
     * bin. With fewer than two bins left there is nothing to compare: statistic 0, 0 degrees of freedom, p 1.
     */
    public static ChiSquare chiSquare(long[] referenceCounts, long[] currentCounts, double minExpected) {
        if (referenceCounts.length != currentCounts.length) {
            throw new IllegalArgumentException("reference has " + referenceCounts.length + " bins, current "
                    + currentCounts.length);
        }
        long n = 0;
        long m = 0;
        for (int k = 0; k < referenceCounts.length; k++) {
            if (referenceCounts[k] < 0 || currentCounts[k] < 0) {
                throw new IllegalArgumentException("negative count in bin " + k);
            }
            n += referenceCounts[k];
            m += currentCounts[k];
        }
        if (n == 0 || m == 0) {
            throw new IllegalArgumentException((n == 0 ? "reference" : "current") + " counts are all zero");
        }
        double total = n + m;
        double needed = minExpected * total / Math.min(n, m);
        long[][] merged = new long[referenceCounts.length][];
        int groups = 0;
        long accRef = 0;
        long accCur = 0;
        for (int k = 0; k < referenceCounts.length; k++) {
            accRef += referenceCounts[k];
            accCur += currentCounts[k];
            if (accRef + accCur >= needed) {
                merged[groups++] = new long[] {accRef, accCur};
                accRef = 0;
                accCur = 0;
            }
        }
        if (accRef + accCur > 0) {
            if (groups == 0) {
                merged[groups++] = new long[] {accRef, accCur};
            } else {
                merged[groups - 1][0] += accRef;
                merged[groups - 1][1] += accCur;
            }
        }
        if (groups < 2) {
            return new ChiSquare(0, 0, 1);
        }
        double statistic = 0;
        for (int g = 0; g < groups; g++) {
            double column = merged[g][0] + merged[g][1];
            double expRef = column * n / total;
            double expCur = column * m / total;
            statistic += sq(merged[g][0] - expRef) / expRef + sq(merged[g][1] - expCur) / expCur;
        }
        int df = groups - 1;
        return new ChiSquare(statistic, df, clamp(Gamma.regularizedGammaQ(df / 2.0, statistic / 2)));
    }

    /**
     * The population stability index {@code sum (c_i - r_i) ln(c_i / r_i)} over bin shares r (reference) and
     * c (current). A share below {@code epsilon} is raised to epsilon first, so a bin empty in one sample adds a
     * large but finite term instead of infinity; a bin empty in both adds nothing. Conventional reading:
     * below 0.1 stable, 0.1-0.25 some shift, above 0.25 a major shift.
     */
    public static double psi(double[] referenceShares, double[] currentShares, double epsilon) {
        checkShares(referenceShares, currentShares);
        if (!(epsilon > 0 && epsilon < 1)) {
            throw new IllegalArgumentException("epsilon must be in (0, 1), was " + epsilon);
        }
        double psi = 0;
        for (int k = 0; k < referenceShares.length; k++) {
            double r = Math.max(referenceShares[k], epsilon);
            double c = Math.max(currentShares[k], epsilon);
            psi += (c - r) * Math.log(c / r);
        }
        return psi;
    }

    /**
     * The Jensen-Shannon divergence between two discrete distributions, in bits (base-2 logarithms), so it
     * lies in [0, 1]: 0 for identical distributions, 1 for distributions with disjoint support. Symmetric and
     * finite even where one distribution has empty bins, unlike the Kullback-Leibler divergence.
     */
    public static double jensenShannon(double[] p, double[] q) {
        checkShares(p, q);
        double sp = sum(p);
        double sq = sum(q);
        double js = 0;
        for (int k = 0; k < p.length; k++) {
            double a = p[k] / sp;
            double b = q[k] / sq;
            double mid = (a + b) / 2;
            if (a > 0) {
                js += 0.5 * a * Math.log(a / mid);
            }
            if (b > 0) {
                js += 0.5 * b * Math.log(b / mid);
            }
        }
        return Math.min(1, Math.max(0, js / Math.log(2)));
    }

    /**
     * The Wasserstein-1 (earth mover's) distance between the two empirical distributions, exactly: the area
     * between their distribution functions, {@code integral |F_ref(x) - F_cur(x)| dx}, summed over the merged
     * sorted values. In the samples' own units (a copy shifted by s is at distance |s|).
     */
    public static double wasserstein(double[] reference, double[] current) {
        Samples.check("reference", reference, 1);
        Samples.check("current", current, 1);
        double[] a = Samples.sorted(reference);
        double[] b = Samples.sorted(current);
        int n = a.length;
        int m = b.length;
        int i = 0;
        int j = 0;
        double distance = 0;
        double previous = Math.min(a[0], b[0]);
        while (i < n || j < m) {
            double v = i < n && (j >= m || a[i] <= b[j]) ? a[i] : b[j];
            distance += Math.abs(i / (double) n - j / (double) m) * (v - previous);
            while (i < n && a[i] == v) {
                i++;
            }
            while (j < m && b[j] == v) {
                j++;
            }
            previous = v;
        }
        return distance;
    }

    private static void checkShares(double[] p, double[] q) {
        if (p == null || q == null) {
            throw new IllegalArgumentException((p == null ? "reference" : "current") + " shares are missing (null)");
        }
        if (p.length != q.length || p.length == 0) {
            throw new IllegalArgumentException("reference and current need the same, non-zero number of bins; were "
                    + p.length + " and " + q.length);
        }
        for (int k = 0; k < p.length; k++) {
            if (!(p[k] >= 0) || !(q[k] >= 0) || Double.isInfinite(p[k]) || Double.isInfinite(q[k])) {
                throw new IllegalArgumentException("bin " + k + " has an invalid share: reference " + p[k]
                        + ", current " + q[k]);
            }
        }
        if (!(sum(p) > 0) || !(sum(q) > 0)) {
            throw new IllegalArgumentException((sum(p) > 0 ? "current" : "reference") + " shares sum to zero");
        }
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    private static double sq(double x) {
        return x * x;
    }

    private static double clamp(double p) {
        return Math.min(1, Math.max(0, p));
    }
}

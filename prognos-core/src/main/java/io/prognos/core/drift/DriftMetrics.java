package io.prognos.core.drift;

/**
 * Every statistic Prognos computes between a reference sample (what the model was trained or validated on)
 * and a current sample (a recent window), in one immutable record, so a drift report can show why it reached
 * its verdict. Shifts are expressed in reference standard deviations ({@code referenceSd}) so that they are
 * unit-free and comparable across sensors.
 *
 * <ul>
 *   <li>{@code ksStatistic}, {@code ksPValue}: two-sample Kolmogorov-Smirnov (see
 *       {@link TwoSampleStatistics#kolmogorovSmirnov});</li>
 *   <li>{@code mannWhitneyU}, {@code mannWhitneyPValue}: the rank-sum test; {@code U / (n m)} is the probability
 *       that a current value exceeds a reference one;</li>
 *   <li>{@code chiSquare}, {@code chiSquareDf}, {@code chiSquarePValue}: homogeneity of the counts in the
 *       {@link ReferenceBins} (default 10 equal-frequency bins plus the two outside the reference's range), with
 *       adjacent bins merged until each expected count is at least 5;</li>
 *   <li>{@code psi}: population stability index on the same bins, shares below {@link #PSI_EPSILON} raised to
 *       it;</li>
 *   <li>{@code jensenShannon}: Jensen-Shannon divergence on the same bins, in bits, in [0, 1];</li>
 *   <li>{@code wasserstein}: the exact Wasserstein-1 distance between the empirical distributions divided by
 *       {@code referenceSd};</li>
 *   <li>{@code meanShift}: (current mean - reference mean) / referenceSd, signed;</li>
 *   <li>{@code sdRatio}: currentSd / referenceSd (0 for a constant current sample);</li>
 *   <li>{@code quantileShifts}: the p5, p25, p50, p75 and p95 of current minus reference, in referenceSd.</li>
 * </ul>
 */
public record DriftMetrics(int referenceSize, int currentSize, double referenceMean, double referenceSd,
                           double currentMean, double currentSd, double ksStatistic, double ksPValue,
                           double mannWhitneyU, double mannWhitneyPValue, double chiSquare, int chiSquareDf,
                           double chiSquarePValue, double psi, double jensenShannon, double wasserstein,
                           double meanShift, double sdRatio, QuantileShifts quantileShifts) {

    /** Fewest values accepted in either sample. */
    public static final int MIN_SAMPLE_SIZE = 20;
    /** Default number of equal-frequency bins cut from the reference. */
    public static final int DEFAULT_BINS = 10;
    /** Floor for a bin share in the PSI, so empty bins give a finite index. */
    public static final double PSI_EPSILON = 1e-4;
    /** Smallest expected count per bin in the chi-square test before bins are merged. */
    public static final double MIN_EXPECTED_COUNT = 5;

    /** Quantile differences, current minus reference, in reference standard deviations. */
    public record QuantileShifts(double p5, double p25, double p50, double p75, double p95) {

        /** The largest absolute shift of the five. */
        public double maxAbs() {
            return Math.max(Math.max(Math.max(Math.abs(p5), Math.abs(p25)), Math.max(Math.abs(p50), Math.abs(p75))),
                    Math.abs(p95));
        }
    }

    /** The metrics with {@link #DEFAULT_BINS} bins. */
    public static DriftMetrics between(double[] reference, double[] current) {
        return between(reference, current, DEFAULT_BINS);
    }

    /**
     * Computes all metrics. Both samples need at least {@link #MIN_SAMPLE_SIZE} finite values and the reference
     * at least two per bin; the reference must not be constant, because every shift is measured in its standard
     * deviation (a constant reference is a data problem to fix before monitoring drift).
     */
    public static DriftMetrics between(double[] reference, double[] current, int bins) {
        Samples.check("reference", reference, MIN_SAMPLE_SIZE);
        Samples.check("current", current, MIN_SAMPLE_SIZE);
        if (bins < 2 || bins > reference.length / 2) {
            throw new IllegalArgumentException("bins must be between 2 and half the reference size ("
                    + reference.length / 2 + "), was " + bins);
        }
        double refMean = Samples.mean(reference);
        double refSd = Samples.sd(reference, refMean);
        if (!(refSd > 0)) {
            throw new IllegalArgumentException("reference sample is constant (" + reference[0]
                    + "); shifts in reference standard deviations are undefined");
        }
        double curMean = Samples.mean(current);
        double curSd = Samples.sd(current, curMean);

        TwoSampleStatistics.Ks ks = TwoSampleStatistics.kolmogorovSmirnov(reference, current);
        TwoSampleStatistics.MannWhitney mw = TwoSampleStatistics.mannWhitney(reference, current);
        ReferenceBins cut = ReferenceBins.fromReference(reference, bins);
        long[] refCounts = cut.counts(reference);
        long[] curCounts = cut.counts(current);
        TwoSampleStatistics.ChiSquare chi = TwoSampleStatistics.chiSquare(refCounts, curCounts, MIN_EXPECTED_COUNT);
        double[] refShares = shares(refCounts, reference.length);
        double[] curShares = shares(curCounts, current.length);
        double psi = TwoSampleStatistics.psi(refShares, curShares, PSI_EPSILON);
        double js = TwoSampleStatistics.jensenShannon(refShares, curShares);
        double w = TwoSampleStatistics.wasserstein(reference, current) / refSd;

        double[] rs = Samples.sorted(reference);
        double[] cs = Samples.sorted(current);
        QuantileShifts shifts = new QuantileShifts(
                qShift(rs, cs, 0.05, refSd), qShift(rs, cs, 0.25, refSd), qShift(rs, cs, 0.50, refSd),
                qShift(rs, cs, 0.75, refSd), qShift(rs, cs, 0.95, refSd));
        return new DriftMetrics(reference.length, current.length, refMean, refSd, curMean, curSd,
                ks.statistic(), ks.pValue(), mw.u(), mw.pValue(), chi.statistic(), chi.degreesOfFreedom(),
                chi.pValue(), psi, js, w, (curMean - refMean) / refSd, curSd / refSd, shifts);
    }

    private static double qShift(double[] ref, double[] cur, double p, double sd) {
        return (Samples.quantile(cur, p) - Samples.quantile(ref, p)) / sd;
    }

    private static double[] shares(long[] counts, int n) {
        double[] shares = new double[counts.length];
        for (int k = 0; k < counts.length; k++) {
            shares[k] = counts[k] / (double) n;
        }
        return shares;
    }
}

package io.prognos.core.detect;

import java.util.Arrays;

/**
 * How unusual a stretch of readings is against a baseline stretch, in robust standard deviations: the
 * largest |x - median| over the stretch, divided by 1.4826 x the baseline's median absolute deviation
 * (the standard deviation for normal data, but not moved by the outliers being looked for). Used to rank an
 * asset's other sensors over an anomaly's interval, the first "why" an engineer asks.
 */
public final class RobustDeviation {

    private RobustDeviation() {
    }

    /**
     * @return the largest robust z-score in {@code stretch}; NaN when either side has no finite value; when the
     * baseline is constant, 0 if the stretch equals it and positive infinity otherwise
     */
    public static double maxAbsZ(double[] baseline, double[] stretch) {
        double[] base = Arrays.stream(baseline).filter(Double::isFinite).sorted().toArray();
        double[] values = Arrays.stream(stretch).filter(Double::isFinite).toArray();
        if (base.length == 0 || values.length == 0) {
            return Double.NaN;
        }
        double median = median(base);
        double[] deviations = Arrays.stream(base).map(v -> Math.abs(v - median)).sorted().toArray();
        double scale = 1.4826 * median(deviations);
        double worst = 0;
        for (double v : values) {
            worst = Math.max(worst, Math.abs(v - median));
        }
        if (scale == 0) {
            return worst == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return worst / scale;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}

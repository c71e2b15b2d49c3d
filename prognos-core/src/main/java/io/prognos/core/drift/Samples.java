package io.prognos.core.drift;

import java.util.Arrays;

/** Input checks and small descriptive helpers shared by the drift statistics. */
final class Samples {

    private Samples() {
    }

    /**
     * Rejects a missing, too small or non-finite sample, naming the sample and the first bad index so the
     * caller can find the reading.
     */
    static void check(String name, double[] values, int minSize) {
        if (values == null) {
            throw new IllegalArgumentException(name + " sample is missing (null)");
        }
        if (values.length < minSize) {
            throw new IllegalArgumentException(name + " sample has " + values.length
                    + " values; at least " + minSize + " are needed");
        }
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException(name + " sample: value at index " + i + " is NaN");
            }
            if (Double.isInfinite(v)) {
                throw new IllegalArgumentException(name + " sample: value at index " + i + " is infinite (" + v + ")");
            }
        }
    }

    static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Sample standard deviation (n - 1 in the denominator), two-pass for accuracy; 0 for one value. */
    static double sd(double[] values, double mean) {
        if (values.length < 2) {
            return 0;
        }
        double ss = 0;
        for (double v : values) {
            double d = v - mean;
            ss += d * d;
        }
        return Math.sqrt(ss / (values.length - 1));
    }

    /**
     * The p-quantile of a sorted sample by linear interpolation between order statistics at position
     * (n - 1) p (the default of R and NumPy, "type 7").
     */
    static double quantile(double[] sorted, double p) {
        if (sorted.length == 1) {
            return sorted[0];
        }
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        if (lo >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }
}

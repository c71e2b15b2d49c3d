package io.prognos.core.detect.telemanom;

/** Small numeric helpers with NumPy's conventions (population standard deviation, linear percentiles). */
final class Stats {

    private Stats() {
    }

    static double mean(double[] values, int count) {
        if (count == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += values[i];
        }
        return sum / count;
    }

    static double populationSd(double[] values, int count, double mean) {
        if (count == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            double d = values[i] - mean;
            sum += d * d;
        }
        return Math.sqrt(sum / count);
    }

    static double max(double[] values) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** Percentile q (0-100) of sorted values with linear interpolation between ranks (NumPy's default). */
    static double percentileSorted(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double position = q / 100.0 * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(sorted.length - 1, lower + 1);
        double fraction = position - lower;
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction;
    }

    /**
     * Exponentially weighted moving average with span s, as pandas' {@code ewm(span=s).mean()} with its
     * default {@code adjust=True}: each value is the weighted mean of all values so far with weights
     * (1 - a)^age, a = 2 / (s + 1).
     */
    static double[] ewma(double[] values, int span) {
        double decay = 1.0 - 2.0 / (span + 1.0);
        double[] out = new double[values.length];
        double numerator = 0;
        double denominator = 0;
        for (int i = 0; i < values.length; i++) {
            numerator = values[i] + decay * numerator;
            denominator = 1.0 + decay * denominator;
            out[i] = numerator / denominator;
        }
        return out;
    }
}

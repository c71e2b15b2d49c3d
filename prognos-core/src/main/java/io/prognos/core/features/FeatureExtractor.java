package io.prognos.core.features;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Batch feature computation over a whole univariate series: one row of {@link FeatureSet} columns per point, for
 * training and backfills. {@link FeatureStream} computes the same rows incrementally for live data.
 *
 * <p>Row {@code t} uses only points {@code 0..t} (no look-ahead), so it equals what the stream returned when that
 * point arrived. Each rolling window is computed directly from the array (two-pass mean and standard deviation,
 * a scan for minimum and maximum, a sorted copy for the median); lags, differences, EWM, expanding statistics,
 * the spectrum and the calendar encoding use the same arithmetic as the stream.
 *
 * <p><b>When features are NaN</b> (in the batch and the stream alike; t is the 0-based index, w the window, F the
 * FFT size, s the seasonal lag): {@code time_delta_s}, {@code lag_1}, {@code diff_1} and {@code pct_change} for
 * t &lt; 1; {@code lag_2} and {@code diff_2} for t &lt; 2; {@code lag_3} for t &lt; 3; {@code lag_seasonal} and
 * {@code diff_seasonal} for t &lt; s; the rolling statistics for t &lt; w - 1 (the window is not full);
 * {@code volatility} for t &lt; w (it needs w differences); {@code exp_std} for t &lt; 1; the spectral features
 * for t &lt; F - 1. The value, EWM, the other expanding statistics and the calendar features are never NaN.
 *
 * <p><b>Agreement with the stream</b>: identical (bit for bit, up to the sign of zero) for every column except
 * {@code roll_mean}, {@code roll_std}, {@code roll_zscore} and {@code volatility}, where the stream uses running
 * sums and the batch sums each window afresh; those agree to within 1e-9 relative (values of magnitude below 1
 * to within 1e-9 absolute), and in practice to about 1e-13. A window whose values are all equal gives mean = that
 * value and standard deviation exactly 0 in both.
 */
public final class FeatureExtractor {

    private final FeatureConfig config;
    private final FeatureSet features;

    /** An extractor computing the features of {@code config}. */
    public FeatureExtractor(FeatureConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.features = new FeatureSet(config);
    }

    /** The config this extractor computes. */
    public FeatureConfig config() {
        return config;
    }

    /** The columns of the rows returned by {@link #batch}. */
    public FeatureSet featureSet() {
        return features;
    }

    /** The column names, in order. */
    public List<String> names() {
        return features.names();
    }

    /**
     * The feature rows of a series: {@code result[t][c]} is feature {@code names().get(c)} at point {@code t}.
     *
     * @param epochMillis the timestamps, UTC epoch milliseconds, strictly increasing
     * @param values      the readings, all finite
     * @throws IllegalArgumentException if the arrays differ in length, a value is NaN or infinite, or a timestamp is
     *                                  not after its predecessor (the message names the first such index)
     */
    public double[][] batch(long[] epochMillis, double[] values) {
        Objects.requireNonNull(epochMillis, "epochMillis");
        Objects.requireNonNull(values, "values");
        if (epochMillis.length != values.length) {
            throw new IllegalArgumentException(epochMillis.length + " timestamps but " + values.length + " values");
        }
        int len = values.length;
        for (int t = 0; t < len; t++) {
            if (!Double.isFinite(values[t])) {
                throw new IllegalArgumentException("value at index " + t + " is " + values[t]
                        + "; features need finite values (fill gaps first)");
            }
            if (t > 0 && epochMillis[t] <= epochMillis[t - 1]) {
                throw new IllegalArgumentException("timestamp at index " + t + " (" + epochMillis[t]
                        + ") is not after the previous one (" + epochMillis[t - 1] + ")");
            }
        }
        double[][] rows = new double[len][features.size()];
        for (double[] row : rows) {
            Arrays.fill(row, Double.NaN);
        }
        double[] diff = new double[len];
        if (len == 0) {
            return rows;
        }
        diff[0] = Double.NaN;
        for (int t = 1; t < len; t++) {
            diff[t] = values[t] - values[t - 1];
        }
        pointwise(epochMillis, values, diff, rows);
        rolling(values, rows);
        ewm(values, rows);
        expanding(values, rows);
        volatility(diff, rows);
        spectral(values, rows);
        return rows;
    }

    private void pointwise(long[] ts, double[] x, double[] diff, double[][] rows) {
        int s = config.seasonalLag();
        for (int t = 0; t < x.length; t++) {
            double[] row = rows[t];
            row[FeatureSet.VALUE] = x[t];
            if (t >= 1) {
                row[FeatureSet.TIME_DELTA] = (ts[t] - ts[t - 1]) / 1000.0;
                row[FeatureSet.LAG_1] = x[t - 1];
                row[FeatureSet.DIFF_1] = diff[t];
                row[FeatureSet.PCT_CHANGE] = FeatureMath.pctChange(x[t], x[t - 1], config.pctEpsilon());
            }
            if (t >= 2) {
                row[FeatureSet.LAG_2] = x[t - 2];
                row[FeatureSet.DIFF_2] = diff[t] - diff[t - 1];
            }
            if (t >= 3) {
                row[FeatureSet.LAG_3] = x[t - 3];
            }
            if (t >= s) {
                row[FeatureSet.LAG_SEASONAL] = x[t - s];
                row[FeatureSet.DIFF_SEASONAL] = x[t] - x[t - s];
            }
            CalendarEncoding.encodeInto(ts[t], row, features.calendarStart());
        }
    }

    private void rolling(double[] x, double[][] rows) {
        int w = config.window();
        double[] sorted = new double[w];
        for (int t = w - 1; t < x.length; t++) {
            int from = t - w + 1;
            double min = x[from];
            double max = x[from];
            for (int i = from + 1; i <= t; i++) {
                if (x[i] <= min) {
                    min = x[i];
                }
                if (x[i] >= max) {
                    max = x[i];
                }
            }
            double mean;
            double std;
            double deviation;
            if (min == max) {
                mean = x[t];
                std = 0.0;
                deviation = 0.0;
            } else {
                double shifted = shiftedMean(x, from, t, x[t]);
                mean = x[t] + shifted;
                std = windowStd(x, from, t, x[t], shifted);
                deviation = -shifted;
            }
            System.arraycopy(x, from, sorted, 0, w);
            Arrays.sort(sorted);
            double median = w % 2 == 1 ? sorted[w / 2] : (sorted[w / 2 - 1] + sorted[w / 2]) / 2;
            double[] row = rows[t];
            row[FeatureSet.ROLL_MEAN] = mean;
            row[FeatureSet.ROLL_STD] = std;
            row[FeatureSet.ROLL_MIN] = min;
            row[FeatureSet.ROLL_MAX] = max;
            row[FeatureSet.ROLL_MEDIAN] = median;
            row[FeatureSet.ROLL_RANGE] = max - min;
            row[FeatureSet.ROLL_ZSCORE] = FeatureMath.zscore(deviation, std);
            row[FeatureSet.ROLL_POSITION] = FeatureMath.position(x[t], min, max);
        }
    }

    /**
     * The window's mean minus {@code shift}, summing deviations from the shift (the newest value) so a large common
     * level does not swamp a small spread; the newest value's deviation from the mean is its negative.
     */
    private static double shiftedMean(double[] x, int from, int to, double shift) {
        double sum = 0;
        for (int i = from; i <= to; i++) {
            sum += x[i] - shift;
        }
        return sum / (to - from + 1);
    }

    /** Sample standard deviation: second pass around the mean, in coordinates shifted by {@code shift}. */
    private static double windowStd(double[] x, int from, int to, double shift, double shiftedMean) {
        double ss = 0;
        for (int i = from; i <= to; i++) {
            double d = (x[i] - shift) - shiftedMean;
            ss += d * d;
        }
        return Math.sqrt(ss / (to - from));
    }

    private void ewm(double[] x, double[][] rows) {
        List<Integer> spans = config.ewmSpans();
        for (int k = 0; k < spans.size(); k++) {
            double alpha = 2.0 / (spans.get(k) + 1);
            double mean = 0;
            double var = 0;
            for (int t = 0; t < x.length; t++) {
                if (t == 0) {
                    mean = x[0];
                    var = 0.0;
                } else {
                    double delta = x[t] - mean;
                    double increment = alpha * delta;
                    mean = mean + increment;
                    var = (1 - alpha) * (var + delta * increment);
                }
                rows[t][FeatureSet.EWM_START + 2 * k] = mean;
                rows[t][FeatureSet.EWM_START + 2 * k + 1] = Math.sqrt(var);
            }
        }
    }

    private void expanding(double[] x, double[][] rows) {
        int e = features.expandingStart();
        double mean = 0;
        double m2 = 0;
        double min = 0;
        double max = 0;
        for (int t = 0; t < x.length; t++) {
            long n = t + 1;
            double delta = x[t] - mean;
            mean += delta / n;
            m2 += delta * (x[t] - mean);
            if (t == 0 || x[t] <= min) {
                min = x[t];
            }
            if (t == 0 || x[t] >= max) {
                max = x[t];
            }
            rows[t][e] = mean;
            rows[t][e + 1] = n >= 2 ? Math.sqrt(m2 / (n - 1)) : Double.NaN;
            rows[t][e + 2] = min;
            rows[t][e + 3] = max;
        }
    }

    private void volatility(double[] diff, double[][] rows) {
        int w = config.window();
        int column = features.volatilityColumn();
        for (int t = w; t < diff.length; t++) {
            int from = t - w + 1;
            boolean constant = true;
            for (int i = from + 1; i <= t && constant; i++) {
                constant = diff[i] == diff[from];
            }
            rows[t][column] = constant ? 0.0
                    : windowStd(diff, from, t, diff[t], shiftedMean(diff, from, t, diff[t]));
        }
    }

    private void spectral(double[] x, double[][] rows) {
        int size = config.fftSize();
        Spectrum spectrum = new Spectrum(size);
        double[] in = spectrum.input();
        for (int t = size - 1; t < x.length; t++) {
            System.arraycopy(x, t - size + 1, in, 0, size);
            spectrum.computeInto(rows[t], features.fftStart());
        }
    }
}

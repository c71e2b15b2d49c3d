package io.prognos.core.features;

import java.util.List;
import java.util.Objects;

/**
 * Incremental feature computation for a live series: {@link #push} one reading at a time and get its feature row,
 * the same row {@link FeatureExtractor#batch} gives for that point of the whole series.
 *
 * <p>Memory is bounded by the config, not by the length of the stream: a ring buffer of the last
 * {@code max(window + 1, fftSize, seasonalLag + 1)} values for the lags and the spectrum, running sums over ring
 * buffers of {@code window} values (rolling mean and standard deviation, volatility), monotonic deques for the
 * rolling minimum and maximum, two indexed heaps for the rolling median, and O(1) state for the EWM and expanding
 * statistics. The whole history is never re-read; {@link #retainedSize()} reports the (fixed) size of the buffers.
 *
 * <p>Features whose window or lag is not yet available are NaN, exactly as in the batch (see
 * {@link FeatureExtractor}). Values must be finite and timestamps strictly increasing; a violating reading is
 * rejected with an {@link IllegalArgumentException} naming its index (0-based count of accepted readings) and
 * leaves the stream unchanged.
 *
 * <p>Not thread-safe: one stream per series, pushed from one thread at a time.
 */
public final class FeatureStream {

    private final FeatureConfig config;
    private final FeatureSet features;
    private final int window;
    private final double[] history;
    private final SlidingMoments rolling;
    private final SlidingMoments diffs;
    private final MonotonicDeque minimum;
    private final MonotonicDeque maximum;
    private final RollingMedian median;
    private final double[] ewmAlpha;
    private final double[] ewmMean;
    private final double[] ewmVar;
    private final Spectrum spectrum;
    private long count;
    private long previousTs;
    private double previousDiff = Double.NaN;
    private double expMean;
    private double expM2;
    private double expMin;
    private double expMax;

    /** A stream computing the features of {@code config}. */
    public FeatureStream(FeatureConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        features = new FeatureSet(config);
        window = config.window();
        history = new double[config.historyLength()];
        rolling = new SlidingMoments(window);
        diffs = new SlidingMoments(window);
        minimum = new MonotonicDeque(window, true);
        maximum = new MonotonicDeque(window, false);
        median = new RollingMedian(window);
        int spans = config.ewmSpans().size();
        ewmAlpha = new double[spans];
        ewmMean = new double[spans];
        ewmVar = new double[spans];
        for (int i = 0; i < spans; i++) {
            ewmAlpha[i] = 2.0 / (config.ewmSpans().get(i) + 1);
        }
        spectrum = new Spectrum(config.fftSize());
    }

    /** The config this stream computes. */
    public FeatureConfig config() {
        return config;
    }

    /** The columns of the rows returned by {@link #push}. */
    public FeatureSet featureSet() {
        return features;
    }

    /** The column names, in order. */
    public List<String> names() {
        return features.names();
    }

    /** How many readings have been accepted. */
    public long count() {
        return count;
    }

    /**
     * The number of array elements the stream keeps (ring buffers, deques, heaps, FFT work arrays, EWM state).
     * Fixed at construction: it depends on the config only, never on how many readings were pushed.
     */
    public int retainedSize() {
        return history.length + rolling.retainedSize() + diffs.retainedSize() + minimum.retainedSize()
                + maximum.retainedSize() + median.retainedSize() + ewmAlpha.length + ewmMean.length
                + ewmVar.length + spectrum.retainedSize();
    }

    /**
     * Accepts the reading at {@code epochMillis} (UTC epoch milliseconds) and returns its feature row, a new array
     * in the order of {@link #names()}.
     *
     * @throws IllegalArgumentException if {@code value} is NaN or infinite, or {@code epochMillis} is not after the
     *                                  previous reading's
     */
    public double[] push(long epochMillis, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value at index " + count + " is " + value
                    + "; features need finite values (fill gaps first)");
        }
        if (count > 0 && epochMillis <= previousTs) {
            throw new IllegalArgumentException("timestamp at index " + count + " (" + epochMillis
                    + ") is not after the previous one (" + previousTs + ")");
        }
        double[] row = new double[features.size()];
        java.util.Arrays.fill(row, Double.NaN);
        long t = count;
        row[FeatureSet.VALUE] = value;
        if (t >= 1) {
            row[FeatureSet.TIME_DELTA] = (epochMillis - previousTs) / 1000.0;
        }

        // lags and differences, from the history ring (before the new value goes in)
        double lag1 = lag(t, 1);
        row[FeatureSet.LAG_1] = lag1;
        row[FeatureSet.LAG_2] = lag(t, 2);
        row[FeatureSet.LAG_3] = lag(t, 3);
        double seasonal = lag(t, config.seasonalLag());
        row[FeatureSet.LAG_SEASONAL] = seasonal;
        double diff = Double.NaN;
        if (t >= 1) {
            diff = value - lag1;
            row[FeatureSet.DIFF_1] = diff;
            row[FeatureSet.PCT_CHANGE] = FeatureMath.pctChange(value, lag1, config.pctEpsilon());
        }
        if (t >= 2) {
            row[FeatureSet.DIFF_2] = diff - previousDiff;
        }
        if (t >= config.seasonalLag()) {
            row[FeatureSet.DIFF_SEASONAL] = value - seasonal;
        }
        history[(int) (t % history.length)] = value;

        // rolling statistics
        rolling.push(value);
        minimum.push(t, value);
        maximum.push(t, value);
        median.push(value);
        if (rolling.full()) {
            double mean = rolling.mean();
            double std = rolling.std();
            double min = minimum.extreme();
            double max = maximum.extreme();
            row[FeatureSet.ROLL_MEAN] = mean;
            row[FeatureSet.ROLL_STD] = std;
            row[FeatureSet.ROLL_MIN] = min;
            row[FeatureSet.ROLL_MAX] = max;
            row[FeatureSet.ROLL_MEDIAN] = median.median();
            row[FeatureSet.ROLL_RANGE] = max - min;
            row[FeatureSet.ROLL_ZSCORE] = FeatureMath.zscore(rolling.deviation(value), std);
            row[FeatureSet.ROLL_POSITION] = FeatureMath.position(value, min, max);
        }

        // EWM (pandas adjust=False; variance with bias=True)
        for (int i = 0; i < ewmAlpha.length; i++) {
            if (t == 0) {
                ewmMean[i] = value;
                ewmVar[i] = 0.0;
            } else {
                double a = ewmAlpha[i];
                double delta = value - ewmMean[i];
                double increment = a * delta;
                ewmMean[i] = ewmMean[i] + increment;
                ewmVar[i] = (1 - a) * (ewmVar[i] + delta * increment);
            }
            row[FeatureSet.EWM_START + 2 * i] = ewmMean[i];
            row[FeatureSet.EWM_START + 2 * i + 1] = Math.sqrt(ewmVar[i]);
        }

        // expanding statistics (Welford)
        long n = t + 1;
        double delta = value - expMean;
        expMean += delta / n;
        expM2 += delta * (value - expMean);
        if (t == 0 || value <= expMin) {
            expMin = value;
        }
        if (t == 0 || value >= expMax) {
            expMax = value;
        }
        int e = features.expandingStart();
        row[e] = expMean;
        row[e + 1] = n >= 2 ? Math.sqrt(expM2 / (n - 1)) : Double.NaN;
        row[e + 2] = expMin;
        row[e + 3] = expMax;

        // volatility: rolling std of first differences
        if (t >= 1) {
            diffs.push(diff);
            if (diffs.full()) {
                row[features.volatilityColumn()] = diffs.std();
            }
        }

        // spectrum over the last fftSize values, oldest first
        int size = config.fftSize();
        if (n >= size) {
            double[] in = spectrum.input();
            for (int i = 0; i < size; i++) {
                in[i] = history[(int) ((n - size + i) % history.length)];
            }
            spectrum.computeInto(row, features.fftStart());
        }

        CalendarEncoding.encodeInto(epochMillis, row, features.calendarStart());

        previousDiff = diff;
        previousTs = epochMillis;
        count = n;
        return row;
    }

    private double lag(long t, int k) {
        return t >= k ? history[(int) ((t - k) % history.length)] : Double.NaN;
    }
}

package io.prognos.core.features;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The parameters of feature engineering: how far back the rolling statistics look, which exponentially weighted
 * means are kept, how many points the spectrum covers and which lag is the seasonal one.
 *
 * <p>Immutable and validated on construction, so a {@link FeatureExtractor} (batch) and a {@link FeatureStream}
 * (incremental) built from equal configs compute the same features. Invalid values are rejected with an
 * {@link IllegalArgumentException} naming the field, rather than producing NaN-filled or misaligned columns later.
 *
 * @param window      number of points in the rolling window (rolling statistics and volatility); at least 2 so a
 *                    sample standard deviation exists
 * @param ewmSpans    spans of the exponentially weighted means and standard deviations, each at least 1 and all
 *                    distinct (they name columns); smoothing factor {@code alpha = 2 / (span + 1)}
 * @param fftSize     number of most recent points the frequency-domain features are computed over; a power of two,
 *                    at least 8 so there are at least three non-DC bins
 * @param seasonalLag the seasonal lag in points (for example 24 for hourly data with a daily cycle); at least 1
 * @param pctEpsilon  floor on the magnitude of the previous value in the percent change, so the feature stays finite
 *                    near zero; positive and finite
 */
public record FeatureConfig(int window, List<Integer> ewmSpans, int fftSize, int seasonalLag, double pctEpsilon) {

    /** Upper bound on every size parameter, to keep the streaming buffers bounded and allocation sane. */
    public static final int MAX_SIZE = 1 << 20;

    /** Default rolling window: 24 points (a day of hourly readings). */
    public static final int DEFAULT_WINDOW = 24;
    /** Default EWM spans: a short (6) and a long (24) one. */
    public static final List<Integer> DEFAULT_SPANS = List.of(6, 24);
    /** Default spectrum length: the last 64 points. */
    public static final int DEFAULT_FFT_SIZE = 64;
    /** Default seasonal lag: 24 points. */
    public static final int DEFAULT_SEASONAL_LAG = 24;
    /** Default floor on the percent change's denominator. */
    public static final double DEFAULT_PCT_EPSILON = 1e-9;

    public FeatureConfig {
        if (window < 2 || window > MAX_SIZE) {
            throw new IllegalArgumentException("window must be between 2 and " + MAX_SIZE + ", got " + window);
        }
        Objects.requireNonNull(ewmSpans, "ewmSpans");
        if (ewmSpans.isEmpty()) {
            throw new IllegalArgumentException("ewmSpans must hold at least one span");
        }
        ewmSpans = List.copyOf(ewmSpans);
        var seen = new HashSet<Integer>();
        for (int span : ewmSpans) {
            if (span < 1 || span > MAX_SIZE) {
                throw new IllegalArgumentException("ewmSpans must each be between 1 and " + MAX_SIZE + ", got " + span);
            }
            if (!seen.add(span)) {
                throw new IllegalArgumentException("ewmSpans must be distinct, " + span + " repeats");
            }
        }
        if (fftSize < 8 || fftSize > MAX_SIZE || Integer.bitCount(fftSize) != 1) {
            throw new IllegalArgumentException("fftSize must be a power of two between 8 and " + MAX_SIZE
                    + ", got " + fftSize);
        }
        if (seasonalLag < 1 || seasonalLag > MAX_SIZE) {
            throw new IllegalArgumentException("seasonalLag must be between 1 and " + MAX_SIZE + ", got "
                    + seasonalLag);
        }
        if (!(pctEpsilon > 0) || Double.isInfinite(pctEpsilon)) {
            throw new IllegalArgumentException("pctEpsilon must be positive and finite, got " + pctEpsilon);
        }
    }

    /** The defaults: window 24, spans 6 and 24, FFT over 64 points, seasonal lag 24, percent-change floor 1e-9. */
    public static FeatureConfig defaults() {
        return new FeatureConfig(DEFAULT_WINDOW, DEFAULT_SPANS, DEFAULT_FFT_SIZE, DEFAULT_SEASONAL_LAG,
                DEFAULT_PCT_EPSILON);
    }

    /** A copy with another rolling window. */
    public FeatureConfig withWindow(int newWindow) {
        return new FeatureConfig(newWindow, ewmSpans, fftSize, seasonalLag, pctEpsilon);
    }

    /** A copy with other EWM spans. */
    public FeatureConfig withEwmSpans(List<Integer> newSpans) {
        return new FeatureConfig(window, newSpans, fftSize, seasonalLag, pctEpsilon);
    }

    /** A copy with another spectrum length. */
    public FeatureConfig withFftSize(int newFftSize) {
        return new FeatureConfig(window, ewmSpans, newFftSize, seasonalLag, pctEpsilon);
    }

    /** A copy with another seasonal lag. */
    public FeatureConfig withSeasonalLag(int newSeasonalLag) {
        return new FeatureConfig(window, ewmSpans, fftSize, newSeasonalLag, pctEpsilon);
    }

    /** The number of points the stream must keep to serve every lag and window. */
    int historyLength() {
        return Math.max(Math.max(window + 1, fftSize), seasonalLag + 1);
    }
}

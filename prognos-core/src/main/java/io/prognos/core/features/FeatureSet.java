package io.prognos.core.features;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The named feature columns for one {@link FeatureConfig}, in a stable order: column {@code i} of every row from
 * {@link FeatureExtractor#batch} and of every array from {@link FeatureStream#push} is {@code names().get(i)}.
 *
 * <p>The order is fixed by this class (it does not depend on anything but the number and values of the EWM spans,
 * which appear in the EWM column names), so models trained on these columns can be stored with the name list and
 * checked against it when restored. The columns, in order:
 * <ol>
 *   <li>{@code value} (the reading itself) and {@code time_delta_s} (seconds since the previous timestamp);</li>
 *   <li>rolling statistics over the last {@code window} points: {@code roll_mean}, {@code roll_std} (sample, n-1),
 *       {@code roll_min}, {@code roll_max}, {@code roll_median}, {@code roll_range}, {@code roll_zscore}
 *       ((value - mean) / std, 0 when std is 0) and {@code roll_position} ((value - min) / range, 0.5 when the range
 *       is 0);</li>
 *   <li>lags {@code lag_1}, {@code lag_2}, {@code lag_3}, {@code lag_seasonal};</li>
 *   <li>differences {@code diff_1}, {@code diff_2} (difference of the first differences), {@code diff_seasonal}
 *       and {@code pct_change} = (x[t] - x[t-1]) / max(|x[t-1]|, pctEpsilon): relative to the magnitude of the
 *       previous value, floored so it stays finite when that value is (near) zero;</li>
 *   <li>per EWM span s: {@code ewm_mean_s} and {@code ewm_std_s} (pandas {@code ewm(span=s, adjust=False)},
 *       the standard deviation with {@code bias=True});</li>
 *   <li>expanding statistics over everything seen: {@code exp_mean}, {@code exp_std} (sample), {@code exp_min},
 *       {@code exp_max};</li>
 *   <li>{@code volatility}: the sample standard deviation of the last {@code window} first differences;</li>
 *   <li>over the last {@code fftSize} points: {@code fft_freq_k} and {@code fft_mag_k} for the three strongest
 *       non-DC components (frequency in cycles per sample, magnitude as the amplitude of that sinusoid),
 *       {@code spectral_energy} (power beyond DC, equal to the population variance of the window),
 *       {@code spectral_entropy} (Shannon entropy of the normalised power over bins 1..fftSize/2, divided by its
 *       maximum, so in [0, 1]) and {@code spectral_centroid} (power-weighted mean frequency);</li>
 *   <li>calendar features in UTC, cyclically encoded: {@code hour_sin}, {@code hour_cos} (time of day as a fraction
 *       of 24 hours, so 06:00 is angle pi/2), {@code dow_sin}, {@code dow_cos} (Monday = 0 of 7),
 *       {@code doy_sin}, {@code doy_cos} ((day of year - 1) / length of that year).</li>
 * </ol>
 * A feature whose window or lag is not yet available is NaN; see {@link FeatureExtractor} for exactly when.
 */
public final class FeatureSet {

    static final int VALUE = 0;
    static final int TIME_DELTA = 1;
    static final int ROLL_MEAN = 2;
    static final int ROLL_STD = 3;
    static final int ROLL_MIN = 4;
    static final int ROLL_MAX = 5;
    static final int ROLL_MEDIAN = 6;
    static final int ROLL_RANGE = 7;
    static final int ROLL_ZSCORE = 8;
    static final int ROLL_POSITION = 9;
    static final int LAG_1 = 10;
    static final int LAG_2 = 11;
    static final int LAG_3 = 12;
    static final int LAG_SEASONAL = 13;
    static final int DIFF_1 = 14;
    static final int DIFF_2 = 15;
    static final int DIFF_SEASONAL = 16;
    static final int PCT_CHANGE = 17;
    static final int EWM_START = 18;

    /** Columns of the spectral block, relative to {@link #fftStart()}. */
    static final int SPECTRAL_COLUMNS = 9;
    /** Columns of the calendar block. */
    static final int CALENDAR_COLUMNS = 6;

    private static final List<String> HEAD = List.of("value", "time_delta_s", "roll_mean", "roll_std", "roll_min",
            "roll_max", "roll_median", "roll_range", "roll_zscore", "roll_position", "lag_1", "lag_2", "lag_3",
            "lag_seasonal", "diff_1", "diff_2", "diff_seasonal", "pct_change");
    private static final List<String> EXPANDING = List.of("exp_mean", "exp_std", "exp_min", "exp_max");
    private static final List<String> SPECTRAL = List.of("fft_freq_1", "fft_mag_1", "fft_freq_2", "fft_mag_2",
            "fft_freq_3", "fft_mag_3", "spectral_energy", "spectral_entropy", "spectral_centroid");
    private static final List<String> CALENDAR = List.of("hour_sin", "hour_cos", "dow_sin", "dow_cos", "doy_sin",
            "doy_cos");

    private final FeatureConfig config;
    private final List<String> names;
    private final Map<String, Integer> index;
    private final int expandingStart;
    private final int volatility;
    private final int fftStart;
    private final int calendarStart;

    /** The columns for this config. */
    public FeatureSet(FeatureConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        var all = new ArrayList<String>(HEAD);
        for (int span : config.ewmSpans()) {
            all.add("ewm_mean_" + span);
            all.add("ewm_std_" + span);
        }
        expandingStart = all.size();
        all.addAll(EXPANDING);
        volatility = all.size();
        all.add("volatility");
        fftStart = all.size();
        all.addAll(SPECTRAL);
        calendarStart = all.size();
        all.addAll(CALENDAR);
        names = List.copyOf(all);
        var map = new HashMap<String, Integer>();
        for (int i = 0; i < names.size(); i++) {
            if (map.put(names.get(i), i) != null) {
                throw new IllegalStateException("duplicate feature name " + names.get(i));
            }
        }
        index = Map.copyOf(map);
    }

    /** The names of the features produced with {@code config}, in column order. */
    public static List<String> namesFor(FeatureConfig config) {
        return new FeatureSet(config).names();
    }

    /** The config these columns belong to. */
    public FeatureConfig config() {
        return config;
    }

    /** The column names, in column order (unmodifiable). */
    public List<String> names() {
        return names;
    }

    /** The number of columns. */
    public int size() {
        return names.size();
    }

    /** The column of {@code name}. */
    public int indexOf(String name) {
        Integer i = index.get(name);
        if (i == null) {
            throw new IllegalArgumentException("no feature named " + name + "; known: " + names);
        }
        return i;
    }

    int expandingStart() {
        return expandingStart;
    }

    int volatilityColumn() {
        return volatility;
    }

    int fftStart() {
        return fftStart;
    }

    int calendarStart() {
        return calendarStart;
    }
}

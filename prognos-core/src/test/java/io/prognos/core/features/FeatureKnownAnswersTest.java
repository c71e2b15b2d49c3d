package io.prognos.core.features;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Hand-computed answers for each feature family, checked on both the batch and the stream. EWM follows pandas
 * {@code ewm(span, adjust=False)}; its standard deviation is pandas' {@code std(bias=True)}.
 */
class FeatureKnownAnswersTest {

    private static final long HOUR = 3_600_000L;
    private static final long MONDAY_2024_01_01 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    /** Config with the given window and seasonal lag, span 3, the smallest FFT. */
    private static FeatureConfig small(int window, int seasonalLag) {
        return new FeatureConfig(window, List.of(3), 8, seasonalLag, 1e-9);
    }

    private static long[] hourly(int n) {
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = MONDAY_2024_01_01 + i * HOUR;
        }
        return ts;
    }

    /** Batch rows, after checking the stream gives the same rows. */
    private static double[][] rows(FeatureConfig config, long[] ts, double[] x) {
        double[][] batch = new FeatureExtractor(config).batch(ts, x);
        FeatureStream stream = new FeatureStream(config);
        for (int t = 0; t < x.length; t++) {
            double[] row = stream.push(ts[t], x[t]);
            for (int c = 0; c < row.length; c++) {
                if (Double.isNaN(batch[t][c])) {
                    assertThat(row[c]).as(stream.names().get(c) + " at " + t).isNaN();
                    continue;
                }
                assertThat(row[c]).as(stream.names().get(c) + " at " + t)
                        .isCloseTo(batch[t][c], within(1e-12 * Math.max(1, Math.abs(batch[t][c]))));
            }
        }
        return batch;
    }

    private static double get(FeatureConfig config, double[] row, String name) {
        return row[new FeatureSet(config).indexOf(name)];
    }

    @Test
    void rollingStatisticsOfOneToFive() {
        FeatureConfig config = small(5, 1);
        double[][] r = rows(config, hourly(5), new double[] {4, 1, 5, 3, 2});
        for (int t = 0; t < 4; t++) {
            assertThat(get(config, r[t], "roll_median")).as("not yet full").isNaN();
            assertThat(get(config, r[t], "roll_mean")).isNaN();
        }
        assertThat(get(config, r[4], "roll_median")).isEqualTo(3.0);
        assertThat(get(config, r[4], "roll_mean")).isEqualTo(3.0);
        assertThat(get(config, r[4], "roll_std")).isCloseTo(Math.sqrt(2.5), within(1e-15));
        assertThat(get(config, r[4], "roll_min")).isEqualTo(1.0);
        assertThat(get(config, r[4], "roll_max")).isEqualTo(5.0);
        assertThat(get(config, r[4], "roll_range")).isEqualTo(4.0);
        assertThat(get(config, r[4], "roll_position")).isEqualTo(0.25); // (2 - 1) / 4
        assertThat(get(config, r[4], "roll_zscore")).isCloseTo(-1 / Math.sqrt(2.5), within(1e-15));

        FeatureConfig even = small(4, 1);
        double[][] e = rows(even, hourly(5), new double[] {1, 2, 3, 4, 5});
        assertThat(get(even, e[3], "roll_median")).isEqualTo(2.5);
        assertThat(get(even, e[4], "roll_median")).isEqualTo(3.5);
        assertThat(get(even, e[4], "roll_min")).isEqualTo(2.0);
    }

    @Test
    void lagsDifferencesAndPercentChange() {
        FeatureConfig config = small(2, 2);
        double[][] r = rows(config, hourly(5), new double[] {1, 4, 9, 16, 25});
        assertThat(get(config, r[0], "lag_1")).isNaN();
        assertThat(get(config, r[0], "diff_1")).isNaN();
        assertThat(get(config, r[1], "diff_2")).isNaN();
        assertThat(get(config, r[2], "lag_3")).isNaN();
        assertThat(get(config, r[4], "lag_1")).isEqualTo(16.0);
        assertThat(get(config, r[4], "lag_2")).isEqualTo(9.0);
        assertThat(get(config, r[4], "lag_3")).isEqualTo(4.0);
        assertThat(get(config, r[4], "lag_seasonal")).isEqualTo(9.0);
        assertThat(get(config, r[1], "lag_seasonal")).isNaN();
        assertThat(get(config, r[1], "diff_1")).isEqualTo(3.0);
        assertThat(get(config, r[4], "diff_1")).isEqualTo(9.0);
        assertThat(get(config, r[2], "diff_2")).isEqualTo(2.0);
        assertThat(get(config, r[4], "diff_2")).isEqualTo(2.0);
        assertThat(get(config, r[4], "diff_seasonal")).isEqualTo(16.0);
        assertThat(get(config, r[1], "pct_change")).isEqualTo(3.0);
        assertThat(get(config, r[1], "time_delta_s")).isEqualTo(3600.0);
        // volatility: std of the last 2 differences (5, 7) and (7, 9)
        assertThat(get(config, r[1], "volatility")).isNaN();
        assertThat(get(config, r[3], "volatility")).isCloseTo(Math.sqrt(2), within(1e-15));

        double[][] p = rows(config, hourly(4), new double[] {-100, -90, 0, 5});
        assertThat(get(config, p[1], "pct_change")).as("relative to |previous|").isCloseTo(0.1, within(1e-15));
        assertThat(get(config, p[2], "pct_change")).isCloseTo(1.0, within(1e-15));
        assertThat(get(config, p[3], "pct_change")).as("previous 0: floored at epsilon").isEqualTo(5e9);
    }

    @Test
    void ewmSpanThreeMatchesPandasAdjustFalse() {
        FeatureConfig config = small(2, 1);
        double[] x = {1, 2, 3, 4, 10, -2};
        double[][] r = rows(config, hourly(x.length), x);
        double[] means = {1, 1.5, 2.25, 3.125};
        double[] vars = {0, 0.25, 0.6875, 1.109375};
        for (int t = 0; t < 4; t++) {
            assertThat(get(config, r[t], "ewm_mean_3")).isEqualTo(means[t]);
            assertThat(get(config, r[t], "ewm_std_3")).isCloseTo(Math.sqrt(vars[t]), within(1e-15));
        }
        // against the explicit adjust=False weights: (1-a)^t on x0, a(1-a)^(t-i) on xi
        double a = 0.5;
        for (int t = 0; t < x.length; t++) {
            double sw = 0;
            double sx = 0;
            double sxx = 0;
            for (int i = 0; i <= t; i++) {
                double weight = i == 0 ? Math.pow(1 - a, t) : a * Math.pow(1 - a, t - i);
                sw += weight;
                sx += weight * x[i];
                sxx += weight * x[i] * x[i];
            }
            double mean = sx / sw;
            assertThat(get(config, r[t], "ewm_mean_3")).isCloseTo(mean, within(1e-12));
            assertThat(get(config, r[t], "ewm_std_3"))
                    .isCloseTo(Math.sqrt(Math.max(0, sxx / sw - mean * mean)), within(1e-12));
        }
    }

    @Test
    void expandingStatistics() {
        FeatureConfig config = small(2, 1);
        double[][] r = rows(config, hourly(8), new double[] {2, 4, 4, 4, 5, 5, 7, 9});
        assertThat(get(config, r[0], "exp_std")).isNaN();
        assertThat(get(config, r[0], "exp_mean")).isEqualTo(2.0);
        assertThat(get(config, r[7], "exp_mean")).isEqualTo(5.0);
        assertThat(get(config, r[7], "exp_std")).isCloseTo(Math.sqrt(32.0 / 7), within(1e-14));
        assertThat(get(config, r[7], "exp_min")).isEqualTo(2.0);
        assertThat(get(config, r[7], "exp_max")).isEqualTo(9.0);
    }

    @Test
    void calendarFeaturesAreCyclicalInUtc() {
        FeatureConfig config = small(2, 1);
        long six = MONDAY_2024_01_01 + 6 * HOUR;
        long sundayEvening = Instant.parse("2024-01-07T18:00:00Z").toEpochMilli();
        long leapDay = Instant.parse("2024-07-02T00:00:00Z").toEpochMilli(); // day 184 of 366
        double[][] r = rows(config, new long[] {six, sundayEvening, leapDay}, new double[] {1, 2, 3});
        assertThat(get(config, r[0], "hour_sin")).isEqualTo(Math.sin(Math.PI / 2)).isEqualTo(1.0);
        assertThat(get(config, r[0], "hour_cos")).isCloseTo(0.0, within(1e-15));
        assertThat(get(config, r[0], "dow_sin")).isEqualTo(0.0); // Monday
        assertThat(get(config, r[0], "dow_cos")).isEqualTo(1.0);
        assertThat(get(config, r[0], "doy_sin")).isEqualTo(0.0); // 1 January
        assertThat(get(config, r[0], "doy_cos")).isEqualTo(1.0);
        assertThat(get(config, r[1], "hour_sin")).isCloseTo(-1.0, within(1e-15));
        assertThat(get(config, r[1], "dow_sin")).isCloseTo(Math.sin(2 * Math.PI * 6 / 7), within(1e-15));
        assertThat(get(config, r[2], "doy_cos")).isCloseTo(Math.cos(2 * Math.PI * 183 / 366), within(1e-15));
        assertThat(get(config, r[2], "hour_cos")).isEqualTo(1.0);
    }

    @Test
    void pureSineGivesItsBinAsTopFrequencyAndNearZeroEntropy() {
        int size = 64;
        int bin = 5;
        FeatureConfig config = new FeatureConfig(4, List.of(3), size, 1, 1e-9);
        double[] x = new double[size + 10];
        for (int i = 0; i < x.length; i++) {
            x[i] = 7 + 2 * Math.sin(2 * Math.PI * bin * i / size);
        }
        double[][] r = rows(config, hourly(x.length), x);
        assertThat(get(config, r[size - 2], "fft_freq_1")).isNaN();
        for (int t = size - 1; t < x.length; t++) {
            double[] row = r[t];
            assertThat(get(config, row, "fft_freq_1")).isEqualTo((double) bin / size);
            assertThat(get(config, row, "fft_mag_1")).isCloseTo(2.0, within(1e-12));
            assertThat(get(config, row, "fft_mag_2")).isLessThan(1e-12);
            assertThat(get(config, row, "spectral_energy")).isCloseTo(2.0, within(1e-12)); // A^2 / 2
            assertThat(get(config, row, "spectral_entropy")).isBetween(0.0, 1e-6);
            assertThat(get(config, row, "spectral_centroid")).isCloseTo((double) bin / size, within(1e-9));
        }
    }

    @Test
    void constantSeriesHasNoEnergyBeyondDcAndNoiseHasHighEntropy() {
        FeatureConfig config = new FeatureConfig(4, List.of(3), 32, 1, 1e-9);
        double[] constant = new double[40];
        java.util.Arrays.fill(constant, 0.1);
        double[][] r = rows(config, hourly(40), constant);
        for (int t = 31; t < 40; t++) {
            assertThat(get(config, r[t], "spectral_energy")).isZero();
            assertThat(get(config, r[t], "spectral_entropy")).isZero();
            assertThat(get(config, r[t], "fft_mag_1")).isZero();
            assertThat(get(config, r[t], "fft_freq_1")).isZero();
        }
        Random random = new Random(4);
        double[] noise = new double[32];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = random.nextGaussian();
        }
        double[] row = rows(config, hourly(32), noise)[31];
        double mean = java.util.Arrays.stream(noise).average().orElseThrow();
        double populationVariance = java.util.Arrays.stream(noise).map(v -> (v - mean) * (v - mean)).sum() / 32;
        assertThat(get(config, row, "spectral_energy")).as("Parseval")
                .isCloseTo(populationVariance, within(1e-12));
        assertThat(get(config, row, "spectral_entropy")).isBetween(0.7, 1.0);
        assertThat(get(config, row, "fft_mag_1")).isGreaterThanOrEqualTo(get(config, row, "fft_mag_2"));
        assertThat(get(config, row, "fft_mag_2")).isGreaterThanOrEqualTo(get(config, row, "fft_mag_3"));
    }
}

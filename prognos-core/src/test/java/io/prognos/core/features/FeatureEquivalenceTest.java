package io.prognos.core.features;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Batch and streaming features agree. Every column is compared bit for bit (numerically: -0.0 equals 0.0, NaN
 * equals NaN) except the four whose summation order differs (rolling mean, std, z-score and volatility), which must
 * agree to 1e-9 relative (1e-9 absolute below magnitude 1).
 */
class FeatureEquivalenceTest {

    private static final Set<String> SUMMED = Set.of("roll_mean", "roll_std", "roll_zscore", "volatility");
    private static final double TOLERANCE = 1e-9;

    /** A few thousand points: daily cycle, noise, irregular timestamps, a level shift, constant and zero stretches. */
    static long[] timestamps(int n, long seed) {
        Random random = new Random(seed);
        long[] ts = new long[n];
        long t = 1_700_000_000_000L;
        for (int i = 0; i < n; i++) {
            t += 3_600_000L + (random.nextInt(10) == 0 ? random.nextInt(600_000) : 0);
            ts[i] = t;
        }
        return ts;
    }

    static double[] series(int n, long seed) {
        Random random = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double level = i < n / 2 ? 50 : 65; // level shift half way
            x[i] = level + 5 * Math.sin(2 * Math.PI * i / 24.0) + random.nextGaussian();
        }
        for (int i = 3 * n / 5; i < Math.min(n, 3 * n / 5 + 200); i++) {
            x[i] = 42.125; // constant stretch
        }
        for (int i = 4 * n / 5; i < Math.min(n, 4 * n / 5 + 60); i++) {
            x[i] = 0.0; // zeros: percent change guard
        }
        for (int i = 4 * n / 5 + 60; i < Math.min(n, 4 * n / 5 + 160); i++) {
            x[i] = 1e6 + random.nextGaussian() * 1e-3; // large level, tiny spread: hard for running sums
        }
        return x;
    }

    @Test
    void streamEqualsBatchOnGeneratedSeriesForSeveralConfigs() {
        int n = 5000;
        long[] ts = timestamps(n, 7);
        double[] x = series(n, 11);
        List<FeatureConfig> configs = List.of(FeatureConfig.defaults(),
                new FeatureConfig(5, List.of(3), 8, 7, 1e-9),
                new FeatureConfig(10, List.of(2, 12, 48), 128, 168, 1e-6),
                new FeatureConfig(2, List.of(1), 16, 1, 1e-9));
        for (FeatureConfig config : configs) {
            double[][] batch = new FeatureExtractor(config).batch(ts, x);
            FeatureStream stream = new FeatureStream(config);
            List<String> names = stream.names();
            assertThat(names).isEqualTo(new FeatureExtractor(config).names());
            double worst = 0;
            for (int t = 0; t < n; t++) {
                double[] row = stream.push(ts[t], x[t]);
                assertThat(row).hasSize(names.size());
                for (int c = 0; c < row.length; c++) {
                    double a = batch[t][c];
                    double b = row[c];
                    boolean same = (Double.isNaN(a) && Double.isNaN(b)) || a == b;
                    if (same) {
                        continue;
                    }
                    String name = names.get(c);
                    if (!SUMMED.contains(name) || Double.isNaN(a) || Double.isNaN(b)) {
                        fail(config + ": " + name + " at " + t + " batch " + a + " stream " + b + " (exact expected)");
                    }
                    double err = Math.abs(a - b) / Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
                    worst = Math.max(worst, err);
                    if (err > TOLERANCE) {
                        fail(config + ": " + name + " at " + t + " batch " + a + " stream " + b + " error " + err);
                    }
                }
            }
            System.out.printf("features %s: %d columns, worst scaled difference in summed columns %.3g%n",
                    config, names.size(), worst);
            assertThat(worst).isLessThanOrEqualTo(TOLERANCE);
        }
    }

    @Test
    void constantStretchGivesExactZerosAndFiniteOutputAfterWarmUp() {
        int n = 5000;
        FeatureConfig config = FeatureConfig.defaults();
        FeatureExtractor extractor = new FeatureExtractor(config);
        double[][] rows = extractor.batch(timestamps(n, 3), series(n, 5));
        FeatureSet set = extractor.featureSet();
        int warmUp = Math.max(config.fftSize(), config.seasonalLag() + 1);
        for (int t = warmUp; t < n; t++) {
            for (int c = 0; c < set.size(); c++) {
                assertThat(Double.isFinite(rows[t][c])).as(set.names().get(c) + " at " + t).isTrue();
            }
        }
        int inside = 3 * n / 5 + 150; // well inside the constant stretch
        assertThat(rows[inside][set.indexOf("roll_std")]).isZero();
        assertThat(rows[inside][set.indexOf("roll_mean")]).isEqualTo(42.125);
        assertThat(rows[inside][set.indexOf("volatility")]).isZero();
        assertThat(rows[inside][set.indexOf("roll_range")]).isZero();
        assertThat(rows[inside][set.indexOf("spectral_energy")]).isZero();
        int zeros = 4 * n / 5 + 1;
        assertThat(rows[zeros][set.indexOf("pct_change")]).isZero();
    }

    @Test
    void nanAndInfiniteInputsAreRejectedNamingTheIndex() {
        long[] ts = timestamps(100, 1);
        double[] x = series(100, 2);
        x[37] = Double.NaN;
        FeatureExtractor extractor = new FeatureExtractor(FeatureConfig.defaults());
        assertThatThrownBy(() -> extractor.batch(ts, x)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index 37").hasMessageContaining("NaN");
        x[37] = 1.0;
        x[52] = Double.POSITIVE_INFINITY;
        assertThatThrownBy(() -> extractor.batch(ts, x)).hasMessageContaining("index 52");

        FeatureStream stream = new FeatureStream(FeatureConfig.defaults());
        for (int i = 0; i < 10; i++) {
            stream.push(ts[i], x[i]);
        }
        assertThatThrownBy(() -> stream.push(ts[10], Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index 10").hasMessageContaining("NaN");
        assertThat(stream.count()).isEqualTo(10);
        assertThatThrownBy(() -> stream.push(ts[9], 1.0)).hasMessageContaining("index 10")
                .hasMessageContaining("not after");
        // the rejected readings left the stream unchanged: it still matches the batch
        double[] row = stream.push(ts[10], x[10]);
        double[][] batch = extractor.batch(java.util.Arrays.copyOf(ts, 11), java.util.Arrays.copyOf(x, 11));
        assertThat(row).containsExactly(batch[10]);
    }

    @Test
    void mismatchedLengthsAndNonIncreasingTimestampsAreRejected() {
        FeatureExtractor extractor = new FeatureExtractor(FeatureConfig.defaults());
        assertThatThrownBy(() -> extractor.batch(new long[3], new double[2]))
                .hasMessageContaining("3 timestamps but 2 values");
        assertThatThrownBy(() -> extractor.batch(new long[] {1, 2, 2}, new double[3]))
                .hasMessageContaining("index 2");
        assertThat(extractor.batch(new long[0], new double[0])).isEmpty();
    }
}

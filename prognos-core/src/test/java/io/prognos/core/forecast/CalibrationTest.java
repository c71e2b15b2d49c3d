package io.prognos.core.forecast;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CalibrationTest {

    @Test
    void conformalNinetyPercentIntervalsCoverAboutNinetyPercentOfNewPoints() {
        Random random = new Random(11);
        double[][] rows = new double[9_000][1];
        for (int t = 0; t < rows.length; t++) {
            rows[t][0] = Math.sin(2 * Math.PI * t / 24) + 0.2 * random.nextGaussian();
        }
        ForecastShape shape = new ForecastShape(48, 12);
        RidgeForecaster ridge = RidgeForecaster.fit(Arrays.copyOfRange(rows, 0, 3_000), shape, 1e-3);
        double[] half = ResidualPaths.collect(ridge, rows, 3_000, 5_000).halfWidths(0.9);

        long inside = 0;
        long total = 0;
        for (int start = 5_000; start + 60 <= rows.length; start++) {
            double[][] f = ridge.forecast(Arrays.copyOfRange(rows, start, start + 48));
            for (int h = 0; h < 12; h++) {
                double actual = rows[start + 48 + h][0];
                inside += Math.abs(actual - f[h][0]) <= half[h] ? 1 : 0;
                total++;
            }
        }
        assertThat((double) inside / total).isBetween(0.88, 0.92);
        assertThat(half[0]).as("about 1.645 noise sd").isBetween(0.3, 0.4);
    }

    @Test
    void timeToLimitOfALinearDegradationMatchesTheKnownCrossing() {
        Random random = new Random(5);
        double[][] rows = new double[2_800][1];
        for (int t = 0; t < rows.length; t++) {
            rows[t][0] = 20 + 0.02 * t + 0.3 * random.nextGaussian(); // reaches 80 at t = 3,000
        }
        ForecastShape shape = new ForecastShape(100, 300);
        RidgeForecaster ridge = RidgeForecaster.fit(Arrays.copyOfRange(rows, 0, 1_500), shape, 1e-3);
        ResidualPaths paths = ResidualPaths.collect(ridge, rows, 1_500, 2_600);
        double[] forecast = column(ridge.forecast(Arrays.copyOfRange(rows, 2_700, 2_800)));

        LimitCrossing critical = paths.crossing(forecast, 80, true);
        LimitCrossing far = paths.crossing(forecast, 120, true);
        LimitCrossing low = paths.crossing(forecast, 0, false);

        assertThat(critical.probability()).isGreaterThan(0.99);
        // the trend reaches 80 at t = 3,000, step 200 after t = 2,799; with readings scattered by 0.3 around it,
        // the first reading at or past 80 comes earlier: the trend is 0.6 (two sd) below the limit 30 steps before
        assertThat(critical.crossingStepQuantile(0.5)).isBetween(165, 200);
        assertThat(critical.crossingStepQuantile(0.95)).isLessThanOrEqualTo(205);
        assertThat(critical.crossingStepQuantile(0.05)).isLessThanOrEqualTo(critical.crossingStepQuantile(0.95));
        assertThat(critical.crossingStepQuantile(0.95) - critical.crossingStepQuantile(0.05)).isLessThan(40);
        assertThat(far.probability()).isZero();
        assertThat(far.possible()).isFalse();
        assertThat(low.probability()).isZero();
        assertThatThrownBy(() -> far.crossingStepQuantile(0.5)).hasMessageContaining("no error path");
    }

    @Test
    void rollingIntervalsFollowANoiseLevelThatChangesWhereSplitConformalDoesNot() {
        Random random = new Random(21);
        double[][] rows = new double[12_000][1];
        for (int t = 0; t < rows.length; t++) {
            double noise = t < 6_000 ? 0.4 : 0.15; // the later months are calmer, as in ETTh1
            rows[t][0] = Math.sin(2 * Math.PI * t / 24) + noise * random.nextGaussian();
        }
        ForecastShape shape = new ForecastShape(48, 12);
        RidgeForecaster ridge = RidgeForecaster.fit(Arrays.copyOfRange(rows, 0, 3_000), shape, 1e-3);
        double[] split = ResidualPaths.collect(ridge, rows, 3_000 - 48, 6_000).halfWidths(0.9);

        ForecastAccuracy once = ForecastAccuracy.evaluate(ridge, rows, 8_000 - 48, 12_000, split);
        RollingConformal rolling = RollingConformal.evaluate(ridge, rows, 3_000, 8_000, 12_000, 0.9, 500, 10);

        assertThat(once.coverage()).as("calibrated on the noisier past").isGreaterThan(0.97);
        assertThat(rolling.coverage()).isBetween(0.88, 0.92);
        assertThat(rolling.meanHalfWidth()).isLessThan(split[0]);
    }

    @Test
    void selectFindsTheKthSmallest() {
        Random random = new Random(1);
        for (int trial = 0; trial < 50; trial++) {
            double[] values = new double[1 + random.nextInt(40)];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextInt(10);
            }
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int k = random.nextInt(values.length);
            assertThat(RollingConformal.select(values.clone(), k)).isEqualTo(sorted[k]);
        }
    }

    @Test
    void tooFewPathsForTheCoverageGiveUnboundedIntervals() {
        ResidualPaths three = ResidualPaths.of(new double[][] {{1, -2}, {-3, 4}, {2, 1}});

        assertThat(three.halfWidths(0.5)).containsExactly(2, 2);
        assertThat(three.halfWidths(0.9)).containsExactly(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> three.halfWidths(1.0)).hasMessageContaining("coverage");
    }

    private static double[] column(double[][] forecast) {
        double[] out = new double[forecast.length];
        for (int h = 0; h < out.length; h++) {
            out[h] = forecast[h][0];
        }
        return out;
    }
}

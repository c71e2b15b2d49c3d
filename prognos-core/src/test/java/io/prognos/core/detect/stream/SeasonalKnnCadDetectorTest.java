package io.prognos.core.detect.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeasonalKnnCadDetectorTest {

    private static final long START = 1_400_000_000L - 1_400_000_000L % 86_400;
    private static final int DAY = 288; // readings 5 minutes apart

    private static double max(double[] s, int from, int to) {
        return Arrays.stream(Arrays.copyOfRange(s, from, to)).max().orElseThrow();
    }

    /** Ten days of a daily square wave (high from reading 100 to 200 of each day) in unit noise; day 8 stays low. */
    private static double[] dayWithoutItsJump() {
        Random r = new Random(11);
        double[] x = new double[10 * DAY];
        for (int i = 0; i < x.length; i++) {
            int phase = i % DAY;
            boolean high = phase >= 100 && phase < 200 && i / DAY != 8;
            x[i] = r.nextGaussian() + (high ? 10 : 0);
        }
        return x;
    }

    @Test
    void aDayWithoutItsJumpIsFlaggedAtTheSeasonalScale() {
        double[] x = dayWithoutItsJump();
        SeasonalKnnCadDetector d = new SeasonalKnnCadDetector();
        double[] s = new double[x.length];
        double[] out = new double[x.length];
        SeasonalKnnCadDetector joint = new SeasonalKnnCadDetector();
        for (int i = 0; i < x.length; i++) {
            s[i] = d.seasonalConformal(START + 300L * i, x[i]);
            out[i] = joint.score(START + 300L * i, x[i]);
            assertThat(out[i]).isBetween(0.0, 1.0);
        }
        int missing = 8 * DAY + 100;
        assertThat(max(s, 0, 2 * DAY)).as("silent before two earlier days exist").isZero();
        assertThat(max(s, missing, missing + 100)).isGreaterThan(0.999)
                .isGreaterThan(max(s, 4 * DAY, 8 * DAY));
        assertThat(d.periodCorrelation()).isGreaterThan(SeasonalKnnCadConfig.DEFAULT_MIN_CORRELATION);
        assertThat(max(out, missing, missing + 100)).isGreaterThanOrEqualTo(0.98);
    }

    @Test
    void onAStreamWithoutADailyPatternItScoresAsTheMultiScaleDetector() {
        // the lag-one-day correlation of white noise is near 0, so the seasonal scale never joins
        Random r = new Random(3);
        SeasonalKnnCadDetector seasonal = new SeasonalKnnCadDetector();
        MultiScaleKnnCadDetector scales = new MultiScaleKnnCadDetector();
        int differing = 0;
        for (int i = 0; i < 8 * DAY; i++) {
            double v = r.nextGaussian() + (i >= 6 * DAY && i < 6 * DAY + 5 ? 8 : 0);
            if (seasonal.score(START + 300L * i, v) != scales.score(START + 300L * i, v)) {
                differing++;
            }
        }
        assertThat(seasonal.periodCorrelation()).isLessThan(0.2);
        assertThat(differing).isZero();
    }

    @Test
    void theSeasonalScaleJoinsWithoutTheCorrelationGate() {
        // the same white noise with the gate open (-1): the seasonal scale's own alarms now show in the output
        Random r = new Random(3);
        SeasonalKnnCadConfig d = SeasonalKnnCadConfig.defaults();
        SeasonalKnnCadDetector open = new SeasonalKnnCadDetector(new SeasonalKnnCadConfig(d.scales(),
                d.periodSeconds(), d.toleranceSeconds(), d.periods(), d.neighbours(), d.minPeriods(),
                d.maxWindows(), d.calibration(), d.alarmLevel(), d.holdOff(), -1));
        MultiScaleKnnCadDetector scales = new MultiScaleKnnCadDetector();
        int differing = 0;
        for (int i = 0; i < 8 * DAY; i++) {
            double v = r.nextGaussian();
            if (open.score(START + 300L * i, v) != scales.score(START + 300L * i, v)) {
                differing++;
            }
        }
        assertThat(differing).isPositive();
    }

    @Test
    void memoryIsBoundedAndTooShortAMemoryKeepsTheSeasonalScaleSilent() {
        // 300 windows hold about one day: two earlier days never have same-phase windows
        SeasonalKnnCadConfig d = SeasonalKnnCadConfig.defaults();
        SeasonalKnnCadDetector small = new SeasonalKnnCadDetector(new SeasonalKnnCadConfig(d.scales(),
                d.periodSeconds(), d.toleranceSeconds(), d.periods(), d.neighbours(), d.minPeriods(), 300,
                d.calibration(), d.alarmLevel(), d.holdOff(), d.minCorrelation()));
        double[] x = dayWithoutItsJump();
        for (int i = 0; i < x.length; i++) {
            assertThat(small.seasonalConformal(START + 300L * i, x[i])).isZero();
        }
    }

    @Test
    void aTimestampGoingBackClearsTheSeasonalMemory() {
        double[] x = dayWithoutItsJump();
        SeasonalKnnCadDetector d = new SeasonalKnnCadDetector();
        boolean scored = false;
        for (int i = 0; i < 4 * DAY; i++) {
            scored |= d.seasonalConformal(START + 300L * i, x[i]) > 0;
        }
        assertThat(scored).isTrue();
        assertThat(d.periodCorrelation()).isGreaterThan(0.5);
        // two earlier days (less the hour of tolerance) must pass again before the seasonal scale scores
        for (int i = 0; i < 2 * DAY - 13; i++) {
            assertThat(d.seasonalConformal(START - 86_400L * 30 + 300L * i, x[i])).isZero();
            if (i == 0) {
                assertThat(d.periodCorrelation()).isZero();
            }
        }
    }

    @Test
    void refusesInvalidSettings() {
        SeasonalKnnCadConfig d = SeasonalKnnCadConfig.defaults();
        assertThatThrownBy(() -> new SeasonalKnnCadConfig(null, 86_400, 3_600, 7, 5, 2, 100, d.calibration(), 0.98,
                0, 0.5)).hasMessageContaining("scales");
        assertThatThrownBy(() -> new SeasonalKnnCadConfig(d.scales(), 86_400, 43_200, 7, 5, 2, 100, d.calibration(),
                0.98, 0, 0.5)).hasMessageContaining("toleranceSeconds");
        assertThatThrownBy(() -> new SeasonalKnnCadConfig(d.scales(), 86_400, 3_600, 0, 5, 1, 100, d.calibration(),
                0.98, 0, 0.5)).hasMessageContaining("periods");
        assertThatThrownBy(() -> new SeasonalKnnCadConfig(d.scales(), 86_400, 3_600, 7, 5, 8, 100, d.calibration(),
                0.98, 0, 0.5)).hasMessageContaining("minPeriods");
        assertThatThrownBy(() -> new SeasonalKnnCadConfig(d.scales(), 86_400, 3_600, 7, 5, 2, 4, d.calibration(),
                0.98, 0, 0.5)).hasMessageContaining("maxWindows");
        assertThatThrownBy(() -> new SeasonalKnnCadConfig(d.scales(), 86_400, 3_600, 7, 5, 2, 100, d.calibration(),
                0, 0, 0.5)).hasMessageContaining("alarmLevel");
        assertThatThrownBy(() -> new SeasonalKnnCadConfig(d.scales(), 86_400, 3_600, 7, 5, 2, 100, d.calibration(),
                0.98, -1, 0.5)).hasMessageContaining("holdOff");
        assertThatThrownBy(() -> new SeasonalKnnCadConfig(d.scales(), 86_400, 3_600, 7, 5, 2, 100, d.calibration(),
                0.98, 0, Double.NaN)).hasMessageContaining("minCorrelation");
        assertThatThrownBy(() -> new SeasonalKnnCadDetector(null)).hasMessageContaining("config");
    }
}

package io.prognos.core.detect.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ScoreCalibratorTest {

    @Test
    void empiricalPercentilesMapToTheirLevel() {
        // the raw scores 0, 1, ..., 999 in shuffled order: the value k has exactly k scores below it
        ScoreCalibrator c = new ScoreCalibrator(ScoreCalibratorConfig.empirical(1_000, 10));
        int[] order = new Random(5).ints(0, 1_000).distinct().limit(1_000).toArray();
        for (int k : order) {
            c.remember(k);
        }
        assertThat(c.size()).isEqualTo(1_000);
        // 990 scores below and one equal: (990 + 0.5) / 1000
        assertThat(c.probability(990)).isCloseTo(0.9905, within(1e-12));
        assertThat(c.probability(989.5)).isCloseTo(0.990, within(1e-12));
        assertThat(c.probability(-1)).isEqualTo(0.0);
        assertThat(c.probability(5_000)).isEqualTo(1.0);
    }

    @Test
    void ninetyNinthPercentileOfANoisyScoreIsAboutPoint99WithATail() {
        Random r = new Random(7);
        ScoreCalibrator c = new ScoreCalibrator(new ScoreCalibratorConfig(20_000, 100, 0.95, 100));
        for (int i = 0; i < 20_000; i++) {
            c.remember(-Math.log(r.nextDouble())); // Exp(1)
        }
        assertThat(c.tailFit()).isNotNull();
        // true quantiles of Exp(1): q(p) = -ln(1 - p)
        assertThat(c.probability(-Math.log(0.01))).isCloseTo(0.99, within(0.002));
        assertThat(c.probability(-Math.log(0.5))).isCloseTo(0.5, within(0.01));
        // beyond every remembered score the GPD tail still ranks, close to the true 1 - 1e-6
        double far = c.probability(-Math.log(1e-6));
        assertThat(far).isLessThan(1.0).isGreaterThan(0.999_99);
        assertThat(c.probability(-Math.log(1e-9))).isGreaterThan(far).isLessThan(1.0);
    }

    @Test
    void monotoneInTheRawScore() {
        Random r = new Random(9);
        ScoreCalibrator c = new ScoreCalibrator(ScoreCalibratorConfig.defaults());
        for (int i = 0; i < 3_000; i++) {
            c.remember(Math.abs(r.nextGaussian()) * (i % 7 == 0 ? 0 : 1)); // ties at 0
        }
        double previous = -1;
        for (double x = -1; x < 12; x += 0.001) {
            double p = c.probability(x);
            assertThat(p).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(previous);
            previous = p;
        }
        // the tie block at 0 (one seventh of the window) maps to its middle, not to an extreme
        assertThat(c.probability(0)).isCloseTo(1.0 / 14, within(0.02));
    }

    @Test
    void memoryIsTheWindowAndOldScoresAreForgotten() {
        ScoreCalibrator c = new ScoreCalibrator(ScoreCalibratorConfig.empirical(100, 10));
        for (int i = 0; i < 100_000; i++) {
            c.remember(i < 50_000 ? 1_000 + i : i % 100);
        }
        assertThat(c.size()).isEqualTo(100);
        // only 0..99 remain: 1,000 is above all of them
        assertThat(c.probability(1_000)).isEqualTo(1.0);
        assertThat(c.probability(49.5)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void calibratesAgainstThePastOnlyAndStartsAtZero() {
        ScoreCalibrator c = new ScoreCalibrator(ScoreCalibratorConfig.empirical(10, 3));
        assertThat(c.calibrate(5)).isZero();
        assertThat(c.calibrate(5)).isZero();
        assertThat(c.calibrate(5)).isZero();
        assertThat(c.calibrate(6)).isEqualTo(1.0);
        assertThat(c.calibrate(5)).isCloseTo(3.0 / 8, within(1e-12)); // 3 ties of 4: (0 + 1.5) / 4
    }

    @Test
    void configIsValidated() {
        assertThatThrownBy(() -> new ScoreCalibratorConfig(1, 1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScoreCalibratorConfig(10, 11, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScoreCalibratorConfig(10, 5, 1.0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScoreCalibratorConfig(10, 5, 0.9, 0)).isInstanceOf(IllegalArgumentException.class);
        ScoreCalibrator c = new ScoreCalibrator(ScoreCalibratorConfig.defaults());
        assertThatThrownBy(() -> c.calibrate(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}

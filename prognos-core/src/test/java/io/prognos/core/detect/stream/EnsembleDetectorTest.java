package io.prognos.core.detect.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.prognos.core.detect.stream.EnsembleConfig.Combination;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EnsembleDetectorTest {

    private static final ScoreCalibratorConfig CAL = ScoreCalibratorConfig.empirical(100, 4);

    /** A detector replaying fixed scores. */
    private static StreamingDetector replay(double... scores) {
        int[] i = {0};
        return (t, v) -> scores[i[0]++];
    }

    @Test
    void combinesByMeanMaxAndVote() {
        double[] cal = {0.2, 1.0, 0.9995};
        assertThat(EnsembleDetector.combine(EnsembleConfig.of(Combination.MEAN), cal)).isCloseTo(2.1995 / 3, within(1e-12));
        assertThat(EnsembleDetector.combine(EnsembleConfig.of(Combination.MAX), cal)).isEqualTo(1.0);
        assertThat(EnsembleDetector.combine(EnsembleConfig.of(Combination.VOTE), cal)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(EnsembleDetector.combine(new EnsembleConfig(Combination.VOTE, 0.1, CAL, 0), cal)).isEqualTo(1.0);
    }

    @Test
    void calibratesEachMemberOnItsOwnScale() {
        // member a scores around 100, member b around 0.001; after four readings each is calibrated on its own past
        StreamingDetector a = replay(100, 101, 102, 103, 200, 100);
        StreamingDetector b = replay(0.001, 0.002, 0.003, 0.004, 0.0025, 0.009);
        EnsembleDetector e = new EnsembleDetector(new EnsembleConfig(Combination.MEAN, 0.9, CAL, 0), List.of(a, b));
        for (int i = 0; i < 4; i++) {
            assertThat(e.score(0, 0)).isZero();
        }
        // a: 200 above all 4 -> 1; b: 0.0025 above 2 of 4 -> 0.5
        assertThat(e.score(0, 0)).isCloseTo(0.75, within(1e-12));
        assertThat(e.lastCalibratedScores()).containsExactly(1.0, 0.5);
        // a: 100 ties the lowest of 5 -> 0.1; b: 0.009 above all -> 1
        assertThat(e.score(0, 0)).isCloseTo(0.55, within(1e-12));
    }

    @Test
    void refractoryPeriodDampsTheRunAfterAnAlarm() {
        double[] a = new double[20];
        for (int i = 4; i < a.length; i++) {
            a[i] = Math.min(i, 9); // rises to 9, then stays at 9
        }
        EnsembleDetector e = new EnsembleDetector(new EnsembleConfig(Combination.MAX, 0.5, CAL, 5), List.of(replay(a)));
        double[] s = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = e.score(0, 0);
        }
        // the first rise is above all of its past: calibrated 1 and the alarm; the next new maxima also
        // calibrate to 1 but do not out-score it, so they are damped to a tenth
        assertThat(s[4]).isEqualTo(1.0);
        for (int i = 5; i < 10; i++) {
            assertThat(s[i]).isCloseTo(0.1, within(1e-12));
        }
        assertThat(s[12]).isLessThan(0.1);
    }

    @Test
    void registeredEnsemblesFindASpikeAndStayInRange() {
        Random r = new Random(11);
        double[] x = new double[5_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.sin(i * 2 * Math.PI / 50) + 0.1 * r.nextGaussian() + (i == 3_000 ? 6 : 0);
        }
        for (String name : List.of("ensemble-mean", "ensemble-max", "ensemble-vote")) {
            StreamingDetector d = StreamingDetectors.byName(name).get();
            double[] s = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                s[i] = d.score(1_400_000_000L + 300L * i, x[i]);
                assertThat(s[i]).as(name).isBetween(0.0, 1.0);
            }
            double noiseMax = Arrays.stream(Arrays.copyOfRange(s, 2_500, 2_995)).max().orElseThrow();
            double spike = Arrays.stream(Arrays.copyOfRange(s, 3_000, 3_005)).max().orElseThrow();
            assertThat(spike).as(name).isGreaterThan(noiseMax);
        }
    }

    @Test
    void validated() {
        assertThatThrownBy(() -> new EnsembleConfig(Combination.VOTE, 1.0, CAL, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EnsembleConfig(null, 0.5, CAL, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EnsembleConfig(Combination.MAX, 0.5, CAL, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EnsembleDetector(EnsembleConfig.of(Combination.MAX), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package io.prognos.core.detect.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KnnCadDetectorTest {

    /** One-reading windows, one neighbour, two training windows, a plain empirical calibration. */
    private static KnnCadConfig tiny(double alarmLevel, int holdOff) {
        return new KnnCadConfig(1, 1, 2, 1, ScoreCalibratorConfig.empirical(10, 1), alarmLevel, holdOff);
    }

    /** The defaults without the hold-off, so every reading's conformal score shows. */
    private static KnnCadConfig noHoldOff() {
        KnnCadConfig d = KnnCadConfig.defaults();
        return new KnnCadConfig(d.dimension(), d.neighbours(), d.training(), d.minTraining(), d.calibration(),
                d.alarmLevel(), 0);
    }

    private static double[] scores(StreamingDetector d, double... x) {
        double[] s = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            s[i] = d.score(1_400_000_000L + 300L * i, x[i]);
            assertThat(s[i]).isBetween(0.0, 1.0);
        }
        return s;
    }

    @Test
    void sumOfSmallestRootsKnownAnswer() {
        assertThat(NeighbourWindows.sumOfSmallestRoots(new double[] {9, 1, 4, 16, 0, 99}, 5, 3)).isEqualTo(3.0);
        assertThat(NeighbourWindows.sumOfSmallestRoots(new double[] {25}, 1, 1)).isEqualTo(5.0);
    }

    @Test
    void conformalScoresOnATinyStreamByHand() {
        // readings 1-2 fill the training set; reading 3: distance 0 to reading 1, nothing calibrated yet -> 0;
        // reading 4 (5): nearest of readings 1-2 at 5, above the one calibration value 0 -> 1;
        // reading 5 (0): nearest of readings 2-3 at 0, tied with 0 and below 5 -> (0 + 1/2) / 2 = 0.25
        double[] s = scores(new KnnCadDetector(tiny(1, 0)), 0, 0, 0, 5, 0);
        assertThat(s).containsExactly(new double[] {0, 0, 0, 1, 0.25}, within(1e-12));
    }

    @Test
    void holdOffDampsTheAlarmsThatFollowOne() {
        // reading 5 (6) is 6 from readings 2-3, above both calibration values (0, 5): 1 without a hold-off
        assertThat(scores(new KnnCadDetector(tiny(0.9, 0)), 0, 0, 0, 5, 6, 0)[4]).isEqualTo(1.0);
        double[] s = scores(new KnnCadDetector(tiny(0.9, 2)), 0, 0, 0, 5, 6, 0);
        assertThat(s[3]).isEqualTo(1.0);
        assertThat(s[4]).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void flagsASpikeAboveAllNoise() {
        Random r = new Random(5);
        double[] x = new double[5_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian() + (i == 3_000 ? 12 : 0);
        }
        double[] raw = scores(new KnnCadDetector(noHoldOff()), x);
        double noiseMax = Arrays.stream(Arrays.copyOfRange(raw, 1_000, 2_999)).max().orElseThrow();
        assertThat(raw[3_000]).isGreaterThan(noiseMax).isGreaterThan(0.999);
        assertThat(raw[0]).isZero();
        assertThat(raw[236]).as("warm-up: 100 training windows, then 100 calibration values").isZero();
        assertThat(raw[237]).isPositive();
        // with the hold-off, the spike is an alarm unless an alarm in the 75 readings before it damps it
        double[] s = scores(new KnnCadDetector(), x);
        int lastTrigger = -1;
        for (int i = 2_925; i < 3_000; i++) {
            if (s[i] >= 0.98) {
                lastTrigger = i;
            }
        }
        assertThat(s[3_000]).isCloseTo(lastTrigger < 0 ? raw[3_000] : raw[3_000] * 0.1, within(1e-12));
        // the spike stays in the next 18 windows: they score high raw, and the hold-off damps them
        assertThat(Arrays.stream(Arrays.copyOfRange(raw, 3_001, 3_019)).min().orElseThrow()).isGreaterThan(0.98);
        assertThat(Arrays.stream(Arrays.copyOfRange(s, 3_001, 3_019)).max().orElseThrow()).isLessThan(0.11);
    }

    @Test
    void findsAChangeOfShapeThatNoSingleValueShows() {
        Random r = new Random(3);
        double[] x = new double[4_000];
        for (int i = 0; i < x.length; i++) {
            double phase = i >= 3_000 && i < 3_040 ? Math.PI : 0;
            x[i] = Math.sin(i * 2 * Math.PI / 40 + phase) + 0.05 * r.nextGaussian();
        }
        double[] s = scores(new KnnCadDetector(noHoldOff()), x);
        double change = Arrays.stream(Arrays.copyOfRange(s, 3_000, 3_020)).max().orElseThrow();
        double noise = Arrays.stream(Arrays.copyOfRange(s, 1_000, 2_990)).max().orElseThrow();
        assertThat(change).isGreaterThan(0.999).isGreaterThan(noise);
    }

    @Test
    void aFlatStreamStaysQuiet() {
        double[] x = new double[3_000];
        Arrays.fill(x, 3.0);
        double[] s = scores(new KnnCadDetector(), x);
        // every non-conformity is 0, so every score is a tie: 1/2 at most, never an alarm
        assertThat(Arrays.stream(s).max().orElseThrow()).isLessThanOrEqualTo(0.5);
        assertThat(s[2_999]).isEqualTo(0.5);
    }

    @Test
    void invalidConfigsAndReadingsAreRefusedNamingTheField() {
        ScoreCalibratorConfig c = ScoreCalibratorConfig.defaults();
        assertThatThrownBy(() -> new KnnCadConfig(0, 27, 3_000, 300, c, 0.9965, 150)).hasMessageContaining("dimension");
        assertThatThrownBy(() -> new KnnCadConfig(19, 0, 3_000, 300, c, 0.9965, 150)).hasMessageContaining("neighbours");
        assertThatThrownBy(() -> new KnnCadConfig(19, 27, 3_000, 20, c, 0.9965, 150)).hasMessageStartingWith("minTraining");
        assertThatThrownBy(() -> new KnnCadConfig(19, 27, 200, 300, c, 0.9965, 150)).hasMessageStartingWith("training");
        assertThatThrownBy(() -> new KnnCadConfig(19, 27, 3_000, 300, null, 0.9965, 150)).hasMessageContaining("calibration");
        assertThatThrownBy(() -> new KnnCadConfig(19, 27, 3_000, 300, c, 0, 150)).hasMessageContaining("alarmLevel");
        assertThatThrownBy(() -> new KnnCadConfig(19, 27, 3_000, 300, c, 1.5, 150)).hasMessageContaining("alarmLevel");
        assertThatThrownBy(() -> new KnnCadConfig(19, 27, 3_000, 300, c, 0.9965, -1)).hasMessageContaining("holdOff");
        assertThatThrownBy(() -> new KnnCadDetector(null)).isInstanceOf(IllegalArgumentException.class);
        KnnCadDetector d = new KnnCadDetector();
        assertThatThrownBy(() -> d.score(0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThat(KnnCadConfig.defaults()).isEqualTo(new KnnCadConfig(19, 27, 3_000, 100,
                new ScoreCalibratorConfig(6_400, 100, 0.98, 50), 0.98, 75));
        assertThat(StreamingDetectors.byName("knn-cad").get()).isInstanceOf(KnnCadDetector.class);
    }
}

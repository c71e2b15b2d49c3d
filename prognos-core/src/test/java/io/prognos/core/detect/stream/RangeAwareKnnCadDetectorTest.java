package io.prognos.core.detect.stream;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RangeAwareKnnCadDetectorTest {

    private static final long START = 1_400_000_000L;

    /**
     * A five-minute daily cycle with noise; from {@code changeAt} the cycle runs at twice its frequency within the
     * same range (a pattern change, no new extreme), and a spike of {@code spike} at {@code spikeAt} (if >= 0).
     */
    private static double[] stream(int n, int changeAt, int spikeAt, double spike) {
        Random r = new Random(5);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double cycles = i >= changeAt ? 2.0 : 1.0;
            x[i] = 10 + 3 * Math.sin(2 * Math.PI * cycles * i / 288.0) + 0.2 * r.nextGaussian();
            if (i == spikeAt) {
                x[i] += spike;
            }
        }
        return x;
    }

    private static double[] scores(StreamingDetector d, double[] x) {
        double[] s = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            s[i] = d.score(START + 300L * i, x[i]);
        }
        return s;
    }

    private static List<Integer> alarms(double[] s) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < s.length; i++) {
            if (s[i] >= HoldOffStage.ALARM_FLOOR) {
                at.add(i);
            }
        }
        return at;
    }

    @Test
    void alarmsScoreFrom099AndEveryOtherReadingBelow098() {
        double[] s = scores(new RangeAwareKnnCadDetector(), stream(6_000, 4_000, 5_000, 12));
        assertThat(alarms(s)).isNotEmpty();
        for (int i = 0; i < s.length; i++) {
            assertThat(s[i]).as("reading %d", i).isBetween(0.0, 1.0);
            assertThat(s[i] >= HoldOffStage.BELOW_ALARM && s[i] < HoldOffStage.ALARM_FLOOR).as("reading %d: %s", i, s[i])
                    .isFalse();
        }
    }

    @Test
    void aSpikeBeyondTheRangeIsFlaggedWhereItHappens() {
        double[] s = scores(new RangeAwareKnnCadDetector(), stream(6_000, Integer.MAX_VALUE, 5_000, 12));
        assertThat(alarms(s)).anySatisfy(i -> assertThat(i).isBetween(5_000, 5_018));
        assertThat(alarms(s)).noneSatisfy(i -> assertThat(i).isBetween(1_500, 4_999));
    }

    @Test
    void withinTheRangeOnlyTheStricterLevelAlarms() {
        double[] x = stream(6_000, 4_000, 5_000, 12);
        RangeAwareKnnCadConfig defaults = RangeAwareKnnCadConfig.defaults();
        // within the range only a score of exactly 1 reaches level 1 (it then scores 1): every other alarm must
        // follow a reading beyond the recent range
        RangeAwareKnnCadConfig strict = new RangeAwareKnnCadConfig(defaults.scales(), defaults.rangeWindow(),
                defaults.rangeMemory(), 1.0);
        double[] strictScores = scores(new RangeAwareKnnCadDetector(strict), x);
        List<Integer> strictAlarms = alarms(strictScores);
        assertThat(strictAlarms).as("the spike leaves the range").anySatisfy(i -> assertThat(i).isBetween(5_000, 5_018));
        for (int i : strictAlarms) {
            assertThat(strictScores[i] == 1.0 || beyondWithin(x, i, defaults.rangeWindow(), defaults.rangeMemory()))
                    .as("alarm at %d (%s) follows a reading beyond the range", i, strictScores[i]).isTrue();
        }
        // the doubled frequency stays within the range, yet the default level flags it
        List<Integer> defaultAlarms = alarms(scores(new RangeAwareKnnCadDetector(), x));
        assertThat(defaultAlarms).anySatisfy(i -> assertThat(i).isBetween(4_000, 4_300));
        assertThat(strictAlarms).noneSatisfy(i -> assertThat(i).isBetween(4_000, 4_300));
    }

    @Test
    void itAlarmsNoMoreOftenThanTheSeasonalDetectorOnNoise() {
        Random r = new Random(9);
        double[] x = new double[8_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian() * (1 + 3 * (r.nextDouble() < 0.02 ? 1 : 0));
        }
        double[] seasonal = scores(new SeasonalKnnCadDetector(), x);
        long seasonalAlarms = java.util.Arrays.stream(seasonal).filter(v -> v >= 0.98).count();
        long rangeAlarms = alarms(scores(new RangeAwareKnnCadDetector(), x)).size();
        assertThat(rangeAlarms).isLessThan(seasonalAlarms);
    }

    /** Whether a reading in {@code (i - memory, i]} lies strictly beyond the range of the {@code window} before it. */
    private static boolean beyondWithin(double[] x, int i, int window, int memory) {
        for (int j = Math.max(RangeAwareKnnCadDetector.MIN_RANGE_HISTORY, i - memory + 1); j <= i; j++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int k = Math.max(0, j - window); k < j; k++) {
                lo = Math.min(lo, x[k]);
                hi = Math.max(hi, x[k]);
            }
            if (x[j] > hi || x[j] < lo) {
                return true;
            }
        }
        return false;
    }

    @Test
    void refusedSettingsAreNamed() {
        SeasonalKnnCadConfig scales = SeasonalKnnCadConfig.defaults();
        assertThatThrownBy(() -> new RangeAwareKnnCadConfig(null, 6_400, 19, 0.99)).hasMessageContaining("scales");
        assertThatThrownBy(() -> new RangeAwareKnnCadConfig(scales, 1, 19, 0.99)).hasMessageContaining("rangeWindow");
        assertThatThrownBy(() -> new RangeAwareKnnCadConfig(scales, 6_400, 0, 0.99)).hasMessageContaining("rangeMemory");
        assertThatThrownBy(() -> new RangeAwareKnnCadConfig(scales, 6_400, 19, 0)).hasMessageContaining("withinRangeLevel");
        assertThatThrownBy(() -> new RangeAwareKnnCadConfig(scales, 6_400, 19, 1.01)).hasMessageContaining("withinRangeLevel");
        assertThat(StreamingDetectors.byName("knn-cad-range").get()).isInstanceOf(RangeAwareKnnCadDetector.class);
    }
}

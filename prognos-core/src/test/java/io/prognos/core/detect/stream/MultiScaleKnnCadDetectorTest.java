package io.prognos.core.detect.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultiScaleKnnCadDetectorTest {

    private static double[] scores(StreamingDetector d, double... x) {
        double[] s = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            s[i] = d.score(1_400_000_000L + 300L * i, x[i]);
            assertThat(s[i]).isBetween(0.0, 1.0);
        }
        return s;
    }

    private static double max(double[] s, int from, int to) {
        return Arrays.stream(Arrays.copyOfRange(s, from, to)).max().orElseThrow();
    }

    @Test
    void aSlowLevelChangeIsFlaggedAtTheCoarseScaleWhereTheFineScaleMissesIt() {
        // unit noise, and for 300 readings a level half a noise deviation higher: within 19 readings the shift is
        // small beside the noise, in means of 8 readings it is not
        Random r = new Random(7);
        double[] x = new double[4_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian() + (i >= 3_000 && i < 3_300 ? 0.5 : 0);
        }
        MultiScaleKnnCadDetector scales = new MultiScaleKnnCadDetector();
        KnnCadDetector fine = new KnnCadDetector();
        double[] f = new double[x.length];
        double[] c = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = fine.conformal(x[i]);
            c[i] = scales.coarseConformal(x[i]);
        }
        assertThat(max(f, 3_000, 3_300)).as("fine scale: no stranger than the noise before")
                .isLessThan(max(f, 1_000, 2_990));
        assertThat(max(c, 3_000, 3_300)).as("coarse scale").isGreaterThan(0.999).isGreaterThan(max(c, 1_000, 2_990));
        double[] joint = scores(new MultiScaleKnnCadDetector(), x);
        assertThat(max(joint, 3_000, 3_300)).isGreaterThanOrEqualTo(MultiScaleKnnCadConfig.defaults().coarse().alarmLevel());
    }

    @Test
    void aFlatStreamStaysQuiet() {
        double[] x = new double[3_000];
        Arrays.fill(x, 3.0);
        double[] s = scores(new MultiScaleKnnCadDetector(), x);
        // every non-conformity is 0 at both scales: ties, 1/2 at most, and the coarse scale never joins
        assertThat(max(s, 0, s.length)).isLessThanOrEqualTo(0.5);
    }

    /** Scores of a burst of 10 readings at 3,000 in unit noise, with that coarse hold-off. */
    private static double[] burst(int coarseHoldOff) {
        Random r = new Random(5);
        double[] x = new double[5_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian() + (i >= 3_000 && i < 3_010 ? 15 : 0);
        }
        KnnCadConfig f = KnnCadConfig.defaults();
        KnnCadConfig c = new KnnCadConfig(19, 27, 3_000, 100, f.calibration(), 0.98, coarseHoldOff);
        return scores(new MultiScaleKnnCadDetector(new MultiScaleKnnCadConfig(f, 8, c)), x);
    }

    @Test
    void oneAlarmHoldsEachScaleOffForItsOwnHoldOff() {
        double[] s = burst(152);
        assertThat(s[3_000]).as("the burst's first reading is the alarm").isGreaterThanOrEqualTo(0.98);
        // both scales damped for the fine hold-off (75 readings)
        assertThat(max(s, 3_001, 3_076)).isLessThan(0.11);
        // the burst stays in the coarse windows for 152 readings, and the coarse hold-off keeps them silent
        assertThat(max(s, 3_076, 3_153)).isLessThan(0.98);
        // without a coarse hold-off the coarse scale alarms again on the same burst
        assertThat(max(burst(0), 3_001, 3_153)).isGreaterThanOrEqualTo(0.98);
    }

    @Test
    void invalidConfigsAndReadingsAreRefusedNamingTheField() {
        KnnCadConfig k = KnnCadConfig.defaults();
        assertThatThrownBy(() -> new MultiScaleKnnCadConfig(null, 8, k)).hasMessageContaining("fine");
        assertThatThrownBy(() -> new MultiScaleKnnCadConfig(k, 1, k)).hasMessageContaining("blockSize");
        assertThatThrownBy(() -> new MultiScaleKnnCadConfig(k, 8, null)).hasMessageContaining("coarse");
        assertThatThrownBy(() -> new MultiScaleKnnCadConfig(k, 10_000, k)).hasMessageContaining("blockSize");
        assertThatThrownBy(() -> new MultiScaleKnnCadDetector(null)).hasMessageContaining("config");
        MultiScaleKnnCadDetector d = new MultiScaleKnnCadDetector();
        assertThatThrownBy(() -> d.score(0, Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        MultiScaleKnnCadConfig def = MultiScaleKnnCadConfig.defaults();
        assertThat(def.fine()).isEqualTo(KnnCadConfig.defaults());
        assertThat(def.blockSize()).isEqualTo(8);
        assertThat(def.coarse()).isEqualTo(new KnnCadConfig(19, 27, 3_000, 100, k.calibration(), 0.98, 152));
    }
}

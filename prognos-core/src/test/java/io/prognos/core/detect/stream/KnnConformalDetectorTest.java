package io.prognos.core.detect.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KnnConformalDetectorTest {

    @Test
    void findsAChangeOfShapeThatNoSingleValueShows() {
        // a sine of period 40; from 3,000 for 40 readings the phase is inverted: every value stays in range
        Random r = new Random(3);
        double[] x = new double[4_000];
        for (int i = 0; i < x.length; i++) {
            double phase = i >= 3_000 && i < 3_040 ? Math.PI : 0;
            x[i] = Math.sin(i * 2 * Math.PI / 40 + phase) + 0.05 * r.nextGaussian();
        }
        KnnConformalDetector d = new KnnConformalDetector();
        double[] s = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            s[i] = d.score(0, x[i]);
            assertThat(s[i]).isBetween(0.0, 1.0);
        }
        double change = Arrays.stream(Arrays.copyOfRange(s, 3_000, 3_020)).max().orElseThrow();
        long noiseAbove = Arrays.stream(Arrays.copyOfRange(s, 2_000, 2_990)).filter(v -> v >= change).count();
        assertThat(change).isGreaterThan(0.999);
        assertThat(noiseAbove).as("noise readings scoring at least the change, of 990").isLessThanOrEqualTo(2);
        assertThat(s[0]).isZero();
        // the windowed Gaussian cannot see it: the values are ordinary
        WindowedGaussianDetector g = new WindowedGaussianDetector(1_000, 100);
        double[] gs = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            gs[i] = g.score(0, x[i]);
        }
        double gNoise = Arrays.stream(Arrays.copyOfRange(gs, 2_000, 2_990)).max().orElseThrow();
        double gChange = Arrays.stream(Arrays.copyOfRange(gs, 3_000, 3_020)).max().orElseThrow();
        assertThat(gChange).isLessThanOrEqualTo(gNoise);
    }

    @Test
    void flatStreamsAndValidation() {
        KnnConformalDetector d = new KnnConformalDetector();
        for (int i = 0; i < 1_000; i++) {
            assertThat(d.score(0, 3.0)).isBetween(0.0, 1.0);
        }
        assertThatThrownBy(() -> d.score(0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KnnConformalConfig(19, 10, 27, 0, ScoreCalibratorConfig.defaults()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

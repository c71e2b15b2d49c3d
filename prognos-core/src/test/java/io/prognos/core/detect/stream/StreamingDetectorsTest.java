package io.prognos.core.detect.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamingDetectorsTest {

    @Test
    void slidingMomentsMatchTheWindowEvenForLargeValues() {
        SlidingMoments m = new SlidingMoments(50);
        double[] x = new double[1_000];
        Random r = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = 1e9 + r.nextGaussian() * 10;
            m.add(x[i]);
            double[] w = Arrays.copyOfRange(x, Math.max(0, i - 49), i + 1);
            double mean = Arrays.stream(w).average().orElseThrow();
            assertThat(m.mean()).isCloseTo(mean, within(1e-4));
            if (w.length >= 2) {
                double sd = Math.sqrt(Arrays.stream(w).map(v -> (v - mean) * (v - mean)).sum() / (w.length - 1));
                assertThat(m.sd()).isCloseTo(sd, within(1e-3 * sd + 1e-6));
            }
        }
    }

    @Test
    void tails() {
        assertThat(Tails.upper(0)).isCloseTo(0.5, within(1e-12));
        assertThat(Tails.upper(1.959964)).isCloseTo(0.025, within(1e-6));
        assertThat(Tails.logScore(1e-6, 12)).isCloseTo(0.5, within(1e-12));
        assertThat(Tails.logScore(0, 12)).isEqualTo(1.0);
        assertThat(Tails.logScore(1, 12)).isEqualTo(0.0);
    }

    /** Gaussian noise with a spike at 3000 and a level shift from 4000. */
    private static double[] stream() {
        Random r = new Random(11);
        double[] x = new double[5_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian() + (i == 3_000 ? 15 : 0) + (i >= 4_000 ? 8 : 0);
        }
        return x;
    }

    private static double[] scores(StreamingDetector d, double[] x) {
        double[] s = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            s[i] = d.score(1_400_000_000L + 300L * i, x[i]);
            assertThat(s[i]).isBetween(0.0, 1.0);
        }
        return s;
    }

    @Test
    void windowedGaussianRanksTheSpikeAboveNoise() {
        double[] s = scores(new WindowedGaussianDetector(1_000, 100), stream());
        double noiseMax = Arrays.stream(Arrays.copyOfRange(s, 1_000, 2_990)).max().orElseThrow();
        assertThat(s[3_000]).isGreaterThan(noiseMax).isGreaterThan(0.999_999);
        assertThat(Arrays.stream(Arrays.copyOfRange(s, 1_000, 2_990)).average().orElseThrow())
                .as("Q(|z|) is uniform on (0, 1/2), so the mean score is 3/4").isCloseTo(0.75, within(0.03));
    }

    @Test
    void surpriseLikelihoodAlarmsOnceAtTheSpikeAndAtTheShift() {
        double[] s = scores(new SurpriseLikelihoodDetector(), stream());
        double noiseMax = Arrays.stream(Arrays.copyOfRange(s, 1_000, 2_990)).max().orElseThrow();
        double spike = Arrays.stream(Arrays.copyOfRange(s, 3_000, 3_006)).max().orElseThrow();
        double shift = Arrays.stream(Arrays.copyOfRange(s, 4_000, 4_006)).max().orElseThrow();
        assertThat(spike).isGreaterThan(noiseMax);
        assertThat(shift).isGreaterThan(noiseMax);
        // the refractory period keeps the following readings below the alarm
        double after = Arrays.stream(Arrays.copyOfRange(s, 4_010, 4_300)).max().orElseThrow();
        assertThat(after).isLessThan(shift);
        assertThat(s[0]).isZero();
    }

    @Test
    void flatSignalsDoNotDivideByZero() {
        double[] x = new double[2_000];
        Arrays.fill(x, 5.0);
        x[1_500] = 6.0;
        double[] s = scores(new SurpriseLikelihoodDetector(), x);
        assertThat(s[1_499]).isLessThan(0.01);
        assertThat(s[1_500]).isGreaterThan(0.5);
        double[] g = scores(new WindowedGaussianDetector(), x);
        assertThat(g[1_500]).isEqualTo(1.0);
    }

    @Test
    void namesAndUnknown() {
        assertThat(StreamingDetectors.names()).containsExactly("windowed-gaussian", "surprise-likelihood", "knn-conformal",
                "knn-cad", "knn-cad-multiscale", "knn-cad-seasonal", "knn-cad-range", "telemanom-linear", "ensemble-mean", "ensemble-max", "ensemble-vote");
        assertThat(StreamingDetectors.byName("knn-cad-multiscale").get()).isInstanceOf(MultiScaleKnnCadDetector.class);
        assertThat(StreamingDetectors.byName("knn-cad-seasonal").get()).isInstanceOf(SeasonalKnnCadDetector.class);
        assertThat(StreamingDetectors.byName("ensemble-vote").get()).isInstanceOf(EnsembleDetector.class);
        assertThat(StreamingDetectors.byName("knn-conformal").get()).isNotSameAs(StreamingDetectors.byName("knn-conformal").get());
        assertThat(StreamingDetectors.byName("windowed-gaussian").get()).isInstanceOf(WindowedGaussianDetector.class);
        assertThatThrownBy(() -> StreamingDetectors.byName("htm")).hasMessageContaining("known: windowed-gaussian");
    }
}

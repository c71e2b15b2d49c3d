package io.prognos.core.detect.telemanom;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TelemanomStreamingDetectorTest {

    /** A daily-like cycle of 100 readings with noise, and a jump of eight noise levels at {@code spikeAt} (if >= 0). */
    private static double[] series(long seed, int n, int spikeAt) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 10 + 3 * Math.sin(2 * Math.PI * i / 100.0) + 0.1 * random.nextGaussian();
            if (spikeAt >= 0 && i >= spikeAt && i < spikeAt + 5) {
                v[i] += 0.8 * 3;
            }
        }
        return v;
    }

    private static List<Integer> alarms(double[] v, double[] scores) {
        List<Integer> at = new ArrayList<>();
        try (TelemanomStreamingDetector d = new TelemanomStreamingDetector()) {
            for (int i = 0; i < v.length; i++) {
                scores[i] = d.score(i * 60L, v[i]);
                if (scores[i] > 0) {
                    at.add(i);
                }
            }
        }
        return at;
    }

    @Test
    void aSpikeIsReportedOnceWhenItArrivesAndTheWarmUpIsSilent() {
        int n = 4000;
        double[] v = series(1, n, 3000);
        double[] scores = new double[n];
        List<Integer> at = alarms(v, scores);
        // the smoothed error (EWMA, span 105) passes the threshold within the spike's five readings
        assertThat(at).as("one alarm, while the spike lasts").singleElement().satisfies(i ->
                assertThat(i).isBetween(3000, 3004));
        assertThat(scores[at.get(0)]).isBetween(0.0, 1.0).isPositive();
        for (int i = 0; i < 600 + 140; i++) {
            assertThat(scores[i]).as("warm-up and first errors at %d", i).isZero();
        }
    }

    @Test
    void aCleanStreamRaisesNoAlarm() {
        for (long seed = 2; seed < 5; seed++) {
            assertThat(alarms(series(seed, 4000, -1), new double[4000])).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void settingsAreValidated() {
        TelemanomConfig t = TelemanomConfig.defaults();
        assertThatThrownBy(() -> new TelemanomStreamConfig(300, 140, t, 0)).hasMessageContaining("warmup must be at least")
                .hasMessageContaining("310");
        assertThatThrownBy(() -> new TelemanomStreamConfig(600, 1, t, 0)).hasMessageContaining("minErrors");
    }
}

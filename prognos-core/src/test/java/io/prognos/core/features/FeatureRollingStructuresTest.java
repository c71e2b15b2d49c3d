package io.prognos.core.features;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The rolling median heaps and the monotonic deques against brute force, with many ties. */
class FeatureRollingStructuresTest {

    @Test
    void medianMinAndMaxMatchBruteForce() {
        Random random = new Random(9);
        for (int w : new int[] {1, 2, 3, 4, 7, 16, 25}) {
            RollingMedian median = new RollingMedian(w);
            MonotonicDeque min = new MonotonicDeque(w, true);
            MonotonicDeque max = new MonotonicDeque(w, false);
            double[] x = new double[3000];
            for (int t = 0; t < x.length; t++) {
                x[t] = random.nextInt(3) == 0 ? random.nextInt(5) : Math.round(random.nextGaussian() * 100) / 10.0;
                median.push(x[t]);
                min.push(t, x[t]);
                max.push(t, x[t]);
                int from = Math.max(0, t - w + 1);
                double[] sorted = Arrays.copyOfRange(x, from, t + 1);
                Arrays.sort(sorted);
                int k = sorted.length;
                double expected = k % 2 == 1 ? sorted[k / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2;
                assertThat(median.median()).as("w=" + w + " t=" + t).isEqualTo(expected);
                assertThat(min.extreme()).isEqualTo(sorted[0]);
                assertThat(max.extreme()).isEqualTo(sorted[k - 1]);
            }
            assertThat(median.full()).isTrue();
        }
    }
}

package io.prognos.core.detect.telemanom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StatsTest {

    @Test
    void ewmaMatchesPandasAdjustedMean() {
        // pandas: pd.Series([1, 2, 3]).ewm(span=3).mean() -> 1.0, 1.666667, 2.428571 (alpha 0.5, adjust=True)
        double[] smoothed = Stats.ewma(new double[] {1, 2, 3}, 3);
        assertThat(smoothed[0]).isEqualTo(1.0);
        assertThat(smoothed[1]).isCloseTo(2.5 / 1.5, within(1e-12));
        assertThat(smoothed[2]).isCloseTo(4.25 / 1.75, within(1e-12));
    }

    @Test
    void percentileInterpolatesLinearlyLikeNumpy() {
        // NumPy: np.percentile([3, 1, 4, 2], 95) = 3.85, 5 -> 1.15, 100 -> 4.0
        assertThat(Stats.percentileSelect(new double[] {3, 1, 4, 2}, 95)).isCloseTo(3.85, within(1e-12));
        assertThat(Stats.percentileSelect(new double[] {3, 1, 4, 2}, 5)).isCloseTo(1.15, within(1e-12));
        assertThat(Stats.percentileSelect(new double[] {3, 1, 4, 2}, 100)).isEqualTo(4.0);
        assertThat(Stats.percentileSelect(new double[] {7}, 50)).isEqualTo(7.0);
    }

    @Test
    void selectedPercentileEqualsTheSortedOneWithTiesAndConstants() {
        java.util.Random random = new java.util.Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(trial < 100 ? 12 : 3000);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                // few distinct values in some trials (stuck sensors), continuous in others
                values[i] = trial % 3 == 0 ? random.nextInt(3) : trial % 3 == 1 ? 5.0 : random.nextGaussian();
            }
            double[] sorted = values.clone();
            java.util.Arrays.sort(sorted);
            for (double q : new double[] {0, 5, 37.5, 50, 95, 100}) {
                assertThat(Stats.percentileSelect(values.clone(), q)).as("trial %d, n %d, q %s", trial, n, q)
                        .isEqualTo(percentileSorted(sorted, q));
            }
        }
        assertThat(Stats.percentileSelect(new double[0], 50)).isNaN();
    }

    @Test
    void standardDeviationIsThePopulationOne() {
        double[] values = {2, 4, 4, 4, 5, 5, 7, 9};
        assertThat(Stats.populationSd(values, values.length, Stats.mean(values, values.length))).isEqualTo(2.0);
        assertThat(Stats.mean(values, 0)).isNaN();
    }

    /** The reference: percentile q (0-100) of sorted values, linear between ranks (NumPy's default). */
    private static double percentileSorted(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double position = q / 100.0 * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(sorted.length - 1, lower + 1);
        double fraction = position - lower;
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction;
    }
}

package io.prognos.core.transform;

import io.prognos.core.transform.Imputer.Config;
import io.prognos.core.transform.Imputer.Result;
import io.prognos.core.transform.Imputer.Strategy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ImputerTest {

    private static double[] ramp(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 2.0 + 0.5 * i;
        }
        return v;
    }

    /** A period-12 signal that is not a straight line anywhere, so linear filling could not be exact. */
    private static double[] periodic(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.sin(2 * Math.PI * i / 12) + 0.3 * Math.cos(4 * Math.PI * i / 12);
        }
        return v;
    }

    /** Repeats 0,1,4,9,3,7,2 (period 7): every context of 3 points determines what follows. */
    private static double[] pattern(int n) {
        double[] base = {0, 1, 4, 9, 3, 7, 2};
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = base[i % base.length];
        }
        return v;
    }

    private static double[] blank(double[] v, int from, int to) {
        double[] out = v.clone();
        for (int i = from; i < to; i++) {
            out[i] = Double.NaN;
        }
        return out;
    }

    @Test
    void linearGapInARampIsExact() {
        double[] truth = ramp(30);
        Result r = new Imputer(Config.linear(5)).impute(blank(truth, 10, 15));

        for (int i = 0; i < truth.length; i++) {
            assertThat(r.values()[i]).isCloseTo(truth[i], within(1e-12));
            assertThat(r.imputed()[i]).isEqualTo(i >= 10 && i < 15);
        }
        assertThat(r.imputedCount()).isEqualTo(5);
        assertThat(r.stillMissing()).isZero();
    }

    @Test
    void linearAgreesWithGapFillerIncludingEndsAndLongGaps() {
        double[] v = blank(blank(blank(ramp(40), 0, 2), 10, 13), 20, 30);
        Result r = new Imputer(Config.linear(3)).impute(v);
        GapFiller.Filled f = new GapFiller(3).fill(v);

        assertThat(r.values()).containsExactly(f.values());
        assertThat(r.imputed()).containsExactly(f.imputed());
        assertThat(r.imputedCount()).isEqualTo(3).isEqualTo(f.imputedCount());
        assertThat(r.stillMissing()).isEqualTo(12).isEqualTo(f.stillMissing());
        assertThat(r.tooLong()).isEqualTo(10);
        assertThat(r.withoutSource()).isEqualTo(2);
    }

    @Test
    void seasonalGapInAPurePeriodicSignalIsExact() {
        double[] truth = periodic(60);
        Result r = new Imputer(Config.seasonal(6, 12)).impute(blank(truth, 20, 26));

        for (int i = 20; i < 26; i++) {
            assertThat(r.values()[i]).isCloseTo(truth[i], within(1e-12));
            assertThat(r.imputed()[i]).isTrue();
        }
        assertThat(r.imputedCount()).isEqualTo(6);
        assertThat(r.stillMissing()).isZero();
    }

    @Test
    void seasonalAveragesPreviousAndNextSeasonAndUsesOneWhenOnlyOneExists() {
        double[] v = new double[12];
        java.util.Arrays.fill(v, 1.0);
        v[0] = 10;   // previous season of point 4 (period 4)
        v[8] = 20;   // next season of point 4
        v[4] = Double.NaN;
        v[11] = Double.NaN; // only the previous season (7) exists: value 1
        Result r = new Imputer(Config.seasonal(1, 4)).impute(v);

        assertThat(r.values()[4]).isEqualTo(15.0);
        assertThat(r.values()[11]).isEqualTo(1.0);
        assertThat(r.imputedCount()).isEqualTo(2);
    }

    @Test
    void seasonalWithoutAnySeasonLeavesNaNAndSaysSo() {
        // period 10 in a series of 12: point 5 has neither 5-10 nor 5+10 inside the series
        double[] v = blank(periodic(12), 5, 6);
        Result r = new Imputer(Config.seasonal(3, 10)).impute(v);

        assertThat(r.values()[5]).isNaN();
        assertThat(r.imputed()[5]).isFalse();
        assertThat(r.imputedCount()).isZero();
        assertThat(r.stillMissing()).isEqualTo(1);
        assertThat(r.withoutSource()).isEqualTo(1);
        assertThat(r.summary()).contains("0 of 12 points imputed (seasonal").contains("1 with nothing to impute from");
    }

    @Test
    void seasonalNeverImputesFromImputedValues() {
        // the same phase is missing in two neighbouring seasons and there is no other season
        double[] v = blank(blank(periodic(24), 3, 4), 15, 16);
        Result r = new Imputer(Config.seasonal(1, 12)).impute(v);

        assertThat(r.values()[3]).isNaN();
        assertThat(r.values()[15]).isNaN();
        assertThat(r.withoutSource()).isEqualTo(2);
    }

    @Test
    void knnOnARepeatedPatternReproducesThePattern() {
        double[] truth = pattern(70);
        Result r = new Imputer(Config.knn(4, 3, 3)).impute(blank(truth, 40, 44));

        for (int i = 40; i < 44; i++) {
            assertThat(r.values()[i]).isEqualTo(truth[i]);
            assertThat(r.imputed()[i]).isTrue();
        }
        assertThat(r.imputedCount()).isEqualTo(4);
        assertThat(r.stillMissing()).isZero();
    }

    @Test
    void knnAveragesTheKNearestContinuationsWithDeterministicTies() {
        // context length 1: the query is the value 5 at index 5; the windows with context 5 continue at
        // index 2 (value 10) and index 9 (value 20), both at distance 0; index 9 is nearer the gap at 6
        double[] v = {0, 5, 10, 0, 0, 5, Double.NaN, 0, 5, 20, 0};
        Result one = new Imputer(Config.knn(1, 1, 1)).impute(v);
        Result two = new Imputer(Config.knn(1, 2, 1)).impute(v);

        // |9-6| = 3 < |2-6| = 4: the continuation at index 9 wins the tie
        assertThat(one.values()[6]).isEqualTo(20.0);
        assertThat(two.values()[6]).isEqualTo(15.0);
    }

    @Test
    void knnWithoutContextOrNeighbourLeavesNaN() {
        // gap at the very start: no context before it
        Result atStart = new Imputer(Config.knn(2, 1, 3)).impute(blank(pattern(30), 0, 2));
        assertThat(atStart.values()[0]).isNaN();
        assertThat(atStart.values()[1]).isNaN();
        assertThat(atStart.withoutSource()).isEqualTo(2);

        // series too short for any complete window of context + gap elsewhere
        Result noNeighbour = new Imputer(Config.knn(2, 1, 3)).impute(blank(pattern(6), 3, 5));
        assertThat(noNeighbour.imputedCount()).isZero();
        assertThat(noNeighbour.stillMissing()).isEqualTo(2);
        assertThat(noNeighbour.withoutSource()).isEqualTo(2);
    }

    @Test
    void gapsLongerThanTheMaximumAreLeftMissingByEveryStrategy() {
        double[] v = blank(blank(pattern(84), 30, 33), 50, 54); // gaps of 3 and 4
        for (Config config : new Config[]{Config.linear(3), Config.seasonal(3, 7), Config.knn(3, 2, 3)}) {
            Result r = new Imputer(config).impute(v);

            for (int i = 30; i < 33; i++) {
                assertThat(r.imputed()[i]).as(config.toString()).isTrue();
            }
            for (int i = 50; i < 54; i++) {
                assertThat(r.values()[i]).as(config.toString()).isNaN();
                assertThat(r.imputed()[i]).isFalse();
            }
            assertThat(r.imputedCount()).isEqualTo(3);
            assertThat(r.stillMissing()).isEqualTo(4);
            assertThat(r.tooLong()).isEqualTo(4);
            assertThat(r.withoutSource()).isZero();
        }
    }

    @Test
    void maskMarksOnlyImputedPointsAndInputIsUntouched() {
        double[] v = blank(periodic(48), 13, 15);
        double[] copy = v.clone();
        Result r = new Imputer(Config.seasonal(2, 12)).impute(v);

        int marked = 0;
        for (int i = 0; i < v.length; i++) {
            if (r.imputed()[i]) {
                marked++;
                assertThat(Double.isNaN(v[i])).isTrue();
            } else {
                assertThat(r.values()[i]).isEqualTo(v[i]);
            }
        }
        assertThat(marked).isEqualTo(r.imputedCount()).isEqualTo(2);
        assertThat(v).containsExactly(copy);
    }

    @Test
    void noMissingValuesMeansNothingImputed() {
        Result r = new Imputer(Config.knn(5, 2, 4)).impute(pattern(30));
        assertThat(r.values()).containsExactly(pattern(30));
        assertThat(r.imputedCount()).isZero();
        assertThat(r.stillMissing()).isZero();
    }

    @Test
    void badConfigIsRejectedWithTheFieldNamed() {
        assertThatThrownBy(() -> Config.linear(0)).hasMessageContaining("maxGap");
        assertThatThrownBy(() -> Config.seasonal(3, 1)).hasMessageContaining("period");
        assertThatThrownBy(() -> Config.knn(3, 0, 2)).hasMessageContaining("k must");
        assertThatThrownBy(() -> Config.knn(3, 2, 0)).hasMessageContaining("context");
        assertThatThrownBy(() -> new Config(null, 3, 0, 0, 0)).hasMessageContaining("strategy");
        assertThatThrownBy(() -> new Config(Strategy.LINEAR, 3, 12, 0, 0)).hasMessageContaining("period");
        assertThatThrownBy(() -> new Config(Strategy.SEASONAL, 3, 12, 2, 0)).hasMessageContaining("k is only");
        assertThatThrownBy(() -> new Config(Strategy.SEASONAL, 3, 12, 0, 2)).hasMessageContaining("context");
        assertThatThrownBy(() -> Strategy.parse("spline")).hasMessageContaining("linear, seasonal or knn");
        assertThat(Strategy.parse(" Knn ")).isEqualTo(Strategy.KNN);
    }
}

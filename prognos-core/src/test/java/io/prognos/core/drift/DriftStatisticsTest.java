package io.prognos.core.drift;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Known answers for the two-sample statistics (hand-computed, or from SciPy 1.17 where stated). */
class DriftStatisticsTest {

    private static final double[] A = {0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56, 0.39, 1.64, 0.05, -0.06,
        0.64, -0.82, 0.37, 1.77, 1.09, -1.28, 2.36, 1.31, 1.05, -0.32, -0.4, 1.06, -2.47};
    private static final double[] B = {2.2, 1.1, 0.9, 1.7, 0.3, 2.9, 1.4, 0.8, -0.2, 1.9, 1.3, 2.4, 0.05, 1.6, 0.7,
        3.1, 1.2, 0.1, 2.0, 1.5};

    static double[] normal(long seed, int n, double mean, double sd) {
        Random random = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = mean + sd * random.nextGaussian();
        }
        return x;
    }

    @Test
    void ksOnDisjointTriplesIsTwoOfTwentyInterleavings() {
        // only the 2 orderings "all reference first" and "all current first" of C(6,3) = 20 reach D = 1
        TwoSampleStatistics.Ks ks = TwoSampleStatistics.kolmogorovSmirnov(new double[] {1, 2, 3},
                new double[] {4, 5, 6});
        assertThat(ks.statistic()).isEqualTo(1.0);
        assertThat(ks.pValue()).isCloseTo(0.1, within(1e-12));
        assertThat(ks.exact()).isTrue();
        assertThat(TwoSampleStatistics.kolmogorovSmirnov(new double[] {1, 2, 3, 4}, new double[] {5, 6, 7, 8})
                .pValue()).isCloseTo(2.0 / 70, within(1e-12));
    }

    @Test
    void ksOnInterleavedTriplesIsOneThirdWithPOne() {
        TwoSampleStatistics.Ks ks = TwoSampleStatistics.kolmogorovSmirnov(new double[] {1, 3, 5},
                new double[] {2, 4, 6});
        assertThat(ks.statistic()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(ks.pValue()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void ksMatchesScipyExact() {
        // scipy.stats.ks_2samp(A, B, method='exact'): D = 0.52, p = 0.002933880974459243
        TwoSampleStatistics.Ks ks = TwoSampleStatistics.kolmogorovSmirnov(A, B);
        assertThat(ks.statistic()).isCloseTo(0.52, within(1e-12));
        assertThat(ks.pValue()).isCloseTo(0.002933880974459243, within(1e-12));
        // symmetric in the two samples
        assertThat(TwoSampleStatistics.kolmogorovSmirnov(B, A).pValue()).isCloseTo(ks.pValue(), within(1e-12));
    }

    @Test
    void ksOfASampleWithItselfIsZeroWithPOne() {
        double[] x = normal(1, 500, 0, 1);
        TwoSampleStatistics.Ks ks = TwoSampleStatistics.kolmogorovSmirnov(x, x.clone());
        assertThat(ks.statistic()).isZero();
        assertThat(ks.pValue()).isEqualTo(1.0);
    }

    @Test
    void ksFindsAOneSdShiftIn2000NormalDraws() {
        TwoSampleStatistics.Ks ks = TwoSampleStatistics.kolmogorovSmirnov(normal(1, 2000, 0, 1),
                normal(2, 2000, 1, 1));
        assertThat(ks.exact()).isTrue();
        assertThat(ks.statistic()).isBetween(0.3, 0.45);
        assertThat(ks.pValue()).isLessThan(1e-10);
    }

    @Test
    void kolmogorovSurvivalMatchesScipyKstwobign() {
        // scipy.stats.kstwobign.sf([0.3, 0.5, 1.0, 1.3581, 2.0])
        assertThat(TwoSampleStatistics.kolmogorovSurvival(0.3)).isCloseTo(9.99990694e-01, within(1e-8));
        assertThat(TwoSampleStatistics.kolmogorovSurvival(0.5)).isCloseTo(9.63945244e-01, within(1e-8));
        assertThat(TwoSampleStatistics.kolmogorovSurvival(1.0)).isCloseTo(2.69999672e-01, within(1e-8));
        assertThat(TwoSampleStatistics.kolmogorovSurvival(1.3581)).isCloseTo(4.99996304e-02, within(1e-9));
        assertThat(TwoSampleStatistics.kolmogorovSurvival(2.0)).isCloseTo(6.70925256e-04, within(1e-12));
        assertThat(TwoSampleStatistics.kolmogorovSurvival(0)).isEqualTo(1.0);
    }

    @Test
    void exactAndAsymptoticKsAgreeOnLargeSamples() {
        double[] ref = normal(11, 3000, 0, 1);
        double[] cur = normal(12, 3000, 0.06, 1);
        TwoSampleStatistics.Ks exact = TwoSampleStatistics.kolmogorovSmirnov(ref, cur);
        assertThat(exact.exact()).isTrue();
        double ne = 1500;
        double asymptotic = TwoSampleStatistics.kolmogorovSurvival(
                (Math.sqrt(ne) + 0.12 + 0.11 / Math.sqrt(ne)) * exact.statistic());
        assertThat(exact.pValue()).isBetween(1e-4, 0.5);
        assertThat(asymptotic).isCloseTo(exact.pValue(), within(0.1 * exact.pValue() + 1e-3));
        // above the exact limit the asymptotic form is used
        TwoSampleStatistics.Ks big = TwoSampleStatistics.kolmogorovSmirnov(normal(13, 4000, 0, 1),
                normal(14, 4000, 0, 1));
        assertThat(big.exact()).isFalse();
        assertThat(big.pValue()).isBetween(0.0, 1.0);
    }

    @Test
    void mannWhitneyMatchesScipyAsymptotic() {
        // scipy.stats.mannwhitneyu([4,5,6], [1,2,3], method='asymptotic'): U = 9, p = 0.08085559837005224
        TwoSampleStatistics.MannWhitney mw = TwoSampleStatistics.mannWhitney(new double[] {1, 2, 3},
                new double[] {4, 5, 6});
        assertThat(mw.u()).isEqualTo(9.0);
        assertThat(mw.pValue()).isCloseTo(0.08085559837005224, within(1e-12));
        // mannwhitneyu(B, A): U = 393.5, p = 0.0010890204951426398
        mw = TwoSampleStatistics.mannWhitney(A, B);
        assertThat(mw.u()).isEqualTo(393.5);
        assertThat(mw.pValue()).isCloseTo(0.0010890204951426398, within(1e-12));
        // with ties: mannwhitneyu([1,2,2,3,5,5], [2,3,3,4,5,6,6]): U = 12, p = 0.21624748948892258
        mw = TwoSampleStatistics.mannWhitney(new double[] {2, 3, 3, 4, 5, 6, 6}, new double[] {1, 2, 2, 3, 5, 5});
        assertThat(mw.u()).isEqualTo(12.0);
        assertThat(mw.pValue()).isCloseTo(0.21624748948892258, within(1e-12));
    }

    @Test
    void chiSquareOnATwoByTwoTable() {
        // expected 15/5 in both rows: 25/15 + 25/5 + 25/15 + 25/5 = 13.33, df 1; scipy chi2_contingency
        // without Yates' correction: p = 0.0002607296328553165
        TwoSampleStatistics.ChiSquare chi = TwoSampleStatistics.chiSquare(new long[] {10, 10}, new long[] {20, 0}, 5);
        assertThat(chi.statistic()).isCloseTo(40.0 / 3, within(1e-12));
        assertThat(chi.degreesOfFreedom()).isEqualTo(1);
        assertThat(chi.pValue()).isCloseTo(0.0002607296328553165, within(1e-15));
    }

    @Test
    void chiSquareMergesBinsWithSmallExpectedCounts() {
        // 100 + 100 values: a bin needs 10 values in total; the thin bins are merged with neighbours
        long[] ref = {0, 1, 49, 49, 1, 0};
        long[] cur = {2, 1, 48, 48, 1, 0};
        TwoSampleStatistics.ChiSquare chi = TwoSampleStatistics.chiSquare(ref, cur, 5);
        assertThat(chi.degreesOfFreedom()).isEqualTo(1);
        // [0+1+49 | 2+1+48] and [49+1+0 | 48+1+0]: 50/51 vs 50/49
        double expected = 0;
        double[][] table = {{50, 51}, {50, 49}};
        for (double[] column : table) {
            double total = column[0] + column[1];
            expected += Math.pow(column[0] - total / 2, 2) / (total / 2) + Math.pow(column[1] - total / 2, 2) / (total / 2);
        }
        assertThat(chi.statistic()).isCloseTo(expected, within(1e-12));
        // everything in one bin: nothing to compare
        assertThat(TwoSampleStatistics.chiSquare(new long[] {3, 0}, new long[] {4, 0}, 5).pValue()).isEqualTo(1.0);
    }

    @Test
    void psiKnownAnswers() {
        // (0.25 - 0.5) ln(0.5) + (0.75 - 0.5) ln(1.5) = 0.2746530721670274
        assertThat(TwoSampleStatistics.psi(new double[] {0.5, 0.5}, new double[] {0.25, 0.75}, 1e-4))
                .isCloseTo(0.2746530721670274, within(1e-12));
        // an empty reference bin counts as 1e-4: -0.1 ln 0.8 + (0.1 - 1e-4) ln(1000) = 0.7123991075017365
        assertThat(TwoSampleStatistics.psi(new double[] {0.5, 0.5, 0}, new double[] {0.5, 0.4, 0.1}, 1e-4))
                .isCloseTo(0.7123991075017365, within(1e-12));
        assertThat(TwoSampleStatistics.psi(new double[] {0.2, 0.8, 0}, new double[] {0.2, 0.8, 0}, 1e-4)).isZero();
    }

    @Test
    void jensenShannonBounds() {
        assertThat(TwoSampleStatistics.jensenShannon(new double[] {0.2, 0.3, 0.5}, new double[] {0.2, 0.3, 0.5}))
                .isCloseTo(0, within(1e-15));
        assertThat(TwoSampleStatistics.jensenShannon(new double[] {0.5, 0.5, 0, 0}, new double[] {0, 0, 0.3, 0.7}))
                .isCloseTo(1, within(1e-15));
        // P = (1, 0), Q = (1/2, 1/2), M = (3/4, 1/4): (log2(4/3) + 1/2 log2(2/3) + 1/2) / 2 = 0.3112781244591328
        assertThat(TwoSampleStatistics.jensenShannon(new double[] {1, 0}, new double[] {0.5, 0.5}))
                .isCloseTo(0.3112781244591328, within(1e-12));
    }

    @Test
    void wassersteinOfAShiftedCopyIsTheShift() {
        double[] x = normal(3, 1000, 5, 2);
        double[] shifted = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            shifted[i] = x[i] + 0.75;
        }
        assertThat(TwoSampleStatistics.wasserstein(x, shifted)).isCloseTo(0.75, within(1e-9));
        assertThat(TwoSampleStatistics.wasserstein(shifted, x)).isCloseTo(0.75, within(1e-9));
        // hand: F differs by 1/2 on [1, 3) and on [0, 2)
        assertThat(TwoSampleStatistics.wasserstein(new double[] {0, 1}, new double[] {0, 3})).isCloseTo(1, within(1e-12));
        assertThat(TwoSampleStatistics.wasserstein(new double[] {0}, new double[] {0, 2})).isCloseTo(1, within(1e-12));
        // scipy.stats.wasserstein_distance(A, B) = 1.1311
        assertThat(TwoSampleStatistics.wasserstein(A, B)).isCloseTo(1.1311, within(1e-12));
    }

    @Test
    void referenceBinsHoldEqualSharesOfTheReference() {
        double[] ref = new double[100];
        for (int i = 0; i < 100; i++) {
            ref[i] = i + 1;
        }
        ReferenceBins bins = ReferenceBins.fromReference(ref, 10);
        assertThat(bins.size()).isEqualTo(12);
        assertThat(bins.counts(ref)).containsExactly(0, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 0);
        assertThat(bins.binOf(0.5)).isZero();
        assertThat(bins.binOf(100)).isEqualTo(10);
        assertThat(bins.binOf(100.5)).isEqualTo(11);
        // a heavily tied reference gets fewer bins
        double[] tied = new double[100];
        for (int i = 60; i < 100; i++) {
            tied[i] = i;
        }
        ReferenceBins few = ReferenceBins.fromReference(tied, 10);
        assertThat(few.size()).isLessThan(12);
        long[] counts = few.counts(tied);
        assertThat(counts[1]).isEqualTo(60);
        assertThat(java.util.Arrays.stream(counts).sum()).isEqualTo(100);
    }

    @Test
    void badInputIsRejectedNamingSampleAndIndex() {
        assertThatThrownBy(() -> TwoSampleStatistics.kolmogorovSmirnov(new double[] {1, 2},
                new double[] {1, 2, 3, 4, 5, 6, 7, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("current sample: value at index 7 is NaN");
        assertThatThrownBy(() -> TwoSampleStatistics.mannWhitney(new double[] {1, Double.NaN}, new double[] {1, 2}))
                .hasMessage("reference sample: value at index 1 is NaN");
        assertThatThrownBy(() -> TwoSampleStatistics.wasserstein(new double[] {1, Double.POSITIVE_INFINITY},
                new double[] {1})).hasMessageContaining("reference sample: value at index 1 is infinite");
        assertThatThrownBy(() -> TwoSampleStatistics.mannWhitney(new double[] {1}, new double[] {1, 2}))
                .hasMessageContaining("reference sample has 1 values; at least 2");
        assertThatThrownBy(() -> TwoSampleStatistics.kolmogorovSmirnov(new double[0], new double[] {1}))
                .hasMessageContaining("reference sample has 0 values");
        assertThatThrownBy(() -> TwoSampleStatistics.kolmogorovSmirnov(null, new double[] {1}))
                .hasMessageContaining("reference sample is missing");
        assertThatThrownBy(() -> TwoSampleStatistics.psi(new double[] {0.5, 0.5}, new double[] {1}, 1e-4))
                .hasMessageContaining("same, non-zero number of bins");
        assertThatThrownBy(() -> TwoSampleStatistics.jensenShannon(new double[] {0.5, Double.NaN},
                new double[] {0.5, 0.5})).hasMessageContaining("bin 1 has an invalid share");
        assertThatThrownBy(() -> TwoSampleStatistics.chiSquare(new long[] {0, 0}, new long[] {1, 2}, 5))
                .hasMessageContaining("reference counts are all zero");
    }
}

package io.prognos.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionCountsTest {

    private static final double EPS = 1e-9;

    @Test
    void ratiosMatchHandComputedValues() {
        // tp=62, fp=12, fn=7 (the SMAP totals of Hundman et al. with a made-up FP count):
        //   precision = 62 / 74 = 0.837837837837...
        //   recall    = 62 / 69 = 0.898550724637...
        //   F_beta    = (1+b²)·tp / ((1+b²)·tp + b²·fn + fp)
        //   F1   = 124 / (124 + 7 + 12)          = 124 / 143    = 0.867132867132...
        //   F0.5 = 77.5 / (77.5 + 0.25·7 + 12)   = 77.5 / 91.25 = 0.849315068493...
        //   F2   = 310 / (310 + 4·7 + 12)        = 310 / 350    = 0.885714285714...
        DetectionCounts c = new DetectionCounts(62, 12, 7);
        assertThat(c.precision()).isCloseTo(0.837837837838, within(EPS));
        assertThat(c.recall()).isCloseTo(0.898550724638, within(EPS));
        assertThat(c.f1()).isCloseTo(0.867132867133, within(EPS));
        assertThat(c.f05()).isCloseTo(0.849315068493, within(EPS));
        assertThat(c.fBeta(2.0)).isCloseTo(0.885714285714, within(EPS));
        assertThat(c.f1()).isCloseTo(124.0 / 143.0, within(EPS));
        assertThat(c.f05()).isCloseTo(77.5 / 91.25, within(EPS));
        assertThat(c.fBeta(1.0)).isEqualTo(c.f1());
        assertThat(c.fBeta(0.5)).isEqualTo(c.f05());
    }

    @Test
    void nothingAtAllIsZeroEverywhere() {
        DetectionCounts c = DetectionCounts.ZERO;
        assertThat(c.precision()).isZero();
        assertThat(c.recall()).isZero();
        assertThat(c.f1()).isZero();
        assertThat(c.f05()).isZero();
    }

    @Test
    void noDetectionsGivesZeroPrecisionNotNaN() {
        DetectionCounts c = new DetectionCounts(0, 0, 5);
        assertThat(c.precision()).isZero();
        assertThat(c.recall()).isZero();
        assertThat(c.f1()).isZero();
    }

    @Test
    void noLabelsGivesZeroRecallNotNaN() {
        DetectionCounts c = new DetectionCounts(0, 3, 0);
        assertThat(c.precision()).isZero();
        assertThat(c.recall()).isZero();
        assertThat(c.f05()).isZero();
    }

    @Test
    void onlyMistakesGiveZeroF() {
        DetectionCounts c = new DetectionCounts(0, 3, 5);
        assertThat(c.precision()).isZero();
        assertThat(c.recall()).isZero();
        assertThat(c.fBeta(3.0)).isZero();
    }

    @Test
    void perfectDetectionIsOne() {
        DetectionCounts c = new DetectionCounts(4, 0, 0);
        assertThat(c.precision()).isEqualTo(1.0);
        assertThat(c.recall()).isEqualTo(1.0);
        assertThat(c.f1()).isEqualTo(1.0);
        assertThat(c.f05()).isCloseTo(1.0, within(EPS));
    }

    @Test
    void precisionOnlyOrRecallOnlyStillDefined() {
        // P = 1, R = 1/4: F1 = 2·0.25/1.25 = 0.4 ; F0.5 = 1.25·0.25/(0.25 + 0.25) = 0.625
        DetectionCounts c = new DetectionCounts(1, 0, 3);
        assertThat(c.f1()).isCloseTo(0.4, within(EPS));
        assertThat(c.f05()).isCloseTo(0.625, within(EPS));
    }

    @Test
    void plusAndSumAddCounts() {
        DetectionCounts a = new DetectionCounts(1, 2, 3);
        DetectionCounts b = new DetectionCounts(10, 20, 30);
        assertThat(a.plus(b)).isEqualTo(new DetectionCounts(11, 22, 33));
        assertThat(DetectionCounts.sum(List.of(a, b, a))).isEqualTo(new DetectionCounts(12, 24, 36));
        assertThat(DetectionCounts.sum(List.of())).isEqualTo(DetectionCounts.ZERO);
    }

    @Test
    void totalsUseSummedCountsNotAveragedRatios() {
        DetectionCounts a = new DetectionCounts(1, 0, 0); // recall 1
        DetectionCounts b = new DetectionCounts(0, 1, 9); // recall 0
        DetectionCounts total = DetectionCounts.sum(List.of(a, b));
        // the mean of the per-channel recalls would be 0.5; the summed recall is 1/10
        assertThat(total.recall()).isCloseTo(0.1, within(EPS));
        assertThat(total.precision()).isCloseTo(0.5, within(EPS));
    }

    @Test
    void rejectsNegativeCountsAndBadBeta() {
        assertThatThrownBy(() -> new DetectionCounts(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DetectionCounts(0, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DetectionCounts(0, 0, -1)).isInstanceOf(IllegalArgumentException.class);
        DetectionCounts c = new DetectionCounts(1, 1, 1);
        assertThatThrownBy(() -> c.fBeta(0.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.fBeta(-1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.fBeta(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.fBeta(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void plusDetectsOverflow() {
        DetectionCounts big = new DetectionCounts(Long.MAX_VALUE, 0, 0);
        assertThatThrownBy(() -> big.plus(new DetectionCounts(1, 0, 0))).isInstanceOf(ArithmeticException.class);
    }
}

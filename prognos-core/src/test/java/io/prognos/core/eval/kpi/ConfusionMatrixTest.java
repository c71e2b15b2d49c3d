package io.prognos.core.eval.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    private static final double EPS = 1e-12;

    @Test
    void ratiosMatchHandComputedValues() {
        // tp=8, fp=2, fn=4, tn=86:
        //   precision = 8 / 10 = 0.8, recall = 8 / 12, F1 = 16 / (16 + 2 + 4) = 16 / 22,
        //   accuracy = 94 / 100, FPR = 2 / 88
        ConfusionMatrix m = new ConfusionMatrix(8, 2, 4, 86);
        assertThat(m.precision().getAsDouble()).isCloseTo(0.8, within(EPS));
        assertThat(m.recall().getAsDouble()).isCloseTo(0.666666666666667, within(EPS));
        assertThat(m.f1().getAsDouble()).isCloseTo(0.727272727272727, within(EPS));
        assertThat(m.accuracy().getAsDouble()).isCloseTo(0.94, within(EPS));
        assertThat(m.falsePositiveRate().getAsDouble()).isCloseTo(0.022727272727273, within(EPS));
        assertThat(m.total()).isEqualTo(100);
        assertThat(m.positives()).isEqualTo(12);
        assertThat(m.negatives()).isEqualTo(88);
        assertThat(m.flagged()).isEqualTo(10);
    }

    @Test
    void f1IsHarmonicMeanOfPrecisionAndRecall() {
        ConfusionMatrix m = new ConfusionMatrix(13, 7, 5, 40);
        double p = m.precision().getAsDouble();
        double r = m.recall().getAsDouble();
        assertThat(m.f1().getAsDouble()).isCloseTo(2 * p * r / (p + r), within(EPS));
    }

    @Test
    void ratiosAreEmptyWhenTheirDenominatorIsZero() {
        assertThat(ConfusionMatrix.ZERO.precision()).isEmpty();
        assertThat(ConfusionMatrix.ZERO.recall()).isEmpty();
        assertThat(ConfusionMatrix.ZERO.f1()).isEmpty();
        assertThat(ConfusionMatrix.ZERO.accuracy()).isEmpty();
        assertThat(ConfusionMatrix.ZERO.falsePositiveRate()).isEmpty();
        assertThat(ConfusionMatrix.ZERO.isEmpty()).isTrue();

        // nothing flagged, anomalies missed: precision undefined, recall and F1 really 0
        ConfusionMatrix missed = new ConfusionMatrix(0, 0, 5, 10);
        assertThat(missed.precision()).isEmpty();
        assertThat(missed.recall()).hasValue(0.0);
        assertThat(missed.f1()).hasValue(0.0);
        assertThat(missed.falsePositiveRate()).hasValue(0.0);

        // only quiet events, all left alone: no anomaly-related ratio is defined
        ConfusionMatrix quiet = new ConfusionMatrix(0, 0, 0, 10);
        assertThat(quiet.precision()).isEmpty();
        assertThat(quiet.recall()).isEmpty();
        assertThat(quiet.f1()).isEmpty();
        assertThat(quiet.accuracy()).hasValue(1.0);
        assertThat(quiet.falsePositiveRate()).hasValue(0.0);

        // only anomalies, all caught: no FPR
        assertThat(new ConfusionMatrix(3, 0, 0, 0).falsePositiveRate()).isEmpty();
        assertThat(new ConfusionMatrix(3, 0, 0, 0).f1()).hasValue(1.0);
    }

    @Test
    void plusSumsElementWiseAndWithCountsOneEvent() {
        ConfusionMatrix a = new ConfusionMatrix(1, 2, 3, 4);
        ConfusionMatrix b = new ConfusionMatrix(10, 20, 30, 40);
        assertThat(a.plus(b)).isEqualTo(new ConfusionMatrix(11, 22, 33, 44));
        assertThat(a.plus(ConfusionMatrix.ZERO)).isEqualTo(a);
        assertThat(ConfusionMatrix.ZERO.with(true, true).with(true, false).with(false, true).with(false, false)
                .with(false, false)).isEqualTo(new ConfusionMatrix(1, 1, 1, 2));
    }

    @Test
    void negativeCountsAreRejectedWithAMessage() {
        assertThatThrownBy(() -> new ConfusionMatrix(1, -2, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("confusion counts must be >= 0, were tp=1, fp=-2, fn=0, tn=0");
    }

    @Test
    void plusRefusesOverflow() {
        ConfusionMatrix big = new ConfusionMatrix(Long.MAX_VALUE, 0, 0, 0);
        assertThatThrownBy(() -> big.plus(new ConfusionMatrix(1, 0, 0, 0))).isInstanceOf(ArithmeticException.class);
    }
}

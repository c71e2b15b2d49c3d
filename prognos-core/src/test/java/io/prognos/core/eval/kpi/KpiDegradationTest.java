package io.prognos.core.eval.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.prognos.core.eval.kpi.DegradationVerdict.Outcome;
import org.junit.jupiter.api.Test;

class KpiDegradationTest {

    private static final KpiDegradation F1 =
            new KpiDegradation("F1", KpiDirection.HIGHER_IS_BETTER, 0.2, 30, "reviewed anomalies");
    private static final KpiDegradation MAE =
            new KpiDegradation("MAE", KpiDirection.LOWER_IS_BETTER, 0.2, 100, "forecasts");

    @Test
    void higherIsBetterDropBeyondTheAllowanceIsADegradation() {
        DegradationVerdict v = F1.assess(0.80, 0.52, 64);
        assertThat(v.degraded()).isTrue();
        assertThat(v.outcome()).isEqualTo(Outcome.DEGRADED);
        assertThat(v.relativeChange().getAsDouble()).isCloseTo(-0.35, within(1e-12));
        assertThat(v.message()).isEqualTo(
                "F1 0.52 is 35% below the validation baseline 0.80 (allowed 20%) over 64 reviewed anomalies");
        assertThat(v.kpi()).isEqualTo("F1");
        assertThat(v.samples()).isEqualTo(64);
    }

    @Test
    void higherIsBetterSmallDropOrRiseIsWithinTolerance() {
        DegradationVerdict drop = F1.assess(0.80, 0.72, 64);
        assertThat(drop.degraded()).isFalse();
        assertThat(drop.outcome()).isEqualTo(Outcome.WITHIN_TOLERANCE);
        assertThat(drop.relativeChange().getAsDouble()).isCloseTo(-0.1, within(1e-12));
        assertThat(drop.message()).isEqualTo(
                "F1 0.72 is 10% below the validation baseline 0.80, within the allowed 20%, over 64 reviewed "
                        + "anomalies");

        DegradationVerdict rise = F1.assess(0.80, 0.92, 64);
        assertThat(rise.degraded()).isFalse();
        assertThat(rise.message())
                .isEqualTo("F1 0.92 is 15% above the validation baseline 0.80 over 64 reviewed anomalies");

        // exactly the allowed fraction (0.64 = 0.80 - 20%) is tolerated despite rounding
        assertThat(F1.assess(0.80, 0.64, 64).degraded()).isFalse();
        assertThat(F1.assess(0.80, 0.80, 64).message())
                .isEqualTo("F1 0.80 equals the validation baseline 0.80 over 64 reviewed anomalies");
    }

    @Test
    void lowerIsBetterRiseBeyondTheAllowanceIsADegradationAndAFallIsNot() {
        DegradationVerdict worse = MAE.assess(2.0, 2.6, 500);
        assertThat(worse.degraded()).isTrue();
        assertThat(worse.relativeChange().getAsDouble()).isCloseTo(0.3, within(1e-12));
        assertThat(worse.message())
                .isEqualTo("MAE 2.60 is 30% above the validation baseline 2.00 (allowed 20%) over 500 forecasts");

        DegradationVerdict slightlyWorse = MAE.assess(2.0, 2.3, 500);
        assertThat(slightlyWorse.degraded()).isFalse();
        assertThat(slightlyWorse.message()).contains("15% above").contains("within the allowed 20%");

        DegradationVerdict better = MAE.assess(2.0, 1.0, 500);
        assertThat(better.degraded()).as("half the error is an improvement").isFalse();
        assertThat(better.relativeChange().getAsDouble()).isCloseTo(-0.5, within(1e-12));
        assertThat(better.message()).isEqualTo("MAE 1.00 is 50% below the validation baseline 2.00 over 500 forecasts");
    }

    @Test
    void negativeBaselineUsesItsMagnitude() {
        KpiDegradation r2 = new KpiDegradation("R²", KpiDirection.HIGHER_IS_BETTER, 0.2, 10, "forecasts");
        DegradationVerdict v = r2.assess(-0.5, -0.8, 50); // fell by 0.3, 60 % of |baseline|
        assertThat(v.degraded()).isTrue();
        assertThat(v.relativeChange().getAsDouble()).isCloseTo(-0.6, within(1e-12));
        assertThat(r2.assess(-0.5, -0.2, 50).degraded()).isFalse();
    }

    @Test
    void fewerSamplesThanTheMinimumGiveNoVerdict() {
        DegradationVerdict v = F1.assess(0.80, 0.10, 29);
        assertThat(v.degraded()).isFalse();
        assertThat(v.outcome()).isEqualTo(Outcome.INSUFFICIENT_SAMPLES);
        assertThat(v.relativeChange().getAsDouble()).isCloseTo(-0.875, within(1e-12));
        assertThat(v.message()).isEqualTo("F1 0.10 over 29 reviewed anomalies: too few to judge against the "
                + "validation baseline 0.80 (minimum 30); no verdict");
        assertThat(F1.assess(0.80, 0.10, 30).degraded()).as("the minimum itself is enough").isTrue();
    }

    @Test
    void zeroOrNonFiniteBaselineIsReportedNotJudged() {
        DegradationVerdict zero = MAE.assess(0.0, 3.0, 500);
        assertThat(zero.degraded()).isFalse();
        assertThat(zero.outcome()).isEqualTo(Outcome.NO_USABLE_BASELINE);
        assertThat(zero.relativeChange()).isEmpty();
        assertThat(zero.message()).isEqualTo(
                "MAE 3.00 over 500 forecasts cannot be judged: the validation baseline is 0, which gives no "
                        + "relative scale");

        DegradationVerdict nan = F1.assess(Double.NaN, 0.4, 64);
        assertThat(nan.outcome()).isEqualTo(Outcome.NO_USABLE_BASELINE);
        assertThat(nan.degraded()).isFalse();
        assertThat(nan.message()).endsWith("the validation baseline is NaN");
        assertThat(F1.assess(Double.POSITIVE_INFINITY, 0.4, 64).outcome()).isEqualTo(Outcome.NO_USABLE_BASELINE);
    }

    @Test
    void formatsSmallAndLargeValuesReadably() {
        assertThat(KpiDegradation.format(0.004321)).isEqualTo("0.00432");
        assertThat(KpiDegradation.format(1234.5)).isEqualTo("1234.50");
        assertThat(KpiDegradation.format(2.5e7)).isEqualTo("2.50e+07");
        assertThat(KpiDegradation.percent(0.055)).isEqualTo("5.5%");
        assertThat(KpiDegradation.percent(0.35)).isEqualTo("35%");
    }

    @Test
    void refusesInvalidRulesAndValues() {
        assertThatThrownBy(() -> F1.assess(0.8, Double.NaN, 64)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("realised F1 must be finite, was NaN");
        assertThatThrownBy(() -> F1.assess(0.8, 0.5, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sample count must be >= 0, was -1 for F1");
        assertThatThrownBy(() -> new KpiDegradation("F1", KpiDirection.HIGHER_IS_BETTER, -0.1, 1, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("allowed fraction must be finite and >= 0, was -0.1 for F1");
        assertThatThrownBy(() -> new KpiDegradation(" ", KpiDirection.HIGHER_IS_BETTER, 0.1, 1, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("KPI name must not be blank");
        assertThatThrownBy(() -> new KpiDegradation("F1", KpiDirection.HIGHER_IS_BETTER, 0.1, -1, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minimum sample count must be >= 0, was -1 for F1");
    }
}

package io.prognos.core.drift;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.prognos.core.drift.DriftStatisticsTest.normal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DriftAnalyzerTest {

    private final DriftAnalyzer analyzer = new DriftAnalyzer();

    private static double[] plus(double[] x, double shift) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] + shift;
        }
        return y;
    }

    @Test
    void metricsOfAShiftedCopy() {
        double[] ref = normal(1, 2000, 10, 2);
        DriftMetrics same = DriftMetrics.between(ref, ref.clone());
        assertThat(same.ksStatistic()).isZero();
        assertThat(same.ksPValue()).isEqualTo(1.0);
        assertThat(same.psi()).isZero();
        assertThat(same.jensenShannon()).isZero();
        assertThat(same.wasserstein()).isZero();
        assertThat(same.chiSquarePValue()).isCloseTo(1.0, within(1e-12));
        assertThat(same.mannWhitneyU() / (2000.0 * 2000)).isCloseTo(0.5, within(1e-12));

        DriftMetrics shifted = DriftMetrics.between(ref, plus(ref, 2 * same.referenceSd()));
        assertThat(shifted.wasserstein()).isCloseTo(2, within(1e-9));
        assertThat(shifted.meanShift()).isCloseTo(2, within(1e-9));
        assertThat(shifted.sdRatio()).isCloseTo(1, within(1e-12));
        DriftMetrics.QuantileShifts q = shifted.quantileShifts();
        for (double v : new double[] {q.p5(), q.p25(), q.p50(), q.p75(), q.p95()}) {
            assertThat(v).isCloseTo(2, within(1e-9));
        }
        assertThat(shifted.ksPValue()).isLessThan(1e-100);
        assertThat(shifted.mannWhitneyPValue()).isLessThan(1e-100);
        assertThat(shifted.chiSquarePValue()).isLessThan(1e-100);
    }

    @Test
    void disjointSamplesHaveFullJensenShannonDivergence() {
        double[] ref = normal(2, 200, 0, 1);
        DriftMetrics m = DriftMetrics.between(ref, plus(normal(3, 100, 0, 0.1), 100));
        assertThat(m.jensenShannon()).isCloseTo(1, within(1e-12));
        assertThat(m.ksStatistic()).isEqualTo(1.0);
        // every current value in the empty "above" bin: (1 - 1e-4) ln(1e4) + 10 x (1e-4 - 0.1) ln(1e-3)
        double expected = (1 - 1e-4) * Math.log(1e4) + 10 * (1e-4 - 0.1) * Math.log(1e-3);
        assertThat(m.psi()).isCloseTo(expected, within(1e-9));
    }

    @Test
    void severityIsMonotoneInTheShift() {
        double[] ref = normal(4, 2000, 0, 1);
        double[] cur = normal(5, 2000, 0, 1);
        DriftSeverity previous = DriftSeverity.NONE;
        List<DriftSeverity> seen = new ArrayList<>();
        for (double shift : new double[] {0, 0.05, 0.1, 0.25, 0.3, 0.4, 0.45, 0.5, 0.75, 1, 1.5, 2, 3, 4}) {
            DriftSeverity s = analyzer.analyze(ref, plus(cur, shift)).severity();
            seen.add(s);
            assertThat(s.atLeast(previous)).as("shift %s after %s gave %s", shift, previous, s).isTrue();
            previous = s;
        }
        assertThat(seen.get(0)).isEqualTo(DriftSeverity.NONE);
        assertThat(seen.get(seen.size() - 1)).isEqualTo(DriftSeverity.CRITICAL);
        // the PSI ladder rises faster than the mean-shift one for a pure shift (PSI ~ shift^2 for normals)
        assertThat(seen).contains(DriftSeverity.LOW, DriftSeverity.HIGH);
        System.out.println("drift: severities for shifts 0 .. 4 sd: " + seen);
    }

    @Test
    void findsAHalfSdShiftIn1000PointsAndStaysQuietOnStationaryData() {
        int trials = 200;
        int detected = 0;
        int medium = 0;
        int falseAlarms = 0;
        for (int t = 0; t < trials; t++) {
            double[] ref = normal(1000 + t, 1000, 0, 1);
            double[] same = normal(5000 + t, 1000, 0, 1);
            if (analyzer.analyze(ref, same).severity() != DriftSeverity.NONE) {
                falseAlarms++;
            }
            if (t < 50) {
                DriftSeverity s = analyzer.analyze(ref, normal(9000 + t, 1000, 0.5, 1)).severity();
                detected += s.atLeast(DriftSeverity.LOW) ? 1 : 0;
                medium += s.atLeast(DriftSeverity.MEDIUM) ? 1 : 0;
            }
        }
        System.out.printf("drift: 0.5 sd shift in 1000 points detected in %d/50 (%d/50 at MEDIUM or above); "
                + "false alarms on stationary data %d/%d%n", detected, medium, falseAlarms, trials);
        assertThat(detected).isEqualTo(50);
        assertThat(falseAlarms / (double) trials).isLessThanOrEqualTo(0.01);
    }

    @Test
    void classifiesCovariateConceptAndBoth() {
        Random random = new Random(42);
        int n = 1500;
        double[] refX = new double[n];
        double[] refErr = new double[n];
        double[] sameX = new double[n];
        double[] sameErr = new double[n];
        double[] movedX = new double[n];
        double[] movedXErr = new double[n];
        double[] conceptErr = new double[n];
        double[] bothErr = new double[n];
        // the model predicts y = 2x; the truth is y = 2x + noise, later y = 3x + noise (concept change)
        for (int i = 0; i < n; i++) {
            refX[i] = random.nextGaussian();
            refErr[i] = Math.abs(0.1 * random.nextGaussian());
            sameX[i] = random.nextGaussian();
            sameErr[i] = Math.abs(0.1 * random.nextGaussian());
            movedX[i] = 1.5 + random.nextGaussian();
            movedXErr[i] = Math.abs(0.1 * random.nextGaussian());
            conceptErr[i] = Math.abs(sameX[i] + 0.1 * random.nextGaussian());
            bothErr[i] = Math.abs(movedX[i] + 0.1 * random.nextGaussian());
        }
        DriftReport none = analyzer.analyze(refX, sameX, refErr, sameErr);
        assertThat(none.type()).isEqualTo(DriftType.NONE);
        assertThat(none.recommendation()).isEqualTo(DriftRecommendation.MONITOR);

        DriftReport covariate = analyzer.analyze(refX, movedX, refErr, movedXErr);
        assertThat(covariate.type()).isEqualTo(DriftType.COVARIATE);
        assertThat(covariate.errorSeverity()).isEqualTo(DriftSeverity.NONE);
        assertThat(covariate.recommendation()).isEqualTo(DriftRecommendation.RETRAIN);

        DriftReport concept = analyzer.analyze(refX, sameX, refErr, conceptErr);
        assertThat(concept.type()).isEqualTo(DriftType.CONCEPT);
        assertThat(concept.inputSeverity()).isEqualTo(DriftSeverity.NONE);
        assertThat(concept.severity()).isEqualTo(DriftSeverity.CRITICAL);
        assertThat(concept.recommendation()).isEqualTo(DriftRecommendation.RETRAIN);
        assertThat(concept.explanation()).startsWith("CRITICAL concept drift");

        DriftReport both = analyzer.analyze(refX, movedX, refErr, bothErr);
        assertThat(both.type()).isEqualTo(DriftType.BOTH);

        // inputs only: covariate at most
        assertThat(analyzer.analyze(refX, movedX).type()).isEqualTo(DriftType.COVARIATE);
        assertThat(analyzer.analyze(refX, movedX).errorMetrics()).isEmpty();
    }

    @Test
    void retrainingLevelIsConfigurable() {
        double[] ref = normal(6, 1000, 0, 1);
        double[] cur = normal(7, 1000, 0.3, 1);
        DriftReport lenient = analyzer.analyze(ref, cur);
        assertThat(lenient.severity()).isIn(DriftSeverity.LOW, DriftSeverity.MEDIUM);
        assertThat(lenient.recommendation()).isEqualTo(DriftRecommendation.MONITOR);
        DriftAnalyzer eager = new DriftAnalyzer(DriftThresholds.defaults().withRetrainAt(DriftSeverity.LOW), 10);
        assertThat(eager.analyze(ref, cur).recommendation()).isEqualTo(DriftRecommendation.RETRAIN);
    }

    @Test
    void constantOrExplodedSignalRecommendsInspectingTheSensor() {
        double[] ref = normal(8, 500, 20, 1.5);
        double[] stuck = new double[200];
        java.util.Arrays.fill(stuck, 20.0);
        DriftReport report = analyzer.analyze(ref, stuck);
        assertThat(report.inputMetrics().sdRatio()).isZero();
        assertThat(report.recommendation()).isEqualTo(DriftRecommendation.INSPECT_SENSOR);
        assertThat(report.explanation()).contains("constant").contains("inspect the sensor");

        // stuck at a value far off: still the sensor, not a retrain, even though severity is critical
        java.util.Arrays.fill(stuck, 35.0);
        report = analyzer.analyze(ref, stuck);
        assertThat(report.severity()).isEqualTo(DriftSeverity.CRITICAL);
        assertThat(report.recommendation()).isEqualTo(DriftRecommendation.INSPECT_SENSOR);

        DriftReport noisy = analyzer.analyze(ref, normal(9, 500, 20, 20));
        assertThat(noisy.inputMetrics().sdRatio()).isGreaterThan(10);
        assertThat(noisy.recommendation()).isEqualTo(DriftRecommendation.INSPECT_SENSOR);
        assertThat(noisy.explanation()).contains("spread is");
    }

    @Test
    void explanationIsOneLine() {
        DriftReport report = analyzer.analyze(normal(10, 500, 0, 1), normal(11, 500, 1.2, 1));
        assertThat(report.explanation()).doesNotContain("\n").startsWith("CRITICAL covariate drift")
                .contains("PSI").contains("mean shift +1.").contains("retrain");
        System.out.println("drift explanation: " + report.explanation());
    }

    @Test
    void badInputIsRejected() {
        double[] ok = normal(12, 100, 0, 1);
        double[] bad = ok.clone();
        bad[17] = Double.NaN;
        assertThatThrownBy(() -> analyzer.analyze(ok, bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("current sample: value at index 17 is NaN");
        assertThatThrownBy(() -> analyzer.analyze(bad, ok)).hasMessage("reference sample: value at index 17 is NaN");
        assertThatThrownBy(() -> analyzer.analyze(ok, new double[5]))
                .hasMessageContaining("current sample has 5 values; at least 20");
        assertThatThrownBy(() -> analyzer.analyze(new double[50], ok)).hasMessageContaining("reference sample is constant");
        assertThatThrownBy(() -> analyzer.analyze(ok, ok, ok, null)).hasMessageContaining("current errors are missing");
        double[] errors = normal(13, 100, 1, 0.1);
        double[] negative = errors.clone();
        negative[3] = -0.5;
        assertThatThrownBy(() -> analyzer.analyze(ok, ok, errors, negative))
                .hasMessageContaining("current errors sample: value at index 3 is negative");
        double[] nanErrors = errors.clone();
        nanErrors[17] = Double.NaN;
        assertThatThrownBy(() -> analyzer.analyze(ok, ok, nanErrors, errors))
                .hasMessage("prediction errors: reference sample: value at index 17 is NaN");
        assertThatThrownBy(() -> DriftMetrics.between(ok, ok, 60)).hasMessageContaining("bins must be between 2 and");
        assertThatThrownBy(() -> new DriftAnalyzer(DriftThresholds.defaults(), 1)).hasMessageContaining("bins");
    }

    @Test
    void thresholdsAreValidated() {
        DriftThresholds d = DriftThresholds.defaults();
        assertThat(d.psi().levelOf(0.05)).isEqualTo(DriftSeverity.NONE);
        assertThat(d.psi().levelOf(0.1)).isEqualTo(DriftSeverity.LOW);
        assertThat(d.psi().levelOf(0.22)).isEqualTo(DriftSeverity.MEDIUM);
        assertThat(d.psi().levelOf(0.3)).isEqualTo(DriftSeverity.HIGH);
        assertThat(d.psi().levelOf(0.5)).isEqualTo(DriftSeverity.CRITICAL);
        assertThat(d.meanShift().levelOf(1.2)).isEqualTo(DriftSeverity.HIGH);
        assertThatThrownBy(() -> new DriftThresholds.Ladder(0.1, 0.1, 0.2, 0.3)).hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> new DriftThresholds.Ladder(0, 0.1, 0.2, 0.3)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new DriftThresholds(d.psi(), d.meanShift(), 1.5, DriftSeverity.HIGH, 10))
                .hasMessageContaining("ksAlpha");
        assertThatThrownBy(() -> new DriftThresholds(d.psi(), d.meanShift(), 0.01, DriftSeverity.NONE, 10))
                .hasMessageContaining("retrainAt");
        assertThatThrownBy(() -> new DriftThresholds(d.psi(), d.meanShift(), 0.01, DriftSeverity.HIGH, 1))
                .hasMessageContaining("sensorSdFactor");
        assertThatThrownBy(() -> new DriftThresholds(null, d.meanShift(), 0.01, DriftSeverity.HIGH, 10))
                .isInstanceOf(NullPointerException.class);
    }
}

package io.prognos.core.quality;

import io.prognos.core.asset.Limits;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DataQualityCheckerTest {

    private final DataQualityChecker checker = new DataQualityChecker();

    private static long[] regular(int n) {
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_000L * i;
        }
        return ts;
    }

    private static double[] noisy(int n) {
        Random random = new Random(1);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.sin(i / 50.0) + 0.1 * random.nextGaussian();
        }
        return v;
    }

    private static QualityCheck named(QualityReport report, String name) {
        return report.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void cleanRegularDataIsExcellentOnEveryCheck() {
        QualityReport report = checker.check("s", regular(1000), noisy(1000), 1000, Limits.NONE, Limits.NONE);

        assertThat(report.checks()).hasSize(6).allMatch(c -> c.level() == QualityLevel.EXCELLENT);
        assertThat(report.blocksTraining()).isFalse();
    }

    @Test
    void missingValuesAreCountedAndGradedByShare() {
        double[] v = noisy(1000);
        for (int i = 0; i < 30; i++) {
            v[i * 10] = Double.NaN;
        }

        QualityCheck missing = named(checker.check("s", regular(1000), v, 1000, Limits.NONE, Limits.NONE),
                "missing values");

        assertThat(missing.affected()).isEqualTo(30);
        assertThat(missing.level()).isEqualTo(QualityLevel.FAIR);
        assertThat(missing.details()).contains("30 of 1000 values missing (3.00%)");
    }

    @Test
    void gapsCountTheSamplesTheyLose() {
        long[] ts = regular(1000);
        for (int i = 500; i < 1000; i++) {
            ts[i] += 100_000;
        }

        QualityCheck gaps = named(checker.check("s", ts, noisy(1000), 1000, Limits.NONE, Limits.NONE), "sampling gaps");

        assertThat(gaps.affected()).isEqualTo(100);
        assertThat(gaps.level()).isEqualTo(QualityLevel.POOR);
        assertThat(gaps.details()).contains("1 gaps lose about 100 samples");
    }

    @Test
    void duplicateAndBackwardTimestampsAreFoundWithTheFirstPosition() {
        long[] ts = regular(1000);
        ts[10] = ts[9];
        ts[20] = ts[18];

        QualityCheck order = named(checker.check("s", ts, noisy(1000), 1000, Limits.NONE, Limits.NONE),
                "timestamp order");

        assertThat(order.affected()).isEqualTo(2);
        assertThat(order.details()).contains("1 duplicate and 1 out-of-order timestamps; first at sample 10");
        assertThat(order.level()).isEqualTo(QualityLevel.FAIR);
    }

    @Test
    void outliersAreJudgedAgainstTheMedianAndMadNotTheMean() {
        double[] v = noisy(1000);
        v[100] = 1e6;
        v[200] = -1e6;

        QualityCheck outliers = named(checker.check("s", regular(1000), v, 1000, Limits.NONE, Limits.NONE), "outliers");

        assertThat(outliers.affected()).isEqualTo(2);
        assertThat(outliers.level()).isEqualTo(QualityLevel.GOOD);
    }

    @Test
    void aConstantSignalBlocksTrainingWithAReason() {
        double[] v = new double[500];
        java.util.Arrays.fill(v, 4.2);

        QualityReport report = checker.check("pump.temp", regular(500), v, 1000, Limits.NONE, Limits.NONE);

        assertThat(report.blocksTraining()).isTrue();
        assertThat(report.blockingReasons()).contains("stuck values: the signal is constant at 4.2");
    }

    @Test
    void stuckRunsLongerThanTheThresholdAreCounted() {
        double[] v = noisy(1000);
        for (int i = 100; i < 150; i++) {
            v[i] = 7;
        }
        for (int i = 300; i < 315; i++) {
            v[i] = 8;
        }

        QualityCheck stuck = named(checker.check("s", regular(1000), v, 1000, Limits.NONE, Limits.NONE), "stuck values");

        assertThat(stuck.affected()).isEqualTo(50);
        assertThat(stuck.level()).isEqualTo(QualityLevel.GOOD);
    }

    @Test
    void aDiscreteStepSignalAndATwoStateSignalArePoorButStillTrain() {
        double[] steps = new double[1000];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = (i / 200) % 2 == 0 ? -1 : 1;
        }
        double[] twoState = noisy(1000);
        for (int i = 0; i < 300; i++) {
            twoState[i] += 50;
        }

        QualityReport stepReport = checker.check("s", regular(1000), steps, 1000, Limits.NONE, Limits.NONE);
        QualityReport twoStateReport = checker.check("s", regular(1000), twoState, 1000, Limits.NONE, Limits.NONE);

        assertThat(named(stepReport, "stuck values").level()).isEqualTo(QualityLevel.POOR);
        assertThat(named(twoStateReport, "outliers").level()).isEqualTo(QualityLevel.POOR);
        assertThat(stepReport.blocksTraining()).isFalse();
        assertThat(twoStateReport.blocksTraining()).isFalse();
    }

    @Test
    void limitViolationsSeparateWarningsFromCriticals() {
        double[] v = noisy(1000);
        v[1] = 1.6;
        v[2] = 2.5;

        QualityCheck limits = named(checker.check("s", regular(1000), v, 1000, new Limits(Double.NaN, 1.5),
                new Limits(Double.NaN, 2.0)), "limit violations");

        assertThat(limits.details()).isEqualTo("1 values beyond the warning limits, 1 beyond the critical limits");
        assertThat(limits.level()).isEqualTo(QualityLevel.FAIR);
    }

    @Test
    void anEmptySeriesIsCritical() {
        QualityReport report = checker.check("s", new long[0], new double[0], 1000, Limits.NONE, Limits.NONE);

        assertThat(report.level()).isEqualTo(QualityLevel.CRITICAL);
        assertThat(report.blockingReasons()).contains("no samples");
    }
}

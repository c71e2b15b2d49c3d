package io.prognos.store;

import io.prognos.core.drift.DriftAnalyzer;
import io.prognos.core.drift.DriftRecommendation;
import io.prognos.core.drift.DriftReport;
import io.prognos.core.drift.DriftSeverity;
import io.prognos.core.drift.DriftType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Drift reports as stored by the drift monitor, on SQLite and PostgreSQL (migration V8). */
class DriftReportRepositoryTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void reportsAreStoredAndListedNewestFirstPerSensorAndLatestPerSensor(Dialect dialect) {
        DriftReportRepository reports = new DriftReportRepository(TestStores.open(dialect, tmp));
        DriftAnalyzer analyzer = new DriftAnalyzer();
        double[] reference = gaussian(1, 500, 0);
        DriftReport unchanged = analyzer.analyze(reference, gaussian(2, 500, 0));
        DriftReport shifted = analyzer.analyze(reference, gaussian(3, 500, 4), abs(gaussian(4, 200, 0)),
                abs(gaussian(5, 200, 3)));
        assertThat(unchanged.severity()).isEqualTo(DriftSeverity.NONE);
        assertThat(shifted.severity()).isEqualTo(DriftSeverity.CRITICAL);

        DriftReportRepository.Window ref = new DriftReportRepository.Window(1_000, 2_000, 500);
        DriftReportRepository.Window cur = new DriftReportRepository.Window(5_000, 6_000, 500);
        DriftReportRepository.StoredDriftReport a1 = reports.save("A", 7L, ref, cur, unchanged, 10_000);
        DriftReportRepository.StoredDriftReport b1 = reports.save("B", null, ref, cur, unchanged, 11_000);
        DriftReportRepository.StoredDriftReport a2 = reports.save("A", 8L, ref, cur, shifted, 12_000);

        assertThat(reports.history("A", 10)).containsExactly(a2, a1);
        assertThat(reports.history("A", 1)).containsExactly(a2);
        assertThat(reports.history("C", 10)).isEmpty();
        assertThat(reports.recent(10)).containsExactly(a2, b1, a1);
        assertThat(reports.latestPerSensor()).containsExactly(a2, b1);

        DriftReportRepository.StoredDriftReport read = reports.history("A", 1).get(0);
        assertThat(read.modelVersionId()).isEqualTo(8L);
        assertThat(read.type()).isEqualTo(shifted.type());
        assertThat(read.recommendation()).isEqualTo(DriftRecommendation.RETRAIN);
        assertThat(read.explanation()).isEqualTo(shifted.explanation());
        assertThat(read.psi()).isEqualTo(shifted.inputMetrics().psi());
        assertThat(read.ksStatistic()).isEqualTo(shifted.inputMetrics().ksStatistic());
        assertThat(read.ksPValue()).isEqualTo(shifted.inputMetrics().ksPValue());
        assertThat(read.meanShift()).isEqualTo(shifted.inputMetrics().meanShift()).isGreaterThan(3);
        assertThat(read.sdRatio()).isEqualTo(shifted.inputMetrics().sdRatio());
        assertThat(read.errorSeverity()).isEqualTo(shifted.errorSeverity());
        assertThat(read.type()).isEqualTo(DriftType.BOTH);
        assertThat(reports.history("B", 1).get(0).errorSeverity()).as("errors not compared").isNull();
        assertThat(reports.history("B", 1).get(0).modelVersionId()).isNull();

        assertThatThrownBy(() -> reports.history("A", 0)).hasMessageContaining("limit");
        assertThatThrownBy(() -> new DriftReportRepository.Window(2, 1, 0)).hasMessageContaining("before it starts");
    }

    private static double[] gaussian(long seed, int n, double mean) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = mean + r.nextGaussian();
        }
        return x;
    }

    private static double[] abs(double[] x) {
        double[] a = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            a[i] = Math.abs(x[i]);
        }
        return a;
    }
}

package io.prognos.core.quality;

import io.prognos.core.asset.Limits;
import io.prognos.core.transform.Imputer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DataQualityImputationTest {

    private static long[] regular(int n) {
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_000L * i;
        }
        return ts;
    }

    private static double[] withGaps() {
        double[] v = new double[200];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.sin(2 * Math.PI * i / 20) + 0.01 * i;
        }
        for (int i = 50; i < 54; i++) {
            v[i] = Double.NaN; // short gap: filled
        }
        for (int i = 100; i < 110; i++) {
            v[i] = Double.NaN; // long gap: left
        }
        return v;
    }

    @Test
    void imputedPointsCheckCountsStrategyAndRemainingGaps() {
        Imputer.Result result = new Imputer(Imputer.Config.linear(5)).impute(withGaps());

        QualityCheck check = DataQualityChecker.imputed(result);

        assertThat(check.name()).isEqualTo(DataQualityChecker.IMPUTED_POINTS);
        assertThat(check.affected()).isEqualTo(4);
        assertThat(check.share()).isEqualTo(4 / 200.0);
        assertThat(check.level()).isEqualTo(QualityLevel.GOOD);
        assertThat(check.details()).isEqualTo("4 of 200 points imputed (linear, gaps up to 5); 10 still missing: "
                + "10 in longer gaps, 0 with nothing to impute from");
    }

    @Test
    void addingTheCheckLeavesTheSixChecksUnchanged() {
        double[] v = withGaps();
        QualityReport plain = new DataQualityChecker().check("s", regular(200), v, 1000, Limits.NONE, Limits.NONE);
        Imputer.Result result = new Imputer(Imputer.Config.seasonal(5, 20)).impute(v);

        QualityReport withImputation = plain.with(DataQualityChecker.imputed(result));

        assertThat(withImputation.checks()).hasSize(7);
        assertThat(withImputation.checks().subList(0, 6)).isEqualTo(plain.checks());
        assertThat(withImputation.checks().get(6).details()).startsWith("4 of 200 points imputed (seasonal");
        assertThat(withImputation.subject()).isEqualTo(plain.subject());
        assertThat(withImputation.samples()).isEqualTo(plain.samples());
    }

    @Test
    void heavyImputationIsPoorButNeverBlocksTraining() {
        double[] v = new double[100];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 2 == 0 ? i : Double.NaN; // every other point missing
        }
        Imputer.Result result = new Imputer(Imputer.Config.linear(1)).impute(v);

        QualityCheck check = DataQualityChecker.imputed(result);

        assertThat(check.affected()).isEqualTo(49); // the last point has no right neighbour
        assertThat(check.level()).isEqualTo(QualityLevel.POOR);
        assertThat(new QualityReport("s", 100, java.util.List.of(check)).blocksTraining()).isFalse();
    }
}

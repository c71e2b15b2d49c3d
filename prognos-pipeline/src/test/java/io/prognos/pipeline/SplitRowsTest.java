package io.prognos.pipeline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SplitRowsTest {

    private final TrainingOptions options = TrainingOptions.defaults();

    @Test
    void longSeriesUseTheConfiguredFractions() {
        assertThat(SensorTrainer.splitRows(10_000, options)).containsExactly(7_000, 2_000, 1_000);
    }

    @Test
    void shortSeriesShrinkTheHeldOutPartsSoTrainingKeepsItsMinimum() {
        // window 250 + 10 prediction steps = 260 rows per window; training keeps 270, each held-out part >= 12
        int[] parts = SensorTrainer.splitRows(312, options);
        assertThat(parts).containsExactly(270, 21, 21);
        int[] smallest = SensorTrainer.splitRows(294, options);
        assertThat(smallest).containsExactly(270, 12, 12);
    }

    @Test
    void tinyFractionsStillLeaveEachHeldOutPartItsMinimum() {
        assertThat(SensorTrainer.splitRows(2_000, options.withSplits(0.2, 0.005))).containsExactly(1_588, 400, 12);
        assertThat(SensorTrainer.splitRows(2_000, options.withSplits(0.2, 0))).containsExactly(1_600, 400, 0);
    }

    @Test
    void partsAlwaysAddUpAndStayInOrder() {
        for (int n = 294; n < 3_000; n++) {
            int[] p = SensorTrainer.splitRows(n, options);
            assertThat(p[0] + p[1] + p[2]).isEqualTo(n);
            assertThat(p[0]).isGreaterThanOrEqualTo(270);
            assertThat(p[1]).isGreaterThanOrEqualTo(12);
            assertThat(p[2]).isGreaterThanOrEqualTo(12);
        }
    }
}

package io.prognos.core.forecast;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegularSamplingTest {

    @Test
    void aRegularSeriesGivesItsPeriod() {
        assertThat(RegularSampling.periodOf(new long[] {0, 600_000, 1_200_000}, "f.csv")).isEqualTo(600_000);
    }

    @Test
    void gapsIrregularStepsAndDisorderAreRefusedWithTheirRows() {
        assertThatThrownBy(() -> RegularSampling.periodOf(new long[] {0, 60_000, 240_000}, "f.csv"))
                .hasMessageContaining("f.csv: a gap of 2 missing readings between row 1 (1970-01-01T00:01:00Z) and row 2");
        assertThatThrownBy(() -> RegularSampling.periodOf(new long[] {0, 60_000, 150_000}, "f.csv"))
                .hasMessageContaining("irregular sampling (PT1M30S instead of PT1M) between row 1");
        assertThatThrownBy(() -> RegularSampling.periodOf(new long[] {0, 60_000, 60_000}, "f.csv"))
                .hasMessageContaining("row 2 (1970-01-01T00:01:00Z) is not after row 1");
        assertThatThrownBy(() -> RegularSampling.periodOf(new long[] {0}, "f.csv")).hasMessageContaining("at least two");
    }
}

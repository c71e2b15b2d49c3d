package io.prognos.core.io;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimeUnitCheckTest {

    private static long[] every(long start, long step, int n) {
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = start + i * step;
        }
        return ts;
    }

    @Test
    void matchingSpacingPasses() {
        assertThat(TimeUnitCheck.problem("f.csv", every(1_700_000_000_000L, 60_000, 50), 60_000)).isEmpty();
        assertThat(TimeUnitCheck.problem("f.csv", every(1_700_000_000_000L, 10_000, 50), 60_000))
                .as("faster than the period, within 100x").isEmpty();
        assertThat(TimeUnitCheck.problem("f.csv", new long[0], 1)).isEmpty();
    }

    @Test
    void secondsReadAsMillisecondsAreCaught() {
        // epoch seconds of one-minute readings, taken as milliseconds: 60 ms apart
        assertThat(TimeUnitCheck.problem("pump.csv", every(1_700_000_000L, 60, 50), 60_000)).hasValueSatisfying(m ->
                assertThat(m).contains("pump.csv").contains("median 60 ms apart").contains("--epoch-unit seconds"));
    }

    @Test
    void microsecondsReadAsMillisecondsAreCaught() {
        assertThat(TimeUnitCheck.problem("pump.csv", every(1_700_000_000_000_000L, 60_000_000, 5), 60_000))
                .hasValueSatisfying(m -> assertThat(m).contains("pump.csv").contains("the year 55840")
                        .contains("microseconds or nanoseconds"));
    }

    @Test
    void aMuchSlowerFileIsCaught() {
        assertThat(TimeUnitCheck.problem("daily.csv", every(1_700_000_000_000L, 86_400_000, 20), 1_000))
                .hasValueSatisfying(m -> assertThat(m).contains("PT24H apart").contains("86400 times faster"));
    }
}

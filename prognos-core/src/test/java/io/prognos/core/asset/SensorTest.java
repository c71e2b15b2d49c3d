package io.prognos.core.asset;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SensorTest {

    private static Sensor withPeriod(Duration period) {
        return new Sensor("pump.flow", "pump", "flow", "l/s", period, null, null, null);
    }

    @Test
    void periodsAreWholeMillisecondsOfAtLeastOne() {
        assertThat(withPeriod(Duration.ofMillis(1)).samplingPeriod()).isEqualTo(Duration.ofMillis(1));
        assertThat(withPeriod(Duration.ofMinutes(10)).warning()).isEqualTo(Limits.NONE);
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(-5), Duration.ofNanos(500_000),
                Duration.ofNanos(1_500_000)}) {
            assertThatThrownBy(() -> withPeriod(bad)).as(bad.toString())
                    .hasMessageContaining("pump.flow").hasMessageContaining("whole number of milliseconds");
        }
    }
}

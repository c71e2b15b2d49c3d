package io.prognos.core.asset;

import java.time.Duration;
import java.util.Objects;

/**
 * One measured signal of an asset, with its unit, nominal sampling period and the bands an engineer
 * set for it. Limits are checked in order normal, warning, critical: warning limits should lie
 * outside the normal range and critical limits outside the warning ones.
 */
public record Sensor(String id, String assetId, String name, String unit, Duration samplingPeriod,
                     Limits normalRange, Limits warning, Limits critical) {

    public Sensor {
        id = Identifiers.require(id, "sensor id");
        assetId = Identifiers.require(assetId, "asset id of sensor " + id);
        Objects.requireNonNull(name, "sensor name");
        Objects.requireNonNull(unit, "sensor unit");
        Objects.requireNonNull(samplingPeriod, "sampling period");
        if (samplingPeriod.compareTo(Duration.ofMillis(1)) < 0 || samplingPeriod.getNano() % 1_000_000 != 0) {
            // the store and the resampling grid work in whole milliseconds
            throw new IllegalArgumentException("sensor " + id + ": sampling period must be a whole number of "
                    + "milliseconds, at least 1 ms; got " + samplingPeriod);
        }
        normalRange = normalRange == null ? Limits.NONE : normalRange;
        warning = warning == null ? Limits.NONE : warning;
        critical = critical == null ? Limits.NONE : critical;
    }
}

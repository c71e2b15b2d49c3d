package io.prognos.server.drift;

import io.prognos.core.drift.DriftMetrics;
import io.prognos.core.drift.DriftSeverity;

import java.time.Duration;
import java.util.Objects;

/**
 * How the server's {@link DriftMonitor} runs: how often it checks, from which severity a RETRAIN recommendation
 * submits a retraining job, how long a sensor then waits before the next automatic job, and how many readings
 * each compared window holds at most (which bounds the memory and time of a check).
 *
 * @param interval     time between checks (the first one runs one interval after the server started)
 * @param retrainAt    the severity from which drift is RETRAIN rather than MONITOR and submits a job
 * @param cooldown     least time between two automatic retraining jobs of one sensor
 * @param maxReadings  most readings per window (reference and current)
 */
public record DriftMonitorSettings(Duration interval, DriftSeverity retrainAt, Duration cooldown, int maxReadings) {

    public DriftMonitorSettings {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(retrainAt, "retrainAt");
        Objects.requireNonNull(cooldown, "cooldown");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("drift check interval must be positive, was " + interval);
        }
        if (retrainAt == DriftSeverity.NONE) {
            throw new IllegalArgumentException("drift retrainAt must be LOW or above; NONE would retrain on every check");
        }
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("drift retraining cooldown must not be negative, was " + cooldown);
        }
        if (maxReadings < 2 * DriftMetrics.MIN_SAMPLE_SIZE) {
            throw new IllegalArgumentException("drift windows need room for at least " + 2 * DriftMetrics.MIN_SAMPLE_SIZE
                    + " readings, maxReadings was " + maxReadings);
        }
    }

    /** Checks every hour, retrains from HIGH, at most once a day per sensor, windows of at most 10,000 readings. */
    public static DriftMonitorSettings defaults() {
        return new DriftMonitorSettings(Duration.ofHours(1), DriftSeverity.HIGH, Duration.ofHours(24), 10_000);
    }
}

package io.prognos.store;

/**
 * One reading to store: a sensor, an instant in epoch milliseconds and a value (NaN for a reading
 * that arrived without a value).
 */
public record TelemetryPoint(String sensorId, long timestampMillis, double value) {
}

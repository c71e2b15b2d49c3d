package io.prognos.store;

/**
 * A detected anomaly as stored: the sensor, the model version that found it, its time span (epoch ms,
 * inclusive), its score and severity.
 */
public record StoredAnomaly(long anomalyId, String sensorId, Long versionId, long startMillis, long endMillis,
                            double score, String severity, long detectedAtMillis) {
}

package io.prognos.store;

/**
 * A detected anomaly as stored: the sensor, the model version that found it, its time span (epoch ms,
 * inclusive), its score and severity, and the streaming detector that found it when no model version did.
 *
 * @param versionId the model version whose detector found it, or null (online detection, or a detection stored
 *                  without one)
 * @param detector  the name of the streaming detector of the server's online detection that found it
 *                  ({@code knn-cad}, ...), or null: the detector of the model version {@code versionId}
 */
public record StoredAnomaly(long anomalyId, String sensorId, Long versionId, long startMillis, long endMillis,
                            double score, String severity, long detectedAtMillis, String detector) {

    /** An anomaly of a model version's detector (or of none): {@link #detector()} null. */
    public StoredAnomaly(long anomalyId, String sensorId, Long versionId, long startMillis, long endMillis,
                         double score, String severity, long detectedAtMillis) {
        this(anomalyId, sensorId, versionId, startMillis, endMillis, score, severity, detectedAtMillis, null);
    }
}

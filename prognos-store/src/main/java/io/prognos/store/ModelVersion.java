package io.prognos.store;

import java.util.Map;

/**
 * One registered version of a model (a sensor's detector or forecaster) and what made it: the run,
 * the dataset version, the algorithm and its configuration, the code version, the weights artifact,
 * and the metrics measured on held-out data.
 */
public record ModelVersion(long versionId, String sensorId, String kind, int version, String runId, String datasetHash,
                           String artifactSha256, String algorithm, String config, String codeVersion,
                           Map<String, Double> validationMetrics, Stage stage, long createdAtMillis) {

    public ModelVersion {
        validationMetrics = Map.copyOf(validationMetrics);
    }

    /** "sensor/kind v3", for messages. */
    public String label() {
        return sensorId + "/" + kind + " v" + version;
    }
}

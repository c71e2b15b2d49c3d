package io.prognos.store;

import java.util.Map;
import java.util.Objects;

/**
 * What to register as a new model version. Validation metrics must be measured on data the model did
 * not train on; without them the version can be registered but never staged or promoted.
 */
public record NewModelVersion(String sensorId, String kind, String runId, String datasetHash, String artifactSha256,
                              String algorithm, String config, String codeVersion,
                              Map<String, Double> validationMetrics) {

    public NewModelVersion {
        Objects.requireNonNull(sensorId, "sensorId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(codeVersion, "codeVersion");
        validationMetrics = validationMetrics == null ? Map.of() : Map.copyOf(validationMetrics);
        for (Map.Entry<String, Double> m : validationMetrics.entrySet()) {
            if (m.getValue() == null || !Double.isFinite(m.getValue())) {
                throw new IllegalArgumentException("validation metric " + m.getKey() + " is not a finite number: "
                        + m.getValue());
            }
        }
    }
}

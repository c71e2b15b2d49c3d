package io.prognos.core.drift;

import java.util.Objects;
import java.util.Optional;

/**
 * The verdict of one drift check of a sensor: the metrics of its input values and, when prediction errors were
 * given, of the model's absolute errors; the severity of each and overall (the worse of the two); the drift type;
 * the recommendation; and a one-line explanation for the dashboard or an alert.
 */
public record DriftReport(DriftMetrics inputMetrics, Optional<DriftMetrics> errorMetrics,
                          DriftSeverity inputSeverity, DriftSeverity errorSeverity, DriftSeverity severity,
                          DriftType type, DriftRecommendation recommendation, String explanation) {

    public DriftReport {
        Objects.requireNonNull(inputMetrics, "inputMetrics");
        Objects.requireNonNull(errorMetrics, "errorMetrics");
        Objects.requireNonNull(inputSeverity, "inputSeverity");
        Objects.requireNonNull(errorSeverity, "errorSeverity");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(recommendation, "recommendation");
        Objects.requireNonNull(explanation, "explanation");
    }
}

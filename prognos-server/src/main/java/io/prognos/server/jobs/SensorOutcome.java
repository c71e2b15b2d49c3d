package io.prognos.server.jobs;

import io.prognos.pipeline.SensorTrainer;
import io.prognos.store.ModelVersion;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a training job did with one sensor.
 *
 * @param sensor    the sensor
 * @param status    the pipeline's outcome in lower case: {@code promoted}, {@code kept_production},
 *                  {@code already_done} or {@code failed}
 * @param versionId the registered model version's id, or null (failed, or an earlier run left none)
 * @param version   its version number within the sensor's model, or null
 * @param stage     its registry stage right after the job's promotion decision, or null
 * @param metrics   its held-out (validation and test) metrics; empty when there is no version
 * @param message   the promotion decision's reason, or the error that stopped the sensor
 */
public record SensorOutcome(String sensor, String status, Long versionId, Integer version, String stage,
                            Map<String, Double> metrics, String message) {

    public SensorOutcome {
        metrics = Map.copyOf(metrics);
    }

    /** True unless the sensor failed. */
    public boolean trained() {
        return !"failed".equals(status);
    }

    /** The pipeline's outcome, with the finite held-out metrics of its version. */
    public static SensorOutcome of(SensorTrainer.Outcome outcome) {
        ModelVersion v = outcome.version();
        Map<String, Double> metrics = new TreeMap<>();
        if (v != null) {
            v.validationMetrics().forEach((k, x) -> {
                if (x != null && Double.isFinite(x)) {
                    metrics.put(k, x);
                }
            });
        }
        return new SensorOutcome(outcome.sensorId(), outcome.status().name().toLowerCase(Locale.ROOT),
                v == null ? null : v.versionId(), v == null ? null : v.version(),
                v == null ? null : v.stage().label(), metrics, outcome.message());
    }

    /** A sensor that failed outside the pipeline's own error handling. */
    public static SensorOutcome failed(String sensor, String message) {
        return new SensorOutcome(sensor, "failed", null, null, null, Map.of(), message);
    }
}

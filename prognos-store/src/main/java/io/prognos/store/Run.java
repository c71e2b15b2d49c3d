package io.prognos.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tracked training or evaluation run: what it was given (parameters, dataset version), where it ran
 * (code version, environment), what it measured, and how it ended.
 *
 * @param jobKey identifies the unit of work the run performs (e.g. "train:sensor:detector:batch-17"),
 *               so a resumed job finds its run instead of starting a duplicate; may be null
 */
public record Run(String runId, String experiment, String jobKey, Status status, Map<String, Object> params,
                  Map<String, Double> metrics, String datasetHash, String codeVersion, Map<String, Object> environment,
                  long startedAtMillis, Long endedAtMillis, String error) {

    /** How a run ended, or that it has not (yet). */
    public enum Status { RUNNING, FINISHED, FAILED }

    public Run {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        metrics = Map.copyOf(metrics);
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }
}

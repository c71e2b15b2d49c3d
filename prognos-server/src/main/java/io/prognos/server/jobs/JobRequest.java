package io.prognos.server.jobs;

import io.prognos.pipeline.ForecasterChoice;
import io.prognos.pipeline.TrainingOptions;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A validated request for a training job: what to train, for which sensors (resolved from the named sensors,
 * an asset or the whole fleet when the request was made), with which pipeline options, and who asked.
 *
 * @param kind        detector or forecaster
 * @param scope       how the sensors were chosen, for people: "sensors", "asset PUMP-1" or "all sensors"
 * @param sensors     the sensors, in training order, at least one
 * @param options     the pipeline's options; their actor is the requester, so promotions are audited under them
 * @param forecaster  which forecaster (forecaster jobs only)
 * @param horizon     forecast steps (forecaster jobs only)
 * @param settings    the options the request set, echoed in the job's record
 * @param requestedBy the token name of the requester
 */
public record JobRequest(JobKind kind, String scope, List<String> sensors, TrainingOptions options,
                         ForecasterChoice forecaster, int horizon, Map<String, Object> settings, String requestedBy) {

    public JobRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(forecaster, "forecaster");
        Objects.requireNonNull(requestedBy, "requested by");
        sensors = List.copyOf(sensors);
        settings = Map.copyOf(settings);
        if (sensors.isEmpty()) {
            throw new IllegalArgumentException("a training job needs at least one sensor");
        }
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be >= 1, got " + horizon);
        }
    }
}

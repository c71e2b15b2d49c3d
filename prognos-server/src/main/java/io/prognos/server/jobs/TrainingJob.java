package io.prognos.server.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of a training job, as the API, the dashboard and the store see it: what was asked
 * (kind, sensors, settings, by whom), where it is (state, progress), when it ran, what each finished sensor
 * came to, and its log. Each change makes a new snapshot, so readers never see one half-updated.
 *
 * @param id          the job's id (from the store)
 * @param kind        detector or forecaster
 * @param scope       how the sensors were chosen, e.g. "asset PUMP-1"
 * @param sensors     the sensors in training order
 * @param settings    the pipeline options the request set
 * @param requestedBy the requester's token name
 * @param state       queued, running, succeeded, failed or cancelled
 * @param cancelRequested true once someone asked a running job to stop (it stops after its current sensor)
 * @param progress    how far it is
 * @param createdAt   when it was requested (epoch ms)
 * @param startedAt   when it started, or null
 * @param endedAt     when it ended, or null
 * @param outcomes    one per finished sensor, in training order
 * @param log         what happened, oldest first (at most {@link #MAX_LOG} lines; older ones are dropped)
 */
public record TrainingJob(long id, JobKind kind, String scope, List<String> sensors, Map<String, Object> settings,
                          String requestedBy, JobState state, boolean cancelRequested, JobProgress progress, long createdAt, Long startedAt,
                          Long endedAt, List<SensorOutcome> outcomes, List<JobEvent> log) {

    /** Log lines kept per job. */
    public static final int MAX_LOG = 1000;

    public TrainingJob {
        sensors = List.copyOf(sensors);
        settings = Map.copyOf(settings);
        outcomes = List.copyOf(outcomes);
        log = List.copyOf(log.size() > MAX_LOG ? log.subList(log.size() - MAX_LOG, log.size()) : log);
    }

    /** A new queued job for a request. */
    public static TrainingJob queued(long id, JobRequest request, long now) {
        return new TrainingJob(id, request.kind(), request.scope(), request.sensors(), request.settings(),
                request.requestedBy(), JobState.QUEUED, false, JobProgress.start(request.sensors().size()), now, null, null,
                List.of(), List.of());
    }

    public TrainingJob withId(long newId) {
        return new TrainingJob(newId, kind, scope, sensors, settings, requestedBy, state, cancelRequested, progress,
                createdAt, startedAt, endedAt, outcomes, log);
    }

    public TrainingJob started(long now) {
        return new TrainingJob(id, kind, scope, sensors, settings, requestedBy, JobState.RUNNING, cancelRequested,
                progress, createdAt, now, null, outcomes, log);
    }

    public TrainingJob ended(JobState finalState, long now) {
        if (!finalState.finished()) {
            throw new IllegalArgumentException(finalState + " is not a final state");
        }
        return new TrainingJob(id, kind, scope, sensors, settings, requestedBy, finalState, cancelRequested,
                JobProgress.between(outcomes.size(), sensors.size()), createdAt, startedAt, now, outcomes, log);
    }

    public TrainingJob withCancelRequested() {
        return new TrainingJob(id, kind, scope, sensors, settings, requestedBy, state, true, progress, createdAt, startedAt,
                endedAt, outcomes, log);
    }

    public TrainingJob withProgress(JobProgress p) {
        return new TrainingJob(id, kind, scope, sensors, settings, requestedBy, state, cancelRequested, p, createdAt,
                startedAt, endedAt, outcomes, log);
    }

    /** Adds a finished sensor's outcome; progress moves to the next sensor. */
    public TrainingJob withOutcome(SensorOutcome outcome) {
        List<SensorOutcome> more = new ArrayList<>(outcomes);
        more.add(outcome);
        return new TrainingJob(id, kind, scope, sensors, settings, requestedBy, state, cancelRequested,
                JobProgress.between(more.size(), sensors.size()), createdAt, startedAt, endedAt, more, log);
    }

    public TrainingJob withEvent(JobEvent event) {
        List<JobEvent> more = new ArrayList<>(log);
        more.add(event);
        return new TrainingJob(id, kind, scope, sensors, settings, requestedBy, state, cancelRequested, progress,
                createdAt, startedAt, endedAt, outcomes, more);
    }

    /** Sensors that failed so far. */
    public long failures() {
        return outcomes.stream().filter(o -> !o.trained()).count();
    }
}

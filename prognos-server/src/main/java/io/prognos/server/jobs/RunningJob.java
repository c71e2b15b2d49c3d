package io.prognos.server.jobs;

import io.prognos.pipeline.TrainingProgress;
import io.prognos.pipeline.TrainingStep;

import java.util.function.UnaryOperator;

/**
 * The live side of one training job: its request and its current {@link TrainingJob} snapshot, replaced
 * whole under this object's lock at every change, so that the API reads a consistent job while the worker
 * trains. State changes that race (a cancel against the worker starting the job) are decided here.
 */
final class RunningJob {

    private final JobRequest request;
    private TrainingJob snapshot;

    RunningJob(JobRequest request, TrainingJob snapshot) {
        this.request = request;
        this.snapshot = snapshot;
    }

    /** For a finished job read back from the store: no request, nothing left to run. */
    static RunningJob finished(TrainingJob snapshot) {
        return new RunningJob(null, snapshot);
    }

    JobRequest request() {
        return request;
    }

    synchronized TrainingJob snapshot() {
        return snapshot;
    }

    synchronized boolean cancelRequested() {
        return snapshot.cancelRequested();
    }

    private synchronized TrainingJob update(UnaryOperator<TrainingJob> change) {
        snapshot = change.apply(snapshot);
        return snapshot;
    }

    TrainingJob log(String level, String message) {
        return update(j -> j.withEvent(new JobEvent(System.currentTimeMillis(), level, message)));
    }

    /** Queued to running; false when it was cancelled while queued (then there is nothing to run). */
    synchronized boolean start() {
        if (snapshot.state() != JobState.QUEUED) {
            return false;
        }
        snapshot = snapshot.started(System.currentTimeMillis());
        return true;
    }

    TrainingJob end(JobState state) {
        return update(j -> j.ended(state, System.currentTimeMillis()));
    }

    /**
     * A queued job is cancelled at once; a running one is marked to stop after its current sensor.
     *
     * @throws IllegalStateException when the job already ended
     */
    synchronized TrainingJob cancel(String by) {
        JobState state = snapshot.state();
        if (state.finished()) {
            throw new IllegalStateException("training job " + snapshot.id() + " already " + state.label()
                    + "; there is nothing to cancel");
        }
        long now = System.currentTimeMillis();
        if (state == JobState.QUEUED) {
            snapshot = snapshot.withEvent(new JobEvent(now, "info", "cancelled by " + by + " before it started"))
                    .ended(JobState.CANCELLED, now);
        } else if (!snapshot.cancelRequested()) {
            String current = snapshot.progress().currentSensor();
            snapshot = snapshot.withCancelRequested().withEvent(new JobEvent(now, "info", "cancel requested by " + by + ": the job stops "
                    + (current == null ? "before its next sensor" : "once " + current + " is finished")));
        }
        return snapshot;
    }

    /** A sensor starts: it is the current one, at no step yet. */
    void sensorStarted(String sensor) {
        update(j -> j.withProgress(new JobProgress(j.outcomes().size(), j.sensors().size(), sensor, null, null, null,
                (double) j.outcomes().size() / j.sensors().size())));
    }

    void sensorFinished(SensorOutcome outcome) {
        update(j -> j.withOutcome(outcome));
    }

    /** Receives the pipeline's reports on the current sensor and moves the job's progress with them. */
    TrainingProgress progress() {
        return new TrainingProgress() {
            @Override
            public void stepStarted(TrainingStep step) {
                update(j -> j.withProgress(at(j.progress(), step, null, null)));
            }

            @Override
            public void epochFinished(int epoch, int maxEpochs, double trainLoss, double validationLoss) {
                update(j -> j.withProgress(at(j.progress(), TrainingStep.TRAINING, epoch, maxEpochs)));
            }
        };
    }

    /**
     * The current sensor at a step (and epoch): its share of the job is the steps before this one, plus the
     * share of this step's epochs that finished.
     */
    private static JobProgress at(JobProgress p, TrainingStep step, Integer epoch, Integer maxEpochs) {
        int steps = TrainingStep.values().length;
        double within = step.ordinal();
        if (epoch != null && maxEpochs != null && maxEpochs > 0) {
            within += Math.min(1.0, (double) epoch / maxEpochs);
        }
        double fraction = (p.sensorsDone() + within / steps) / p.sensorsTotal();
        return new JobProgress(p.sensorsDone(), p.sensorsTotal(), p.currentSensor(), step.label(), epoch, maxEpochs,
                fraction);
    }
}

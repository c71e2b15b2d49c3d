package io.prognos.server.jobs;

import io.prognos.pipeline.PipelineContext;
import io.prognos.pipeline.SensorForecaster;
import io.prognos.pipeline.SensorTrainer;
import io.prognos.pipeline.TrainingProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Runs one training job's sensors, one after another, through the pipeline classes that {@code prognos train}
 * uses ({@link SensorTrainer} for detectors, {@link SensorForecaster} for forecasters), so every version is
 * registered with its run, data version and held-out metrics and promoted by the same champion/challenger
 * rule. A sensor that fails is recorded with its error and the others go on; a cancel takes effect between
 * sensors.
 */
final class JobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final PipelineContext context;

    JobRunner(PipelineContext context) {
        this.context = context;
    }

    /** Trains the job's sensors and returns its final state. The job must be running. */
    JobState run(RunningJob job) {
        JobRequest r = job.request();
        List<String> sensors = r.sensors();
        long id = job.snapshot().id();
        job.log("info", "started: " + r.kind().label() + "s for " + sensors.size() + " sensor" + (sensors.size() == 1 ? "" : "s")
                + " (" + r.scope() + ")" + describe(r));
        for (int i = 0; i < sensors.size(); i++) {
            String sensor = sensors.get(i);
            if (job.cancelRequested()) {
                job.log("info", "cancelled before " + sensor + "; " + (sensors.size() - i) + " of " + sensors.size()
                        + " sensors were not trained");
                return JobState.CANCELLED;
            }
            job.sensorStarted(sensor);
            SensorOutcome outcome;
            try {
                outcome = SensorOutcome.of(train(r, sensor, job.progress()));
            } catch (RuntimeException e) {
                // the pipeline reports its own failures as outcomes; this is anything it let through
                LOG.error("training job {}: {} failed unexpectedly", id, sensor, e);
                outcome = SensorOutcome.failed(sensor, "unexpected error: " + e + " (the server log has the stack trace)");
            }
            job.sensorFinished(outcome);
            String position = " (" + (i + 1) + " of " + sensors.size() + ")";
            if (outcome.trained()) {
                job.log("info", sensor + position + ": " + outcome.status().replace('_', ' ')
                        + (outcome.version() == null ? "" : ", v" + outcome.version() + " " + outcome.stage())
                        + (outcome.message() == null ? "" : ": " + outcome.message()));
            } else {
                LOG.warn("training job {}: {} failed: {}", id, sensor, outcome.message());
                job.log("error", sensor + position + " failed: " + outcome.message());
            }
        }
        if (job.cancelRequested()) {
            job.log("info", "the cancel came during the last sensor, so there was nothing left to stop");
        }
        long failed = job.snapshot().failures();
        if (failed == sensors.size()) {
            job.log("error", "no sensor trained: every one failed (see above)");
            return JobState.FAILED;
        }
        job.log("info", "finished: " + (sensors.size() - failed) + " trained" + (failed == 0 ? "" : ", " + failed + " failed"));
        return JobState.SUCCEEDED;
    }

    private SensorTrainer.Outcome train(JobRequest r, String sensor, TrainingProgress progress) {
        return switch (r.kind()) {
            case DETECTOR -> new SensorTrainer(context).train(sensor, r.options(), progress);
            case FORECASTER -> new SensorForecaster(context).train(sensor, r.horizon(), r.forecaster(), r.options(), progress);
        };
    }

    private static String describe(JobRequest r) {
        return r.kind() == JobKind.DETECTOR
                ? " with the " + r.options().predictor() + " predictor"
                : " with the " + r.forecaster().name() + " forecaster, " + r.horizon() + " steps ahead";
    }
}

package io.prognos.pipeline;

import io.prognos.core.detect.predict.TrainingListener;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Trains detectors for many sensors with a bounded pool of workers. Deep predictors train one at a
 * time per process. Sensors that fail (bad data, too short) are reported and the others go on; a
 * repeated call skips what already finished, which is how an interrupted fleet training resumes.
 */
public final class FleetTrainer {

    private final PipelineContext context;
    private final int workers;

    public FleetTrainer(PipelineContext context, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        this.context = context;
        this.workers = workers;
    }

    /** Trains every sensor; {@code onDone} is called as each finishes (for progress). */
    public List<SensorTrainer.Outcome> train(List<String> sensorIds, TrainingOptions options,
                                             Consumer<SensorTrainer.Outcome> onDone) throws InterruptedException {
        int threads = Predictors.trainsConcurrently(options.predictor()) ? workers : 1;
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "train-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<SensorTrainer.Outcome>> futures = new ArrayList<>();
            SensorTrainer trainer = new SensorTrainer(context);
            for (String sensor : sensorIds) {
                futures.add(pool.submit(() -> {
                    SensorTrainer.Outcome outcome = trainer.train(sensor, options, TrainingListener.NONE);
                    onDone.accept(outcome);
                    return outcome;
                }));
            }
            List<SensorTrainer.Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    outcomes.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    outcomes.add(new SensorTrainer.Outcome(sensorIds.get(i), SensorTrainer.Outcome.Status.FAILED, null,
                            String.valueOf(e.getCause())));
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}

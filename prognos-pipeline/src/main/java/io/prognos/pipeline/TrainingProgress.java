package io.prognos.pipeline;

import io.prognos.core.detect.predict.TrainingListener;

/**
 * Receives one sensor's training progress from {@link SensorTrainer} and {@link SensorForecaster}: each
 * {@link TrainingStep} as it starts, and each epoch of the model as it finishes (a closed-form model
 * reports one epoch of one, or none). It exists so that a caller such as the server's training jobs can
 * show where a long training is; it observes and never changes what is trained. Called on the training
 * thread: implementations must be quick and must not throw.
 */
public interface TrainingProgress extends TrainingListener {

    /** Ignores everything. */
    TrainingProgress NONE = of(TrainingListener.NONE);

    /** A step of the sensor's training started. */
    void stepStarted(TrainingStep step);

    /** Epochs go to {@code listener}; steps are ignored. */
    static TrainingProgress of(TrainingListener listener) {
        return new TrainingProgress() {
            @Override
            public void stepStarted(TrainingStep step) {
            }

            @Override
            public void epochFinished(int epoch, int maxEpochs, double trainLoss, double validationLoss) {
                listener.epochFinished(epoch, maxEpochs, trainLoss, validationLoss);
            }
        };
    }
}

package io.prognos.core.detect.predict;

/** Receives progress while a predictor trains, e.g. to move a progress bar or log epochs. */
@FunctionalInterface
public interface TrainingListener {

    TrainingListener NONE = (epoch, maxEpochs, trainLoss, validationLoss) -> { };

    /** Called after each epoch (1-based); iterative-free models call it once with epoch 1 of 1. */
    void epochFinished(int epoch, int maxEpochs, double trainLoss, double validationLoss);
}

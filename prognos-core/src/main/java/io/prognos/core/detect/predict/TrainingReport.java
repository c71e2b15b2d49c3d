package io.prognos.core.detect.predict;

import java.util.List;

/**
 * The record of one training run: how many windows were used for fitting and for validation, the
 * loss per epoch on each, and the validation loss of the model that was kept. Validation windows are
 * never used for fitting, so {@link #validationLoss()} is a held-out figure.
 *
 * @param model             predictor name
 * @param trainWindows      windows used to fit
 * @param validationWindows windows held out
 * @param epochs            epochs run (1 for closed-form models)
 * @param stoppedEarly      whether early stopping ended training before the epoch limit
 * @param trainLosses       mean squared error on the fitting windows, per epoch
 * @param validationLosses  mean squared error on the held-out windows, per epoch
 * @param validationLoss    held-out mean squared error of the returned model
 * @param seconds           wall-clock training time
 */
public record TrainingReport(String model, int trainWindows, int validationWindows, int epochs, boolean stoppedEarly,
                             List<Double> trainLosses, List<Double> validationLosses, double validationLoss,
                             double seconds) {

    public TrainingReport {
        trainLosses = List.copyOf(trainLosses);
        validationLosses = List.copyOf(validationLosses);
    }
}

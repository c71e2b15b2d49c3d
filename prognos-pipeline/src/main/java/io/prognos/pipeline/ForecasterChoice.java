package io.prognos.pipeline;

import java.util.List;

/**
 * Which forecaster a sensor trains, and how long a deep one may train.
 *
 * @param name               {@code ridge} (closed form, seconds), {@code patchtst} (the Transformer, minutes) or
 *                           {@code patchtst-ridge} (both, their forecasts blended with a weight fitted on validation)
 * @param maxEpochs          PatchTST's epoch limit
 * @param maxTrainingSeconds PatchTST's wall-clock budget per sensor
 * @param assetInputs        whether the weights are also fitted on the asset's other sensors ({@link AssetInputs}):
 *                           multivariate input, one set of weights shared by the asset's channels
 */
public record ForecasterChoice(String name, int maxEpochs, double maxTrainingSeconds, boolean assetInputs) {

    /** A forecaster fitted on the sensor's own readings only. */
    public ForecasterChoice(String name, int maxEpochs, double maxTrainingSeconds) {
        this(name, maxEpochs, maxTrainingSeconds, false);
    }

    public static final List<String> NAMES = List.of("ridge", "patchtst", "patchtst-ridge");

    public ForecasterChoice {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown forecaster '" + name + "'; choose one of " + NAMES);
        }
        if (maxEpochs < 1 || !(maxTrainingSeconds > 0)) {
            throw new IllegalArgumentException("the epoch limit and training budget must be positive, got " + maxEpochs
                    + " and " + maxTrainingSeconds);
        }
    }

    /** The named forecaster with at most 100 epochs in 14 minutes. */
    public static ForecasterChoice of(String name) {
        return new ForecasterChoice(name, 100, 14 * 60);
    }

    /** This choice, fitted also on the asset's other sensors (true) or on the sensor alone (false). */
    public ForecasterChoice withAssetInputs(boolean inputs) {
        return new ForecasterChoice(name, maxEpochs, maxTrainingSeconds, inputs);
    }
}

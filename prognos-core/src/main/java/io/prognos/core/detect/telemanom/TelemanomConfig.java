package io.prognos.core.detect.telemanom;

/**
 * Every parameter of the Telemanom detector (Hundman et al., KDD 2018), with the reference
 * implementation's {@code config.yaml} defaults. Immutable and validated on construction, so a
 * config that reaches a detector is always usable; {@link #defaults()} gives the published setting
 * and the {@code with...} methods derive variants.
 *
 * <p>Windowing: a model sees {@code windowLength} (l_s) rows of all input columns and predicts the
 * next {@code predictionSteps} values of the telemetry column. Error processing works on batches of
 * {@code batchSize} values with a trailing history of {@code windowSize} batches.
 *
 * @param windowLength        l_s, input rows per model window (250)
 * @param predictionSteps     n_predictions, values predicted ahead (10)
 * @param batchSize           values per arriving batch in error processing (70)
 * @param windowSize          trailing batches in one error window (30)
 * @param smoothingPercent    EWMA span as a fraction of batchSize x windowSize (0.05, so span 105)
 * @param errorBuffer         values added on each side of an anomalous error (100)
 * @param pruningMinDecrease  p, minimum relative drop between sequence maxima to keep a sequence (0.13)
 * @param zMin                lowest threshold tried, in standard deviations above the mean (2.5)
 * @param zMax                the threshold search stops before this z (12); also the fallback z
 * @param zStep               step of the threshold search (0.5)
 * @param batchScope          which values of each error window are judged (see {@link BatchScope})
 * @param lstmUnits           units of each of the two LSTM layers (80)
 * @param dropout             dropout after each LSTM layer during training (0.3)
 * @param trainingBatchSize   mini-batch size for training (64)
 * @param maxEpochs           epoch limit (35)
 * @param patience            epochs without validation improvement before stopping (10)
 * @param minDelta            smallest validation-loss decrease that counts as improvement (0.0003)
 * @param validationSplit     fraction of training windows held out for early stopping (0.2)
 * @param learningRate        Adam learning rate (0.001, the Keras default)
 * @param ridgeLambda         L2 penalty of the linear predictor (1000)
 * @param ridgeCommandLags    rows of the non-telemetry (command) columns the linear predictor sees (10)
 * @param threshold           the alarm threshold applied to the smoothed errors (Telemanom's nonparametric one
 *                            by default; SPOT, DSPOT or GEV); absent (null) means the default, so that a
 *                            configuration stored before this parameter existed loads unchanged
 */
public record TelemanomConfig(
        int windowLength,
        int predictionSteps,
        int batchSize,
        int windowSize,
        double smoothingPercent,
        int errorBuffer,
        double pruningMinDecrease,
        double zMin,
        double zMax,
        double zStep,
        BatchScope batchScope,
        int lstmUnits,
        double dropout,
        int trainingBatchSize,
        int maxEpochs,
        int patience,
        double minDelta,
        double validationSplit,
        double learningRate,
        double ridgeLambda,
        int ridgeCommandLags,
        ThresholdSettings threshold) {

    /**
     * Which indices of an error window may be flagged. The reference implementation evaluates every
     * window but keeps, after the first, only the anomalies in the window's newest batch (telemanom
     * issue #82); its last window then leaves up to {@code batchSize - 1} values that no window
     * judges.
     */
    public enum BatchScope {
        /**
         * Default. Each value is judged exactly once, by the first window that contains it as new data:
         * the first window judges all its values (after the warm-up), each later window its newest
         * batch, and the last window everything after the previous window's end. Same as the
         * reference except that the reference's unjudged gap before the last batch is closed.
         */
        UNJUDGED_VALUES,
        /** Exactly the reference: after the first window, only the newest {@code batchSize} values. */
        REFERENCE_LAST_BATCH,
        /** Every window may flag any of its values; a value is judged by up to windowSize windows. */
        WHOLE_WINDOW
    }

    public TelemanomConfig {
        requirePositive("windowLength", windowLength);
        requirePositive("predictionSteps", predictionSteps);
        requirePositive("batchSize", batchSize);
        requirePositive("windowSize", windowSize);
        requireRange("smoothingPercent", smoothingPercent, 0, 1, false);
        if (errorBuffer < 0) {
            throw new IllegalArgumentException("errorBuffer must be >= 0, was " + errorBuffer);
        }
        requireRange("pruningMinDecrease", pruningMinDecrease, 0, 1, true);
        if (!(zMin > 0 && zMax > zMin && zStep > 0)) {
            throw new IllegalArgumentException("threshold search needs 0 < zMin < zMax and zStep > 0, was zMin="
                    + zMin + " zMax=" + zMax + " zStep=" + zStep);
        }
        if (batchScope == null) {
            throw new IllegalArgumentException("batchScope must be set");
        }
        requirePositive("lstmUnits", lstmUnits);
        requireRange("dropout", dropout, 0, 1, true);
        requirePositive("trainingBatchSize", trainingBatchSize);
        requirePositive("maxEpochs", maxEpochs);
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1, was " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("minDelta must be >= 0, was " + minDelta);
        }
        requireRange("validationSplit", validationSplit, 0, 1, false);
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be > 0, was " + learningRate);
        }
        if (!(ridgeLambda >= 0)) {
            throw new IllegalArgumentException("ridgeLambda must be >= 0, was " + ridgeLambda);
        }
        if (ridgeCommandLags < 0 || ridgeCommandLags > windowLength) {
            throw new IllegalArgumentException("ridgeCommandLags must be in [0, windowLength], was " + ridgeCommandLags);
        }
        if (threshold == null) {
            threshold = ThresholdSettings.defaults();
        }
    }

    /** Every parameter but the threshold, which is Telemanom's nonparametric one ({@link ThresholdSettings#defaults()}). */
    public TelemanomConfig(int windowLength, int predictionSteps, int batchSize, int windowSize, double smoothingPercent,
                           int errorBuffer, double pruningMinDecrease, double zMin, double zMax, double zStep,
                           BatchScope batchScope, int lstmUnits, double dropout, int trainingBatchSize, int maxEpochs,
                           int patience, double minDelta, double validationSplit, double learningRate, double ridgeLambda,
                           int ridgeCommandLags) {
        this(windowLength, predictionSteps, batchSize, windowSize, smoothingPercent, errorBuffer, pruningMinDecrease, zMin,
                zMax, zStep, batchScope, lstmUnits, dropout, trainingBatchSize, maxEpochs, patience, minDelta,
                validationSplit, learningRate, ridgeLambda, ridgeCommandLags, ThresholdSettings.defaults());
    }

    /** The reference implementation's defaults. */
    public static TelemanomConfig defaults() {
        return new TelemanomConfig(250, 10, 70, 30, 0.05, 100, 0.13, 2.5, 12.0, 0.5,
                BatchScope.UNJUDGED_VALUES, 80, 0.3, 64, 35, 10, 0.0003, 0.2, 0.001, 1000.0, 10,
                ThresholdSettings.defaults());
    }

    /** EWMA span used to smooth prediction errors: {@code int(batchSize * windowSize * smoothingPercent)}. */
    public int smoothingSpan() {
        return Math.max(1, (int) (batchSize * windowSize * smoothingPercent));
    }

    /** Rows of history a model window plus its prediction targets need. */
    public int rowsPerWindow() {
        return windowLength + predictionSteps;
    }

    public TelemanomConfig withBatchScope(BatchScope scope) {
        return new TelemanomConfig(windowLength, predictionSteps, batchSize, windowSize, smoothingPercent,
                errorBuffer, pruningMinDecrease, zMin, zMax, zStep, scope, lstmUnits, dropout, trainingBatchSize,
                maxEpochs, patience, minDelta, validationSplit, learningRate, ridgeLambda, ridgeCommandLags,
                threshold);
    }

    public TelemanomConfig withWindow(int newWindowLength, int newPredictionSteps) {
        return new TelemanomConfig(newWindowLength, newPredictionSteps, batchSize, windowSize, smoothingPercent,
                errorBuffer, pruningMinDecrease, zMin, zMax, zStep, batchScope, lstmUnits, dropout, trainingBatchSize,
                maxEpochs, patience, minDelta, validationSplit, learningRate, ridgeLambda,
                Math.min(ridgeCommandLags, newWindowLength), threshold);
    }

    public TelemanomConfig withErrorProcessing(int newBatchSize, int newWindowSize, int newErrorBuffer) {
        return new TelemanomConfig(windowLength, predictionSteps, newBatchSize, newWindowSize, smoothingPercent,
                newErrorBuffer, pruningMinDecrease, zMin, zMax, zStep, batchScope, lstmUnits, dropout,
                trainingBatchSize, maxEpochs, patience, minDelta, validationSplit, learningRate, ridgeLambda,
                ridgeCommandLags, threshold);
    }

    public TelemanomConfig withTraining(int newMaxEpochs, int newPatience) {
        return new TelemanomConfig(windowLength, predictionSteps, batchSize, windowSize, smoothingPercent,
                errorBuffer, pruningMinDecrease, zMin, zMax, zStep, batchScope, lstmUnits, dropout, trainingBatchSize,
                newMaxEpochs, newPatience, minDelta, validationSplit, learningRate, ridgeLambda, ridgeCommandLags,
                threshold);
    }

    public TelemanomConfig withThreshold(ThresholdSettings newThreshold) {
        if (newThreshold == null) {
            throw new IllegalArgumentException("threshold must be set");
        }
        return new TelemanomConfig(windowLength, predictionSteps, batchSize, windowSize, smoothingPercent,
                errorBuffer, pruningMinDecrease, zMin, zMax, zStep, batchScope, lstmUnits, dropout, trainingBatchSize,
                maxEpochs, patience, minDelta, validationSplit, learningRate, ridgeLambda, ridgeCommandLags, newThreshold);
    }

    /** This method with the current threshold parameters. */
    public TelemanomConfig withThreshold(ThresholdMethod method) {
        return withThreshold(threshold.withMethod(method));
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, was " + value);
        }
    }

    private static void requireRange(String name, double value, double lo, double hi, boolean loInclusive) {
        boolean ok = (loInclusive ? value >= lo : value > lo) && value < hi;
        if (!ok) {
            throw new IllegalArgumentException(name + " must be in " + (loInclusive ? "[" : "(") + lo + ", " + hi
                    + "), was " + value);
        }
    }
}

package io.prognos.core.detect.predict;

/**
 * A trained window predictor. Holds native resources for deep models, hence {@link AutoCloseable}.
 */
public interface TrainedPredictor extends AutoCloseable {

    /** Rows of history one prediction needs. */
    int windowLength();

    /** Values predicted ahead by one window; the detectors use the first. */
    int predictionSteps();

    /**
     * One-step-ahead predictions over a series: element {@code t} predicts {@code rows[t + windowLength][0]}
     * from rows {@code [t, t + windowLength)}, for every {@code t} in
     * {@code [0, rows.length - windowLength - predictionSteps)}.
     *
     * @throws IllegalArgumentException when the series has a different column count than the training
     *                                  series or is too short
     */
    double[] predictNext(double[][] rows);

    /**
     * What training did, with the validation (held-out) loss.
     *
     * @throws IllegalStateException for a predictor restored from saved parameters: its training record
     *                               is kept with the model version, not in the parameters
     */
    TrainingReport report();

    /**
     * The learned parameters as bytes (no Java serialization), which the same kind of
     * {@link PredictorTrainer#restore} turns back into an identical predictor.
     */
    byte[] parameters();

    @Override
    void close();
}

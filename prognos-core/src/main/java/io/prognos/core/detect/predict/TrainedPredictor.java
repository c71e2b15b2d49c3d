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
     * One-step-ahead predictions of every row that has a full window before it: element {@code t} predicts
     * {@code rows[t + windowLength][0]}, for every {@code t} in {@code [0, rows.length - windowLength)}. Unlike
     * {@link #predictNext}, which stops where Telemanom's training layout runs out of targets, it reaches the
     * newest row, as live scoring needs. Rows after a window never enter its prediction, so the rows appended
     * here to reuse {@link #predictNext} (copies of the last row) are never an input of a returned element.
     */
    default double[] predictEveryNext(double[][] rows) {
        double[][] extended = java.util.Arrays.copyOf(rows, rows.length + predictionSteps());
        for (int i = rows.length; i < extended.length; i++) {
            extended[i] = rows[rows.length - 1];
        }
        return predictNext(extended);
    }

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

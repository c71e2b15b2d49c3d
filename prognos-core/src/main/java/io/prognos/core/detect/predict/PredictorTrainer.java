package io.prognos.core.detect.predict;

/**
 * Learns, from a training series, to predict the next values of its telemetry column (column 0) from
 * a window of past rows of all columns. Implementations differ in the model (a ridge regression, an
 * LSTM); the detector that uses the predictions does not care which.
 */
public interface PredictorTrainer {

    /** Short name used in reports and model records, e.g. {@code linear} or {@code lstm}. */
    String name();

    /**
     * Trains on {@code rows} ({@code [sample][column]}, telemetry in column 0). Part of the windows is
     * held out for validation, chosen with {@code seed}; the returned predictor reports its loss on them.
     *
     * @throws IllegalArgumentException when the series is too short for one window or not finite
     */
    TrainedPredictor train(double[][] rows, long seed, TrainingListener listener);

    /**
     * A predictor from bytes written by {@link TrainedPredictor#parameters()} of a predictor this kind of
     * trainer made with the same window configuration.
     *
     * @throws IllegalArgumentException when the bytes are not such parameters or the configuration differs
     */
    TrainedPredictor restore(byte[] parameters);
}

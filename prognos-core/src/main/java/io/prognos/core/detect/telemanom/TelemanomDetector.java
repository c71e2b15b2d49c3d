package io.prognos.core.detect.telemanom;

import io.prognos.core.detect.predict.PredictorTrainer;
import io.prognos.core.detect.predict.TrainedPredictor;
import io.prognos.core.detect.predict.TrainingListener;

/**
 * The Telemanom anomaly detector: a window predictor learns a channel's normal behaviour from its
 * training series; on new data, its one-step prediction errors go through
 * {@link TelemanomErrorProcessor} to become scored anomalous sequences. The predictor is pluggable
 * (LSTM as in the paper, or the linear one); the thresholding is the same for both.
 */
public final class TelemanomDetector {

    private final TelemanomConfig config;
    private final PredictorTrainer trainer;
    private final TelemanomErrorProcessor processor;

    public TelemanomDetector(TelemanomConfig config, PredictorTrainer trainer) {
        this.config = config;
        this.trainer = trainer;
        this.processor = new TelemanomErrorProcessor(config);
    }

    public TelemanomConfig config() {
        return config;
    }

    public String predictorName() {
        return trainer.name();
    }

    /** Learns normal behaviour from {@code trainRows} ({@code [sample][column]}, telemetry in column 0). */
    public TrainedPredictor train(double[][] trainRows, long seed, TrainingListener listener) {
        return trainer.train(trainRows, seed, listener);
    }

    /** Finds anomalous sequences in {@code testRows}; sequence indices are row indices of {@code testRows}. */
    public ErrorAnalysis detect(TrainedPredictor predictor, double[][] testRows) {
        checkShape(predictor);
        return analyse(testRows, predictor.predictNext(testRows));
    }

    private void checkShape(TrainedPredictor predictor) {
        if (predictor.windowLength() != config.windowLength() || predictor.predictionSteps() != config.predictionSteps()) {
            throw new IllegalArgumentException("predictor was trained for windows of " + predictor.windowLength() + " + "
                    + predictor.predictionSteps() + " rows, the detector is configured for " + config.windowLength()
                    + " + " + config.predictionSteps());
        }
    }

    /**
     * As {@link #detect}, but judging every row that has a full window before it, up to the newest (live
     * scoring: a reading is judged when it arrives; see {@link TelemanomErrorProcessor#analyseThroughNewest}).
     */
    public ErrorAnalysis detectThroughNewest(TrainedPredictor predictor, double[][] testRows) {
        checkShape(predictor);
        double[] telemetry = new double[testRows.length];
        for (int i = 0; i < testRows.length; i++) {
            telemetry[i] = testRows[i][0];
        }
        return processor.analyseThroughNewest(telemetry, predictor.predictEveryNext(testRows));
    }

    /**
     * The error-processing half of {@link #detect}: scores given one-step predictions of {@code testRows}
     * (as returned by {@link TrainedPredictor#predictNext}).
     */
    public ErrorAnalysis analyse(double[][] testRows, double[] predictions) {
        double[] telemetry = new double[testRows.length];
        for (int i = 0; i < testRows.length; i++) {
            telemetry[i] = testRows[i][0];
        }
        return processor.analyse(telemetry, predictions);
    }
}

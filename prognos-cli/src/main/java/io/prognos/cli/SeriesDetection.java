package io.prognos.cli;

import io.prognos.core.detect.AnomalySequence;
import io.prognos.core.detect.predict.TrainedPredictor;
import io.prognos.core.detect.predict.TrainingListener;
import io.prognos.core.detect.predict.TrainingReport;
import io.prognos.core.detect.telemanom.ErrorAnalysis;
import io.prognos.core.detect.telemanom.TelemanomDetector;
import io.prognos.core.series.IndexRange;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Detection on one user series: the first part trains, the rest is searched for anomalies.
 *
 * <p>Every column is scaled to [-1, 1] with the minimum and maximum of the training part, because
 * Telemanom's error processing has absolute guards (errors below 0.05 are never anomalous) that
 * assume this scale, as in the NASA data. The test part is preceded by one model window of training
 * rows as context, so the first row after the split can already be predicted.
 */
public final class SeriesDetection {

    /** Anomalies in row indices of the whole input series, and the training record. */
    public record Result(List<AnomalySequence> sequences, TrainingReport training, int trainRows) {
    }

    private SeriesDetection() {
    }

    /**
     * @param rows       {@code [sample][column]}, the monitored value in column 0, all finite
     * @param trainRows  how many leading rows train the model
     */
    public static Result run(TelemanomDetector detector, double[][] rows, int trainRows, long seed,
                             TrainingListener listener) {
        int window = detector.config().windowLength();
        int needed = detector.config().rowsPerWindow();
        if (trainRows < needed + 2) {
            throw new UserInputException("the training part has " + trainRows + " rows; with a window of " + window
                    + " it needs at least " + (needed + 2) + " (use a larger --train-fraction or a smaller --window)");
        }
        if (rows.length - trainRows < detector.config().predictionSteps() + 1) {
            throw new UserInputException("the part after training has " + (rows.length - trainRows)
                    + " rows; it needs at least " + (detector.config().predictionSteps() + 1)
                    + " (use a smaller --train-fraction)");
        }
        double[][] scaled = scale(rows, trainRows);
        double[][] train = Arrays.copyOfRange(scaled, 0, trainRows);
        int contextStart = trainRows - window;
        double[][] test = Arrays.copyOfRange(scaled, contextStart, scaled.length);
        try (TrainedPredictor predictor = detector.train(train, seed, listener)) {
            ErrorAnalysis analysis = detector.detect(predictor, test);
            List<AnomalySequence> shifted = new ArrayList<>();
            for (AnomalySequence s : analysis.sequences()) {
                shifted.add(new AnomalySequence(new IndexRange(s.start() + contextStart, s.end() + contextStart),
                        s.score()));
            }
            return new Result(shifted, predictor.report(), trainRows);
        }
    }

    /** Min-max scaling of every column to [-1, 1] by the training rows; constant columns become 0. */
    static double[][] scale(double[][] rows, int trainRows) {
        int width = rows[0].length;
        double[] min = new double[width];
        double[] max = new double[width];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < trainRows; i++) {
            for (int j = 0; j < width; j++) {
                min[j] = Math.min(min[j], rows[i][j]);
                max[j] = Math.max(max[j], rows[i][j]);
            }
        }
        double[][] out = new double[rows.length][width];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < width; j++) {
                double range = max[j] - min[j];
                out[i][j] = range > 0 ? 2 * (rows[i][j] - min[j]) / range - 1 : 0;
            }
        }
        return out;
    }
}

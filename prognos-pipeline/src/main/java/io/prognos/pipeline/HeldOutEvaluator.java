package io.prognos.pipeline;

import io.prognos.core.detect.AnomalySequence;
import io.prognos.core.detect.predict.TrainedPredictor;
import io.prognos.core.detect.telemanom.ErrorAnalysis;
import io.prognos.core.detect.telemanom.TelemanomDetector;
import io.prognos.core.eval.DetectionCounts;
import io.prognos.core.eval.TelemanomProtocol;
import io.prognos.core.series.IndexRange;
import io.prognos.core.transform.Resampler;
import io.prognos.store.AnomalyRepository;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures a trained detector on one chronological part of a series it did not train on: the mean
 * squared one-step prediction error in the sensor's own units (so versions with different scalings
 * compare fairly), the share of points it flags, and, when labelled
 * anomalies fall inside the part, precision, recall and F1 under the Telemanom protocol. Metric names
 * carry the part's name, e.g. {@code validation_mse} or {@code test_recall}, so a number measured on
 * the test split can never be mistaken for a validation figure.
 */
final class HeldOutEvaluator {

    private final TelemanomDetector detector;
    private final double unitScale;

    /** @param unitScale the scaler's factor of the telemetry column: sensor units per scaled unit */
    HeldOutEvaluator(TelemanomDetector detector, double unitScale) {
        this.detector = detector;
        this.unitScale = unitScale;
    }

    /**
     * @param part      metric name prefix, "validation" or "test"
     * @param scaled    the whole scaled segment, {@code [grid point][column]}
     * @param from      first grid point of the part (at least one window after the segment start)
     * @param to        end of the part, exclusive
     * @param segment   the resampled segment, for the grid's times
     * @param labels    the sensor's labelled anomalies (any time; those outside the part are ignored)
     */
    Map<String, Double> evaluate(String part, TrainedPredictor predictor, double[][] scaled, int from, int to,
                                 Resampler.Segment segment, List<AnomalyRepository.Label> labels) {
        int window = detector.config().windowLength();
        double[][] rows = java.util.Arrays.copyOfRange(scaled, from - window, to);
        double[] predictions = predictor.predictNext(rows);
        double sum = 0;
        for (int t = 0; t < predictions.length; t++) {
            double d = predictions[t] - rows[t + window][0];
            sum += d * d;
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(part + "_mse", sum / predictions.length * unitScale * unitScale);
        ErrorAnalysis analysis = detector.analyse(rows, predictions);
        List<IndexRange> predicted = new ArrayList<>();
        long flagged = 0;
        for (AnomalySequence s : analysis.sequences()) {
            flagged += s.end() - s.start() + 1;
            predicted.add(new IndexRange(from - window + s.start(), from - window + s.end()));
        }
        metrics.put(part + "_alarm_rate", (double) flagged / predictions.length);
        List<IndexRange> labelled = labelledPoints(labels, segment, from, to);
        if (!labelled.isEmpty()) {
            DetectionCounts counts = TelemanomProtocol.evaluate(labelled, predicted).counts();
            metrics.put(part + "_labels", (double) labelled.size());
            metrics.put(part + "_tp", (double) counts.tp());
            metrics.put(part + "_fp", (double) counts.fp());
            metrics.put(part + "_fn", (double) counts.fn());
            metrics.put(part + "_precision", counts.precision());
            metrics.put(part + "_recall", counts.recall());
            metrics.put(part + "_f1", counts.f1());
        }
        return metrics;
    }

    /** The labels that overlap grid points {@code [from, to)}, as grid-point ranges clipped to the part. */
    static List<IndexRange> labelledPoints(List<AnomalyRepository.Label> labels, Resampler.Segment segment, int from,
                                           int to) {
        long period = segment.periodMillis();
        List<IndexRange> ranges = new ArrayList<>();
        for (AnomalyRepository.Label label : labels) {
            long first = Math.floorDiv(label.startMillis() - segment.startMillis() + period - 1, period);
            long last = Math.floorDiv(label.endMillis() - segment.startMillis(), period);
            first = Math.max(first, from);
            last = Math.min(last, to - 1L);
            if (first <= last) {
                ranges.add(new IndexRange(first, last));
            }
        }
        ranges.sort(null);
        return ranges;
    }
}

package io.prognos.core.detect.telemanom;

import io.prognos.core.detect.AnomalySequence;

import java.util.List;

/**
 * What Telemanom's error processing found in one test series.
 *
 * @param firstIndex  series index that {@code errors[0]} belongs to (the model's window length)
 * @param predictions the one-step predictions, aligned with {@code errors}
 * @param errors      absolute one-step prediction errors
 * @param smoothed    the EWMA-smoothed errors the thresholds were applied to
 * @param sequences   anomalous sequences in series indices (not error indices), ordered by start
 * @param windows     the number of error windows evaluated
 */
public record ErrorAnalysis(int firstIndex, double[] predictions, double[] errors, double[] smoothed, List<AnomalySequence> sequences,
                            int windows) {

    public ErrorAnalysis {
        sequences = List.copyOf(sequences);
    }

    /** Mean absolute prediction error over the whole series. */
    public double meanAbsoluteError() {
        double sum = 0;
        for (double e : errors) {
            sum += e;
        }
        return errors.length == 0 ? Double.NaN : sum / errors.length;
    }
}

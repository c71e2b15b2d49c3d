package io.prognos.core.eval.kpi;

/**
 * One reviewed event for the KPI time series ({@link KpiSeries}): when it happened, the detector's score,
 * whether the detector flagged it, and the ground truth (an operator's verdict or a label).
 *
 * @param timestampMillis epoch milliseconds (UTC) of the event
 * @param score           the detector's anomaly score, finite; higher means more anomalous
 * @param anomaly         {@code true} when the event really was an anomaly
 * @param flagged         {@code true} when the detector flagged it
 */
public record LabelledEvent(long timestampMillis, double score, boolean anomaly, boolean flagged) {

    /** Rejects a non-finite score. */
    public LabelledEvent {
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException(
                    "event score must be finite, was " + score + " at timestamp " + timestampMillis);
        }
    }
}

package io.prognos.core.eval.kpi;

/**
 * One scored event with its ground truth, the input of {@link RocCurve}: the detector's anomaly score
 * (higher means more anomalous) and whether the event really was an anomaly.
 *
 * @param score   the anomaly score; {@link RocCurve} refuses non-finite scores
 * @param anomaly {@code true} when the event is labelled (or confirmed) anomalous
 */
public record ScoredLabel(double score, boolean anomaly) {
}

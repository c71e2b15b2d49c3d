package io.prognos.core.eval.kpi;

/**
 * One point of a {@link RocCurve}: flagging every event whose score is {@code >= threshold} gives this
 * false-positive rate and true-positive rate (recall).
 *
 * @param threshold the score threshold; {@code +Infinity} for the first point (nothing flagged)
 * @param fpr       false-positive rate {@code fp / negatives}, in {@code [0, 1]}
 * @param tpr       true-positive rate {@code tp / positives}, in {@code [0, 1]}
 */
public record RocPoint(double threshold, double fpr, double tpr) {
}

package io.prognos.core.eval.nab;

/**
 * The outcome of NAB's threshold sweep for one profile.
 *
 * @param threshold the anomaly-score threshold (a row is a detection when its score is {@code >=} it);
 *                  {@link NabScorer#NOTHING_FLAGGED} when flagging nothing scores best
 * @param rawScore  the corpus raw score at that threshold
 */
public record NabThreshold(double threshold, double rawScore) {
}

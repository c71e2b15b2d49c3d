package io.prognos.core.detect;

/**
 * How urgently a person should look at an anomaly.
 *
 * <p>For Telemanom-style detectors the score is how far the smoothed prediction error rose past the
 * dynamic threshold, in units of (mean + standard deviation) of the errors in the window where it was
 * found. The bands below are fixed and documented rather than fitted: a score under 0.5 is a crossing
 * that barely cleared the threshold; 3 and above is an error several times the normal error scale.
 */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    /** Maps a Telemanom anomaly score to a severity: [0, 0.5) LOW, [0.5, 1.5) MEDIUM, [1.5, 3) HIGH, else CRITICAL. */
    public static Severity ofTelemanomScore(double score) {
        if (score < 0.5) {
            return LOW;
        }
        if (score < 1.5) {
            return MEDIUM;
        }
        if (score < 3.0) {
            return HIGH;
        }
        return CRITICAL;
    }
}

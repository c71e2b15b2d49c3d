package io.prognos.core.detect.threshold;

/**
 * An alarm threshold that judges scores one at a time and keeps adapting to the normal ones, with
 * bounded memory: what a streaming detector puts behind its anomaly score. Implemented by {@link Spot}
 * (SPOT and DSPOT, Siffer et al., KDD 2017).
 *
 * <p>Not thread-safe: one instance serves one stream.
 */
public interface StreamingThreshold {

    /**
     * The level the next score must exceed to be flagged; {@code +infinity} while the threshold is
     * still calibrating or when it has no upper side.
     */
    double threshold();

    /**
     * The level the next score must fall below to be flagged; {@code -infinity} while calibrating or
     * when there is no lower side (the default).
     */
    default double lowerThreshold() {
        return Double.NEGATIVE_INFINITY;
    }

    /** Whether calibration is over, so that {@link #update} can flag. */
    boolean calibrated();

    /**
     * Judges {@code score} against the current threshold(s) and learns from it if it is not flagged
     * (a flagged score is never learned, so an anomaly does not raise the bar for the next one).
     *
     * @return true if the score is anomalous
     * @throws IllegalArgumentException if the score is not finite
     */
    boolean update(double score);
}

package io.prognos.core.detect.threshold;

/**
 * Chooses an alarm threshold from a batch of anomaly scores (higher = more anomalous): a score above
 * the returned value is flagged. Implementations: {@link GevThreshold} (block maxima) and
 * {@link Spot#selector} (peaks over threshold, the initial step of SPOT). The streaming counterpart,
 * which keeps learning as scores arrive, is {@link StreamingThreshold}.
 */
@FunctionalInterface
public interface ThresholdSelector {

    /**
     * The threshold for these scores.
     *
     * @throws IllegalArgumentException when the scores cannot support the statistical model (too few,
     *                                  not finite, or without spread); no made-up threshold is returned
     */
    double select(double[] scores);
}

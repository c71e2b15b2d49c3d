package io.prognos.core.drift;

import java.util.Objects;

/**
 * The thresholds that turn {@link DriftMetrics} into a {@link DriftSeverity} and a {@link DriftRecommendation}.
 *
 * <p>Severity is the worse of two ladders, the PSI and the absolute mean shift in reference standard
 * deviations, and it counts only when the change is statistically significant: when the Kolmogorov-Smirnov
 * p-value is below {@code ksAlpha}. Otherwise it is {@link DriftSeverity#NONE}, so small noisy windows do not
 * raise alarms on a large PSI that is only sampling noise. Defaults ({@link #defaults()}):
 * <ul>
 *   <li>PSI: below 0.1 none, 0.1-0.2 low, 0.2-0.25 medium, 0.25-0.5 high, 0.5 and above critical (the usual
 *       credit-scoring reading: under 0.1 stable, over 0.25 a major shift);</li>
 *   <li>|mean shift|: below 0.25 sd none, 0.25-0.5 low, 0.5-1 medium, 1-2 high, 2 and above critical;</li>
 *   <li>{@code ksAlpha} 0.01;</li>
 *   <li>{@code retrainAt} HIGH: the recommendation is RETRAIN from this severity on;</li>
 *   <li>{@code sensorSdFactor} 10: INSPECT_SENSOR when the current standard deviation is below 1/10 or above 10
 *       times the reference's (an order of magnitude; a constant signal has ratio 0).</li>
 * </ul>
 */
public record DriftThresholds(Ladder psi, Ladder meanShift, double ksAlpha, DriftSeverity retrainAt,
                              double sensorSdFactor) {

    /**
     * The lower bounds of LOW, MEDIUM, HIGH and CRITICAL for one metric: positive, finite, strictly increasing.
     */
    public record Ladder(double low, double medium, double high, double critical) {

        public Ladder {
            if (!(low > 0 && low < medium && medium < high && high < critical && Double.isFinite(critical))) {
                throw new IllegalArgumentException("ladder bounds must be positive, finite and strictly increasing: "
                        + low + ", " + medium + ", " + high + ", " + critical);
            }
        }

        /** The severity of a (non-negative) metric value on this ladder. */
        public DriftSeverity levelOf(double value) {
            if (value >= critical) {
                return DriftSeverity.CRITICAL;
            }
            if (value >= high) {
                return DriftSeverity.HIGH;
            }
            if (value >= medium) {
                return DriftSeverity.MEDIUM;
            }
            if (value >= low) {
                return DriftSeverity.LOW;
            }
            return DriftSeverity.NONE;
        }
    }

    public DriftThresholds {
        Objects.requireNonNull(psi, "psi");
        Objects.requireNonNull(meanShift, "meanShift");
        Objects.requireNonNull(retrainAt, "retrainAt");
        if (!(ksAlpha > 0 && ksAlpha < 1)) {
            throw new IllegalArgumentException("ksAlpha must be in (0, 1), was " + ksAlpha);
        }
        if (retrainAt == DriftSeverity.NONE) {
            throw new IllegalArgumentException("retrainAt must be LOW or above; NONE would retrain on every check");
        }
        if (!(sensorSdFactor > 1 && Double.isFinite(sensorSdFactor))) {
            throw new IllegalArgumentException("sensorSdFactor must be finite and above 1, was " + sensorSdFactor);
        }
    }

    /** The documented defaults. */
    public static DriftThresholds defaults() {
        return new DriftThresholds(new Ladder(0.1, 0.2, 0.25, 0.5), new Ladder(0.25, 0.5, 1.0, 2.0), 0.01,
                DriftSeverity.HIGH, 10);
    }

    /** The same thresholds with another retraining level. */
    public DriftThresholds withRetrainAt(DriftSeverity level) {
        return new DriftThresholds(psi, meanShift, ksAlpha, level, sensorSdFactor);
    }

    /** The severity of one set of metrics: the worse of the PSI and mean-shift ladders, if KS finds a change. */
    public DriftSeverity severityOf(DriftMetrics metrics) {
        if (!(metrics.ksPValue() < ksAlpha)) {
            return DriftSeverity.NONE;
        }
        return DriftSeverity.max(psi.levelOf(metrics.psi()), meanShift.levelOf(Math.abs(metrics.meanShift())));
    }

    /** Whether the current spread collapsed or exploded by at least {@code sensorSdFactor}. */
    public boolean sensorSuspect(DriftMetrics metrics) {
        double ratio = metrics.sdRatio();
        return ratio <= 1 / sensorSdFactor || ratio >= sensorSdFactor;
    }
}

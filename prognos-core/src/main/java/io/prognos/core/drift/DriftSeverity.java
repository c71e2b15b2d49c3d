package io.prognos.core.drift;

/**
 * How much a distribution moved, from {@link #NONE} to {@link #CRITICAL}, in increasing order, so that
 * severities can be compared (for instance against the level that triggers retraining). The levels come
 * from {@link DriftThresholds}.
 */
public enum DriftSeverity {
    NONE, LOW, MEDIUM, HIGH, CRITICAL;

    /** Whether this severity is the given one or worse. */
    public boolean atLeast(DriftSeverity other) {
        return compareTo(other) >= 0;
    }

    /** The worse of two severities. */
    public static DriftSeverity max(DriftSeverity a, DriftSeverity b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}

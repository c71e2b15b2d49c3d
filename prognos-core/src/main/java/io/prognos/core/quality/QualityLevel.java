package io.prognos.core.quality;

/** How usable data is, from best to worst. CRITICAL data must not train a model. */
public enum QualityLevel {
    EXCELLENT, GOOD, FAIR, POOR, CRITICAL;

    /** The worse of two levels. */
    public QualityLevel worst(QualityLevel other) {
        return compareTo(other) >= 0 ? this : other;
    }

    /**
     * The level of a share of bad samples: 0 is EXCELLENT, then each bound is the largest share still
     * at GOOD, FAIR and POOR; anything above is CRITICAL.
     */
    static QualityLevel ofShare(double share, double good, double fair, double poor) {
        if (share <= 0) {
            return EXCELLENT;
        }
        if (share <= good) {
            return GOOD;
        }
        if (share <= fair) {
            return FAIR;
        }
        return share <= poor ? POOR : CRITICAL;
    }
}

package io.prognos.core.detect.telemanom;

/**
 * How the Telemanom error processing decides which smoothed prediction errors are anomalous. The
 * buffering, grouping, pruning and scoring that follow are the same for every method; only the alarm
 * level changes. Parameters of the extreme-value methods are in {@link ThresholdSettings}.
 */
public enum ThresholdMethod {
    /**
     * Default: Telemanom's nonparametric dynamic threshold, searched anew in every error window, for the
     * errors and for their mirror image (unusually low errors).
     */
    TELEMANOM,
    /**
     * SPOT (Siffer et al., KDD 2017): a generalised Pareto tail fitted to the calibration errors, then
     * updated as the remaining errors stream through; upper side only.
     */
    SPOT,
    /** DSPOT: SPOT on the errors minus the moving average of the last {@link ThresholdSettings#depth()} normal ones. */
    DSPOT,
    /** A GEV fitted to block maxima of the calibration errors; the alarm level is fixed at its return level. */
    GEV
}

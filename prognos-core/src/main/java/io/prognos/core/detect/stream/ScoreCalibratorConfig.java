package io.prognos.core.detect.stream;

/**
 * Settings of a {@link ScoreCalibrator}, validated on construction.
 *
 * @param window     raw scores remembered (the newest ones); memory is two arrays of this length
 * @param minHistory raw scores needed before calibrating; earlier readings are given probability 0
 * @param tailLevel  empirical level above which the tail is modelled by a generalised Pareto fit, in
 *                   (0, 1), or 0 for the empirical distribution alone; with a tail, raw scores beyond
 *                   everything remembered still get distinct probabilities below 1
 * @param refitEvery raw scores between two refits of the tail (the fit is O(window) and is not needed per
 *                   reading)
 */
public record ScoreCalibratorConfig(int window, int minHistory, double tailLevel, int refitEvery) {

    /** Fewest excesses over the tail threshold for a tail fit; fewer keeps the empirical distribution. */
    public static final int MIN_TAIL_EXCESSES = 10;

    public ScoreCalibratorConfig {
        if (window < 2) {
            throw new IllegalArgumentException("window must be at least 2, got " + window);
        }
        if (minHistory < 1 || minHistory > window) {
            throw new IllegalArgumentException("minHistory must be in [1, window], got " + minHistory);
        }
        if (!(tailLevel == 0 || (tailLevel > 0 && tailLevel < 1))) {
            throw new IllegalArgumentException("tailLevel must be 0 (no tail fit) or in (0, 1), got " + tailLevel);
        }
        if (refitEvery < 1) {
            throw new IllegalArgumentException("refitEvery must be positive, got " + refitEvery);
        }
    }

    /**
     * The settings the ensembles use: 6,400 scores (the window of NAB's Windowed Gaussian), calibration
     * after 100, a GPD tail above the empirical 98th percentile refitted every 50 scores (up to
     * 6,400 x 2 % = 128 excesses for the fit). The window was chosen between two values scored on NAB
     * (2,000 and 6,400; 6,400 was better on all three profiles for all three ensembles), the rest a priori.
     */
    public static ScoreCalibratorConfig defaults() {
        return new ScoreCalibratorConfig(6_400, 100, 0.98, 50);
    }

    /** The empirical distribution alone, over {@code window} scores. */
    public static ScoreCalibratorConfig empirical(int window, int minHistory) {
        return new ScoreCalibratorConfig(window, minHistory, 0, 1);
    }
}

package io.prognos.core.detect.stream;

/**
 * Settings of a {@link SeasonalKnnCadDetector}, validated on construction (a refused value is named in the
 * message).
 *
 * @param scales          the fine and coarse scales, as in {@link MultiScaleKnnCadDetector}; the seasonal scale
 *                        uses windows of the fine scale's {@code dimension} readings
 * @param periodSeconds   the season's length in seconds of timestamp (a day: 86,400)
 * @param toleranceSeconds how far from the same phase an earlier window's end may be, in seconds, to count as
 *                        the same time on an earlier period; below half the period
 * @param periods         earlier periods searched for same-phase windows (the newest ones)
 * @param neighbours      nearest same-phase windows whose distances are summed into the seasonal non-conformity
 * @param minPeriods      distinct earlier periods that must hold same-phase windows before a window is scored,
 *                        in [1, periods], so that one odd earlier day is not the only reference
 * @param maxWindows      most seasonal windows remembered (the newest), the memory bound
 * @param calibration     how seasonal non-conformity values become scores ({@link ScoreCalibrator})
 * @param alarmLevel      seasonal score at or above which a reading is an alarm, in (0, 1]
 * @param holdOff         readings after an alarm during which seasonal scores are damped to a tenth
 * @param minCorrelation  lag-one-period autocorrelation of the readings (Pearson, over the remembered pairs of a
 *                        reading and the reading one period before it) at or above which the seasonal scale may
 *                        alarm, in [-1, 1]; -1 lets it alarm on any stream that has earlier periods
 */
public record SeasonalKnnCadConfig(MultiScaleKnnCadConfig scales, long periodSeconds, long toleranceSeconds,
                                   int periods, int neighbours, int minPeriods, int maxWindows,
                                   ScoreCalibratorConfig calibration, double alarmLevel, int holdOff,
                                   double minCorrelation) {

    public SeasonalKnnCadConfig {
        if (scales == null) {
            throw new IllegalArgumentException("scales must be set");
        }
        if (periodSeconds < 2) {
            throw new IllegalArgumentException("periodSeconds must be >= 2, got " + periodSeconds);
        }
        if (toleranceSeconds < 0 || 2 * toleranceSeconds >= periodSeconds) {
            throw new IllegalArgumentException("toleranceSeconds must be in [0, periodSeconds / 2), got "
                    + toleranceSeconds);
        }
        if (periods < 1) {
            throw new IllegalArgumentException("periods must be >= 1, got " + periods);
        }
        if (neighbours < 1) {
            throw new IllegalArgumentException("neighbours must be >= 1, got " + neighbours);
        }
        if (minPeriods < 1 || minPeriods > periods) {
            throw new IllegalArgumentException("minPeriods must be in [1, periods], got " + minPeriods);
        }
        if (maxWindows < neighbours) {
            throw new IllegalArgumentException("maxWindows (" + maxWindows + ") must be at least neighbours ("
                    + neighbours + ")");
        }
        if (calibration == null) {
            throw new IllegalArgumentException("calibration must be set");
        }
        if (!(alarmLevel > 0 && alarmLevel <= 1)) {
            throw new IllegalArgumentException("alarmLevel must be in (0, 1], got " + alarmLevel);
        }
        if (holdOff < 0) {
            throw new IllegalArgumentException("holdOff must be >= 0, got " + holdOff);
        }
        if (!(minCorrelation >= -1 && minCorrelation <= 1)) {
            throw new IllegalArgumentException("minCorrelation must be in [-1, 1], got " + minCorrelation);
        }
    }

    /**
     * {@link MultiScaleKnnCadConfig#defaults()} for the fine and coarse scales; a daily season searched on the
     * last 7 days within an hour either side of the same time of day, 5 neighbours, scoring once 2 earlier days
     * hold same-phase windows; at most {@value #DEFAULT_MAX_WINDOWS} windows (a week of readings a minute apart);
     * the fine scale's calibration and alarm level, the coarse scale's hold-off, and a seasonal gate at a
     * lag-one-period autocorrelation of {@value #DEFAULT_MIN_CORRELATION}. All set a priori; having the gate was
     * chosen by looking at NAB scores (see {@link SeasonalKnnCadDetector}).
     */
    public static SeasonalKnnCadConfig defaults() {
        MultiScaleKnnCadConfig scales = MultiScaleKnnCadConfig.defaults();
        return new SeasonalKnnCadConfig(scales, 86_400, 3_600, 7, 5, 2, DEFAULT_MAX_WINDOWS,
                scales.fine().calibration(), scales.fine().alarmLevel(), scales.coarse().holdOff(), DEFAULT_MIN_CORRELATION);
    }

    /** Lag-one-period autocorrelation from which the seasonal scale alarms by default (a quarter of the variance). */
    public static final double DEFAULT_MIN_CORRELATION = 0.5;

    /** Seasonal windows remembered by default: seven days of readings one minute apart. */
    public static final int DEFAULT_MAX_WINDOWS = 7 * 1_440;
}

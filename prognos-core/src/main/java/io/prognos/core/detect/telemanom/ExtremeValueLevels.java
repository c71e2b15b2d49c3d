package io.prognos.core.detect.telemanom;

import io.prognos.core.detect.threshold.GevConfig;
import io.prognos.core.detect.threshold.GevThreshold;
import io.prognos.core.detect.threshold.Spot;

import java.util.Arrays;

/**
 * The alarm level of every smoothed error under an extreme-value {@link ThresholdMethod} (SPOT, DSPOT
 * or GEV), for the error windows to compare against instead of their nonparametric threshold.
 *
 * <p><b>Calibration part:</b> the smoothed errors {@code [skip, skip + calibrationSize)}, where
 * {@code skip} is the window length whose smoothed values were replaced by a constant (fewer when the
 * series is short: then everything after the warm-up). Labels are never used.
 *
 * <p><b>Levels:</b> the calibration part and the warm-up before it get the level fitted on the
 * calibration part (judged in hindsight, as Telemanom's first window judges its own values). After it,
 * SPOT and DSPOT stream the errors in order: each error gets the level before it is learned, and an
 * error above it is not learned as a normal peak (Spot's censoring rule). GEV keeps its return level.
 *
 * <p>When the calibration part cannot support a fit (too short, or too many ties, e.g. a constant
 * channel), every level is {@code +infinity}: nothing is flagged rather than a made-up threshold.
 */
final class ExtremeValueLevels {

    private ExtremeValueLevels() {
    }

    /**
     * @param smoothed the smoothed errors of the whole series
     * @param skip     leading values left out of the calibration (the constant warm-up)
     */
    static double[] of(ThresholdSettings settings, double[] smoothed, int skip) {
        double[] levels = new double[smoothed.length];
        int from = Math.min(skip, smoothed.length);
        int to = Math.min(smoothed.length, from + settings.calibrationSize());
        double[] calibration = Arrays.copyOfRange(smoothed, from, to);
        try {
            switch (settings.method()) {
                case SPOT, DSPOT -> stream(Spot.fit(settings.spotConfig(), calibration), smoothed, to, levels);
                case GEV -> Arrays.fill(levels,
                        new GevThreshold(new GevConfig(settings.risk(), settings.blockSize())).select(calibration));
                case TELEMANOM -> throw new IllegalStateException("the nonparametric threshold has no fixed levels");
            }
        } catch (IllegalArgumentException unfittable) {
            Arrays.fill(levels, Double.POSITIVE_INFINITY);
        }
        return levels;
    }

    private static void stream(Spot spot, double[] smoothed, int calibrationEnd, double[] levels) {
        Arrays.fill(levels, 0, calibrationEnd, spot.threshold());
        for (int i = calibrationEnd; i < smoothed.length; i++) {
            levels[i] = spot.threshold();
            spot.update(smoothed[i]);
        }
    }
}

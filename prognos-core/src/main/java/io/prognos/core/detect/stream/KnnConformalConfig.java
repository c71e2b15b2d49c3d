package io.prognos.core.detect.stream;

/**
 * Settings of a {@link KnnConformalDetector}, validated on construction.
 *
 * @param dimension  readings in one lagged window (the vector compared)
 * @param reference  past windows kept as neighbours
 * @param neighbours nearest reference windows averaged into the non-conformity
 * @param refractory readings a new alarm must out-score (0: none)
 * @param calibration how non-conformity values become probabilities (the conformal step)
 */
public record KnnConformalConfig(int dimension, int reference, int neighbours, int refractory,
                                 ScoreCalibratorConfig calibration) {

    public KnnConformalConfig {
        if (dimension < 1 || neighbours < 1 || refractory < 0) {
            throw new IllegalArgumentException("dimension and neighbours must be >= 1, refractory >= 0");
        }
        if (reference < neighbours) {
            throw new IllegalArgumentException("reference (" + reference + ") must hold at least neighbours ("
                    + neighbours + ") windows");
        }
        if (calibration == null) {
            throw new IllegalArgumentException("calibration must be set");
        }
    }

    /**
     * Windows of 19 readings, 27 neighbours (KNN-CAD's published NAB settings, taken as they are), 400
     * reference windows, the refractory period of {@link SurpriseLikelihoodDetector}'s defaults (150), and
     * the {@link ScoreCalibratorConfig#defaults() default calibration} (6,400 non-conformity values, a GPD
     * tail above their 98th percentile). Two choices were scored on NAB: no rescaling of the windows (see
     * {@link KnnConformalDetector}) and the calibration window (1,000 gave 26.27 / 21.98 / 34.88 and 6,400 gave
     * 43.63 / 34.01 / 52.53, both while warm-up distances were still calibrated; with the detector's
     * full-reference rule, 6,400 gives 39.54 / 28.07 / 47.42, kept because the rule is right, not because it
     * scores better); the rest was not tuned.
     */
    public static KnnConformalConfig defaults() {
        return new KnnConformalConfig(19, 400, 27, 150, ScoreCalibratorConfig.defaults());
    }
}

package io.prognos.core.detect.stream;

/**
 * How an {@link EnsembleDetector} combines its members, validated on construction.
 *
 * @param combination how the calibrated member scores become one score
 * @param voteLevel   for {@link Combination#VOTE}: the calibrated score at or above which a member votes
 *                    "anomalous", in (0, 1); ignored by the other combinations but still validated
 * @param calibration the calibrator settings, one calibrator per member
 * @param refractory  readings a new combined alarm must out-score, as in {@link SurpriseLikelihoodDetector}
 *                    (0: none); calibration and combination undo the members' own refractory periods in
 *                    part (a member without one, or two members alarming one after the other, give a run
 *                    of high combined scores), so the ensemble applies its own to the combined score
 */
public record EnsembleConfig(Combination combination, double voteLevel, ScoreCalibratorConfig calibration,
                             int refractory) {

    /** The ways to combine calibrated member scores. */
    public enum Combination {
        /** The mean calibrated score: members must agree for a high score. */
        MEAN,
        /** The largest calibrated score: any member can raise an alarm. */
        MAX,
        /** The fraction of members whose calibrated score reaches {@link EnsembleConfig#voteLevel()}. */
        VOTE
    }

    public EnsembleConfig {
        if (combination == null || calibration == null) {
            throw new IllegalArgumentException("combination and calibration must be set");
        }
        if (!(voteLevel > 0 && voteLevel < 1)) {
            throw new IllegalArgumentException("voteLevel must be in (0, 1), got " + voteLevel);
        }
        if (refractory < 0) {
            throw new IllegalArgumentException("refractory must be >= 0, got " + refractory);
        }
    }

    /**
     * The combination with the default calibration, a vote level of 0.999 (a 1-in-1,000 score) and the
     * 150-reading refractory period of {@link SurpriseLikelihoodDetector}'s defaults.
     */
    public static EnsembleConfig of(Combination combination) {
        return new EnsembleConfig(combination, 0.999, ScoreCalibratorConfig.defaults(), 150);
    }
}

package io.prognos.pipeline;

import io.prognos.core.detect.telemanom.TelemanomConfig;
import io.prognos.core.transform.GapPolicy;
import io.prognos.core.transform.Scaler;

import java.util.Objects;

/**
 * How the pipeline trains a sensor's detector.
 *
 * <p>The resampled series is split chronologically: the first part trains, the next
 * {@code validationFraction} validates (its metrics decide promotion), and the last
 * {@code testFraction} is the test split, whose metrics are recorded but never used for a decision.
 *
 * @param predictor          "linear", "lstm" or "ensemble"
 * @param telemanom          detector configuration
 * @param scaling            scaling fitted on the training split
 * @param gapPolicy          what resampling to the sensor's period does with gaps
 * @param maxGap             gaps up to this many sampling periods are interpolated (and flagged)
 * @param acceptConstant     train on a signal that is constant throughout (normally CRITICAL data
 *                           quality), for status signals that are constant by design; the detector
 *                           then flags any departure from the constant
 * @param validationFraction share of the series, after the training part, used for validation
 * @param testFraction       the chronologically last share of the series, used for the test metrics
 * @param untilMillis        use data before this instant (epoch ms); null for all data
 * @param seed               seed of the predictor's initialisation and batch order
 * @param actor              recorded in the audit log for promotions
 * @param imputation         how the gaps of up to {@code maxGap} periods are filled when the gap policy fills
 *                           them; {@link ImputationChoice#LINEAR} (the default) is the interpolation training
 *                           always did. Detectors only: forecasters always interpolate linearly
 */
public record TrainingOptions(String predictor, TelemanomConfig telemanom, Scaler.Kind scaling, GapPolicy gapPolicy,
                              int maxGap, boolean acceptConstant, double validationFraction, double testFraction, Long untilMillis, long seed,
                              String actor, ImputationChoice imputation) {

    public TrainingOptions {
        Objects.requireNonNull(imputation, "imputation");
        Objects.requireNonNull(predictor, "predictor");
        Objects.requireNonNull(telemanom, "telemanom");
        Objects.requireNonNull(scaling, "scaling");
        Objects.requireNonNull(gapPolicy, "gap policy");
        Objects.requireNonNull(actor, "actor");
        if (!(validationFraction > 0 && testFraction >= 0 && validationFraction + testFraction < 0.9)) {
            throw new IllegalArgumentException("validation fraction must be > 0, test fraction >= 0, and together < 0.9; got "
                    + validationFraction + " and " + testFraction);
        }
        if (maxGap < 0) {
            throw new IllegalArgumentException("gap limit must be >= 0 sampling periods, got " + maxGap);
        }
    }

    /**
     * Linear predictor, Telemanom defaults, min-max scaling, gaps up to 10 periods interpolated, 20 %
     * validation and 10 % test.
     */
    public static TrainingOptions defaults() {
        return new TrainingOptions("linear", TelemanomConfig.defaults(), Scaler.Kind.MINMAX, GapPolicy.INTERPOLATE, 10, false,
                0.2, 0.1, null, 0, "pipeline", ImputationChoice.LINEAR);
    }

    public TrainingOptions withPredictor(String name) {
        return new TrainingOptions(name, telemanom, scaling, gapPolicy, maxGap, acceptConstant, validationFraction, testFraction,
                untilMillis, seed, actor, imputation);
    }

    public TrainingOptions withUntil(Long until) {
        return new TrainingOptions(predictor, telemanom, scaling, gapPolicy, maxGap, acceptConstant, validationFraction, testFraction,
                until, seed, actor, imputation);
    }

    public TrainingOptions withSeed(long newSeed, String newActor) {
        return new TrainingOptions(predictor, telemanom, scaling, gapPolicy, maxGap, acceptConstant, validationFraction, testFraction,
                untilMillis, newSeed, newActor, imputation);
    }

    public TrainingOptions withTelemanom(TelemanomConfig config) {
        return new TrainingOptions(predictor, config, scaling, gapPolicy, maxGap, acceptConstant, validationFraction, testFraction,
                untilMillis, seed, actor, imputation);
    }

    public TrainingOptions withScaling(Scaler.Kind kind) {
        return new TrainingOptions(predictor, telemanom, kind, gapPolicy, maxGap, acceptConstant, validationFraction, testFraction,
                untilMillis, seed, actor, imputation);
    }

    public TrainingOptions withGaps(GapPolicy policy, int limit) {
        return new TrainingOptions(predictor, telemanom, scaling, policy, limit, acceptConstant, validationFraction, testFraction,
                untilMillis, seed, actor, imputation);
    }

    public TrainingOptions withSplits(double validation, double test) {
        return new TrainingOptions(predictor, telemanom, scaling, gapPolicy, maxGap, acceptConstant, validation, test, untilMillis, seed,
                actor, imputation);
    }

    public TrainingOptions withAcceptConstant(boolean accept) {
        return new TrainingOptions(predictor, telemanom, scaling, gapPolicy, maxGap, accept, validationFraction,
                testFraction, untilMillis, seed, actor, imputation);
    }

    public TrainingOptions withImputation(ImputationChoice choice) {
        return new TrainingOptions(predictor, telemanom, scaling, gapPolicy, maxGap, acceptConstant, validationFraction,
                testFraction, untilMillis, seed, actor, choice);
    }
}

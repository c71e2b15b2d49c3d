package io.prognos.pipeline;

import io.prognos.core.detect.telemanom.TelemanomConfig;
import io.prognos.core.transform.Scaler;

import java.util.Objects;

/**
 * How the pipeline trains a sensor's detector.
 *
 * @param predictor          "linear" or "lstm"
 * @param telemanom          detector configuration
 * @param scaling            scaling fitted on the training split
 * @param gapFillMaxRun      missing values in runs up to this long are interpolated (and flagged)
 * @param validationFraction the chronologically last share of the data held out for validation
 * @param untilMillis        train and validate on data before this instant (epoch ms); null for all data
 * @param seed               seed of the predictor's initialisation and batch order
 * @param actor              recorded in the audit log for promotions
 */
public record TrainingOptions(String predictor, TelemanomConfig telemanom, Scaler.Kind scaling, int gapFillMaxRun,
                              double validationFraction, Long untilMillis, long seed, String actor) {

    public TrainingOptions {
        Objects.requireNonNull(predictor, "predictor");
        Objects.requireNonNull(telemanom, "telemanom");
        Objects.requireNonNull(scaling, "scaling");
        if (!(validationFraction > 0 && validationFraction < 0.9)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 0.9), got " + validationFraction);
        }
        if (gapFillMaxRun < 0) {
            throw new IllegalArgumentException("gap fill limit must be >= 0, got " + gapFillMaxRun);
        }
    }

    /** Linear predictor, Telemanom defaults, min-max scaling, gaps up to 10 samples filled, 20 % held out. */
    public static TrainingOptions defaults() {
        return new TrainingOptions("linear", TelemanomConfig.defaults(), Scaler.Kind.MINMAX, 10, 0.2, null, 0, "pipeline");
    }

    public TrainingOptions withPredictor(String name) {
        return new TrainingOptions(name, telemanom, scaling, gapFillMaxRun, validationFraction, untilMillis, seed, actor);
    }

    public TrainingOptions withUntil(Long until) {
        return new TrainingOptions(predictor, telemanom, scaling, gapFillMaxRun, validationFraction, until, seed, actor);
    }

    public TrainingOptions withSeed(long newSeed, String newActor) {
        return new TrainingOptions(predictor, telemanom, scaling, gapFillMaxRun, validationFraction, untilMillis, newSeed,
                newActor);
    }

    public TrainingOptions withTelemanom(TelemanomConfig config) {
        return new TrainingOptions(predictor, config, scaling, gapFillMaxRun, validationFraction, untilMillis, seed, actor);
    }
}

package io.prognos.pipeline;

import io.prognos.core.detect.predict.AveragingPredictorTrainer;
import io.prognos.core.detect.predict.PredictorTrainer;
import io.prognos.core.detect.predict.RidgePredictorTrainer;
import io.prognos.core.detect.telemanom.TelemanomConfig;
import io.prognos.ml.lstm.LstmPredictorTrainer;

import java.util.List;

/** The predictors a Telemanom detector can use, by name. */
public final class Predictors {

    /**
     * "lstm" (Telemanom's network; "telemanom" is an alias), "linear" (ridge regression) and "ensemble"
     * (the mean of both).
     */
    public static final List<String> NAMES = List.of("lstm", "linear", "ensemble");

    private Predictors() {
    }

    /** @throws IllegalArgumentException for an unknown name */
    public static PredictorTrainer trainer(String name, TelemanomConfig config) {
        return switch (name) {
            case "telemanom", "lstm" -> new LstmPredictorTrainer(config);
            case "linear" -> new RidgePredictorTrainer(config);
            case "ensemble" -> new AveragingPredictorTrainer(List.of(new LstmPredictorTrainer(config),
                    new RidgePredictorTrainer(config)), config.validationSplit());
            default -> throw new IllegalArgumentException("unknown predictor '" + name + "'; choose one of " + NAMES);
        };
    }

    /** Deep predictors train one at a time per process (DJL keeps one gradient tape per process). */
    public static boolean trainsConcurrently(String name) {
        return name.equals("linear");
    }
}

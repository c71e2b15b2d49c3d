package io.prognos.cli;

import io.prognos.core.detect.predict.PredictorTrainer;
import io.prognos.core.detect.predict.RidgePredictorTrainer;
import io.prognos.core.detect.telemanom.TelemanomConfig;
import io.prognos.core.detect.telemanom.TelemanomDetector;
import io.prognos.ml.lstm.LstmPredictorTrainer;

import java.util.List;

/** Builds the named detector: {@code telemanom} (LSTM predictor) or {@code linear} (ridge predictor). */
public final class Detectors {

    public static final List<String> NAMES = List.of("telemanom", "linear");

    private Detectors() {
    }

    public static TelemanomDetector create(String name, TelemanomConfig config) {
        PredictorTrainer trainer = switch (name) {
            case "telemanom", "lstm" -> new LstmPredictorTrainer(config);
            case "linear" -> new RidgePredictorTrainer(config);
            default -> throw new UserInputException("unknown detector '" + name + "'; choose one of " + NAMES);
        };
        return new TelemanomDetector(config, trainer);
    }
}

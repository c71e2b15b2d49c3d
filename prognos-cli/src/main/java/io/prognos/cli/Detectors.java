package io.prognos.cli;

import io.prognos.core.detect.telemanom.TelemanomConfig;
import io.prognos.core.detect.telemanom.TelemanomDetector;
import io.prognos.pipeline.Predictors;

import java.util.List;

/**
 * Builds the named detector: {@code telemanom} (LSTM predictor), {@code linear} (ridge predictor) or
 * {@code ensemble} (the mean of both predictions), all with Telemanom's error processing.
 */
public final class Detectors {

    public static final List<String> NAMES = List.of("telemanom", "linear", "ensemble");

    private Detectors() {
    }

    public static TelemanomDetector create(String name, TelemanomConfig config) {
        if (!NAMES.contains(name) && !name.equals("lstm")) {
            throw new UserInputException("unknown detector '" + name + "'; choose one of " + NAMES);
        }
        return new TelemanomDetector(config, Predictors.trainer(name, config));
    }
}

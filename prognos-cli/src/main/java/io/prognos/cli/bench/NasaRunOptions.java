package io.prognos.cli.bench;

import io.prognos.core.detect.telemanom.TelemanomConfig;
import io.prognos.core.detect.telemanom.ThresholdMethod;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Options shared by {@code bench nasa} and its per-channel worker, so both build the same detector. */
public final class NasaRunOptions {

    @Option(names = "--data", required = true, description = "Telemanom layout: train/, test/, labeled_anomalies.csv")
    Path data;

    @Option(names = "--detector", defaultValue = "telemanom",
            description = "telemanom (LSTM predictor), linear (ridge predictor) or ensemble (mean of both); default ${DEFAULT-VALUE}")
    String detectorName;

    @Option(names = "--seed", defaultValue = "0", description = "Seed for initialisation, split and batch order")
    long seed;

    @Option(names = "--batch-scope", defaultValue = "UNJUDGED_VALUES",
            description = "Values each error window may flag: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    TelemanomConfig.BatchScope batchScope;

    @Option(names = "--threshold", defaultValue = "telemanom", paramLabel = "METHOD",
            converter = ThresholdMethodConverter.class,
            description = "Alarm threshold on the smoothed errors: telemanom (nonparametric, per error window), spot, "
                    + "dspot or gev (calibrated on the first 2100 smoothed errors after the warm-up); default ${DEFAULT-VALUE}")
    ThresholdMethod threshold;

    @Option(names = "--epochs", description = "Override the LSTM epoch limit (default 35)")
    Integer epochs;

    @Option(names = "--save-predictions", paramLabel = "DIR",
            description = "Also write each channel's test predictions to DIR/<chan>.txt")
    Path savePredictions;

    @Option(names = "--reuse-predictions", paramLabel = "DIR", split = ",",
            description = "Do not train: detect on predictions saved by --save-predictions (their mean when several "
                    + "directories are given), to compare thresholding or averaged predictors in seconds")
    List<Path> reusePredictions = new ArrayList<>();

    PredictionFiles predictionFiles() {
        return new PredictionFiles(savePredictions, reusePredictions);
    }

    TelemanomConfig config() {
        TelemanomConfig config = TelemanomConfig.defaults().withBatchScope(batchScope).withThreshold(threshold);
        return epochs == null ? config : config.withTraining(epochs, config.patience());
    }

    /** The same options as command-line arguments, for a worker process. */
    List<String> asArguments() {
        List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--detector", detectorName,
                "--seed", String.valueOf(seed), "--batch-scope", batchScope.name(), "--threshold", name(threshold)));
        if (savePredictions != null) {
            args.add("--save-predictions");
            args.add(savePredictions.toString());
        }
        for (Path dir : reusePredictions) {
            args.add("--reuse-predictions");
            args.add(dir.toString());
        }
        if (epochs != null) {
            args.add("--epochs");
            args.add(String.valueOf(epochs));
        }
        return args;
    }

    /** The method as the command line spells it: lower case. */
    static String name(ThresholdMethod method) {
        return method.name().toLowerCase(Locale.ROOT);
    }

    /** Reads a {@link ThresholdMethod} in any case. */
    static final class ThresholdMethodConverter implements ITypeConverter<ThresholdMethod> {
        @Override
        public ThresholdMethod convert(String value) {
            for (ThresholdMethod method : ThresholdMethod.values()) {
                if (method.name().equalsIgnoreCase(value)) {
                    return method;
                }
            }
            throw new TypeConversionException("'" + value + "' is not a threshold; use telemanom, spot, dspot or gev");
        }
    }
}

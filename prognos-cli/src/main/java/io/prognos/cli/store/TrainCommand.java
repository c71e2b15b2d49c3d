package io.prognos.cli.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.prognos.cli.EngineThreads;
import io.prognos.cli.Progress;
import io.prognos.cli.UserInputException;
import io.prognos.core.asset.Sensor;
import io.prognos.core.detect.telemanom.ThresholdMethod;
import io.prognos.core.transform.GapPolicy;
import io.prognos.pipeline.FleetTrainer;
import io.prognos.pipeline.ForecasterChoice;
import io.prognos.pipeline.ImputationChoice;
import io.prognos.pipeline.PipelineContext;
import io.prognos.pipeline.Predictors;
import io.prognos.pipeline.SensorForecaster;
import io.prognos.pipeline.SensorTrainer;
import io.prognos.pipeline.ThresholdChoice;
import io.prognos.pipeline.TrainingOptions;
import io.prognos.store.AssetRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code prognos train}: trains detectors for sensors, an asset or the whole fleet through the
 * pipeline (quality, versioned data, held-out validation, registry, champion/challenger). The
 * selection is saved in the data directory, so {@code prognos train --resume} repeats an interrupted
 * call; work that finished is skipped, so nothing is duplicated.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train, validate, register and promote detectors for sensors, an asset or the fleet.")
public final class TrainCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Parameters(arity = "0..*", paramLabel = "SENSOR", description = "Sensors to train")
    List<String> sensors = new ArrayList<>();

    @Option(names = "--all", description = "Every sensor in the store")
    boolean all;

    @Option(names = "--asset", description = "Every sensor of this asset")
    String asset;

    @Option(names = "--until", description = "Train and validate on data before this ISO-8601 instant")
    String until;

    @Option(names = "--kind", defaultValue = "detector", description = "detector or forecaster (default ${DEFAULT-VALUE})")
    String kind;

    @Option(names = "--horizon", defaultValue = "96", description = "forecaster: steps ahead it forecasts (default ${DEFAULT-VALUE})")
    int horizon;

    @Option(names = "--forecaster", defaultValue = "ridge",
            description = "forecaster: ridge (closed form, seconds), patchtst (the Transformer, up to 14 minutes per "
                    + "sensor) or patchtst-ridge (both, blended with a weight fitted on validation) (default ${DEFAULT-VALUE})")
    String forecaster;

    @Option(names = "--asset-inputs", description = "forecaster: fit its weights also on the asset's other sensors of the "
            + "same sampling period (multivariate input, one set of weights for the asset's channels; each sensor's "
            + "forecast reads its own history)")
    boolean assetInputs;

    @Option(names = "--predictor", description = "linear, lstm or ensemble (default: training.predictor in prognos.yaml, "
            + "or linear)")
    String predictor;

    @Option(names = "--gap-policy", description = "leave, interpolate or split: what resampling to the sensor's period does "
            + "with gaps (default: training.gap_policy, or interpolate)")
    String gapPolicy;

    @Option(names = "--max-gap", description = "Gaps of up to this many missing grid points (periods without a reading) "
            + "are interpolated and flagged (default: training.max_gap, or 10)")
    Integer maxGap;

    @Option(names = "--imputation", description = "linear, seasonal or knn: how detectors' training fills the gaps of up "
            + "to --max-gap periods (default: training.imputation, or linear); forecasters always fill linearly")
    String imputation;

    @Option(names = "--imputation-period", description = "seasonal: the season in sampling periods (default: "
            + "training.imputation_period, or one day's worth)")
    Integer imputationPeriod;

    @Option(names = "--knn-k", description = "knn: how many most similar stretches are averaged (default: training.knn_k, "
            + "or 5)")
    Integer knnK;

    @Option(names = "--knn-context", description = "knn: sampling periods before a gap that are compared (default: "
            + "training.knn_context, or 12)")
    Integer knnContext;

    @Option(names = "--threshold", description = "Detectors' alarm level: telemanom (the nonparametric threshold), spot, "
            + "dspot or gev (default: training.threshold, or telemanom)")
    String threshold;

    @Option(names = "--threshold-risk", description = "spot, dspot, gev: the chance a normal error passes the level "
            + "(default: training.threshold_risk, or 0.001)")
    Double thresholdRisk;

    @Option(names = "--accept-constant", description = "Train on signals that are constant throughout (status signals "
            + "constant by design; normally refused as CRITICAL data quality); the detector flags any departure")
    Boolean acceptConstant;

    @Option(names = "--workers", description = "Sensors trained at once (default: training.workers, or one per core; "
            + "LSTM: 1)")
    Integer workers;

    @Option(names = "--seed", description = "Seed (default: training.seed, or 0)")
    Long seed;

    @Option(names = "--resume", description = "Repeat the last train call on this data directory, skipping finished work")
    boolean resume;

    /** The saved selection of a train call. */
    record Selection(List<String> sensors, boolean all, String asset, String until, String predictor, Long seed,
                     String gapPolicy, Integer maxGap, Boolean acceptConstant, String kind, Integer horizon,
                     String forecaster, String imputation, Integer imputationPeriod, Integer knnK, Integer knnContext,
                     String threshold, Double thresholdRisk, Boolean assetInputs) {
    }

    @Override
    public Integer call() throws Exception {
        PrintStream o = System.out;
        Path state = store.dataDir().resolve("last-train.json");
        ObjectMapper json = new ObjectMapper();
        Selection selection;
        if (resume) {
            if (!Files.exists(state)) {
                throw new UserInputException("nothing to resume: " + state + " does not exist");
            }
            selection = json.readValue(state.toFile(), Selection.class);
            o.println("resuming: " + selection);
        } else {
            if (!all && asset == null && sensors.isEmpty()) {
                throw new UserInputException("name sensors, or use --asset ID or --all");
            }
            selection = new Selection(sensors, all, asset, until, predictor, seed, gapPolicy, maxGap, acceptConstant, kind,
                    horizon, forecaster, imputation, imputationPeriod, knnK, knnContext, threshold, thresholdRisk,
                    assetInputs);
        }
        TrainingOptions options = store.config().applyTo(TrainingOptions.defaults());
        if (selection.predictor() != null) {
            if (!Predictors.NAMES.contains(selection.predictor()) && !selection.predictor().equals("telemanom")) {
                throw new UserInputException("unknown predictor '" + selection.predictor() + "'; choose one of "
                        + Predictors.NAMES);
            }
            options = options.withPredictor(selection.predictor());
        }
        if (selection.gapPolicy() != null || selection.maxGap() != null) {
            try {
                options = options.withGaps(selection.gapPolicy() == null ? options.gapPolicy()
                                : GapPolicy.parse(selection.gapPolicy()),
                        selection.maxGap() == null ? options.maxGap() : selection.maxGap());
            } catch (IllegalArgumentException e) {
                throw new UserInputException("--gap-policy/--max-gap: " + e.getMessage());
            }
        }
        boolean imputationGiven = selection.imputation() != null || selection.imputationPeriod() != null
                || selection.knnK() != null || selection.knnContext() != null;
        if (imputationGiven) {
            try {
                // options given on the command line replace the configured imputation as a whole
                options = options.withImputation(ImputationChoice.of(selection.imputation(), selection.imputationPeriod(),
                        selection.knnK(), selection.knnContext(), "--imputation", "--imputation-period", "--knn-k",
                        "--knn-context"));
            } catch (IllegalArgumentException e) {
                throw new UserInputException(e.getMessage());
            }
        }
        boolean thresholdGiven = selection.threshold() != null || selection.thresholdRisk() != null;
        if (thresholdGiven) {
            try {
                options = options.withTelemanom(options.telemanom().withThreshold(ThresholdChoice.of(
                        options.telemanom().threshold(), selection.threshold(), selection.thresholdRisk(), "--threshold",
                        "--threshold-risk")));
            } catch (IllegalArgumentException e) {
                throw new UserInputException(e.getMessage());
            }
        }
        Long untilMillis = null;
        if (selection.until() != null) {
            try {
                untilMillis = Instant.parse(selection.until()).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new UserInputException("--until '" + selection.until() + "' is not an ISO-8601 instant such as "
                        + "2018-01-01T00:00:00Z");
            }
        }
        String modelKind = selection.kind() == null ? "detector" : selection.kind();
        if (!modelKind.equals("detector") && !modelKind.equals("forecaster")) {
            throw new UserInputException("--kind must be detector or forecaster, got '" + modelKind + "'");
        }
        int steps = selection.horizon() == null ? 96 : selection.horizon();
        if (steps < 1) {
            throw new UserInputException("--horizon must be >= 1");
        }
        ForecasterChoice forecasterChoice;
        try {
            forecasterChoice = ForecasterChoice.of(selection.forecaster() == null ? "ridge" : selection.forecaster())
                    .withAssetInputs(Boolean.TRUE.equals(selection.assetInputs()));
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--forecaster: " + e.getMessage());
        }
        if (Boolean.TRUE.equals(selection.assetInputs()) && !modelKind.equals("forecaster")) {
            throw new UserInputException("--asset-inputs applies to forecasters (--kind forecaster)");
        }
        if (thresholdGiven && modelKind.equals("forecaster")) {
            throw new UserInputException("--threshold and --threshold-risk apply to detectors");
        }
        if (imputationGiven && modelKind.equals("forecaster")) {
            throw new UserInputException("--imputation and its settings apply to detectors; forecasters fill gaps linearly");
        }
        if (!resume) {
            // saved only once the options are known to be valid, so --resume never repeats a refused call
            Files.createDirectories(store.dataDir());
            json.writeValue(state.toFile(), selection);
        }
        PipelineContext context = store.open();
        List<String> targets = new ArrayList<>(selection.sensors());
        AssetRepository assets = new AssetRepository(context.db());
        if (selection.all() || selection.asset() != null) {
            for (Sensor s : assets.sensors(selection.all() ? null : selection.asset())) {
                targets.add(s.id());
            }
        }
        if (targets.isEmpty()) {
            throw new UserInputException("no sensors to train in " + context.db().describe());
        }
        if (selection.acceptConstant() != null) {
            options = options.withAcceptConstant(selection.acceptConstant());
        }
        Integer configuredWorkers = store.config().training().workers();
        int threads = workers != null ? workers : configuredWorkers != null ? configuredWorkers
                : Runtime.getRuntime().availableProcessors();
        EngineThreads.configure(Predictors.trainsConcurrently(options.predictor()) ? threads : 1);
        options = options.withUntil(untilMillis).withSeed(selection.seed() != null ? selection.seed() : options.seed(),
                System.getProperty("user.name", "cli"));
        String what = modelKind.equals("forecaster") ? forecasterChoice.name() + " forecasters of " + steps + " steps"
                + (forecasterChoice.assetInputs() ? ", fitted also on their assets' other sensors" : "")
                : "detectors with the " + options.predictor() + " predictor";
        o.printf("training %d %s (gap policy %s, max gap %d%s; settings from %s) on %s%n", targets.size(), what,
                options.gapPolicy().name().toLowerCase(), options.maxGap(),
                (options.imputation().equals(ImputationChoice.LINEAR) || modelKind.equals("forecaster") ? ""
                        : ", imputation " + describe(options.imputation()))
                        + (options.telemanom().threshold().method() == ThresholdMethod.TELEMANOM || modelKind.equals("forecaster")
                        ? "" : ", threshold " + options.telemanom().threshold().method().name().toLowerCase()
                        + " at risk " + options.telemanom().threshold().risk()), store.config().source(),
                context.db().describe());
        Map<SensorTrainer.Outcome.Status, Integer> counts = new LinkedHashMap<>();
        List<SensorTrainer.Outcome> outcomes;
        try (Progress progress = Progress.start("train", targets.size())) {
            if (modelKind.equals("forecaster")) {
                SensorForecaster forecaster = new SensorForecaster(context);
                outcomes = new ArrayList<>();
                for (String sensor : targets) {
                    SensorTrainer.Outcome outcome = forecaster.train(sensor, steps, forecasterChoice, options);
                    outcomes.add(outcome);
                    progress.step(sensor + " " + outcome.status());
                }
            } else {
                outcomes = new FleetTrainer(context, threads).train(targets, options,
                        outcome -> progress.step(outcome.sensorId() + " " + outcome.status()));
            }
        }
        for (SensorTrainer.Outcome r : outcomes) {
            counts.merge(r.status(), 1, Integer::sum);
            String version = r.version() == null ? "" : "v" + r.version().version() + " "
                    + String.format("validation_mse %.4g", r.version().validationMetrics().getOrDefault(
                    SensorTrainer.PROMOTION_METRIC, Double.NaN));
            o.printf("%-16s %-15s %-26s %s%n", r.sensorId(), r.status(), version, r.message());
        }
        o.println(counts);
        return counts.containsKey(SensorTrainer.Outcome.Status.FAILED) ? 1 : 0;
    }

    private static String describe(ImputationChoice choice) {
        String name = choice.strategy().name().toLowerCase(java.util.Locale.ROOT);
        return switch (choice.strategy()) {
            case LINEAR -> name;
            case SEASONAL -> name + " (period " + (choice.period() == null ? "one day" : choice.period()) + ")";
            case KNN -> name + " (k " + (choice.k() == null ? ImputationChoice.DEFAULT_K : choice.k()) + ", context "
                    + (choice.context() == null ? ImputationChoice.DEFAULT_CONTEXT : choice.context()) + ")";
        };
    }
}

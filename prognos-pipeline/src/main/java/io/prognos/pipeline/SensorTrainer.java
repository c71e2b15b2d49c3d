package io.prognos.pipeline;

import io.prognos.core.asset.Sensor;
import io.prognos.core.detect.predict.PredictorTrainer;
import io.prognos.core.detect.predict.TrainedPredictor;
import io.prognos.core.detect.predict.TrainingListener;
import io.prognos.core.detect.telemanom.ErrorAnalysis;
import io.prognos.core.detect.telemanom.TelemanomDetector;
import io.prognos.core.quality.DataQualityChecker;
import io.prognos.core.quality.QualityReport;
import io.prognos.core.transform.GapFiller;
import io.prognos.core.transform.Scaler;
import io.prognos.store.ArtifactStore;
import io.prognos.store.AssetRepository;
import io.prognos.store.DatasetHasher;
import io.prognos.store.DatasetRepository;
import io.prognos.store.DatasetVersion;
import io.prognos.store.ModelRegistry;
import io.prognos.store.ModelVersion;
import io.prognos.store.NewModelVersion;
import io.prognos.store.Run;
import io.prognos.store.RunTracker;
import io.prognos.store.TelemetryRepository;
import io.prognos.store.TelemetrySeries;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Trains one sensor's detector end to end: load its telemetry, check data quality (CRITICAL stops
 * here), fill short gaps, split chronologically, fit the scaler on the training split, version the
 * raw and the preprocessed data, train, validate on the held-out tail, store the weights, register
 * the version with its provenance and held-out metrics, and promote it if it beats Production.
 *
 * <p>Each training is a run with a job key made of sensor, data version, predictor and seed. Training
 * the same thing again (after a crash, or with {@code --resume}) finds the run: a finished one is
 * skipped, an unfinished one is redone under the same run, and a version registered by it is reused,
 * so no run or version is ever duplicated.
 */
public final class SensorTrainer {

    public static final String KIND = "detector";
    /** Metric compared for champion/challenger promotion; lower is better. */
    public static final String PROMOTION_METRIC = "holdout_mse";

    private final PipelineContext context;

    public SensorTrainer(PipelineContext context) {
        this.context = context;
    }

    /** What happened to one sensor. */
    public record Outcome(String sensorId, Status status, ModelVersion version, String message) {

        /** The result kinds. */
        public enum Status { PROMOTED, KEPT_PRODUCTION, ALREADY_DONE, FAILED }
    }

    public Outcome train(String sensorId, TrainingOptions options, TrainingListener listener) {
        try {
            return trainOrThrow(sensorId, options, listener);
        } catch (RuntimeException e) {
            return new Outcome(sensorId, Outcome.Status.FAILED, null, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private Outcome trainOrThrow(String sensorId, TrainingOptions options, TrainingListener listener) {
        Sensor sensor = new AssetRepository(context.db()).requireSensor(sensorId);
        TelemetryRepository telemetry = new TelemetryRepository(context.db());
        TelemetrySeries raw = telemetry.read(sensorId, Long.MIN_VALUE,
                options.untilMillis() == null ? Long.MAX_VALUE : options.untilMillis());
        RunTracker runs = new RunTracker(context.db(), context.codeVersion());
        DatasetRepository datasets = new DatasetRepository(context.db());

        String rawHash = new DatasetHasher().add(raw).hash();
        long start = raw.size() == 0 ? 0 : raw.timestamps()[0];
        long end = raw.size() == 0 ? 0 : raw.timestamps()[raw.size() - 1];
        datasets.save(new DatasetVersion(rawHash, List.of(sensorId), start, end, raw.size(), null,
                Map.of("source", "telemetry", "until", String.valueOf(options.untilMillis()))));

        Map<String, Object> params = new LinkedHashMap<>();
        params.put("predictor", options.predictor());
        params.put("seed", options.seed());
        params.put("scaling", options.scaling().name());
        params.put("validation_fraction", options.validationFraction());
        params.put("gap_fill_max_run", options.gapFillMaxRun());
        params.put("window_length", options.telemanom().windowLength());
        String jobKey = "train:" + sensorId + ":" + KIND + ":" + rawHash + ":" + options.predictor() + ":" + options.seed();

        QualityReport quality = new DataQualityChecker().check(sensorId, raw.timestamps(), raw.values(),
                sensor.samplingPeriod().toMillis(), sensor.warning(), sensor.critical());
        params.put("data_quality", quality.level().name());
        Run run = runs.start("train-" + KIND, jobKey, params, rawHash);
        if (run.status() == Run.Status.FINISHED) {
            Optional<ModelVersion> done = context.registry().versions(sensorId, KIND).stream()
                    .filter(v -> run.runId().equals(v.runId())).findFirst();
            return new Outcome(sensorId, Outcome.Status.ALREADY_DONE, done.orElse(null),
                    "already trained by run " + run.runId() + " on the same data");
        }
        try {
            if (quality.blocksTraining()) {
                throw new PipelineException("data quality of " + sensorId + " is CRITICAL, not training: "
                        + quality.blockingReasons());
            }
            GapFiller.Filled filled = new GapFiller(options.gapFillMaxRun()).fill(raw.values());
            if (filled.stillMissing() > 0) {
                throw new PipelineException(sensorId + " has " + filled.stillMissing() + " missing values in gaps longer "
                        + "than " + options.gapFillMaxRun() + " samples; clean the data or raise the gap-fill limit");
            }
            int n = raw.size();
            int trainRows = (int) Math.round(n * (1 - options.validationFraction()));
            int window = options.telemanom().windowLength();
            if (trainRows < options.telemanom().rowsPerWindow() + 10 || n - trainRows < options.telemanom().predictionSteps() + 2) {
                throw new PipelineException(sensorId + " has " + n + " usable values; with a window of " + window
                        + " and " + Math.round(100 * options.validationFraction()) + " % held out it needs at least "
                        + (int) Math.ceil((options.telemanom().rowsPerWindow() + 10) / (1 - options.validationFraction())));
            }
            double[][] rows = new double[n][1];
            for (int i = 0; i < n; i++) {
                rows[i][0] = filled.values()[i];
            }
            double[][] trainPart = java.util.Arrays.copyOfRange(rows, 0, trainRows);
            Scaler scaler = Scaler.fit(options.scaling(), trainPart);
            double[][] scaled = scaler.apply(rows);
            double[] scaledValues = new double[n];
            for (int i = 0; i < n; i++) {
                scaledValues[i] = scaled[i][0];
            }
            Map<String, Object> preprocessing = new LinkedHashMap<>();
            preprocessing.put("gap_fill_max_run", options.gapFillMaxRun());
            preprocessing.put("imputed_values", filled.imputedCount());
            preprocessing.put("scaler", scaler.kind().name());
            preprocessing.put("scaler_center", scaler.center()[0]);
            preprocessing.put("scaler_scale", scaler.scale()[0]);
            preprocessing.put("train_rows", trainRows);
            preprocessing.put("holdout_rows", n - trainRows);
            String preparedHash = new DatasetHasher().describe(new java.util.TreeMap<>(preprocessing).toString())
                    .add(new TelemetrySeries(sensorId, raw.timestamps(), scaledValues)).hash();
            datasets.save(new DatasetVersion(preparedHash, List.of(sensorId), start, end, n, rawHash, preprocessing));

            PredictorTrainer trainer = Predictors.trainer(options.predictor(), options.telemanom());
            TelemanomDetector detector = new TelemanomDetector(options.telemanom(), trainer);
            double[][] fitRows = java.util.Arrays.copyOfRange(scaled, 0, trainRows);
            double[][] holdout = java.util.Arrays.copyOfRange(scaled, trainRows - window, n);
            TrainingListener tracking = (epoch, max, trainLoss, validationLoss) -> {
                runs.logStep(run.runId(), "train_loss", epoch, trainLoss);
                runs.logStep(run.runId(), "early_stopping_loss", epoch, validationLoss);
                listener.epochFinished(epoch, max, trainLoss, validationLoss);
            };
            Map<String, Double> heldOut = new LinkedHashMap<>();
            Map<String, Double> finalMetrics = new LinkedHashMap<>();
            ArtifactStore.ArtifactRef artifact;
            try (TrainedPredictor predictor = detector.train(fitRows, options.seed(), tracking)) {
                double[] predictions = predictor.predictNext(holdout);
                double sum = 0;
                for (int t = 0; t < predictions.length; t++) {
                    double d = predictions[t] - holdout[t + window][0];
                    sum += d * d;
                }
                heldOut.put(PROMOTION_METRIC, sum / predictions.length);
                ErrorAnalysis analysis = detector.analyse(holdout, predictions);
                long flagged = analysis.sequences().stream().mapToLong(s -> s.end() - s.start() + 1).sum();
                heldOut.put("holdout_alarm_rate", (double) flagged / predictions.length);
                finalMetrics.putAll(heldOut);
                finalMetrics.put("in_sample_early_stopping_mse", predictor.report().validationLoss());
                artifact = context.artifacts().put(predictor.parameters());
            }
            runs.attachArtifact(run.runId(), "predictor", artifact);
            DetectorSpec spec = new DetectorSpec(options.predictor(), options.telemanom(), scaler, options.gapFillMaxRun(),
                    options.seed());
            ModelVersion version = context.registry().versions(sensorId, KIND).stream()
                    .filter(v -> run.runId().equals(v.runId())).findFirst()
                    .orElseGet(() -> context.registry().register(new NewModelVersion(sensorId, KIND, run.runId(),
                            preparedHash, artifact.sha256(), "telemanom-" + options.predictor(), spec.toJson(),
                            context.codeVersion(), heldOut)));
            ModelRegistry.PromotionDecision decision = context.registry().promoteIfBetter(version.versionId(),
                    PROMOTION_METRIC, true, options.actor());
            runs.finish(run.runId(), finalMetrics);
            return new Outcome(sensorId, decision.promoted() ? Outcome.Status.PROMOTED : Outcome.Status.KEPT_PRODUCTION,
                    decision.candidate(), decision.reason());
        } catch (RuntimeException e) {
            runs.fail(run.runId(), e.getMessage() == null ? e.toString() : e.getMessage());
            throw e;
        }
    }
}

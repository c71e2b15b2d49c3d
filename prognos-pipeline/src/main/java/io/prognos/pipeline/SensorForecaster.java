package io.prognos.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prognos.core.asset.Sensor;
import io.prognos.core.forecast.BlendedForecaster;
import io.prognos.core.forecast.CalibratedForecaster;
import io.prognos.core.forecast.CalibratedModel;
import io.prognos.core.forecast.CalibratedRidge;
import io.prognos.core.forecast.ForecastAccuracy;
import io.prognos.core.forecast.ForecastShape;
import io.prognos.core.forecast.ForecastSplit;
import io.prognos.core.forecast.RidgeForecaster;
import io.prognos.core.forecast.SeriesForecast;
import io.prognos.ml.patchtst.PatchTstConfig;
import io.prognos.ml.patchtst.PatchTstForecaster;
import io.prognos.ml.patchtst.PatchTstTrainer;
import io.prognos.core.quality.DataQualityChecker;
import io.prognos.core.quality.QualityReport;
import io.prognos.core.transform.GapPolicy;
import io.prognos.core.transform.Resampler;
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
import java.util.TreeMap;

/**
 * Trains a sensor's forecaster through the same pipeline as its detector (quality gate, resampling to
 * the sensor's period, versioned data, a tracked run, registry and champion/challenger on validation
 * error) and forecasts from its Production version. The forecaster is a {@link CalibratedRidge} or a
 * PatchTST Transformer inside a {@link CalibratedForecaster}: its artifact holds the weights, the scaling
 * and the validation errors that calibrate intervals and limit crossings, so a restored version forecasts
 * exactly as validated.
 */
public final class SensorForecaster {

    public static final String KIND = "forecaster";
    /**
     * Prefix of the metric compared for champion/challenger promotion: validation MSE in the sensor's units
     * squared, lower is better, suffixed with the horizon ({@code validation_mse_h96}) because errors grow
     * with the horizon and compare only at equal horizons. A version trained for another horizon than
     * Production's therefore finds no comparable incumbent and replaces it: the newest request decides.
     */
    public static final String PROMOTION_METRIC = "validation_mse_h";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PipelineContext context;

    public SensorForecaster(PipelineContext context) {
        this.context = context;
    }

    /** What a Production forecaster says about a sensor's next steps. */
    public record Forecast(Sensor sensor, ModelVersion version, SeriesForecast forecast) {
    }

    /**
     * Trains, registers and (if it beats Production) promotes a forecaster of {@code horizon} steps.
     * Uses the options' resampling, validation and test fractions, {@code until} and actor.
     */
    public SensorTrainer.Outcome train(String sensorId, int horizon, TrainingOptions options) {
        return train(sensorId, horizon, ForecasterChoice.of("ridge"), options);
    }

    /** As {@link #train(String, int, TrainingOptions)} with the given forecaster. */
    public SensorTrainer.Outcome train(String sensorId, int horizon, ForecasterChoice choice, TrainingOptions options) {
        return train(sensorId, horizon, choice, options, TrainingProgress.NONE);
    }

    /**
     * As {@link #train(String, int, ForecasterChoice, TrainingOptions)}, reporting each step, and PatchTST's
     * epochs, to {@code progress}.
     */
    public SensorTrainer.Outcome train(String sensorId, int horizon, ForecasterChoice choice, TrainingOptions options,
                                       TrainingProgress progress) {
        try {
            return trainOrThrow(sensorId, horizon, choice, options, progress);
        } catch (RuntimeException e) {
            return new SensorTrainer.Outcome(sensorId, SensorTrainer.Outcome.Status.FAILED, null,
                    e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private SensorTrainer.Outcome trainOrThrow(String sensorId, int horizon, ForecasterChoice choice,
                                               TrainingOptions options, TrainingProgress progress) {
        progress.stepStarted(TrainingStep.LOADING);
        RawTelemetry loaded = RawTelemetry.load(context, sensorId, options.untilMillis());
        Sensor sensor = loaded.sensor();
        TelemetrySeries raw = loaded.series();
        String rawHash = loaded.hash();
        DatasetRepository datasets = new DatasetRepository(context.db());
        RunTracker runs = new RunTracker(context.db(), context.codeVersion());
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("forecaster", choice.name());
        params.put("horizon", horizon);
        if (!choice.name().equals("ridge")) {
            params.put("seed", options.seed());
            params.put("max_epochs", choice.maxEpochs());
        }
        params.put("gap_policy", options.gapPolicy().name());
        params.put("max_gap", options.maxGap());
        params.put("validation_fraction", options.validationFraction());
        params.put("test_fraction", options.testFraction());
        params.put("sampling_period_ms", sensor.samplingPeriod().toMillis());
        AssetInputs.Candidates candidates = null;
        if (choice.assetInputs()) {
            candidates = AssetInputs.read(context, sensor, options.untilMillis());
            // the other sensors' data is part of what trains the model, so it is part of the job's identity
            params.put("asset_inputs", candidates.rawHashes());
        }
        String settings = new DatasetHasher().describe(new TreeMap<>(params).toString()).hash();
        String jobKey = "train:" + sensorId + ":" + KIND + ":" + rawHash + ":" + settings.substring(0, 16);
        progress.stepStarted(TrainingStep.CHECKING_QUALITY);
        QualityReport quality = new DataQualityChecker().check(sensorId, raw.timestamps(), raw.values(),
                sensor.samplingPeriod().toMillis(), sensor.warning(), sensor.critical());
        params.put("data_quality", quality.level().name());
        Run run = runs.start("train-" + KIND, jobKey, params, rawHash);
        if (run.status() == Run.Status.FINISHED) {
            Optional<ModelVersion> done = context.registry().versions(sensorId, KIND).stream()
                    .filter(v -> run.runId().equals(v.runId())).findFirst();
            return new SensorTrainer.Outcome(sensorId, SensorTrainer.Outcome.Status.ALREADY_DONE, done.orElse(null),
                    "already trained by run " + run.runId() + " on the same data");
        }
        try {
            if (quality.blocksTraining()) {
                throw new PipelineException("data quality of " + sensorId + " is CRITICAL, not training: "
                        + quality.blockingReasons());
            }
            if (options.gapPolicy() == GapPolicy.SPLIT) {
                throw new PipelineException("forecasters read the latest readings as one stretch; use the leave or "
                        + "interpolate gap policy");
            }
            progress.stepStarted(TrainingStep.PREPARING);
            Resampler resampler = new Resampler(sensor.samplingPeriod().toMillis(), options.gapPolicy(), options.maxGap());
            Resampler.Segment segment = completeSegment(sensorId, resampler.resample(raw.timestamps(), raw.values()),
                    options.maxGap());
            AssetInputs inputs = candidates == null ? null : candidates.onGrid(segment, resampler);
            if (inputs != null) {
                if (inputs.sensors().isEmpty()) {
                    throw new PipelineException("no other sensor of asset " + sensor.assetId() + " can join " + sensorId
                            + "'s forecaster" + (inputs.skipped().isEmpty() ? " (the asset has no other sensor)"
                            : ": " + inputs.skipped()) + "; train without asset inputs");
                }
            }
            double[][] companions = inputs == null ? new double[0][] : inputs.values();
            String[] companionNames = inputs == null ? new String[0] : inputs.names();
            CalibratedModel model;
            byte[] artifactBytes;
            Double blendWeight = null;
            progress.stepStarted(TrainingStep.TRAINING);
            if (choice.name().equals("ridge")) {
                CalibratedRidge ridge = CalibratedRidge.fit(segment.values(), companions, companionNames, horizon,
                        options.validationFraction(), options.testFraction(), sensorId);
                model = ridge;
                artifactBytes = ridge.toBytes();
            } else {
                RunTracker tracker = runs;
                String runId = run.runId();
                ForecastSplit split = ForecastSplit.of(segment.values(), options.validationFraction(),
                        options.testFraction(), sensorId);
                PatchTstForecaster network = trainPatchTst(split, split.withCompanions(companions, companionNames),
                        horizon, choice, options.seed(), sensorId,
                        (epoch, max, trainLoss, validationLoss) -> {
                            tracker.logStep(runId, "train_loss", epoch, trainLoss);
                            tracker.logStep(runId, "early_stopping_loss", epoch, validationLoss);
                            progress.epochFinished(epoch, max, trainLoss, validationLoss);
                        });
                try (network) {
                    progress.stepStarted(TrainingStep.EVALUATING);
                    if (choice.name().equals("patchtst-ridge")) {
                        RidgeForecaster ridge = CalibratedRidge.choose(split, companions, companionNames, horizon,
                                options.validationFraction(), options.testFraction(), sensorId);
                        int inputLength = Math.max(network.shape().inputLength(), ridge.shape().inputLength());
                        BlendedForecaster blend = BlendedForecaster.fitWeight(network, ridge, split.scaled(),
                                split.fit() - inputLength, split.validationEnd());
                        blendWeight = blend.weight();
                        CalibratedForecaster calibrated = CalibratedForecaster.calibrate(blend, split);
                        model = calibrated;
                        artifactBytes = calibrated.toBytes(blend.toBytes(network.toBytes(), ridge.toBytes()));
                    } else {
                        CalibratedForecaster calibrated = CalibratedForecaster.calibrate(network, split);
                        model = calibrated;
                        artifactBytes = calibrated.toBytes(network.toBytes());
                    }
                }
            }
            Map<String, Object> preprocessing = new LinkedHashMap<>();
            preprocessing.put("resample_period_ms", segment.periodMillis());
            preprocessing.put("gap_policy", options.gapPolicy().name());
            preprocessing.put("max_gap", options.maxGap());
            preprocessing.put("scaler", "ZSCORE (inside the forecaster, fitted on the training part)");
            preprocessing.put("forecaster", choice.name());
            List<String> datasetSensors = new java.util.ArrayList<>(List.of(sensorId));
            if (inputs != null) {
                preprocessing.put("asset_inputs", String.join(",", inputs.sensors()));
                datasetSensors.addAll(inputs.sensors());
            }
            DatasetHasher prepared = new DatasetHasher().describe(new TreeMap<>(preprocessing).toString())
                    .add(new TelemetrySeries(sensorId, segment.timestamps(), segment.values()));
            for (int c = 0; c < companions.length; c++) {
                prepared.add(new TelemetrySeries(companionNames[c], segment.timestamps(), companions[c]));
            }
            String preparedHash = prepared.hash();
            datasets.save(new DatasetVersion(preparedHash, datasetSensors, segment.startMillis(),
                    segment.timestamp(segment.size() - 1), segment.size(), rawHash, preprocessing));
            Map<String, Double> heldOut = new LinkedHashMap<>();
            put(heldOut, "validation", model.validation());
            if (model.test() != null) {
                put(heldOut, "test", model.test());
                heldOut.put("test_coverage_90", model.test().coverage());
            }
            heldOut.put(PROMOTION_METRIC + horizon, model.validation().mse());
            Map<String, Double> finalMetrics = new LinkedHashMap<>(heldOut);
            put(finalMetrics, "in_sample", model.inSample());
            progress.stepStarted(TrainingStep.REGISTERING);
            ArtifactStore.ArtifactRef artifact = context.artifacts().put(artifactBytes);
            runs.attachArtifact(run.runId(), "forecaster", artifact);
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("forecaster", choice.name());
            spec.put("horizon", horizon);
            spec.put("input_length", model.shape().inputLength());
            if (model instanceof CalibratedRidge ridge) {
                spec.put("lambda", ridge.lambda());
            }
            if (blendWeight != null) {
                spec.put("patchtst_weight", blendWeight);
            }
            if (inputs != null) {
                spec.put("asset_inputs", inputs.sensors());
                spec.put("asset_inputs_skipped", inputs.skipped());
            }
            spec.put("period_ms", segment.periodMillis());
            spec.put("gap_policy", options.gapPolicy().name());
            spec.put("max_gap", options.maxGap());
            String config;
            try {
                config = JSON.writeValueAsString(spec);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            ModelVersion version = context.registry().versions(sensorId, KIND).stream()
                    .filter(v -> run.runId().equals(v.runId())).findFirst()
                    .orElseGet(() -> context.registry().register(new NewModelVersion(sensorId, KIND, run.runId(),
                            preparedHash, artifact.sha256(), choice.name() + "-forecaster", config, context.codeVersion(),
                            heldOut)));
            ModelRegistry.PromotionDecision decision = context.registry().promoteIfBetter(version.versionId(),
                    PROMOTION_METRIC + horizon, true, options.actor());
            runs.finish(run.runId(), finalMetrics);
            return new SensorTrainer.Outcome(sensorId, decision.promoted() ? SensorTrainer.Outcome.Status.PROMOTED
                    : SensorTrainer.Outcome.Status.KEPT_PRODUCTION, decision.candidate(), decision.reason());
        } catch (RuntimeException e) {
            runs.fail(run.runId(), e.getMessage() == null ? e.toString() : e.getMessage());
            throw e;
        }
    }

    /**
     * How many steps the sensor's Production forecaster was trained to forecast.
     *
     * @throws PipelineException when there is no Production forecaster
     */
    public int trainedHorizon(String sensorId) {
        ModelVersion version = context.registry().production(sensorId, KIND)
                .orElseThrow(() -> new PipelineException("sensor " + sensorId + " has no Production forecaster: train one "
                        + "with 'prognos train " + sensorId + " --kind forecaster'"));
        try {
            return ((Number) JSON.readValue(version.config(), Map.class).get("horizon")).intValue();
        } catch (JsonProcessingException e) {
            throw new PipelineException("stored forecaster configuration of " + sensorId + " is not valid JSON: "
                    + e.getOriginalMessage());
        }
    }

    /**
     * Forecasts the sensor's next {@code horizon} sampling periods after its last reading, with
     * intervals of the given coverage, from its Production forecaster.
     *
     * @throws PipelineException when there is no Production forecaster, the horizon is longer than it was
     *                           trained for, or the latest readings have a gap it cannot bridge
     */
    public Forecast forecast(String sensorId, int horizon, double coverage) {
        return forecast(sensorId, horizon, coverage, Map.of());
    }

    /**
     * As {@link #forecast(String, int, double)}, with some input readings replaced first: {@code replaced} maps
     * timestamps on the sensor's grid to the value used instead of the stored reading. Time-to-limit bridges a
     * passing anomaly with it, since the forecaster was calibrated on normal readings.
     */
    public Forecast forecast(String sensorId, int horizon, double coverage, Map<Long, Double> replaced) {
        Sensor sensor = new AssetRepository(context.db()).requireSensor(sensorId);
        ModelVersion version = context.registry().production(sensorId, KIND)
                .orElseThrow(() -> new PipelineException("sensor " + sensorId + " has no Production forecaster: train one "
                        + "with 'prognos train " + sensorId + " --kind forecaster'"));
        Map<?, ?> spec;
        try {
            spec = JSON.readValue(version.config(), Map.class);
        } catch (JsonProcessingException e) {
            throw new PipelineException("stored forecaster configuration of " + sensorId + " is not valid JSON: "
                    + e.getOriginalMessage());
        }
        int trainedHorizon = ((Number) spec.get("horizon")).intValue();
        if (horizon < 1 || horizon > trainedHorizon) {
            throw new PipelineException("the Production forecaster of " + sensorId + " forecasts up to " + trainedHorizon
                    + " steps; asked for " + horizon + " (train one with a longer --horizon)");
        }
        CalibratedModel model = restore(spec, context.artifacts().load(version.artifactSha256()));
        try {
            return forecast(sensor, version, spec, model, horizon, coverage, replaced);
        } finally {
            if (model instanceof CalibratedForecaster closeable) {
                closeable.close();
            }
        }
    }

    private Forecast forecast(Sensor sensor, ModelVersion version, Map<?, ?> spec, CalibratedModel model, int horizon,
                              double coverage, Map<Long, Double> replaced) {
        String sensorId = sensor.id();
        long period = ((Number) spec.get("period_ms")).longValue();
        Resampler resampler = new Resampler(period, GapPolicy.valueOf((String) spec.get("gap_policy")),
                ((Number) spec.get("max_gap")).intValue());
        int l = model.shape().inputLength();
        // only the tail the input needs is read, on the grid of the whole history, so a forecast costs the same after
        // months of data; the margin lets the gap filler see both sides of a gap near the input's start
        TelemetryRepository telemetry = new TelemetryRepository(context.db());
        java.util.OptionalLong oldest = telemetry.oldestValueTimestamp(sensorId);
        if (oldest.isEmpty()) {
            throw new PipelineException("sensor " + sensorId + " has no readings");
        }
        long newest = telemetry.newestTimestamp(sensorId).orElseThrow();
        long tailFrom = newest - (long) (l + 2 * ((Number) spec.get("max_gap")).intValue() + 2) * period;
        TelemetrySeries all = tailFrom <= oldest.getAsLong() ? telemetry.readAll(sensorId)
                : telemetry.read(sensorId, tailFrom, Long.MAX_VALUE);
        List<Resampler.Segment> segments = resampler.resampleOnGrid(oldest.getAsLong(), all.timestamps(), all.values())
                .segments();
        if (segments.isEmpty()) {
            throw new PipelineException("sensor " + sensorId + " has no readings");
        }
        Resampler.Segment last = segments.get(segments.size() - 1);
        double[] recent = java.util.Arrays.copyOfRange(last.values(), Math.max(0, last.size() - l), last.size());
        for (int i = 0; i < recent.length && !replaced.isEmpty(); i++) {
            Double instead = replaced.get(last.timestamp(last.size() - recent.length + i));
            if (instead != null) {
                recent[i] = instead;
            }
        }
        for (int i = 0; i < recent.length; i++) {
            if (Double.isNaN(recent[i])) {
                throw new PipelineException("sensor " + sensorId + " has a gap longer than " + spec.get("max_gap")
                        + " periods within its last " + l + " readings (at " + java.time.Instant.ofEpochMilli(
                        last.timestamp(last.size() - recent.length + i)) + "); the forecaster needs them complete");
            }
        }
        if (recent.length < l) {
            throw new PipelineException("sensor " + sensorId + " has " + recent.length + " readings; its forecaster reads "
                    + "the last " + l);
        }
        SeriesForecast full = SeriesForecast.from(model, last.timestamp(last.size() - 1), period, recent, coverage);
        SeriesForecast cut = new SeriesForecast(period, java.util.Arrays.copyOf(full.times(), horizon),
                java.util.Arrays.copyOf(full.mean(), horizon), java.util.Arrays.copyOf(full.lower(), horizon),
                java.util.Arrays.copyOf(full.upper(), horizon), coverage, model);
        return new Forecast(sensor, version, cut);
    }

    private static CalibratedModel restore(Map<?, ?> spec, byte[] bytes) {
        Object kind = spec.get("forecaster");
        if ("ridge".equals(kind)) {
            return CalibratedRidge.fromBytes(bytes);
        }
        if ("patchtst".equals(kind)) {
            return CalibratedForecaster.fromBytes(bytes, PatchTstForecaster::fromBytes);
        }
        if ("patchtst-ridge".equals(kind)) {
            return CalibratedForecaster.fromBytes(bytes, blend -> BlendedForecaster.fromBytes(blend,
                    PatchTstForecaster::fromBytes, RidgeForecaster::fromBytes));
        }
        throw new PipelineException("stored forecaster kind '" + kind + "' is unknown to this version of Prognos");
    }

    /**
     * Trains PatchTST on the z-scaled training part of {@code rows} (the sensor, then any asset inputs) with early
     * stopping on their validation part. The input
     * length is the longest of {@link CalibratedRidge#INPUT_LENGTHS} that leaves four input lengths of
     * training windows, as for the ridge.
     */
    private static PatchTstForecaster trainPatchTst(ForecastSplit split, double[][] rows, int horizon,
                                                    ForecasterChoice choice, long seed, String sensorId,
                                                    io.prognos.core.detect.predict.TrainingListener listener) {
        int inputLength = 0;
        for (int l : CalibratedRidge.INPUT_LENGTHS) {
            if (split.fits(l, horizon)) {
                inputLength = l;
                break;
            }
        }
        if (inputLength == 0) {
            throw new PipelineException(sensorId + ": " + split.scaled().length + " readings are too few for PatchTST to "
                    + "forecast " + horizon + " steps; the validation part needs at least " + (horizon + 19) + " readings "
                    + "and the training part five times the input length (at least 12) plus the horizon");
        }
        int patch = Math.min(16, inputLength / 2);
        PatchTstConfig d = PatchTstConfig.defaults(new ForecastShape(inputLength, horizon));
        PatchTstConfig config = new PatchTstConfig(d.shape(), patch, Math.max(1, patch / 2), d.modelDim(), d.heads(),
                d.layers(), d.feedForwardDim(), d.dropout(), d.headDropout(), d.batchSize(), d.learningRate(),
                choice.maxEpochs(), d.patience(), choice.maxTrainingSeconds());
        return new PatchTstTrainer(config).train(rows, split.fit(), split.fit() - inputLength,
                split.validationEnd(), seed, listener);
    }

    private static Resampler.Segment completeSegment(String sensorId, Resampler.Result resampled, int maxGap) {
        if (resampled.segments().isEmpty()) {
            throw new PipelineException(sensorId + " has no readings to train on");
        }
        if (resampled.missing() > 0) {
            throw new PipelineException(sensorId + " has " + resampled.missing() + " missing points in gaps longer than "
                    + maxGap + " sampling periods; clean the data or raise the gap limit");
        }
        return resampled.segments().get(0);
    }

    private static void put(Map<String, Double> metrics, String part, ForecastAccuracy accuracy) {
        metrics.put(part + "_mse", accuracy.mse());
        metrics.put(part + "_rmse", Math.sqrt(accuracy.mse()));
        metrics.put(part + "_mae", accuracy.mae());
        metrics.put(part + "_smape", accuracy.smape());
        if (Double.isFinite(accuracy.r2())) {
            metrics.put(part + "_r2", accuracy.r2());
        }
    }
}

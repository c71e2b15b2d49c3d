package io.prognos.pipeline;

import io.prognos.core.asset.Sensor;
import io.prognos.core.detect.predict.PredictorTrainer;
import io.prognos.core.detect.predict.TrainedPredictor;
import io.prognos.core.detect.predict.TrainingListener;
import io.prognos.core.detect.telemanom.TelemanomConfig;
import io.prognos.core.detect.telemanom.TelemanomDetector;
import io.prognos.core.detect.telemanom.ThresholdSettings;
import io.prognos.core.quality.DataQualityChecker;
import io.prognos.core.quality.QualityReport;
import io.prognos.core.transform.GapPolicy;
import io.prognos.core.transform.Imputation;
import io.prognos.core.transform.Imputer;
import io.prognos.core.transform.Resampler;
import io.prognos.core.transform.Scaler;
import io.prognos.store.AnomalyRepository;
import io.prognos.store.ArtifactStore;
import io.prognos.store.DatasetHasher;
import io.prognos.store.DatasetRepository;
import io.prognos.store.DatasetVersion;
import io.prognos.store.ModelRegistry;
import io.prognos.store.ModelVersion;
import io.prognos.store.NewModelVersion;
import io.prognos.store.Run;
import io.prognos.store.RunTracker;
import io.prognos.store.TelemetrySeries;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Trains one sensor's detector end to end: load its telemetry, check data quality (CRITICAL stops
 * here), resample it to the sensor's period under the gap policy, split it chronologically into
 * training, validation and test parts, fit the scaler on the training part, version the raw and the
 * preprocessed data, train, measure on the validation and test parts, store the weights, register the
 * version with its provenance and held-out metrics, and promote it if it beats Production on the
 * validation metric, with Production measured on the same validation readings (so that a retrain after
 * drift is judged on the data the incumbent now faces). Test metrics are recorded but decide nothing.
 *
 * <p>Each training is a run with a job key made of sensor, data version, predictor and seed. Training
 * the same thing again (after a crash, or with {@code --resume}) finds the run: a finished one is
 * skipped, an unfinished one is redone under the same run, and a version registered by it is reused,
 * so no run or version is ever duplicated.
 */
public final class SensorTrainer {

    public static final String KIND = "detector";
    /** Metric compared for champion/challenger promotion, in the sensor's units squared; lower is better. */
    public static final String PROMOTION_METRIC = "validation_mse";

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
        return train(sensorId, options, TrainingProgress.of(listener));
    }

    /** As {@link #train(String, TrainingOptions, TrainingListener)}, reporting each step as well as each epoch. */
    public Outcome train(String sensorId, TrainingOptions options, TrainingProgress listener) {
        try {
            return trainOrThrow(sensorId, options, listener);
        } catch (RuntimeException e) {
            return new Outcome(sensorId, Outcome.Status.FAILED, null, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private Outcome trainOrThrow(String sensorId, TrainingOptions options, TrainingProgress listener) {
        listener.stepStarted(TrainingStep.LOADING);
        RawTelemetry loaded = RawTelemetry.load(context, sensorId, options.untilMillis());
        Sensor sensor = loaded.sensor();
        TelemetrySeries raw = loaded.series();
        String rawHash = loaded.hash();
        RunTracker runs = new RunTracker(context.db(), context.codeVersion());
        DatasetRepository datasets = new DatasetRepository(context.db());

        Map<String, Object> params = new LinkedHashMap<>();
        params.put("predictor", options.predictor());
        params.put("seed", options.seed());
        params.put("scaling", options.scaling().name());
        params.put("gap_policy", options.gapPolicy().name());
        params.put("max_gap", options.maxGap());
        params.put("validation_fraction", options.validationFraction());
        params.put("test_fraction", options.testFraction());
        params.put("window_length", options.telemanom().windowLength());
        ThresholdSettings threshold = options.telemanom().threshold();
        if (!threshold.equals(ThresholdSettings.defaults())) {
            params.put("threshold", threshold.method().name().toLowerCase(java.util.Locale.ROOT));
            params.put("threshold_risk", threshold.risk());
        }
        params.put("sampling_period_ms", sensor.samplingPeriod().toMillis()); // the grid the model learns on
        Imputation imputation;
        try {
            imputation = options.imputation().resolve(sensor.samplingPeriod().toMillis());
        } catch (IllegalArgumentException e) {
            throw new PipelineException(sensorId + ": " + e.getMessage());
        }
        // recorded only when not linear, so a default training keeps the job key (and data version) it always had
        putImputation(params, imputation);
        listener.stepStarted(TrainingStep.CHECKING_QUALITY);
        QualityReport quality = new DataQualityChecker().check(sensorId, raw.timestamps(), raw.values(),
                sensor.samplingPeriod().toMillis(), sensor.warning(), sensor.critical());
        if (options.acceptConstant()) {
            QualityReport waived = quality.waive(DataQualityChecker.STUCK_VALUES, "constant signals accepted for training");
            if (!waived.equals(quality)) {
                params.put("accept_constant", true); // only where it made a difference, so other sensors keep their job
                quality = waived;
            }
        }
        // the same data trained the same way is the same job; any setting that changes the model changes the key
        String settings = new DatasetHasher().describe(new TreeMap<>(params) + " " + describe(options.telemanom())).hash();
        String jobKey = "train:" + sensorId + ":" + KIND + ":" + rawHash + ":" + options.predictor() + ":" + options.seed()
                + ":" + settings.substring(0, 16);
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
                        + quality.blockingReasons() + (quality.blockingReasons().contains("constant at")
                        ? " (if the signal is constant by design, train with --accept-constant)" : ""));
            }
            listener.stepStarted(TrainingStep.PREPARING);
            Resampler resampler = new Resampler(sensor.samplingPeriod().toMillis(), options.gapPolicy(), options.maxGap(),
                    imputation);
            Resampler.Result resampled = resampler.resample(raw.timestamps(), raw.values());
            int needed = minimumRows(options);
            Resampler.Segment segment = trainingSegment(sensorId, resampled, needed, options);
            int n = segment.size();
            int[] parts = splitRows(n, options);
            int trainRows = parts[0];
            int validationRows = parts[1];
            int testRows = parts[2];

            double[][] rows = new double[n][1];
            for (int i = 0; i < n; i++) {
                rows[i][0] = segment.values()[i];
            }
            Scaler scaler = Scaler.fit(options.scaling(), Arrays.copyOfRange(rows, 0, trainRows));
            double[][] scaled = scaler.apply(rows);
            double[] scaledValues = new double[n];
            for (int i = 0; i < n; i++) {
                scaledValues[i] = scaled[i][0];
            }
            Map<String, Object> preprocessing = new LinkedHashMap<>();
            preprocessing.put("resample_period_ms", segment.periodMillis());
            preprocessing.put("gap_policy", options.gapPolicy().name());
            preprocessing.put("max_gap", options.maxGap());
            preprocessing.put("segments", resampled.segments().size());
            preprocessing.put("segment_start", segment.startMillis());
            preprocessing.put("readings_merged", resampled.merged());
            preprocessing.put("imputed_values", countImputed(segment));
            if (putImputation(preprocessing, imputation)) {
                // of the whole resampled series (all segments under the split policy): points the strategy had
                // nothing to estimate from, interpolated linearly instead
                preprocessing.put("imputation_linear_fallback", resampled.linearFallback());
            }
            preprocessing.put("scaler", scaler.kind().name());
            preprocessing.put("scaler_center", scaler.center()[0]);
            preprocessing.put("scaler_scale", scaler.scale()[0]);
            preprocessing.put("train_rows", trainRows);
            preprocessing.put("validation_rows", validationRows);
            preprocessing.put("test_rows", testRows);
            long[] gridTimes = segment.timestamps();
            String preparedHash = new DatasetHasher().describe(new TreeMap<>(preprocessing).toString())
                    .add(new TelemetrySeries(sensorId, gridTimes, scaledValues)).hash();
            datasets.save(new DatasetVersion(preparedHash, List.of(sensorId), gridTimes[0], gridTimes[n - 1], n, rawHash,
                    preprocessing));

            PredictorTrainer trainer = Predictors.trainer(options.predictor(), options.telemanom());
            TelemanomDetector detector = new TelemanomDetector(options.telemanom(), trainer);
            TrainingListener tracking = (epoch, max, trainLoss, validationLoss) -> {
                runs.logStep(run.runId(), "train_loss", epoch, trainLoss);
                runs.logStep(run.runId(), "early_stopping_loss", epoch, validationLoss);
                listener.epochFinished(epoch, max, trainLoss, validationLoss);
            };
            List<AnomalyRepository.Label> labels = new AnomalyRepository(context.db()).labels(sensorId);
            HeldOutEvaluator evaluator = new HeldOutEvaluator(detector, scaler.scale()[0]);
            Map<String, Double> heldOut = new LinkedHashMap<>();
            Map<String, Double> finalMetrics = new LinkedHashMap<>();
            ArtifactStore.ArtifactRef artifact;
            listener.stepStarted(TrainingStep.TRAINING);
            try (TrainedPredictor predictor = detector.train(Arrays.copyOfRange(scaled, 0, trainRows), options.seed(),
                    tracking)) {
                listener.stepStarted(TrainingStep.EVALUATING);
                heldOut.putAll(evaluator.evaluate("validation", predictor, scaled, trainRows, trainRows + validationRows,
                        segment, labels));
                if (testRows > 0) {
                    heldOut.putAll(evaluator.evaluate("test", predictor, scaled, trainRows + validationRows, n, segment,
                            labels));
                }
                finalMetrics.putAll(heldOut);
                finalMetrics.put("in_sample_early_stopping_mse", predictor.report().validationLoss());
                artifact = context.artifacts().put(predictor.parameters());
            }
            Optional<ModelRegistry.IncumbentScore> incumbent = incumbentOnSameData(sensorId, segment, trainRows,
                    trainRows + validationRows, labels);
            incumbent.ifPresent(score -> finalMetrics.put("production_" + PROMOTION_METRIC, score.value()));
            listener.stepStarted(TrainingStep.REGISTERING);
            runs.attachArtifact(run.runId(), "predictor", artifact);
            DetectorSpec spec = new DetectorSpec(options.predictor(), options.telemanom(), scaler, segment.periodMillis(),
                    options.gapPolicy(), options.maxGap(), options.seed(), imputation);
            ModelVersion version = context.registry().versions(sensorId, KIND).stream()
                    .filter(v -> run.runId().equals(v.runId())).findFirst()
                    .orElseGet(() -> context.registry().register(new NewModelVersion(sensorId, KIND, run.runId(),
                            preparedHash, artifact.sha256(), "telemanom-" + options.predictor(), spec.toJson(),
                            context.codeVersion(), heldOut)));
            ModelRegistry.PromotionDecision decision = context.registry().promoteIfBetter(version.versionId(),
                    PROMOTION_METRIC, true, options.actor(), incumbent.orElse(null));
            runs.finish(run.runId(), finalMetrics);
            return new Outcome(sensorId, decision.promoted() ? Outcome.Status.PROMOTED : Outcome.Status.KEPT_PRODUCTION,
                    decision.candidate(), decision.reason());
        } catch (RuntimeException e) {
            runs.fail(run.runId(), e.getMessage() == null ? e.toString() : e.getMessage());
            throw e;
        }
    }

    /**
     * The detector configuration as it enters the job key: its record text, without the threshold when that is
     * Telemanom's default, so that trainings keep the keys they had before the threshold became selectable.
     */
    static String describe(TelemanomConfig config) {
        return config.toString().replace(", threshold=" + ThresholdSettings.defaults(), "");
    }

    /**
     * The current Production detector's validation MSE measured on this training's validation part, scaled
     * with its own scaler, so that champion and challenger compare on the same readings. Empty when there is
     * no Production version, or it works on another grid period or needs a longer window than precedes the
     * part; the registry then compares the stored metrics.
     */
    private Optional<ModelRegistry.IncumbentScore> incumbentOnSameData(String sensorId, Resampler.Segment segment,
                                                                      int from, int to,
                                                                      List<AnomalyRepository.Label> labels) {
        Optional<ModelVersion> production = context.registry().production(sensorId, KIND);
        if (production.isEmpty()) {
            return Optional.empty();
        }
        DetectorSpec spec;
        try {
            spec = DetectorSpec.fromJson(production.get().config());
        } catch (IllegalArgumentException unreadable) {
            return Optional.empty();
        }
        if (spec.periodMillis() != segment.periodMillis() || spec.telemanom().windowLength() > from) {
            return Optional.empty();
        }
        int n = segment.size();
        double[][] rows = new double[n][1];
        for (int i = 0; i < n; i++) {
            rows[i][0] = segment.values()[i];
        }
        double[][] scaled = spec.scaler().apply(rows);
        PredictorTrainer trainer = Predictors.trainer(spec.predictor(), spec.telemanom());
        HeldOutEvaluator evaluator = new HeldOutEvaluator(new TelemanomDetector(spec.telemanom(), trainer),
                spec.scaler().scale()[0]);
        try (TrainedPredictor predictor = trainer.restore(context.artifacts().load(production.get().artifactSha256()))) {
            double mse = evaluator.evaluate("validation", predictor, scaled, from, to, segment, labels)
                    .get(PROMOTION_METRIC);
            return Optional.of(new ModelRegistry.IncumbentScore(production.get().versionId(), mse));
        }
    }

    /**
     * Rows a segment needs: a training part with windows to learn from, and held-out parts to judge
     * (see {@link #splitRows}).
     */
    private static int minimumRows(TrainingOptions options) {
        int parts = options.testFraction() > 0 ? 2 : 1;
        return trainMinimum(options) + parts * heldOutMinimum(options);
    }

    /**
     * Chronological train, validation and test rows: the configured fractions, but never under
     * {@link #heldOutMinimum} rows per held-out part, and a short series gives its held-out parts fewer rows so
     * that training keeps
     * {@link #trainMinimum} rows; the sizes used are recorded with the dataset version.
     */
    static int[] splitRows(int n, TrainingOptions options) {
        int test = options.testFraction() > 0
                ? Math.max(heldOutMinimum(options), (int) Math.round(n * options.testFraction())) : 0;
        int validation = Math.max(heldOutMinimum(options), (int) Math.round(n * options.validationFraction()));
        int spare = n - trainMinimum(options);
        if (n - validation - test < trainMinimum(options)) {
            test = options.testFraction() > 0 ? Math.max(heldOutMinimum(options), Math.min(test, spare / 2)) : 0;
            validation = Math.max(heldOutMinimum(options), Math.min(validation, spare - test));
        }
        return new int[] {n - validation - test, validation, test};
    }

    private static int trainMinimum(TrainingOptions options) {
        return options.telemanom().rowsPerWindow() + 10;
    }

    private static int heldOutMinimum(TrainingOptions options) {
        return options.telemanom().predictionSteps() + 2;
    }

    /**
     * The segment to train on: the only one, or with the split policy the most recent one long enough
     * (older behaviour matters less than recent behaviour, and no window may span a long gap).
     */
    private static Resampler.Segment trainingSegment(String sensorId, Resampler.Result resampled, int needed,
                                                     TrainingOptions options) {
        if (resampled.segments().isEmpty()) {
            throw new PipelineException(sensorId + " has no readings to train on");
        }
        if (options.gapPolicy() == GapPolicy.SPLIT) {
            List<Resampler.Segment> segments = resampled.segments();
            for (int i = segments.size() - 1; i >= 0; i--) {
                if (segments.get(i).size() >= needed) {
                    return segments.get(i);
                }
            }
            throw new PipelineException(sensorId + " splits into " + segments.size() + " segments at gaps longer than "
                    + options.maxGap() + " periods; the longest has " + resampled.longest().size() + " points and "
                    + "training needs " + needed + " in one segment");
        }
        Resampler.Segment only = resampled.segments().get(0);
        if (resampled.missing() > 0) {
            throw new PipelineException(sensorId + " has " + resampled.missing() + " missing points in gaps longer than "
                    + options.maxGap() + " sampling periods (gap policy " + options.gapPolicy().name().toLowerCase()
                    + "); clean the data, raise the gap limit, or use the split gap policy");
        }
        if (only.size() < needed) {
            throw new PipelineException(sensorId + " has " + only.size() + " points at its sampling period; with a window of "
                    + options.telemanom().windowLength() + " it needs at least " + needed + " (" + trainMinimum(options)
                    + " to train on and " + heldOutMinimum(options) + " for each held-out part)");
        }
        return only;
    }

    /**
     * Adds how short gaps were filled to a run's parameters or a dataset's preprocessing record: nothing for
     * linear imputation (what a record without these keys always meant), the strategy and its settings otherwise.
     *
     * @return whether anything was added
     */
    static boolean putImputation(Map<String, Object> record, Imputation imputation) {
        if (imputation.strategy() == Imputer.Strategy.LINEAR) {
            return false;
        }
        record.put("imputation", imputation.strategy().name());
        if (imputation.strategy() == Imputer.Strategy.SEASONAL) {
            record.put("imputation_period", imputation.period());
        } else {
            record.put("knn_k", imputation.k());
            record.put("knn_context", imputation.context());
        }
        return true;
    }

    private static int countImputed(Resampler.Segment segment) {
        int count = 0;
        for (boolean b : segment.imputed()) {
            if (b) {
                count++;
            }
        }
        return count;
    }
}

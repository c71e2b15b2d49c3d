package io.prognos.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Sensor;
import io.prognos.core.detect.predict.TrainingListener;
import io.prognos.core.transform.GapPolicy;
import io.prognos.core.transform.Imputation;
import io.prognos.core.transform.Resampler;
import io.prognos.store.AssetRepository;
import io.prognos.store.DatasetRepository;
import io.prognos.store.Dialect;
import io.prognos.store.ModelVersion;
import io.prognos.store.Run;
import io.prognos.store.RunTracker;
import io.prognos.store.TelemetryRepository;
import io.prognos.store.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Training with a chosen imputation strategy; the default (linear) exactly as before. */
class ImputationTrainingTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long PERIOD = 300_000L; // 5 minutes: 288 points a day
    private static final int DAY = 288;
    private static final int DAYS = 12;
    private static final int GAP = 8;

    /** The preprocessing keys a detector's dataset version had before imputation could be chosen. */
    private static final Set<String> LINEAR_KEYS = Set.of("resample_period_ms", "gap_policy", "max_gap", "segments",
            "segment_start", "readings_merged", "imputed_values", "scaler", "scaler_center", "scaler_scale", "train_rows",
            "validation_rows", "test_rows");

    @TempDir
    Path tmp;

    /** A daily cycle with a two-hour harmonic, so a 40-minute gap is curved enough for a straight line to miss. */
    private static double truth(int i) {
        return 50 + 10 * Math.sin(2 * Math.PI * i / DAY) + 4 * Math.sin(2 * Math.PI * i / 24.0);
    }

    /** Gap starts: one every 700 points from the second day on, each GAP points long. */
    private static List<Integer> gapStarts() {
        List<Integer> starts = new ArrayList<>();
        for (int s = DAY + 5; s + GAP < DAY * (DAYS - 1); s += 700) {
            starts.add(s);
        }
        return starts;
    }

    private static boolean inGap(int i) {
        return gapStarts().stream().anyMatch(s -> i >= s && i < s + GAP);
    }

    private PipelineContext store(String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        PipelineContext context = new PipelineContext(TestStores.open(Dialect.SQLITE, dir),
                new io.prognos.store.ArtifactStore(dir.resolve("artifacts")), "test-version");
        AssetRepository assets = new AssetRepository(context.db());
        assets.save(new Asset("oven", "Oven", "oven", null, 3));
        assets.save(new Sensor("oven.temp", "oven", "temperature", "degC", Duration.ofMinutes(5), null, null, null));
        Random random = new Random(11);
        int n = DAY * DAYS;
        List<long[]> kept = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double v = truth(i) + 0.05 * random.nextGaussian();
            if (!inGap(i)) {
                kept.add(new long[]{T0 + i * PERIOD});
                values.add(v);
            }
        }
        new TelemetryRepository(context.db()).ingest("oven.temp", kept.stream().mapToLong(t -> t[0]).toArray(),
                values.stream().mapToDouble(Double::doubleValue).toArray());
        return context;
    }

    private static Map<String, Object> preprocessing(PipelineContext context, ModelVersion v) {
        return new DatasetRepository(context.db()).lineage(v.datasetHash()).get(0).preprocessing();
    }

    private static Run run(PipelineContext context, ModelVersion v) {
        return new RunTracker(context.db(), "x").find(v.runId()).orElseThrow();
    }

    @Test
    void theDefaultTrainsExactlyAsAnExplicitLinearChoiceAndRecordsNothingNew() throws Exception {
        int missing = gapStarts().size() * GAP;
        PipelineContext a = store("default");
        SensorTrainer.Outcome byDefault = new SensorTrainer(a).train("oven.temp", TrainingOptions.defaults(),
                TrainingListener.NONE);
        assertThat(byDefault.status()).as(byDefault.message()).isEqualTo(SensorTrainer.Outcome.Status.PROMOTED);
        assertThat(TrainingOptions.defaults().imputation()).isEqualTo(ImputationChoice.LINEAR);
        Map<String, Object> pre = preprocessing(a, byDefault.version());
        assertThat(pre.keySet()).as("no new key in a default dataset version, so its hash is unchanged")
                .isEqualTo(LINEAR_KEYS);
        assertThat(pre).containsEntry("imputed_values", missing).containsEntry("gap_policy", "INTERPOLATE");
        assertThat(run(a, byDefault.version()).params()).doesNotContainKeys("imputation", "imputation_period");
        assertThat(DetectorSpec.fromJson(byDefault.version().config()).imputation()).isEqualTo(Imputation.LINEAR);

        // explicitly linear: the same job (found, not redone) ...
        TrainingOptions linear = TrainingOptions.defaults().withImputation(ImputationChoice.of("linear", null, null, null,
                "i", "p", "k", "c"));
        assertThat(new SensorTrainer(a).train("oven.temp", linear, TrainingListener.NONE).status())
                .isEqualTo(SensorTrainer.Outcome.Status.ALREADY_DONE);
        // ... and in a fresh store the same data version and the same held-out metrics, to the bit
        PipelineContext b = store("linear");
        SensorTrainer.Outcome explicit = new SensorTrainer(b).train("oven.temp", linear, TrainingListener.NONE);
        assertThat(explicit.version().datasetHash()).isEqualTo(byDefault.version().datasetHash());
        assertThat(explicit.version().validationMetrics()).isEqualTo(byDefault.version().validationMetrics());
        assertThat(preprocessing(b, explicit.version())).isEqualTo(pre);
    }

    @Test
    void seasonalTrainingFillsTheGapsCloserToTheTruthAndRecordsTheChoice() throws Exception {
        PipelineContext context = store("seasonal");
        TrainingOptions seasonal = TrainingOptions.defaults().withImputation(ImputationChoice.of("seasonal", null, null,
                null, "i", "p", "k", "c"));
        SensorTrainer.Outcome linearOutcome = new SensorTrainer(context).train("oven.temp", TrainingOptions.defaults(),
                TrainingListener.NONE);
        SensorTrainer.Outcome outcome = new SensorTrainer(context).train("oven.temp", seasonal, TrainingListener.NONE);
        assertThat(outcome.status()).as("another imputation is another job: " + outcome.message())
                .isIn(SensorTrainer.Outcome.Status.PROMOTED, SensorTrainer.Outcome.Status.KEPT_PRODUCTION);
        ModelVersion v = outcome.version();

        assertThat(run(context, v).params()).containsEntry("imputation", "SEASONAL")
                .containsEntry("imputation_period", DAY);
        assertThat(run(context, v).jobKey()).isNotEqualTo(run(context, linearOutcome.version()).jobKey());
        Map<String, Object> pre = preprocessing(context, v);
        assertThat(pre).containsEntry("imputation", "SEASONAL").containsEntry("imputation_period", DAY)
                .containsEntry("imputation_linear_fallback", 0)
                .containsEntry("imputed_values", gapStarts().size() * GAP);
        assertThat(v.datasetHash()).isNotEqualTo(linearOutcome.version().datasetHash());
        DetectorSpec spec = DetectorSpec.fromJson(v.config());
        assertThat(spec.imputation()).isEqualTo(Imputation.seasonal(DAY));

        // the recorded resampling reproduces the training data: seasonal beats linear on the gaps by far
        io.prognos.store.TelemetrySeries raw = new TelemetryRepository(context.db()).readAll("oven.temp");
        Resampler.Segment s = spec.resampler().resample(raw.timestamps(), raw.values()).segments().get(0);
        Resampler.Segment l = DetectorSpec.fromJson(linearOutcome.version().config()).resampler()
                .resample(raw.timestamps(), raw.values()).segments().get(0);
        double seasonalError = gapRmse(s);
        double linearError = gapRmse(l);
        assertThat(seasonalError).as("seasonal %s, linear %s", seasonalError, linearError)
                .isLessThan(linearError / 4);

        // scoring still works (it fills short gaps linearly, see DetectorSpec#scoringResampler)
        assertThat(spec.scoringResampler().imputation()).isEqualTo(Imputation.LINEAR);
    }

    private static double gapRmse(Resampler.Segment segment) {
        double sum = 0;
        int n = 0;
        for (int start : gapStarts()) {
            for (int i = start; i < start + GAP; i++) {
                assertThat(segment.imputed()[i]).isTrue();
                double d = segment.values()[i] - truth(i);
                sum += d * d;
                n++;
            }
        }
        return Math.sqrt(sum / n);
    }

    @Test
    void aSpecWrittenBeforeImputationWasRecordedReadsAsLinearAndAChoiceRoundTrips() throws Exception {
        DetectorSpec knn = new DetectorSpec("linear", io.prognos.core.detect.telemanom.TelemanomConfig.defaults(),
                io.prognos.core.transform.Scaler.fit(io.prognos.core.transform.Scaler.Kind.MINMAX,
                        new double[][]{{1}, {2}, {3}}), PERIOD, GapPolicy.INTERPOLATE, 10, 0, Imputation.knn(5, 12));
        assertThat(DetectorSpec.fromJson(knn.toJson())).isEqualTo(knn);
        ObjectMapper json = new ObjectMapper();
        ObjectNode old = (ObjectNode) json.readTree(knn.toJson());
        old.remove("imputation");
        DetectorSpec read = DetectorSpec.fromJson(json.writeValueAsString(old));
        assertThat(read.imputation()).isEqualTo(Imputation.LINEAR);
        assertThat(read.resampler()).isEqualTo(new Resampler(PERIOD, GapPolicy.INTERPOLATE, 10));
    }

    @Test
    void theChoiceComesFromPrognosYamlAndTheEnvironmentAndBadValuesNameTheKey() throws Exception {
        Path file = tmp.resolve("prognos.yaml");
        Files.writeString(file, "training:\n  imputation: seasonal\n  imputation_period: 96\n");
        TrainingOptions options = PrognosConfig.load(file, true, Map.of()).applyTo(TrainingOptions.defaults());
        assertThat(options.imputation()).isEqualTo(new ImputationChoice(io.prognos.core.transform.Imputer.Strategy.SEASONAL,
                96, null, null));
        assertThat(options.imputation().resolve(PERIOD)).isEqualTo(Imputation.seasonal(96));
        TrainingOptions knn = PrognosConfig.load(null, false, Map.of("PROGNOS_TRAINING_IMPUTATION", "knn",
                "PROGNOS_TRAINING_KNN_K", "3")).applyTo(TrainingOptions.defaults());
        assertThat(knn.imputation().resolve(PERIOD)).isEqualTo(Imputation.knn(3, ImputationChoice.DEFAULT_CONTEXT));
        assertThat(ImputationChoice.of("seasonal", null, null, null, "i", "p", "k", "c").resolve(PERIOD))
                .as("one day by default").isEqualTo(Imputation.seasonal(DAY));

        Files.writeString(file, "training:\n  imputation: cubic\n");
        assertThatThrownBy(() -> PrognosConfig.load(file, true, Map.of())).hasMessageContaining("training.imputation 'cubic'")
                .hasMessageContaining("linear, seasonal, knn");
        Files.writeString(file, "training:\n  knn_k: 3\n");
        assertThatThrownBy(() -> PrognosConfig.load(file, true, Map.of())).hasMessageContaining("training.knn_k is only used by "
                + "training.imputation knn");
        Files.writeString(file, "training:\n  imputation: seasonal\n  imputation_period: 1\n");
        assertThatThrownBy(() -> PrognosConfig.load(file, true, Map.of()))
                .hasMessageContaining("training.imputation_period must be >= 2");
        assertThatThrownBy(() -> PrognosConfig.load(null, false, Map.of("PROGNOS_TRAINING_KNN_CONTEXT", "many")))
                .hasMessageContaining("PROGNOS_TRAINING_KNN_CONTEXT").hasMessageContaining("training.knn_context");
        // a sensor sampled too slowly for a day-long default season is refused, naming the setting
        assertThatThrownBy(() -> ImputationChoice.of("seasonal", null, null, null, "i", "p", "k", "c")
                .resolve(Duration.ofHours(18).toMillis())).hasMessageContaining("training.imputation_period");
    }

}

package io.prognos.pipeline;

import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Sensor;
import io.prognos.core.detect.predict.TrainingListener;
import io.prognos.core.sim.InjectedAnomalySeries;
import io.prognos.store.AssetRepository;
import io.prognos.store.DatasetRepository;
import io.prognos.store.DatasetVersion;
import io.prognos.store.ModelVersion;
import io.prognos.store.Run;
import io.prognos.store.RunTracker;
import io.prognos.store.Stage;
import io.prognos.store.StoredAnomaly;
import io.prognos.store.TelemetryRepository;
import io.prognos.store.TestStores;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Train, register, promote and score through the store, on SQLite and PostgreSQL. */
class PipelineTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long PERIOD = 60_000L;

    @TempDir
    Path tmp;

    private PipelineContext fleet(io.prognos.store.Dialect dialect) {
        PipelineContext context = new PipelineContext(TestStores.open(dialect, tmp),
                new io.prognos.store.ArtifactStore(tmp.resolve("artifacts")), "test-version");
        AssetRepository assets = new AssetRepository(context.db());
        assets.save(new Asset("pump", "Pump", "pump", null, 4));
        assets.save(new Sensor("pump.flow", "pump", "flow", "l/s", Duration.ofMinutes(1), null, null, null));
        assets.save(new Sensor("pump.stuck", "pump", "stuck gauge", "bar", Duration.ofMinutes(1), null, null, null));
        InjectedAnomalySeries.Generated g = InjectedAnomalySeries.generate(7);
        long[] ts = new long[g.values().length];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = T0 + i * PERIOD;
        }
        TelemetryRepository telemetry = new TelemetryRepository(context.db());
        telemetry.ingest("pump.flow", ts, g.values());
        double[] constant = new double[2000];
        Arrays.fill(constant, 3.0);
        telemetry.ingest("pump.stuck", Arrays.copyOf(ts, 2000), constant);
        return context;
    }

    @ParameterizedTest
    @EnumSource(io.prognos.store.Dialect.class)
    void trainsRegistersPromotesAndScoresWithFullProvenance(io.prognos.store.Dialect dialect) {
        PipelineContext context = fleet(dialect);
        InjectedAnomalySeries.Generated g = InjectedAnomalySeries.generate(7);
        long until = T0 + g.trainLength() * PERIOD;
        TrainingOptions options = TrainingOptions.defaults().withUntil(until);

        SensorTrainer.Outcome outcome = new SensorTrainer(context).train("pump.flow", options, TrainingListener.NONE);

        assertThat(outcome.status()).as(outcome.message()).isEqualTo(SensorTrainer.Outcome.Status.PROMOTED);
        ModelVersion v = outcome.version();
        assertThat(v.stage()).isEqualTo(Stage.PRODUCTION);
        assertThat(v.validationMetrics()).containsKeys("validation_mse", "validation_alarm_rate", "test_mse",
                "test_alarm_rate").doesNotContainKey("validation_labels");
        assertThat(v.codeVersion()).isEqualTo("test-version");
        assertThat(context.artifacts().load(v.artifactSha256())).isNotEmpty();
        List<DatasetVersion> lineage = new DatasetRepository(context.db()).lineage(v.datasetHash());
        assertThat(lineage).hasSize(2);
        assertThat(lineage.get(0).preprocessing()).containsEntry("scaler", "MINMAX").containsEntry("train_rows", 2800)
                .containsEntry("validation_rows", 800).containsEntry("test_rows", 400).containsEntry("gap_policy", "INTERPOLATE");
        assertThat(lineage.get(1).rowCount()).isEqualTo(g.trainLength());
        Run run = new RunTracker(context.db(), "x").find(v.runId()).orElseThrow();
        assertThat(run.status()).isEqualTo(Run.Status.FINISHED);
        assertThat(run.metrics()).containsKey("in_sample_early_stopping_mse");

        // the same data again: nothing new
        SensorTrainer.Outcome again = new SensorTrainer(context).train("pump.flow", options, TrainingListener.NONE);
        assertThat(again.status()).isEqualTo(SensorTrainer.Outcome.Status.ALREADY_DONE);
        assertThat(new SensorTrainer(context).train("pump.flow", options.withAcceptConstant(true), TrainingListener.NONE)
                .status()).as("accepting constant signals changes nothing for a varying one").isEqualTo(
                SensorTrainer.Outcome.Status.ALREADY_DONE);
        assertThat(new SensorTrainer(context).train("pump.flow", options.withScaling(io.prognos.core.transform.Scaler.Kind.ZSCORE),
                TrainingListener.NONE).status()).as("other scaling, other job").isNotEqualTo(
                SensorTrainer.Outcome.Status.ALREADY_DONE);
        assertThat(context.registry().versions("pump.flow", "detector")).hasSize(2);

        SensorScorer.Outcome scored = new SensorScorer(context).score("pump.flow", until, Long.MAX_VALUE);
        assertThat(scored.scoredPoints()).as("all but the last 10, which need the readings after them")
                .isEqualTo(g.values().length - g.trainLength() - 10);
        assertThat(scored.unscoredPoints()).isEqualTo(10);
        for (InjectedAnomalySeries.Injection injection : g.injections()) {
            long start = T0 + injection.range().start() * PERIOD;
            long end = T0 + injection.range().end() * PERIOD;
            assertThat(scored.anomalies()).as("injected " + injection).anyMatch(a -> a.startMillis() <= end
                    && a.endMillis() >= start);
        }
        assertThat(new SensorScorer(context).score("pump.flow", until, Long.MAX_VALUE).newlyStored()).isZero();
        assertThat(new io.prognos.store.AnomalyRepository(context.db()).list("pump.flow"))
                .extracting(StoredAnomaly::versionId)
                .containsOnly(context.registry().production("pump.flow", "detector").orElseThrow().versionId());
    }

    /**
     * After the signal changes (a noisier, faster cycle), a retrained detector has a larger validation error
     * than the one the incumbent stored on the old, quiet readings, but the incumbent does worse still on the new
     * readings: measured on the same validation data, the retrain wins and is promoted.
     */
    @org.junit.jupiter.api.Test
    void aRetrainAfterTheSignalChangedIsComparedWithProductionOnTheSameValidationData() {
        PipelineContext context = fleet(io.prognos.store.Dialect.SQLITE);
        new AssetRepository(context.db()).save(new Sensor("pump.changed", "pump", "vibration", "mm/s",
                Duration.ofMinutes(1), null, null, null));
        java.util.Random random = new java.util.Random(3);
        int before = 4000;
        int n = 8000;
        long[] ts = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = T0 + i * PERIOD;
            values[i] = i < before ? Math.sin(2 * Math.PI * i / 50.0) + 0.02 * random.nextGaussian()
                    : Math.sin(2 * Math.PI * i / 17.0) + 0.1 * random.nextGaussian();
        }
        new TelemetryRepository(context.db()).ingest("pump.changed", ts, values);
        SensorTrainer.Outcome first = new SensorTrainer(context).train("pump.changed",
                TrainingOptions.defaults().withUntil(T0 + before * PERIOD), TrainingListener.NONE);
        assertThat(first.status()).as(first.message()).isEqualTo(SensorTrainer.Outcome.Status.PROMOTED);
        double storedByIncumbent = first.version().validationMetrics().get("validation_mse");

        SensorTrainer.Outcome retrain = new SensorTrainer(context).train("pump.changed",
                TrainingOptions.defaults().withUntil(T0 + n * PERIOD), TrainingListener.NONE);

        double challenger = retrain.version().validationMetrics().get("validation_mse");
        assertThat(challenger).as("the new readings are noisier than the old ones").isGreaterThan(storedByIncumbent);
        double incumbentOnSameData = new RunTracker(context.db(), "x").find(retrain.version().runId()).orElseThrow()
                .metrics().get("production_validation_mse");
        assertThat(incumbentOnSameData).isGreaterThan(challenger);
        assertThat(retrain.status()).as(retrain.message()).isEqualTo(SensorTrainer.Outcome.Status.PROMOTED);
        assertThat(retrain.message()).contains("on this version's validation data");
        assertThat(context.registry().production("pump.changed", "detector").orElseThrow().versionId())
                .isEqualTo(retrain.version().versionId());
    }

    @org.junit.jupiter.api.Test
    void anOutageLongerThanTheGapLimitSplitsScoringInsteadOfStoppingIt() {
        PipelineContext context = fleet(io.prognos.store.Dialect.SQLITE);
        new AssetRepository(context.db()).save(new Sensor("pump.gappy", "pump", "flow with an outage", "l/s",
                Duration.ofMinutes(1), null, null, null));
        InjectedAnomalySeries.Generated g = InjectedAnomalySeries.generate(7);
        int outageStart = g.trainLength() + 500;
        int outage = 60; // periods, over the default limit of 10
        int kept = g.values().length - outage;
        long[] ts = new long[kept];
        double[] values = new double[kept];
        for (int i = 0, k = 0; i < g.values().length; i++) {
            if (i < outageStart || i >= outageStart + outage) {
                ts[k] = T0 + i * PERIOD;
                values[k++] = g.values()[i];
            }
        }
        new TelemetryRepository(context.db()).ingest("pump.gappy", ts, values);
        long until = T0 + g.trainLength() * PERIOD;
        assertThat(new SensorTrainer(context).train("pump.gappy", TrainingOptions.defaults().withUntil(until),
                TrainingListener.NONE).status()).isEqualTo(SensorTrainer.Outcome.Status.PROMOTED);

        SensorScorer.Outcome scored = new SensorScorer(context).score("pump.gappy", until, Long.MAX_VALUE);

        assertThat(scored.scoredPoints()).as("not the last 10 points before and after the outage, nor the first "
                + "window after it").isEqualTo(g.values().length - g.trainLength() - outage - 20 - 250);
        assertThat(scored.unscoredPoints()).isEqualTo(20 + 250);
        for (InjectedAnomalySeries.Injection injection : g.injections()) {
            long start = T0 + injection.range().start() * PERIOD;
            long end = T0 + injection.range().end() * PERIOD;
            assertThat(scored.anomalies()).as("injected " + injection + " after the outage").anyMatch(
                    a -> a.startMillis() <= end && a.endMillis() >= start);
        }
    }

    @org.junit.jupiter.api.Test
    void heldOutErrorsAreInTheSensorsUnitsSoScalingsCompareFairly() {
        PipelineContext context = fleet(io.prognos.store.Dialect.SQLITE);
        new AssetRepository(context.db()).save(new Sensor("pump.flow-ml", "pump", "flow in ml/s", "ml/s",
                Duration.ofMinutes(1), null, null, null));
        InjectedAnomalySeries.Generated g = InjectedAnomalySeries.generate(7);
        long[] ts = new long[g.trainLength()];
        double[] tenfold = new double[ts.length];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = T0 + i * PERIOD;
            tenfold[i] = 10 * g.values()[i];
        }
        new TelemetryRepository(context.db()).ingest("pump.flow-ml", ts, tenfold);
        TrainingOptions options = TrainingOptions.defaults().withUntil(T0 + g.trainLength() * PERIOD);

        double mse = new SensorTrainer(context).train("pump.flow", options, TrainingListener.NONE).version()
                .validationMetrics().get("validation_mse");
        double tenfoldMse = new SensorTrainer(context).train("pump.flow-ml", options, TrainingListener.NONE).version()
                .validationMetrics().get("validation_mse");

        assertThat(tenfoldMse / mse).isCloseTo(100.0, org.assertj.core.api.Assertions.within(1e-6));
    }

    @org.junit.jupiter.api.Test
    void anLstmDetectorTrainsThroughThePipelineAndScoresFromItsStoredWeights() {
        PipelineContext context = fleet(io.prognos.store.Dialect.SQLITE);
        InjectedAnomalySeries.Generated g = InjectedAnomalySeries.generate(7);
        long until = T0 + g.trainLength() * PERIOD;
        TrainingOptions options = TrainingOptions.defaults().withPredictor("lstm").withUntil(until)
                .withTelemanom(io.prognos.core.detect.telemanom.TelemanomConfig.defaults().withTraining(2, 2));

        SensorTrainer.Outcome outcome = new SensorTrainer(context).train("pump.flow", options, TrainingListener.NONE);

        assertThat(outcome.status()).as(outcome.message()).isEqualTo(SensorTrainer.Outcome.Status.PROMOTED);
        assertThat(outcome.version().algorithm()).isEqualTo("telemanom-lstm");
        assertThat(new RunTracker(context.db(), "x").steps(outcome.version().runId(), "train_loss")).containsOnlyKeys(1, 2);
        SensorScorer.Outcome scored = new SensorScorer(context).score("pump.flow", until, Long.MAX_VALUE);
        assertThat(scored.version().versionId()).isEqualTo(outcome.version().versionId());
        assertThat(scored.scoredPoints()).isEqualTo(g.values().length - g.trainLength() - 10);
    }

    @ParameterizedTest
    @EnumSource(io.prognos.store.Dialect.class)
    void splitGapPolicyTrainsOnTheLatestLongSegmentOfJitteredReadingsAndScoresSegmentsApart(
            io.prognos.store.Dialect dialect) {
        PipelineContext context = fleet(dialect);
        new AssetRepository(context.db()).save(new Sensor("pump.jitter", "pump", "flow, irregular", "l/s",
                Duration.ofMinutes(1), null, null, null));
        InjectedAnomalySeries.Generated g = InjectedAnomalySeries.generate(7);
        java.util.Random random = new java.util.Random(3);
        List<Long> times = new java.util.ArrayList<>();
        List<Double> values = new java.util.ArrayList<>();
        for (int i = 0; i < g.values().length; i++) {
            boolean gap = (i >= 1000 && i < 1500) || (i >= 8000 && i < 8100);
            if (!gap) {
                times.add(T0 + i * PERIOD + random.nextInt(20_001) - 10_000); // +-10 s of jitter
                values.add(g.values()[i]);
            }
        }
        new TelemetryRepository(context.db()).ingest("pump.jitter", times.stream().mapToLong(Long::longValue).toArray(),
                values.stream().mapToDouble(Double::doubleValue).toArray());
        long until = T0 + g.trainLength() * PERIOD;

        SensorTrainer.Outcome interpolated = new SensorTrainer(context).train("pump.jitter",
                TrainingOptions.defaults().withUntil(until), TrainingListener.NONE);
        assertThat(interpolated.status()).isEqualTo(SensorTrainer.Outcome.Status.FAILED);
        assertThat(interpolated.message()).contains("500 missing points").contains("split gap policy");

        TrainingOptions split = TrainingOptions.defaults().withUntil(until).withGaps(io.prognos.core.transform.GapPolicy.SPLIT, 5);
        SensorTrainer.Outcome outcome = new SensorTrainer(context).train("pump.jitter", split, TrainingListener.NONE);

        assertThat(outcome.status()).as(outcome.message()).isEqualTo(SensorTrainer.Outcome.Status.PROMOTED);
        DatasetVersion prepared = new DatasetRepository(context.db()).lineage(outcome.version().datasetHash()).get(0);
        long gridOrigin = times.get(0); // the grid starts at the first reading
        assertThat(prepared.startMillis()).isEqualTo(gridOrigin + 1500 * PERIOD);
        long lastReading = times.stream().filter(t -> t < until).mapToLong(Long::longValue).max().orElseThrow();
        long lastPoint = Math.floorDiv(lastReading - gridOrigin + PERIOD / 2, PERIOD);
        assertThat(prepared.rowCount()).isEqualTo(lastPoint - 1500 + 1);
        assertThat(prepared.preprocessing()).containsEntry("segments", 2).containsEntry("imputed_values", 0)
                .containsEntry("gap_policy", "SPLIT");

        SensorScorer.Outcome scored = new SensorScorer(context).score("pump.jitter", until, Long.MAX_VALUE);
        assertThat(scored.scoredPoints()).as("the gap, the last 10 points of both segments, the first window after it")
                .isEqualTo(g.values().length - g.trainLength() - 100 - 20 - 250);
        assertThat(scored.anomalies()).noneMatch(a -> a.startMillis() < T0 + 8100 * PERIOD
                && a.endMillis() >= T0 + 8000 * PERIOD);
    }

    @ParameterizedTest
    @EnumSource(io.prognos.store.Dialect.class)
    void labelsInsideTheValidationPartGiveLabelledValidationMetrics(io.prognos.store.Dialect dialect) {
        PipelineContext context = fleet(dialect);
        new AssetRepository(context.db()).save(new Sensor("pump.labelled", "pump", "flow, labelled", "l/s",
                Duration.ofMinutes(1), null, null, null));
        java.util.Random random = new java.util.Random(5);
        double[] values = new double[10_000];
        long[] ts = new long[values.length];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = T0 + i * PERIOD;
            values[i] = 0.6 * Math.sin(2 * Math.PI * i / 144) + 0.2 * Math.sin(2 * Math.PI * i / 1000)
                    + 0.03 * random.nextGaussian();
            if (i >= 7_800 && i < 7_860) {
                values[i] += 0.7; // a level shift inside the validation part (points 7000-8999)
            }
        }
        new TelemetryRepository(context.db()).ingest("pump.labelled", ts, values);
        new io.prognos.store.AnomalyRepository(context.db()).saveLabels(List.of(new io.prognos.store.AnomalyRepository.Label(
                "pump.labelled", T0 + 7_800 * PERIOD, T0 + 7_859 * PERIOD, "test", "level shift")));

        SensorTrainer.Outcome outcome = new SensorTrainer(context).train("pump.labelled", TrainingOptions.defaults(),
                TrainingListener.NONE);

        assertThat(outcome.status()).as(outcome.message()).isEqualTo(SensorTrainer.Outcome.Status.PROMOTED);
        assertThat(outcome.version().validationMetrics())
                .containsEntry("validation_labels", 1.0)
                .containsEntry("validation_tp", 1.0)
                .containsEntry("validation_fn", 0.0)
                .containsEntry("validation_recall", 1.0)
                .doesNotContainKey("test_labels");
    }

    @ParameterizedTest
    @EnumSource(io.prognos.store.Dialect.class)
    void criticalDataQualityStopsTrainingAndRecordsWhy(io.prognos.store.Dialect dialect) throws Exception {
        PipelineContext context = fleet(dialect);

        List<SensorTrainer.Outcome> outcomes = new FleetTrainer(context, 2).train(List.of("pump.stuck"),
                TrainingOptions.defaults(), o -> { });

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(SensorTrainer.Outcome.Status.FAILED);
            assertThat(o.message()).contains("data quality of pump.stuck is CRITICAL").contains("constant at 3.0");
        });
        assertThat(new RunTracker(context.db(), "x").list(null, 10)).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(Run.Status.FAILED));
        assertThat(context.registry().versions("pump.stuck", "detector")).isEmpty();
        assertThat(outcomes.get(0).message()).contains("--accept-constant");

        // constant by design: accepted on request, and the detector then flags a departure
        SensorTrainer.Outcome accepted = new SensorTrainer(context).train("pump.stuck",
                TrainingOptions.defaults().withAcceptConstant(true), TrainingListener.NONE);
        assertThat(accepted.status()).as(accepted.message()).isEqualTo(SensorTrainer.Outcome.Status.PROMOTED);
        assertThat(new RunTracker(context.db(), "x").find(accepted.version().runId()).orElseThrow().params())
                .containsEntry("accept_constant", true).containsEntry("data_quality", "POOR");
        long[] later = new long[600];
        double[] values = new double[600];
        for (int i = 0; i < later.length; i++) {
            later[i] = T0 + (2000 + i) * PERIOD;
            values[i] = i >= 300 && i < 320 ? 3.8 : 3.0;
        }
        new TelemetryRepository(context.db()).ingest("pump.stuck", later, values);
        SensorScorer.Outcome scored = new SensorScorer(context).score("pump.stuck", T0 + 2000 * PERIOD, Long.MAX_VALUE);
        assertThat(scored.anomalies()).anyMatch(a -> a.startMillis() <= T0 + 2319 * PERIOD
                && a.endMillis() >= T0 + 2300 * PERIOD);
    }
}

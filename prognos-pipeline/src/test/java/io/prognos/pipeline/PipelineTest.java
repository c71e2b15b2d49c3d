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
        assertThat(v.validationMetrics()).containsKeys("holdout_mse", "holdout_alarm_rate");
        assertThat(v.codeVersion()).isEqualTo("test-version");
        assertThat(context.artifacts().load(v.artifactSha256())).isNotEmpty();
        List<DatasetVersion> lineage = new DatasetRepository(context.db()).lineage(v.datasetHash());
        assertThat(lineage).hasSize(2);
        assertThat(lineage.get(0).preprocessing()).containsEntry("scaler", "MINMAX");
        assertThat(lineage.get(1).rowCount()).isEqualTo(g.trainLength());
        Run run = new RunTracker(context.db(), "x").find(v.runId()).orElseThrow();
        assertThat(run.status()).isEqualTo(Run.Status.FINISHED);
        assertThat(run.metrics()).containsKey("in_sample_early_stopping_mse");

        // the same data again: nothing new
        SensorTrainer.Outcome again = new SensorTrainer(context).train("pump.flow", options, TrainingListener.NONE);
        assertThat(again.status()).isEqualTo(SensorTrainer.Outcome.Status.ALREADY_DONE);
        assertThat(context.registry().versions("pump.flow", "detector")).hasSize(1);

        SensorScorer.Outcome scored = new SensorScorer(context).score("pump.flow", until, Long.MAX_VALUE);
        assertThat(scored.scoredPoints()).isEqualTo(g.values().length - g.trainLength());
        for (InjectedAnomalySeries.Injection injection : g.injections()) {
            long start = T0 + injection.range().start() * PERIOD;
            long end = T0 + injection.range().end() * PERIOD;
            assertThat(scored.anomalies()).as("injected " + injection).anyMatch(a -> a.startMillis() <= end
                    && a.endMillis() >= start);
        }
        assertThat(new SensorScorer(context).score("pump.flow", until, Long.MAX_VALUE).newlyStored()).isZero();
        assertThat(new io.prognos.store.AnomalyRepository(context.db()).list("pump.flow"))
                .extracting(StoredAnomaly::versionId).containsOnly(v.versionId());
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
    }
}

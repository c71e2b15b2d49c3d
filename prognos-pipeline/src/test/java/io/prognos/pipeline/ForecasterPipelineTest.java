package io.prognos.pipeline;

import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Limits;
import io.prognos.core.asset.Sensor;
import io.prognos.core.forecast.CalibratedRidge;
import io.prognos.core.forecast.LimitCrossing;
import io.prognos.store.AssetRepository;
import io.prognos.store.Dialect;
import io.prognos.store.ModelVersion;
import io.prognos.store.Stage;
import io.prognos.store.TelemetryRepository;
import io.prognos.store.TestStores;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A forecaster trained through the pipeline, registered, restored and used, on SQLite and PostgreSQL. */
class ForecasterPipelineTest {

    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final long PERIOD = 600_000L;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aForecasterTrainsRegistersAndForecastsFromItsLastReadingWithLimits(Dialect dialect) {
        PipelineContext context = new PipelineContext(TestStores.open(dialect, tmp),
                new io.prognos.store.ArtifactStore(tmp.resolve("artifacts")), "test-version");
        long[] ts = new long[3_000];
        double[] values = new double[ts.length];
        degradingBearing(context, ts, values);
        SensorForecaster forecaster = new SensorForecaster(context);

        SensorTrainer.Outcome outcome = forecaster.train("pump.bearing", 300, TrainingOptions.defaults());

        assertThat(outcome.status()).as(outcome.message()).isEqualTo(SensorTrainer.Outcome.Status.PROMOTED);
        ModelVersion v = outcome.version();
        assertThat(v.kind()).isEqualTo("forecaster");
        assertThat(v.stage()).isEqualTo(Stage.PRODUCTION);
        assertThat(v.validationMetrics()).containsKeys("validation_mse", "validation_mae", "test_mae", "test_coverage_90")
                .doesNotContainKey("in_sample_mae");
        assertThat(forecaster.train("pump.bearing", 300, TrainingOptions.defaults()).status())
                .isEqualTo(SensorTrainer.Outcome.Status.ALREADY_DONE);

        SensorForecaster.Forecast f = forecaster.forecast("pump.bearing", 200, 0.9);

        assertThat(f.version().versionId()).isEqualTo(v.versionId());
        assertThat(f.forecast().times()).hasSize(200);
        assertThat(f.forecast().times()[0]).as("one period after the last reading").isEqualTo(ts[ts.length - 1] + PERIOD);
        CalibratedRidge stored = CalibratedRidge.fromBytes(context.artifacts().load(v.artifactSha256()));
        double[] direct = stored.forecast(java.util.Arrays.copyOfRange(values, 0, values.length));
        assertThat(f.forecast().mean()).containsExactly(java.util.Arrays.copyOf(direct, 200));
        LimitCrossing critical = f.forecast().crossing(f.sensor().critical().high(), true);
        assertThat(critical.probability()).isGreaterThan(0.9);
        assertThat(critical.crossingStepQuantile(0.5)).as("the trend reaches 80 at step 150").isBetween(120, 170);

        assertThatThrownBy(() -> forecaster.forecast("pump.bearing", 301, 0.9)).hasMessageContaining("up to 300 steps");
        assertThatThrownBy(() -> forecaster.forecast("pump.none", 10, 0.9)).hasMessageContaining("pump.none");

        // errors grow with the horizon, so versions compete only at equal horizons: a shorter one, with a
        // lower validation MSE, is not judged against the longer one but replaces it as the newest request
        SensorTrainer.Outcome shorter = forecaster.train("pump.bearing", 48, TrainingOptions.defaults());
        assertThat(shorter.status()).as(shorter.message()).isEqualTo(SensorTrainer.Outcome.Status.PROMOTED);
        assertThat(shorter.message()).contains("has no validation_mse_h48");
        assertThat(shorter.version().validationMetrics()).containsKey("validation_mse_h48").doesNotContainKey(
                "validation_mse_h300");
    }

    @org.junit.jupiter.api.Test
    void aPatchTstForecasterTrainsThroughThePipelineAndForecastsFromItsStoredWeights() {
        PipelineContext context = new PipelineContext(TestStores.open(Dialect.SQLITE, tmp),
                new io.prognos.store.ArtifactStore(tmp.resolve("artifacts")), "test-version");
        long[] ts = new long[3_000];
        double[] values = new double[ts.length];
        degradingBearing(context, ts, values);
        SensorForecaster forecaster = new SensorForecaster(context);

        SensorTrainer.Outcome outcome = forecaster.train("pump.bearing", 48, new ForecasterChoice("patchtst", 3, 600),
                TrainingOptions.defaults());

        assertThat(outcome.status()).as(outcome.message()).isEqualTo(SensorTrainer.Outcome.Status.PROMOTED);
        ModelVersion v = outcome.version();
        assertThat(v.algorithm()).isEqualTo("patchtst-forecaster");
        assertThat(v.validationMetrics()).containsKeys("validation_mse", "validation_mse_h48", "test_mae",
                "test_coverage_90");
        assertThat(new io.prognos.store.RunTracker(context.db(), "x").steps(v.runId(), "train_loss")).hasSize(3);
        SensorForecaster.Forecast f = forecaster.forecast("pump.bearing", 48, 0.9);
        assertThat(f.forecast().times()[0]).isEqualTo(ts[ts.length - 1] + PERIOD);
        try (io.prognos.core.forecast.CalibratedForecaster stored = io.prognos.core.forecast.CalibratedForecaster.fromBytes(
                context.artifacts().load(v.artifactSha256()), io.prognos.ml.patchtst.PatchTstForecaster::fromBytes)) {
            assertThat(f.forecast().mean()).containsExactly(stored.forecast(values));
            assertThat(stored.name()).isEqualTo("patchtst");
            assertThat(stored.validation().mse()).isEqualTo(v.validationMetrics().get("validation_mse"));
        }
        double last = values[values.length - 1];
        assertThat(f.forecast().mean()[47]).as("a learned forecast stays near the signal, which rises about 1 degC "
                + "over 48 steps").isBetween(last - 5, last + 5);
    }

    @org.junit.jupiter.api.Test
    void aBlendOfPatchTstAndTheRidgeIsNoWorseOnValidationThanTheRidgeAndRestoresFromItsArtifact() throws Exception {
        PipelineContext context = new PipelineContext(TestStores.open(Dialect.SQLITE, tmp),
                new io.prognos.store.ArtifactStore(tmp.resolve("artifacts")), "test-version");
        long[] ts = new long[3_000];
        double[] values = new double[ts.length];
        degradingBearing(context, ts, values);
        SensorForecaster forecaster = new SensorForecaster(context);
        SensorTrainer.Outcome ridge = forecaster.train("pump.bearing", 48, TrainingOptions.defaults());

        SensorTrainer.Outcome blend = forecaster.train("pump.bearing", 48, new ForecasterChoice("patchtst-ridge", 3, 600),
                TrainingOptions.defaults());

        assertThat(blend.status()).as(blend.message()).isIn(SensorTrainer.Outcome.Status.PROMOTED,
                SensorTrainer.Outcome.Status.KEPT_PRODUCTION);
        ModelVersion v = blend.version();
        assertThat(v.algorithm()).isEqualTo("patchtst-ridge-forecaster");
        // the blend can always fall back to the ridge alone (weight 0), and the weight is fitted on these windows
        assertThat(v.validationMetrics().get("validation_mse"))
                .isLessThanOrEqualTo(ridge.version().validationMetrics().get("validation_mse") * (1 + 1e-9));
        double weight = new com.fasterxml.jackson.databind.ObjectMapper().readTree(v.config()).get("patchtst_weight")
                .asDouble(Double.NaN);
        assertThat(weight).isBetween(0.0, 1.0);
        try (io.prognos.core.forecast.CalibratedForecaster stored = io.prognos.core.forecast.CalibratedForecaster.fromBytes(
                context.artifacts().load(v.artifactSha256()), bytes -> io.prognos.core.forecast.BlendedForecaster.fromBytes(
                        bytes, io.prognos.ml.patchtst.PatchTstForecaster::fromBytes,
                        io.prognos.core.forecast.RidgeForecaster::fromBytes))) {
            assertThat(stored.name()).isEqualTo("patchtst+ridge");
            assertThat(stored.validation().mse()).isEqualTo(v.validationMetrics().get("validation_mse"));
            if (blend.status() == SensorTrainer.Outcome.Status.PROMOTED) {
                assertThat(forecaster.forecast("pump.bearing", 48, 0.9).forecast().mean())
                        .containsExactly(stored.forecast(values));
            }
        }
    }

    /** A bearing whose temperature rises from 20 towards its critical 80 degC with a daily cycle and noise. */
    @org.junit.jupiter.api.Test
    void aForecasterFittedOnItsAssetsOtherSensorsRecordsWhichJoinedAndRetrainsWhenTheyChange() throws Exception {
        PipelineContext context = new PipelineContext(TestStores.open(Dialect.SQLITE, tmp),
                new io.prognos.store.ArtifactStore(tmp.resolve("artifacts")), "test-version");
        long[] ts = new long[3_000];
        double[] values = new double[ts.length];
        degradingBearing(context, ts, values);
        AssetRepository assets = new AssetRepository(context.db());
        TelemetryRepository telemetry = new TelemetryRepository(context.db());
        Limits none = new Limits(Double.NaN, Double.NaN);
        assets.save(new Sensor("pump.casing", "pump", "casing temperature", "degC", Duration.ofMinutes(10), none, none, none));
        assets.save(new Sensor("pump.flow", "pump", "flow", "m3/h", Duration.ofMinutes(10), none, none, none));
        assets.save(new Sensor("pump.vibration", "pump", "vibration", "mm/s", Duration.ofMinutes(1), none, none, none));
        double[] casing = new double[ts.length];
        for (int t = 0; t < ts.length; t++) {
            casing[t] = 0.5 * values[t] + 3;
        }
        telemetry.ingest("pump.casing", ts, casing);
        // the flow meter stopped for the last third: it cannot join a forecaster trained on the whole stretch
        telemetry.ingest("pump.flow", java.util.Arrays.copyOf(ts, 2_000), java.util.Arrays.copyOf(values, 2_000));
        telemetry.ingest("pump.vibration", new long[]{T0}, new double[]{1.0});
        SensorForecaster forecaster = new SensorForecaster(context);
        ForecasterChoice pooled = ForecasterChoice.of("ridge").withAssetInputs(true);

        SensorTrainer.Outcome outcome = forecaster.train("pump.bearing", 48, pooled, TrainingOptions.defaults());

        assertThat(outcome.status()).as(outcome.message()).isEqualTo(SensorTrainer.Outcome.Status.PROMOTED);
        com.fasterxml.jackson.databind.JsonNode spec = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(outcome.version().config());
        assertThat(spec.get("asset_inputs").toString()).isEqualTo("[\"pump.casing\"]");
        assertThat(spec.get("asset_inputs_skipped").get("pump.flow").asText()).contains("no value at 1000 of the 3000");
        assertThat(spec.get("asset_inputs_skipped").get("pump.vibration").asText()).contains("PT1M");
        assertThat(new io.prognos.store.DatasetRepository(context.db()).find(outcome.version().datasetHash()).orElseThrow()
                .sensors()).containsExactly("pump.bearing", "pump.casing");
        assertThat(forecaster.forecast("pump.bearing", 48, 0.9).forecast().times()).hasSize(48);
        assertThat(forecaster.train("pump.bearing", 48, pooled, TrainingOptions.defaults()).status())
                .isEqualTo(SensorTrainer.Outcome.Status.ALREADY_DONE);

        // a companion's new data is new training data: the same call trains again
        telemetry.ingest("pump.casing", new long[]{ts[ts.length - 1] + PERIOD}, new double[]{45});
        assertThat(forecaster.train("pump.bearing", 48, pooled, TrainingOptions.defaults()).status())
                .isNotEqualTo(SensorTrainer.Outcome.Status.ALREADY_DONE);

        // a sensor alone on its asset has nothing to learn from besides itself: refused, with the reason
        assets.save(new Asset("fan", "Fan", "fan", null, 5));
        assets.save(new Sensor("fan.speed", "fan", "speed", "rpm", Duration.ofMinutes(10), none, none, none));
        telemetry.ingest("fan.speed", ts, values);
        SensorTrainer.Outcome alone = forecaster.train("fan.speed", 48, pooled, TrainingOptions.defaults());
        assertThat(alone.status()).isEqualTo(SensorTrainer.Outcome.Status.FAILED);
        assertThat(alone.message()).contains("no other sensor of asset fan").contains("train without asset inputs");
    }

    private static void degradingBearing(PipelineContext context, long[] ts, double[] values) {
        AssetRepository assets = new AssetRepository(context.db());
        assets.save(new Asset("pump", "Pump", "pump", null, 5));
        assets.save(new Sensor("pump.bearing", "pump", "bearing temperature", "degC", Duration.ofMinutes(10),
                new Limits(20, 70), new Limits(Double.NaN, 75), new Limits(Double.NaN, 80)));
        Random random = new Random(4);
        for (int t = 0; t < ts.length; t++) {
            ts[t] = T0 + t * PERIOD;
            values[t] = 20 + 60.0 / 3_150 * t + 0.5 * Math.sin(2 * Math.PI * t / 144) + 0.1 * random.nextGaussian();
        }
        new TelemetryRepository(context.db()).ingest("pump.bearing", ts, values);
    }
}

package io.prognos.pipeline;

import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Sensor;
import io.prognos.store.ArtifactStore;
import io.prognos.store.AssetRepository;
import io.prognos.store.Dialect;
import io.prognos.store.TelemetryRepository;
import io.prognos.store.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The pipeline reports each step of a training, and its epochs, to a {@link TrainingProgress}, as it does them. */
class TrainingProgressTest {

    private static final long T0 = 1_767_225_600_000L;

    @TempDir
    Path tmp;

    /** Everything reported, in order: step names, and "epoch e/max". */
    private static final class Recorder implements TrainingProgress {
        final List<String> seen = new ArrayList<>();

        @Override
        public void stepStarted(TrainingStep step) {
            seen.add(step.name());
        }

        @Override
        public void epochFinished(int epoch, int maxEpochs, double trainLoss, double validationLoss) {
            seen.add("epoch " + epoch + "/" + maxEpochs);
        }
    }

    @Test
    void detectorsAndForecastersReportTheirStepsInOrderAndFailuresStopWhereTheyFail() {
        PipelineContext context = new PipelineContext(TestStores.open(Dialect.SQLITE, tmp),
                new ArtifactStore(tmp.resolve("artifacts")), "test");
        store(context, "pump.flow", 3_000);
        store(context, "pump.short", 40);

        Recorder detector = new Recorder();
        SensorTrainer.Outcome trained = new SensorTrainer(context).train("pump.flow", TrainingOptions.defaults(), detector);
        assertThat(trained.status()).as(trained.message()).isEqualTo(SensorTrainer.Outcome.Status.PROMOTED);
        assertThat(detector.seen).containsExactly("LOADING", "CHECKING_QUALITY", "PREPARING", "TRAINING", "epoch 1/1",
                "EVALUATING", "REGISTERING");

        Recorder forecaster = new Recorder();
        SensorTrainer.Outcome forecast = new SensorForecaster(context).train("pump.flow", 24, ForecasterChoice.of("ridge"),
                TrainingOptions.defaults(), forecaster);
        assertThat(forecast.status()).as(forecast.message()).isEqualTo(SensorTrainer.Outcome.Status.PROMOTED);
        assertThat(forecaster.seen).containsExactly("LOADING", "CHECKING_QUALITY", "PREPARING", "TRAINING", "REGISTERING");

        Recorder failing = new Recorder();
        SensorTrainer.Outcome failed = new SensorTrainer(context).train("pump.short", TrainingOptions.defaults(), failing);
        assertThat(failed.status()).isEqualTo(SensorTrainer.Outcome.Status.FAILED);
        assertThat(failing.seen).containsExactly("LOADING", "CHECKING_QUALITY", "PREPARING");
    }

    private static void store(PipelineContext context, String sensor, int n) {
        AssetRepository assets = new AssetRepository(context.db());
        assets.save(new Asset("pump", "Pump", "pump", "hall", 3));
        assets.save(new Sensor(sensor, "pump", sensor, "m3/h", Duration.ofMinutes(10), null, null, null));
        Random random = new Random(3);
        long[] ts = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = T0 + i * 600_000L;
            values[i] = 50 + 5 * Math.sin(2 * Math.PI * i / 144) + random.nextGaussian();
        }
        new TelemetryRepository(context.db()).ingest(sensor, ts, values);
    }
}

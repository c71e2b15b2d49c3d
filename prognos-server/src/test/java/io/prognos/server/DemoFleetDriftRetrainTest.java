package io.prognos.server;

import io.prognos.core.detect.predict.TrainingListener;
import io.prognos.core.drift.DriftRecommendation;
import io.prognos.core.drift.DriftSeverity;
import io.prognos.core.sim.FleetSimulator;
import io.prognos.pipeline.SensorTrainer;
import io.prognos.pipeline.TrainingOptions;
import io.prognos.server.drift.DriftMonitor;
import io.prognos.server.jobs.JobState;
import io.prognos.server.sim.SimulatedFleet;
import io.prognos.store.Dialect;
import io.prognos.store.DriftReportRepository.StoredDriftReport;
import io.prognos.store.ModelVersion;
import io.prognos.store.TelemetryPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drift monitor on the demo's simulated fleet: detectors trained on its clean history, then a day of live
 * readings with the simulator's faults (among them a slow degradation of the compressor's oil temperature toward
 * its critical limit). The degrading sensor's drift reaches HIGH or more, which queues a retraining job; the job
 * trains through the pipeline and registers a challenger version with its provenance and held-out metrics. No
 * sensor without a simulated fault is retrained. (Measured with seed 11: the oil temperature CRITICAL, both inputs
 * and errors; the motor current's level shift CRITICAL and the stuck flow meter HIGH, both as concept drift from
 * the prediction errors; the other nine NONE.)
 */
class DemoFleetDriftRetrainTest {

    private static final long T0 = 1_767_225_600_000L;
    private static final int DAY = 1440;

    @TempDir
    Path temp;

    @Test
    void aDriftingSensorOfTheDemoFleetIsRetrainedAndGetsAChallenger() throws Exception {
        try (TestServer s = TestServer.start(Dialect.SQLITE, temp)) {
            FleetSimulator sim = new FleetSimulator(11, T0, 3 * DAY);
            SimulatedFleet.register(s.context.db(), sim);
            SimulatedFleet.ingestUntil(s.context.db(), sim, sim.liveStartMillis());
            for (var sensor : sim.sensors()) {
                SensorTrainer.Outcome trained = new SensorTrainer(s.context).train(sensor.id(), TrainingOptions.defaults(),
                        TrainingListener.NONE);
                assertThat(trained.status()).as(sensor.id() + ": " + trained.message())
                        .isEqualTo(SensorTrainer.Outcome.Status.PROMOTED);
            }
            for (int minute = 0; minute < DAY; minute++) {
                List<TelemetryPoint> batch = new ArrayList<>();
                sim.next().forEach(r -> batch.add(new TelemetryPoint(r.sensorId(), r.timestampMillis(), r.value())));
                s.server.ingest().ingest(batch, "test");
            }

            DriftMonitor.Check check = s.server.driftMonitor().check(System.currentTimeMillis());

            Map<String, StoredDriftReport> bySensor = check.reports().stream()
                    .collect(Collectors.toMap(StoredDriftReport::sensorId, Function.identity()));
            assertThat(bySensor).hasSize(sim.sensors().size());
            java.util.Set<String> faulty = sim.faults().stream().map(FleetSimulator.Fault::sensorId)
                    .collect(Collectors.toSet());
            assertThat(check.retraining().keySet()).as("only sensors with a simulated fault are retrained")
                    .isSubsetOf(faulty);
            StoredDriftReport oil = bySensor.get("COMP-301-OIL-TEMP");
            assertThat(oil.severity()).as(oil.explanation()).isIn(DriftSeverity.HIGH, DriftSeverity.CRITICAL);
            assertThat(oil.recommendation()).isEqualTo(DriftRecommendation.RETRAIN);
            assertThat(check.retraining()).containsKey("COMP-301-OIL-TEMP");
            long jobId = check.retraining().get("COMP-301-OIL-TEMP");
            MqttIngestTest.await(() -> s.server.trainingJobs().find(jobId).orElseThrow().state().label()
                    .matches("succeeded|failed|cancelled"));
            assertThat(s.server.trainingJobs().find(jobId).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);

            List<ModelVersion> versions = s.context.registry().versions("COMP-301-OIL-TEMP", "detector");
            assertThat(versions).hasSize(2);
            ModelVersion challenger = versions.stream().max(java.util.Comparator.comparingInt(ModelVersion::version))
                    .orElseThrow();
            assertThat(challenger.version()).isEqualTo(2);
            assertThat(challenger.runId()).isNotNull();
            assertThat(challenger.validationMetrics()).containsKey("validation_mse");
            assertThat(s.context.registry().history("COMP-301-OIL-TEMP", "detector")).isNotEmpty();
        }
    }
}

package io.prognos.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.prognos.core.asset.Sensor;
import io.prognos.core.drift.DriftRecommendation;
import io.prognos.core.drift.DriftSeverity;
import io.prognos.core.drift.DriftType;
import io.prognos.pipeline.SensorTrainer;
import io.prognos.core.detect.predict.TrainingListener;
import io.prognos.pipeline.TrainingOptions;
import io.prognos.server.drift.DriftMonitor;
import io.prognos.server.jobs.JobState;
import io.prognos.server.jobs.TrainingJob;
import io.prognos.store.AssetRepository;
import io.prognos.store.Dialect;
import io.prognos.store.DriftReportRepository;
import io.prognos.store.DriftReportRepository.StoredDriftReport;
import io.prognos.store.TelemetryRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drift monitor on a real server and SQLite store: three sensors trained on three clean days (a daily cycle
 * plus noise), then a fourth day that shifts one of them by about five standard deviations, leaves one as it was,
 * and freezes one at a constant. The shifted sensor gets a HIGH or CRITICAL input drift report and exactly one
 * retraining job (a second check within the cooldown submits none); the unchanged one gets NONE and no job; the
 * frozen one gets INSPECT_SENSOR and no job. The reports are served by the drift API.
 */
class DriftMonitorTest {

    private static final long T0 = 1_767_225_600_000L;
    private static final long MINUTE = 60_000;
    private static final int DAY = 1440;

    @TempDir
    Path temp;

    @Test
    void shiftedSensorIsRetrainedOnceSteadyOneLeftAloneAndStuckOneFlaggedForInspection() throws Exception {
        try (TestServer s = TestServer.start(Dialect.SQLITE, temp)) {
            AssetRepository assets = new AssetRepository(s.context.db());
            TelemetryRepository telemetry = new TelemetryRepository(s.context.db());
            Map<String, Double> offsetOnDay4 = Map.of("P1-SHIFT", 20.0, "P1-STEADY", 0.0);
            for (String id : List.of("P1-SHIFT", "P1-STEADY", "P1-STUCK")) {
                assets.save(new Sensor(id, "PUMP-1", id, "bar", Duration.ofMinutes(1), null, null, null));
                telemetry.ingest(id, minutes(0, 3 * DAY), cycle(id.hashCode(), 0, 3 * DAY, 0));
                SensorTrainer.Outcome trained = new SensorTrainer(s.context).train(id, TrainingOptions.defaults(),
                        TrainingListener.NONE);
                assertThat(trained.status()).as(trained.message()).isEqualTo(SensorTrainer.Outcome.Status.PROMOTED);
                double[] day4 = id.equals("P1-STUCK") ? constant(DAY, 52.5)
                        : cycle(id.hashCode() + 1, 3 * DAY, DAY, offsetOnDay4.get(id));
                telemetry.ingest(id, minutes(3 * DAY, DAY), day4);
            }

            DriftMonitor monitor = s.server.driftMonitor();
            long now = System.currentTimeMillis();
            DriftMonitor.Check first = monitor.check(now);
            assertThat(first.skipped()).isEmpty();
            Map<String, StoredDriftReport> bySensor = first.reports().stream()
                    .collect(Collectors.toMap(StoredDriftReport::sensorId, Function.identity()));
            assertThat(bySensor).containsOnlyKeys("P1-SHIFT", "P1-STEADY", "P1-STUCK");

            StoredDriftReport shifted = bySensor.get("P1-SHIFT");
            assertThat(shifted.severity()).as(shifted.explanation()).isIn(DriftSeverity.HIGH, DriftSeverity.CRITICAL);
            assertThat(shifted.type()).as(shifted.explanation()).isIn(DriftType.COVARIATE, DriftType.BOTH);
            assertThat(shifted.recommendation()).isEqualTo(DriftRecommendation.RETRAIN);
            assertThat(shifted.meanShift()).isGreaterThan(3);
            assertThat(shifted.current().size()).isEqualTo(DAY);
            assertThat(shifted.current().fromMillis()).isEqualTo(T0 + 3L * DAY * MINUTE);
            assertThat(shifted.reference().toMillis()).isLessThan(shifted.current().fromMillis());
            assertThat(shifted.reference().size()).isGreaterThan(2 * DAY);
            assertThat(shifted.errorSeverity()).as("prediction errors compared too").isNotNull();

            StoredDriftReport steady = bySensor.get("P1-STEADY");
            assertThat(steady.severity()).as(steady.explanation()).isEqualTo(DriftSeverity.NONE);
            assertThat(steady.type()).isEqualTo(DriftType.NONE);
            assertThat(steady.recommendation()).isEqualTo(DriftRecommendation.MONITOR);

            StoredDriftReport stuck = bySensor.get("P1-STUCK");
            assertThat(stuck.recommendation()).as(stuck.explanation()).isEqualTo(DriftRecommendation.INSPECT_SENSOR);
            assertThat(stuck.sdRatio()).isZero();

            assertThat(first.retraining()).containsOnlyKeys("P1-SHIFT");
            List<TrainingJob> byMonitor = monitorJobs(s);
            assertThat(byMonitor).hasSize(1);
            assertThat(byMonitor.get(0).sensors()).containsExactly("P1-SHIFT");
            assertThat(byMonitor.get(0).id()).isEqualTo(first.retraining().get("P1-SHIFT"));

            // within the cooldown: no further job, whatever the reports say
            DriftMonitor.Check second = monitor.check(now + Duration.ofHours(1).toMillis());
            assertThat(second.retraining()).isEmpty();
            assertThat(monitorJobs(s)).hasSize(1);

            // the job trains through the pipeline like any other
            long jobId = byMonitor.get(0).id();
            MqttIngestTest.await(() -> s.server.trainingJobs().find(jobId).orElseThrow().state().label()
                    .matches("succeeded|failed|cancelled"));
            assertThat(s.server.trainingJobs().find(jobId).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);

            // stored and served
            assertThat(new DriftReportRepository(s.context.db()).history("P1-STEADY", 10))
                    .hasSize(1 + (int) second.reports().stream().filter(r -> r.sensorId().equals("P1-STEADY")).count());
            HttpResponse<String> latest = s.get("/api/v1/drift", s.viewer);
            assertThat(latest.statusCode()).as(latest.body()).isEqualTo(200);
            JsonNode items = TestServer.json(latest).get("items");
            assertThat(items).hasSize(3);
            JsonNode shiftedJson = items.get(0);
            assertThat(shiftedJson.get("sensor").asText()).isEqualTo("P1-SHIFT");
            assertThat(shiftedJson.get("metrics").get("mean_shift").asDouble()).isGreaterThan(3);
            assertThat(shiftedJson.get("reference").get("readings").asInt()).isGreaterThan(2 * DAY);
            HttpResponse<String> history = s.get("/api/v1/sensors/P1-STUCK/drift?limit=5", s.viewer);
            assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
            assertThat(TestServer.json(history).get("items").get(0).get("recommendation").asText())
                    .isEqualTo("INSPECT_SENSOR");
            assertThat(s.get("/api/v1/drift", null).statusCode()).isEqualTo(401);
            assertThat(s.get("/api/v1/sensors/NOPE/drift", s.viewer).statusCode()).isEqualTo(404);
            assertThat(s.get("/api/v1/sensors/P1-STUCK/drift?limit=0", s.viewer).statusCode()).isEqualTo(400);
            JsonNode openapi = TestServer.json(s.get("/api/v1/openapi.json", null));
            assertThat(openapi.get("paths").has("/api/v1/drift")).isTrue();
            assertThat(openapi.get("paths").has("/api/v1/sensors/{id}/drift")).isTrue();
        }
    }

    private static List<TrainingJob> monitorJobs(TestServer s) {
        return s.server.trainingJobs().list().stream().filter(j -> DriftMonitor.ACTOR.equals(j.requestedBy())).toList();
    }

    private static long[] minutes(int first, int n) {
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = T0 + (first + i) * MINUTE;
        }
        return ts;
    }

    /** 50 + a daily cycle of amplitude 5 + unit Gaussian noise (sd of the whole about 3.7), plus an offset. */
    private static double[] cycle(long seed, int first, int n, double offset) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 50 + 5 * Math.sin(2 * Math.PI * (first + i) / DAY) + r.nextGaussian() + offset;
        }
        return v;
    }

    private static double[] constant(int n, double value) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, value);
        return v;
    }
}

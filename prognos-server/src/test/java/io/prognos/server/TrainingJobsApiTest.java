package io.prognos.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.prognos.core.sim.FleetSimulator;
import io.prognos.pipeline.TrainingOptions;
import io.prognos.server.jobs.TrainingJob;
import io.prognos.server.jobs.TrainingJobs;
import io.prognos.server.sim.SimulatedFleet;
import io.prognos.store.Dialect;
import io.prognos.store.ModelVersion;
import io.prognos.store.Run;
import io.prognos.store.RunTracker;
import io.prognos.store.Stage;
import io.prognos.store.TelemetryRepository;
import io.prognos.store.TrainingJobRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Training jobs over the API on a real server and SQLite store with simulated history: a detector job and a
 * forecaster job train through the pipeline with moving progress and land in the registry with provenance; a
 * sensor with too little data fails alone; requests are validated and need an operator; cancel stops a queued
 * job at once and a running one between sensors. Uses the linear detector and the ridge forecaster (no DJL).
 */
class TrainingJobsApiTest {

    private static final long T0 = 1_767_225_600_000L;

    @TempDir
    Path temp;

    @Test
    void jobsTrainRegisterAndPromoteWithProgressAndPerSensorFailures() throws Exception {
        try (TestServer s = startWithHistory()) {
            HttpResponse<String> started = s.post("/api/v1/training-jobs", s.operator,
                    "{\"kind\": \"detector\", \"sensors\": [\"PUMP-101-VIBRATION\", \"P1-TEMP\", \"PUMP-101-PRESSURE\"]}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            JsonNode job = TestServer.json(started);
            long id = job.get("id").asLong();
            assertThat(started.headers().firstValue("Location")).hasValue("/api/v1/training-jobs/" + id);
            assertThat(job.get("requested_by").asText()).isEqualTo("test-operator");
            assertThat(job.get("progress").get("sensors_total").asInt()).isEqualTo(3);

            List<JsonNode> seen = follow(s, id);
            JsonNode done = seen.get(seen.size() - 1);
            assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("succeeded");
            assertThat(seen.stream().filter(j -> j.get("state").asText().equals("running"))
                    .map(j -> j.get("progress").get("fraction").asDouble()).distinct().count())
                    .as("distinct progress seen while running").isGreaterThanOrEqualTo(2);
            assertThat(seen.stream().filter(j -> j.get("state").asText().equals("running"))
                    .map(j -> j.get("progress").get("step").asText()).distinct().toList())
                    .as("the pipeline's steps reach the job").contains("training");
            assertFractionsNeverGoBack(seen);
            assertThat(done.get("progress").get("sensors_done").asInt()).isEqualTo(3);
            assertThat(done.get("progress").get("fraction").asDouble()).isEqualTo(1.0);
            assertThat(done.get("progress").get("sensors_failed").asInt()).isEqualTo(1);

            JsonNode outcomes = done.get("outcomes");
            assertThat(outcomes).hasSize(3);
            JsonNode failed = outcomes.get(1);
            assertThat(failed.get("sensor").asText()).isEqualTo("P1-TEMP");
            assertThat(failed.get("status").asText()).isEqualTo("failed");
            assertThat(failed.get("error").asText()).contains("P1-TEMP").contains("needs at least");
            assertThat(done.get("log").toString()).contains("P1-TEMP (2 of 3) failed: P1-TEMP has");
            for (int i : new int[]{0, 2}) {
                assertRegisteredWithProvenance(s, outcomes.get(i), "detector", "validation_mse");
            }

            HttpResponse<String> forecast = s.post("/api/v1/training-jobs", s.operator,
                    "{\"kind\": \"forecaster\", \"sensors\": [\"PUMP-101-VIBRATION\"], \"options\": {\"horizon\": 24}}");
            assertThat(forecast.statusCode()).as(forecast.body()).isEqualTo(202);
            List<JsonNode> forecastSeen = follow(s, TestServer.json(forecast).get("id").asLong());
            JsonNode forecastDone = forecastSeen.get(forecastSeen.size() - 1);
            assertThat(forecastDone.get("state").asText()).as(forecastDone.toString()).isEqualTo("succeeded");
            assertThat(forecastDone.get("settings").get("horizon").asInt()).isEqualTo(24);
            assertFractionsNeverGoBack(forecastSeen);
            assertRegisteredWithProvenance(s, forecastDone.get("outcomes").get(0), "forecaster", "validation_mse_h24");

            // the list has both, newest first; the final records are in the store and survive a restart
            JsonNode list = TestServer.json(s.get("/api/v1/training-jobs", s.viewer)).get("items");
            assertThat(list).hasSize(2);
            assertThat(list.get(0).get("kind").asText()).isEqualTo("forecaster");
            assertThat(new TrainingJobRepository(s.context.db()).recent(10)).extracting(TrainingJobRepository.StoredJob::state)
                    .containsExactly("succeeded", "succeeded");
            try (TrainingJobs reread = new TrainingJobs(s.context, TrainingOptions.defaults())) {
                TrainingJob again = reread.find(id).orElseThrow();
                assertThat(again.state().label()).isEqualTo("succeeded");
                assertThat(again.outcomes()).hasSize(3);
                assertThat(again.outcomes().get(0).versionId()).isEqualTo(outcomes.get(0).get("version_id").asLong());
            }
            assertThat(s.get("/metrics", null).body()).contains("prognos_training_jobs_queued 0.0")
                    .contains("prognos_training_jobs_running 0.0");
        }
    }

    @Test
    void cancelStopsAQueuedJobAtOnceAndARunningOneBetweenSensors() throws Exception {
        try (TestServer s = startWithHistory()) {
            long running = TestServer.json(s.post("/api/v1/training-jobs", s.operator,
                    "{\"kind\": \"detector\", \"all\": true}")).get("id").asLong();
            long queued = TestServer.json(s.post("/api/v1/training-jobs", s.operator,
                    "{\"kind\": \"detector\", \"asset\": \"PUMP-101\"}")).get("id").asLong();
            assertThat(s.post("/api/v1/training-jobs/" + queued + "/cancel", s.viewer, "").statusCode()).isEqualTo(403);
            HttpResponse<String> cancelQueued = s.post("/api/v1/training-jobs/" + queued + "/cancel", s.operator, "");
            assertThat(cancelQueued.statusCode()).as(cancelQueued.body()).isEqualTo(200);
            assertThat(TestServer.json(cancelQueued).get("state").asText()).isEqualTo("cancelled");
            assertThat(TestServer.json(cancelQueued).get("outcomes")).isEmpty();

            MqttIngestTest.await(() -> state(s, running).equals("running"));
            HttpResponse<String> cancelRunning = s.post("/api/v1/training-jobs/" + running + "/cancel", s.operator, "");
            assertThat(cancelRunning.statusCode()).as(cancelRunning.body()).isEqualTo(200);
            assertThat(TestServer.json(cancelRunning).get("cancel_requested").asBoolean()).isTrue();
            List<JsonNode> followed = follow(s, running);
            JsonNode stopped = followed.get(followed.size() - 1);
            assertThat(stopped.get("state").asText()).isEqualTo("cancelled");
            assertThat(stopped.get("outcomes").size()).as("stopped between sensors").isBetween(1, 13);
            assertThat(stopped.get("sensors")).hasSize(14);
            assertThat(stopped.get("log").toString()).contains("cancel requested by test-operator")
                    .contains("were not trained");
            HttpResponse<String> again = s.post("/api/v1/training-jobs/" + running + "/cancel", s.operator, "");
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(TestServer.json(again).get("detail").asText()).contains("already cancelled");
            assertThat(s.post("/api/v1/training-jobs/999/cancel", s.operator, "").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void requestsAreValidatedNamingTheFieldAndNeedAnOperator() throws Exception {
        try (TestServer s = TestServer.start(Dialect.SQLITE, temp)) {
            assertThat(s.post("/api/v1/training-jobs", s.viewer, "{\"kind\": \"detector\", \"all\": true}").statusCode())
                    .isEqualTo(403);
            assertThat(s.post("/api/v1/training-jobs", null, "{\"kind\": \"detector\", \"all\": true}").statusCode())
                    .isEqualTo(401);
            assertProblem(s, "{\"kind\": \"classifier\", \"all\": true}", "kind: must be detector or forecaster");
            assertProblem(s, "{\"all\": true}", "kind: missing");
            assertProblem(s, "{\"kind\": \"detector\", \"sensors\": [\"P1-TEMP\", \"NOPE\"]}",
                    "sensors[1]: unknown sensor 'NOPE'");
            assertProblem(s, "{\"kind\": \"detector\"}", "sensors: missing");
            assertProblem(s, "{\"kind\": \"detector\", \"asset\": \"PUMP-1\", \"all\": true}", "asset: give only one");
            assertProblem(s, "{\"kind\": \"detector\", \"asset\": \"PUMP-9\"}", "asset: unknown asset 'PUMP-9'");
            assertProblem(s, "{\"kind\": \"detector\", \"all\": true, \"options\": {\"horizon\": 5}}",
                    "options.horizon: unknown option for a detector job");
            assertProblem(s, "{\"kind\": \"detector\", \"all\": true, \"options\": {\"predictor\": \"svm\"}}",
                    "options.predictor: must be one of");
            assertProblem(s, "{\"kind\": \"forecaster\", \"all\": true, \"options\": {\"horizon\": 0}}",
                    "options.horizon: must be 1-10000");
            assertProblem(s, "{\"kind\": \"detector\", \"all\": true, \"options\": {\"threshold\": \"pot\"}}",
                    "options.threshold 'pot' is not one of telemanom, spot, dspot, gev");
            assertProblem(s, "{\"kind\": \"detector\", \"all\": true, \"options\": {\"threshold\": \"spot\", "
                    + "\"threshold_risk\": \"low\"}}", "options.threshold_risk: expected a number");
            assertProblem(s, "{\"kind\": \"detector\", \"all\": true, \"options\": {\"imputation\": \"cubic\"}}",
                    "options.imputation 'cubic' is not one of linear, seasonal, knn");
            assertProblem(s, "{\"kind\": \"forecaster\", \"all\": true, \"options\": {\"threshold\": \"gev\"}}",
                    "options.threshold: unknown option for a forecaster job");
            assertProblem(s, "{\"kind\": \"forecaster\", \"all\": true, \"options\": {\"gap_policy\": \"split\"}}",
                    "options.gap_policy");
            assertProblem(s, "{\"kind\": \"forecaster\", \"all\": true, \"options\": {\"asset_inputs\": \"yes\"}}",
                    "options.asset_inputs: expected true or false");
            assertProblem(s, "{\"kind\": \"detector\", \"all\": true, \"options\": {\"asset_inputs\": true}}",
                    "options.asset_inputs: unknown option for a detector job");
            assertProblem(s, "{\"kind\": \"detector\", \"all\": true, \"colour\": \"red\"}", "colour: unknown field");
            assertProblem(s, "[1, 2]", "the body must be a JSON object");
            assertThat(TestServer.json(s.get("/api/v1/training-jobs", s.viewer)).get("items")).isEmpty();
            assertThat(s.get("/api/v1/training-jobs/7", s.viewer).statusCode()).isEqualTo(404);
            JsonNode openapi = TestServer.json(s.get("/api/v1/openapi.json", null));
            assertThat(openapi.get("paths").has("/api/v1/training-jobs")).isTrue();
            assertThat(openapi.get("paths").has("/api/v1/training-jobs/{id}/cancel")).isTrue();
        }
    }

    /** A server whose store holds four days of the simulated fleet, and 30 readings of P1-TEMP (too few to train). */
    private TestServer startWithHistory() {
        ServerSettings settings = ServerSettings.defaults().withHttp("127.0.0.1", 0).withoutMqtt()
                .withScoring(Duration.ofHours(1), null);
        TestServer s = TestServer.start(Dialect.SQLITE, temp, settings);
        FleetSimulator sim = new FleetSimulator(7, T0, 4 * 1440);
        SimulatedFleet.register(s.context.db(), sim);
        SimulatedFleet.ingestUntil(s.context.db(), sim, sim.liveStartMillis());
        long[] times = new long[30];
        double[] values = new double[30];
        for (int i = 0; i < times.length; i++) {
            times[i] = T0 + i * 60_000L;
            values[i] = 50 + Math.sin(i / 3.0);
        }
        new TelemetryRepository(s.context.db()).ingest("P1-TEMP", times, values);
        return s;
    }

    /** Polls the job until it ends; every snapshot read, in order. */
    private static List<JsonNode> follow(TestServer s, long id) throws Exception {
        List<JsonNode> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = s.get("/api/v1/training-jobs/" + id, s.viewer);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode job = TestServer.json(r);
            seen.add(job);
            if (List.of("succeeded", "failed", "cancelled").contains(job.get("state").asText())) {
                return seen;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("training job " + id + " did not end within 3 minutes: " + seen.get(seen.size() - 1));
    }

    private static String state(TestServer s, long id) {
        try {
            return TestServer.json(s.get("/api/v1/training-jobs/" + id, s.viewer)).get("state").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertFractionsNeverGoBack(List<JsonNode> seen) {
        double last = 0;
        for (JsonNode j : seen) {
            double f = j.get("progress").get("fraction").asDouble();
            assertThat(f).as("progress of " + j.get("progress")).isGreaterThanOrEqualTo(last);
            last = f;
        }
    }

    /** The outcome's version is in the registry with its run, data version and artifact, promoted by the requester. */
    private static void assertRegisteredWithProvenance(TestServer s, JsonNode outcome, String kind, String metric) {
        assertThat(outcome.get("status").asText()).as(outcome.toString()).isEqualTo("promoted");
        assertThat(outcome.get("stage").asText()).isEqualTo(Stage.PRODUCTION.label());
        assertThat(outcome.get("metrics").has(metric)).as(outcome.toString()).isTrue();
        ModelVersion v = s.context.registry().find(outcome.get("version_id").asLong()).orElseThrow();
        assertThat(v.kind()).isEqualTo(kind);
        assertThat(v.sensorId()).isEqualTo(outcome.get("sensor").asText());
        assertThat(v.stage()).isEqualTo(Stage.PRODUCTION);
        assertThat(v.datasetHash()).isNotBlank();
        assertThat(v.artifactSha256()).isNotBlank();
        assertThat(v.codeVersion()).isEqualTo("test");
        assertThat(v.validationMetrics().get(metric)).isEqualTo(outcome.get("metrics").get(metric).asDouble());
        Run run = new RunTracker(s.context.db(), "test").find(v.runId()).orElseThrow();
        assertThat(run.status()).isEqualTo(Run.Status.FINISHED);
        assertThat(run.experiment()).isEqualTo("train-" + kind);
        assertThat(s.context.registry().history(v.sensorId(), kind)).last()
                .satisfies(c -> assertThat(c.actor()).isEqualTo("test-operator"));
    }

    private static void assertProblem(TestServer s, String body, String detail) throws Exception {
        HttpResponse<String> r = s.post("/api/v1/training-jobs", s.operator, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(TestServer.json(r).get("detail").asText()).contains(detail);
    }
}

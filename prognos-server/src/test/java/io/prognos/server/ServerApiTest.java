package io.prognos.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.prognos.store.Dialect;
import io.prognos.store.TelemetryRepository;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP API against a real server and a real store of either dialect. */
class ServerApiTest {

    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void healthMetricsAndOpenApiArePublic(Dialect dialect) throws Exception {
        try (TestServer s = TestServer.start(dialect, temp)) {
            assertThat(s.get("/health/live", null).statusCode()).isEqualTo(200);
            HttpResponse<String> ready = s.get("/health/ready", null);
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(TestServer.json(ready).get("database").asText()).isEqualTo("UP");
            HttpResponse<String> metrics = s.get("/metrics", null);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("prognos_scoring_queue");
            JsonNode openapi = TestServer.json(s.get("/api/v1/openapi.json", null));
            assertThat(openapi.get("openapi").asText()).startsWith("3.");
            assertThat(openapi.get("paths").has("/api/v1/anomalies")).isTrue();
            assertThat(openapi.get("paths").has("/api/v1/telemetry")).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void tokensAndRolesAreEnforced(Dialect dialect) throws Exception {
        try (TestServer s = TestServer.start(dialect, temp)) {
            HttpResponse<String> none = s.get("/api/v1/anomalies", null);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/problem+json"));
            assertThat(s.get("/api/v1/anomalies", "pgn_not-a-token").statusCode()).isEqualTo(401);

            String batch = "{\"points\": [{\"sensor\": \"P1-TEMP\", \"ts\": " + T0 + ", \"value\": 50.0}]}";
            HttpResponse<String> viewerWrite = s.post("/api/v1/telemetry", s.viewer, batch);
            assertThat(viewerWrite.statusCode()).isEqualTo(403);
            assertThat(TestServer.json(viewerWrite).get("detail").asText()).contains("viewer").contains("operator");
            assertThat(new TelemetryRepository(s.context.db()).count("P1-TEMP")).isZero();
            assertThat(s.get("/api/v1/tokens", s.operator).statusCode()).isEqualTo(403);

            HttpResponse<String> issued = s.post("/api/v1/tokens", s.admin, "{\"name\": \"dash\", \"role\": \"viewer\"}");
            assertThat(issued.statusCode()).isEqualTo(201);
            String token = TestServer.json(issued).get("token").asText();
            assertThat(s.get("/api/v1/sensors", token).statusCode()).isEqualTo(200);
            assertThat(s.get("/api/v1/tokens", s.admin).body()).contains("dash").doesNotContain(token);
            assertThat(s.delete("/api/v1/tokens/dash", s.admin).statusCode()).isEqualTo(204);
            assertThat(s.get("/api/v1/sensors", token).statusCode()).isEqualTo(401);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void viewerListsStoredAnomalies(Dialect dialect) throws Exception {
        try (TestServer s = TestServer.start(dialect, temp)) {
            s.context.db().jdbi().useHandle(h -> h.execute("INSERT INTO anomaly (sensor_key, version_id, start_ts, end_ts, "
                    + "score, severity, detected_at) SELECT sensor_key, NULL, ?, ?, 2.0, 'HIGH', ? FROM sensor WHERE sensor_id = "
                    + "'P1-TEMP'", T0, T0 + 600_000, T0 + 700_000));
            HttpResponse<String> r = s.get("/api/v1/anomalies", s.viewer);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode items = TestServer.json(r).get("items");
            assertThat(items).hasSize(1);
            JsonNode a = items.get(0);
            assertThat(a.get("sensor").asText()).isEqualTo("P1-TEMP");
            assertThat(a.get("start").asText()).isEqualTo("2026-01-01T00:00:00Z");
            assertThat(a.get("end").asText()).isEqualTo("2026-01-01T00:10:00Z");
            assertThat(a.get("raw_score").asDouble()).isEqualTo(2.0);
            assertThat(a.get("score").asDouble()).isCloseTo(1 - Math.exp(-2.0), org.assertj.core.data.Offset.offset(1e-12));
            assertThat(a.get("severity").asText()).isEqualTo("HIGH");
            assertThat(TestServer.json(s.get("/api/v1/anomalies?sensor=P1-FLOW", s.viewer)).get("items")).isEmpty();
            assertThat(TestServer.json(s.get("/api/v1/anomalies?from=2026-01-01T00:20:00Z", s.viewer)).get("items")).isEmpty();
            HttpResponse<String> unknown = s.get("/api/v1/anomalies?sensor=NOPE", s.viewer);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(TestServer.json(unknown).get("detail").asText()).contains("NOPE");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void operatorsConfirmOrRejectAnomaliesWhichFeedTheKpisLabelsAndExport(Dialect dialect) throws Exception {
        try (TestServer s = TestServer.start(dialect, temp)) {
            s.context.db().jdbi().useHandle(h -> {
                for (int i = 0; i < 3; i++) {
                    h.execute("INSERT INTO anomaly (sensor_key, version_id, start_ts, end_ts, score, severity, detected_at) "
                            + "SELECT sensor_key, NULL, ?, ?, 1.0, 'MEDIUM', 0 FROM sensor WHERE sensor_id = 'P1-TEMP'",
                            T0 + i * 3_600_000L, T0 + i * 3_600_000L + 600_000);
                }
            });
            JsonNode items = TestServer.json(s.get("/api/v1/anomalies", s.viewer)).get("items");
            long first = items.get(2).get("id").asLong();
            long second = items.get(1).get("id").asLong();
            String confirm = "{\"verdict\": \"confirmed\", \"note\": \"bearing, replaced\"}";
            assertThat(s.post("/api/v1/anomalies/" + first + "/feedback", s.viewer, confirm).statusCode()).isEqualTo(403);
            HttpResponse<String> ok = s.post("/api/v1/anomalies/" + first + "/feedback", s.operator, confirm);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(TestServer.json(ok).get("verdict_by").asText()).isEqualTo("test-operator");
            assertThat(s.post("/api/v1/anomalies/" + second + "/feedback", s.operator, "{\"verdict\": \"rejected\"}")
                    .statusCode()).isEqualTo(200);
            HttpResponse<String> bad = s.post("/api/v1/anomalies/" + second + "/feedback", s.operator, "{\"verdict\": \"maybe\"}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(TestServer.json(bad).get("detail").asText()).contains("confirmed' or 'rejected'");
            assertThat(s.post("/api/v1/anomalies/999999/feedback", s.operator, confirm).statusCode()).isEqualTo(404);

            JsonNode kpis = TestServer.json(s.get("/api/v1/kpis", s.viewer));
            assertThat(kpis.get("anomalies").asLong()).isEqualTo(3);
            assertThat(kpis.get("confirmed").asLong()).isEqualTo(1);
            assertThat(kpis.get("rejected").asLong()).isEqualTo(1);
            assertThat(kpis.get("unreviewed").asLong()).isEqualTo(1);
            assertThat(kpis.get("reviewed_precision").asDouble()).isEqualTo(0.5);
            // a confirmation is labelled data for validation and retraining
            assertThat(new io.prognos.store.AnomalyRepository(s.context.db()).labels("P1-TEMP"))
                    .singleElement().satisfies(l -> {
                        assertThat(l.source()).isEqualTo("operator");
                        assertThat(l.startMillis()).isEqualTo(T0);
                    });
            HttpResponse<String> csv = s.get("/api/v1/anomalies/export?format=csv", s.viewer);
            assertThat(csv.body().lines()).hasSize(4).first().asString().startsWith("anomaly_id,sensor,start,end");
            assertThat(csv.body()).contains("confirmed,test-operator,\"bearing, replaced\"").contains(",rejected,");
            JsonNode json = TestServer.json(s.get("/api/v1/anomalies/export", s.viewer)).get("items");
            assertThat(json).hasSize(3);
            assertThat(json.get(0).get("verdict").asText()).isEqualTo("confirmed");
            // rejecting a confirmed anomaly takes its label back
            s.post("/api/v1/anomalies/" + first + "/feedback", s.operator, "{\"verdict\": \"rejected\"}");
            assertThat(new io.prognos.store.AnomalyRepository(s.context.db()).labels("P1-TEMP")).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void telemetryBatchesAreStoredWholeOrRefusedWithTheReason(Dialect dialect) throws Exception {
        try (TestServer s = TestServer.start(dialect, temp)) {
            TelemetryRepository telemetry = new TelemetryRepository(s.context.db());
            HttpResponse<String> ok = s.post("/api/v1/telemetry", s.operator, "{\"points\": ["
                    + "{\"sensor\": \"P1-TEMP\", \"ts\": " + T0 + ", \"value\": 50.5},"
                    + "{\"sensor\": \"P1-TEMP\", \"ts\": \"2026-01-01T00:01:00Z\", \"value\": null},"
                    + "{\"sensor\": \"P1-FLOW\", \"ts\": " + T0 + ", \"value\": 12}]}");
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(TestServer.json(ok).get("inserted").asLong()).isEqualTo(3);
            assertThat(telemetry.readAll("P1-TEMP").values()).containsExactly(50.5, Double.NaN);

            assertRefused(s, "{\"points\": [", 400, "malformed JSON at line 1");
            assertRefused(s, "{\"points\": [{\"sensor\": \"P1-TEMP\", \"ts\": " + (T0 + 120_000) + ", \"value\": 1},"
                    + "{\"sensor\": \"GHOST\", \"ts\": " + T0 + ", \"value\": 1}]}", 400, "points[1]: unknown sensor 'GHOST'");
            assertRefused(s, "{\"points\": [{\"sensor\": \"P1-TEMP\", \"ts\": " + (T0 + 120_000) + ", \"value\": \"hot\"}]}",
                    400, "points[0].value: expected a number or null");
            assertRefused(s, "{\"points\": [{\"sensor\": \"P1-TEMP\", \"ts\": true, \"value\": 1}]}", 400, "points[0].ts");
            assertRefused(s, "{\"points\": [{\"sensor\": \"P1-TEMP\", \"ts\": " + (T0 + 120_000) + ", \"value\": 1e999}]}",
                    400, "not a finite number");
            assertRefused(s, "{\"points\": [{\"sensor\": \"P1-TEMP\", \"ts\": " + (T0 + 240_000) + ", \"value\": 1},"
                    + "{\"sensor\": \"P1-TEMP\", \"ts\": " + (T0 + 180_000) + ", \"value\": 2}]}", 400,
                    "points[1]: timestamp " + (T0 + 180_000) + " of sensor 'P1-TEMP' is before points[0]");
            assertRefused(s, "{\"points\": [{\"sensor\": \"P1-TEMP\", \"ts\": " + (T0 - 3_660_000) + ", \"value\": 1}]}",
                    400, "more than an hour older than its newest reading");
            StringBuilder big = new StringBuilder("{\"points\": [");
            for (int i = 0; i < 100_001; i++) {
                big.append(i == 0 ? "" : ",").append("{\"sensor\":\"P1-FLOW\",\"ts\":").append(T0 + 60_000L * (i + 1))
                        .append(",\"value\":1}");
            }
            assertRefused(s, big.append("]}").toString(), 413, "larger than the limit of 100000");
            // nothing of the refused batches was stored, and what was accepted before is still there
            assertThat(telemetry.count("P1-TEMP")).isEqualTo(2);
            assertThat(telemetry.count("P1-FLOW")).isEqualTo(1);

            HttpResponse<String> resent = s.post("/api/v1/telemetry", s.operator,
                    "{\"points\": [{\"sensor\": \"P1-TEMP\", \"ts\": " + T0 + ", \"value\": 50.5}]}");
            assertThat(resent.statusCode()).isEqualTo(200);
            assertThat(TestServer.json(resent).get("duplicates").asLong()).isEqualTo(1);
            assertThat(s.server.metrics().scrape()).contains("prognos_ingest_refused_total{transport=\"http\"}");
            // a late point within the hour (a message delivered out of order) is stored
            HttpResponse<String> late = s.post("/api/v1/telemetry", s.operator,
                    "{\"points\": [{\"sensor\": \"P1-TEMP\", \"ts\": " + (T0 - 60_000) + ", \"value\": 49}]}");
            assertThat(late.statusCode()).as(late.body()).isEqualTo(200);
            assertThat(telemetry.count("P1-TEMP")).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void unknownPathsAndOversizeBodiesAreProblems(Dialect dialect) throws Exception {
        ServerSettings small = ServerSettings.defaults().withHttp("127.0.0.1", 0).withoutMqtt().withLimits(1000, 4096);
        try (TestServer s = TestServer.start(dialect, temp, small)) {
            HttpResponse<String> missing = s.get("/api/v1/nothing-here", s.viewer);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(TestServer.json(missing).get("status").asInt()).isEqualTo(404);
            HttpResponse<String> large = s.post("/api/v1/telemetry", s.operator, "{\"points\": [" + "1,".repeat(5000) + "1]}");
            assertThat(large.statusCode()).isEqualTo(413);
            assertThat(large.body()).doesNotContain("at io.").doesNotContain("Exception");
            HttpResponse<String> sensor = s.get("/api/v1/sensors/P1-TEMP", s.viewer);
            assertThat(TestServer.json(sensor).get("critical").get("high").asDouble()).isEqualTo(90.0);
            HttpResponse<String> noForecaster = s.get("/api/v1/sensors/P1-TEMP/forecast", s.viewer);
            assertThat(noForecaster.statusCode()).isEqualTo(409);
            assertThat(TestServer.json(noForecaster).get("detail").asText()).contains("no Production forecaster");
        }
    }

    private static void assertRefused(TestServer s, String body, int status, String detail) throws Exception {
        HttpResponse<String> r = s.post("/api/v1/telemetry", s.operator, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode problem = TestServer.json(r);
        assertThat(problem.get("detail").asText()).contains(detail);
        assertThat(problem.get("instance").asText()).isEqualTo("/api/v1/telemetry");
    }

}

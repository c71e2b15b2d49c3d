package io.prognos.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.prognos.store.Dialect;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Work orders from an anomaly to done, by hand, their rules and the schedule order. */
class WorkOrderTest {

    private static final long T0 = 1_767_225_600_000L;

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aWorkOrderGoesFromAnAnomalyToDone(Dialect dialect) throws Exception {
        try (TestServer s = TestServer.start(dialect, temp)) {
            s.context.db().jdbi().useHandle(h -> h.execute("INSERT INTO anomaly (sensor_key, version_id, start_ts, end_ts, "
                    + "score, severity, detected_at) SELECT sensor_key, NULL, ?, ?, 2.0, 'HIGH', 0 FROM sensor WHERE sensor_id = "
                    + "'P1-TEMP'", T0, T0 + 600_000));
            long anomaly = TestServer.json(s.get("/api/v1/anomalies", s.viewer)).get("items").get(0).get("id").asLong();
            String body = "{\"anomaly_id\": " + anomaly + ", \"assignee\": \"ana\", \"priority\": \"high\", "
                    + "\"due\": \"2026-01-02T08:00:00Z\"}";
            assertThat(s.post("/api/v1/work-orders", s.viewer, body).statusCode()).isEqualTo(403);
            HttpResponse<String> created = s.post("/api/v1/work-orders", s.operator, body);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode w = TestServer.json(created);
            assertThat(w.get("sensor").asText()).isEqualTo("P1-TEMP");
            assertThat(w.get("asset").asText()).isEqualTo("PUMP-1");
            assertThat(w.get("title").asText()).startsWith("HIGH anomaly on P1-TEMP");
            assertThat(w.get("status").asText()).isEqualTo("open");
            assertThat(w.get("created_by").asText()).isEqualTo("test-operator");
            long id = w.get("id").asLong();

            assertThat(s.post("/api/v1/work-orders/" + id, s.operator, "{\"status\": \"in_progress\"}").statusCode()).isEqualTo(200);
            assertThat(s.post("/api/v1/work-orders/" + id + "/comments", s.operator, "{\"body\": \"bearing ordered\"}")
                    .statusCode()).isEqualTo(201);
            HttpResponse<String> done = s.post("/api/v1/work-orders/" + id, s.operator, "{\"status\": \"done\"}");
            assertThat(TestServer.json(done).get("status").asText()).isEqualTo("done");
            HttpResponse<String> reopen = s.post("/api/v1/work-orders/" + id, s.operator, "{\"status\": \"open\"}");
            assertThat(reopen.statusCode()).isEqualTo(409);
            assertThat(TestServer.json(reopen).get("detail").asText()).contains("is done and cannot become open (it is final)");
            JsonNode shown = TestServer.json(s.get("/api/v1/work-orders/" + id, s.viewer));
            assertThat(shown.get("comments").get(0).get("body").asText()).isEqualTo("bearing ordered");
            assertThat(shown.get("comments").get(0).get("author").asText()).isEqualTo("test-operator");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void handMadeWorkOrdersAreCheckedAndScheduledByDueDate(Dialect dialect) throws Exception {
        try (TestServer s = TestServer.start(dialect, temp)) {
            assertThat(s.post("/api/v1/work-orders", s.operator, "{\"asset\": \"PUMP-1\", \"title\": \"\"}").statusCode())
                    .isEqualTo(400);
            HttpResponse<String> badPriority = s.post("/api/v1/work-orders", s.operator,
                    "{\"asset\": \"PUMP-1\", \"title\": \"grease\", \"priority\": \"asap\"}");
            assertThat(TestServer.json(badPriority).get("detail").asText()).contains("priority must be low, medium, high or urgent");
            assertThat(s.post("/api/v1/work-orders", s.operator, "{\"asset\": \"NOPE\", \"title\": \"x\"}").statusCode())
                    .isEqualTo(404);
            s.post("/api/v1/work-orders", s.operator, "{\"asset\": \"PUMP-1\", \"title\": \"undated\"}");
            s.post("/api/v1/work-orders", s.operator, "{\"asset\": \"PUMP-1\", \"title\": \"later\", \"due\": \"2026-03-01T00:00:00Z\"}");
            s.post("/api/v1/work-orders", s.operator, "{\"asset\": \"PUMP-1\", \"title\": \"sooner\", \"due\": \"2026-02-01T00:00:00Z\"}");
            JsonNode list = TestServer.json(s.get("/api/v1/work-orders?status=open", s.viewer)).get("items");
            assertThat(list).extracting(j -> j.get("title").asText()).containsExactly("sooner", "later", "undated");
            assertThat(TestServer.json(s.get("/api/v1/risk", s.viewer)).get("items")).as("no forecasters yet").isEmpty();
        }
    }
}

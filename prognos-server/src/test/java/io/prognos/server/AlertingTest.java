package io.prognos.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.prognos.server.alert.AlertDispatcher;
import io.prognos.server.alert.AlertEngine;
import io.prognos.server.alert.WebhookSender;
import io.prognos.store.AlertRepository;
import io.prognos.store.Dialect;
import io.prognos.store.StoredAnomaly;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Alert rules, de-duplication, escalation, reminders, clearing, maintenance windows and webhook delivery. */
class AlertingTest {

    private static final long T0 = 1_767_225_600_000L;

    @TempDir
    Path temp;

    private HttpServer receiver;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = failuresLeft.getAndDecrement() > 0 ? 500 : 200;
            if (status == 200) {
                received.add(TestServer.JSON.readTree(new String(body, StandardCharsets.UTF_8)));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private String hook() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private static StoredAnomaly anomaly(long id, String severity, double score) {
        return new StoredAnomaly(id, "P1-TEMP", null, T0, T0 + 600_000, score, severity, T0);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void oneIncidentIsOneAlertThatEscalatesRemindsAndClears(Dialect dialect) throws Exception {
        try (TestServer s = TestServer.start(dialect, temp)) {
            HttpResponse<String> created = s.post("/api/v1/alert-rules", s.admin, "{\"name\": \"ops\", \"min_severity\": "
                    + "\"MEDIUM\", \"min_criticality\": 3, \"on_stale\": true, \"channel\": \"webhook\", \"target\": \""
                    + hook() + "\", \"reminder_minutes\": 30}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(s.post("/api/v1/alert-rules", s.operator, "{}").statusCode()).isEqualTo(403);
            HttpResponse<String> badRule = s.post("/api/v1/alert-rules", s.admin, "{\"name\": \"x\", \"channel\": \"pager\", "
                    + "\"target\": \"" + hook() + "\"}");
            assertThat(badRule.statusCode()).isEqualTo(400);
            assertThat(TestServer.json(badRule).get("detail").asText()).contains("channel must be webhook, slack, teams, email or dashboard");

            AlertRepository repo = new AlertRepository(s.context.db());
            WebhookSender sender = new WebhookSender(repo, Duration.ofMillis(20));
            AlertEngine engine = new AlertEngine(s.context.db(), new AlertDispatcher(repo, sender, null), Duration.ofMinutes(10));
            // the engine's clock is the wall clock, as in the server (deliveries are stamped with it too)
            long now = System.currentTimeMillis();
            engine.onAnomalies(List.of(anomaly(1, "LOW", 0.2)), now);                 // below the rule's severity
            engine.onAnomalies(List.of(anomaly(2, "MEDIUM", 1.0)), now);
            engine.onAnomalies(List.of(anomaly(2, "MEDIUM", 1.1)), now + 60_000);     // widened: same incident
            engine.onAnomalies(List.of(anomaly(2, "CRITICAL", 4.0)), now + 120_000);  // escalation
            MqttIngestTest.await(() -> received.size() == 2);
            engine.onAnomalies(List.of(anomaly(2, "CRITICAL", 4.0)), now + 30 * 60_000);  // still active
            engine.tick(now + 31 * 60_000);                                           // 29 min since the escalation: nothing
            engine.tick(now + 33 * 60_000);                                           // 31 min: reminder
            MqttIngestTest.await(() -> received.size() == 3);
            engine.tick(now + 37 * 60_000);                                           // reminded 4 min ago: nothing
            engine.tick(now + 41 * 60_000);                                           // quiet for 11 min: cleared
            sender.close();
            assertThat(received).extracting(j -> j.get("kind").asText())
                    .containsExactly("opened", "escalated", "reminder", "cleared");
            assertThat(received.get(1).get("severity").asText()).isEqualTo("CRITICAL");
            List<AlertRepository.Alert> history = repo.history(10);
            assertThat(history).singleElement().satisfies(a -> {
                assertThat(a.state()).isEqualTo("cleared");
                assertThat(a.incident()).isEqualTo("anomaly:2");
                assertThat(a.sends()).isEqualTo(4);
            });
            JsonNode alerts = TestServer.json(s.get("/api/v1/alerts", s.viewer)).get("items");
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).get("deliveries")).hasSize(4);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void failedDeliveriesAreRetriedWithBackoffAndSlackTeamsFormatsAreUsed(Dialect dialect) throws Exception {
        try (TestServer s = TestServer.start(dialect, temp)) {
            AlertRepository repo = new AlertRepository(s.context.db());
            repo.addRule(new AlertRepository.Rule(0, "slack", "HIGH", 1, null, "P1-TEMP", false, "slack", hook(), 0, 0));
            repo.addRule(new AlertRepository.Rule(0, "teams", "HIGH", 1, "PUMP-1", null, false, "teams", hook(), 0, 0));
            failuresLeft.set(2);
            WebhookSender sender = new WebhookSender(repo, Duration.ofMillis(20));
            new AlertEngine(s.context.db(), new AlertDispatcher(repo, sender, null), Duration.ofMinutes(10)).onAnomalies(List.of(anomaly(7, "HIGH", 2)), T0);
            MqttIngestTest.await(() -> received.size() == 2);
            sender.close();
            assertThat(received).anySatisfy(j -> assertThat(j.path("text").asText()).contains("[OPENED] HIGH P1-TEMP"));
            assertThat(received).anySatisfy(j -> assertThat(j.path("@type").asText()).isEqualTo("MessageCard"));
            List<String> deliveries = repo.history(10).stream().flatMap(a -> repo.deliveries(a.alertId()).stream()).toList();
            assertThat(deliveries).filteredOn(d -> d.contains("failed: HTTP 500")).hasSize(2);
            assertThat(deliveries).filteredOn(d -> d.contains(" ok: HTTP 200")).hasSize(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void maintenanceWindowsSuppressAlertsAndStaleSensorsAlertAndClear(Dialect dialect) throws Exception {
        try (TestServer s = TestServer.start(dialect, temp)) {
            AlertRepository repo = new AlertRepository(s.context.db());
            repo.addRule(new AlertRepository.Rule(0, "all", "LOW", 1, null, null, true, "webhook", hook(), 0, 0));
            HttpResponse<String> window = s.post("/api/v1/maintenance-windows", s.operator, "{\"asset\": \"PUMP-1\", "
                    + "\"start\": \"2026-01-01T00:00:00Z\", \"end\": \"2026-01-01T02:00:00Z\", \"recurrence\": \"daily\", "
                    + "\"reason\": \"nightly cleaning\"}");
            assertThat(window.statusCode()).as(window.body()).isEqualTo(201);
            assertThat(s.post("/api/v1/maintenance-windows", s.viewer, "{}").statusCode()).isEqualTo(403);
            assertThat(s.post("/api/v1/maintenance-windows", s.operator, "{\"start\": \"2026-01-01T02:00:00Z\", "
                    + "\"end\": \"2026-01-01T01:00:00Z\"}").statusCode()).isEqualTo(400);
            WebhookSender sender = new WebhookSender(repo, Duration.ofMillis(20));
            AlertEngine engine = new AlertEngine(s.context.db(), new AlertDispatcher(repo, sender, null), Duration.ofMinutes(10));
            long nextDay = T0 + 86_400_000L + 3_600_000L;   // inside the recurring window
            engine.onAnomalies(List.of(anomaly(3, "CRITICAL", 5)), nextDay);
            assertThat(repo.history(10)).as("suppressed by the maintenance window").isEmpty();
            engine.onAnomalies(List.of(anomaly(4, "CRITICAL", 5)), nextDay + 2 * 3_600_000L);
            engine.onStale(List.of("P1-FLOW"), List.of(), nextDay + 2 * 3_600_000L);
            engine.onStale(List.of(), List.of("P1-FLOW"), nextDay + 3 * 3_600_000L);
            sender.close();
            assertThat(repo.history(10)).extracting(AlertRepository.Alert::incident)
                    .containsExactlyInAnyOrder("anomaly:4", "stale:P1-FLOW");
            assertThat(repo.history(10)).filteredOn(a -> a.incident().startsWith("stale:"))
                    .singleElement().extracting(AlertRepository.Alert::state).isEqualTo("cleared");
            assertThat(received).extracting(j -> j.get("kind").asText()).containsExactly("opened", "opened", "cleared");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void timeToLimitAlertsOpenOnAHighChanceAndClearWhenItFalls(Dialect dialect) throws Exception {
        try (TestServer s = TestServer.start(dialect, temp)) {
            AlertRepository repo = new AlertRepository(s.context.db());
            repo.addRule(new AlertRepository.Rule(0, "limits", "HIGH", 1, null, null, false, "webhook", hook(), 0, 0.5));
            repo.addRule(new AlertRepository.Rule(0, "anomalies only", "HIGH", 1, null, null, false, "webhook", hook(), 0, 0));
            WebhookSender sender = new WebhookSender(repo, Duration.ofMillis(20));
            AlertEngine engine = new AlertEngine(s.context.db(), new AlertDispatcher(repo, sender, null), Duration.ofMinutes(10));
            long now = System.currentTimeMillis();
            engine.onLimitRisk("P1-TEMP", "critical", 0.3, "30 %", now);
            assertThat(repo.history(10)).isEmpty();
            engine.onLimitRisk("P1-TEMP", "critical", 0.8, "80 % chance to pass above the critical limit", now);
            engine.onLimitRisk("P1-TEMP", "critical", 0.9, "90 % chance", now + 60_000);
            engine.onLimitRisk("P1-TEMP", "critical", 0.2, "20 %", now + 120_000);
            sender.close();
            assertThat(repo.history(10)).singleElement().satisfies(a -> {
                assertThat(a.incident()).isEqualTo("limit:P1-TEMP:critical");
                assertThat(a.severity()).isEqualTo("CRITICAL");
                assertThat(a.state()).isEqualTo("cleared");
            });
            assertThat(received).extracting(j -> j.get("kind").asText()).containsExactly("opened", "cleared");
        }
    }

    @org.junit.jupiter.api.Test
    void aPassingLevelShiftInTheForecastInputIsBridgedAndNamedInTheRisk() throws Exception {
        try (TestServer s = TestServer.start(Dialect.SQLITE, temp)) {
            int n = 3000;
            long[] ts = new long[n];
            double[] values = new double[n];
            java.util.Random random = new java.util.Random(5);
            for (int i = 0; i < n; i++) {
                ts[i] = T0 + 60_000L * i;
                values[i] = 50 + 2 * Math.sin(2 * Math.PI * i / 120.0) + 0.3 * random.nextGaussian();
            }
            io.prognos.store.TelemetryRepository telemetry = new io.prognos.store.TelemetryRepository(s.context.db());
            telemetry.ingest("P1-TEMP", ts, values);
            io.prognos.pipeline.SensorForecaster forecaster = new io.prognos.pipeline.SensorForecaster(s.context);
            assertThat(forecaster.train("P1-TEMP", 240, io.prognos.pipeline.TrainingOptions.defaults()).status())
                    .isEqualTo(io.prognos.pipeline.SensorTrainer.Outcome.Status.PROMOTED);
            // then a step up past the critical limit (90) that went back after a while, inside the forecaster's input
            int input = forecaster.forecast("P1-TEMP", 240, 0.9).forecast().model().shape().inputLength();
            int shift = Math.max(2, input / 2);
            long[] more = new long[input];
            double[] moreValues = new double[input];
            for (int i = 0; i < input; i++) {
                more[i] = T0 + 60_000L * (n + i);
                moreValues[i] = 50 + (i < shift ? 45 : 0);
            }
            telemetry.ingest("P1-TEMP", more, moreValues);
            s.context.db().jdbi().useHandle(h -> h.execute("INSERT INTO anomaly (sensor_key, version_id, start_ts, end_ts, "
                    + "score, severity, detected_at) SELECT sensor_key, NULL, ?, ?, 5.0, 'CRITICAL', 0 FROM sensor WHERE "
                    + "sensor_id = 'P1-TEMP'", more[0], more[shift - 1]));
            io.prognos.core.asset.Sensor sensor = new io.prognos.store.AssetRepository(s.context.db()).requireSensor("P1-TEMP");
            List<io.prognos.server.alert.LimitWatch.LimitRisk> risks = s.server.limitWatch().risks(sensor);
            // this ridge forecaster does not carry this step on even unbridged (the demo's did), so the test checks
            // that the ended anomaly is bridged and named, and that the risk stays low, not that bridging lowered it
            assertThat(risks).hasSize(2).allSatisfy(r -> {
                assertThat(r.probability()).isLessThan(0.5);
                assertThat(r.message()).contains("anomaly 1 (" + java.time.Instant.ofEpochMilli(more[0]))
                        .contains("bridged in the forecast's input");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void limitWatchForecastsADegradingSensorIntoATimeToLimitAlert(Dialect dialect) throws Exception {
        try (TestServer s = TestServer.start(dialect, temp)) {
            int n = 3000;
            long[] ts = new long[n];
            double[] values = new double[n];
            java.util.Random random = new java.util.Random(3);
            for (int i = 0; i < n; i++) {
                ts[i] = T0 + 60_000L * i;
                double ramp = i < n - 900 ? 0 : 0.04 * (i - (n - 900));   // +36 over the last 900 minutes
                values[i] = 50 + 2 * Math.sin(2 * Math.PI * i / 120.0) + ramp + 0.3 * random.nextGaussian();
            }
            new io.prognos.store.TelemetryRepository(s.context.db()).ingest("P1-TEMP", ts, values);
            io.prognos.pipeline.SensorTrainer.Outcome trained = new io.prognos.pipeline.SensorForecaster(s.context)
                    .train("P1-TEMP", 240, io.prognos.pipeline.TrainingOptions.defaults());
            assertThat(trained.status()).as(trained.message()).isEqualTo(io.prognos.pipeline.SensorTrainer.Outcome.Status.PROMOTED);
            AlertRepository repo = new AlertRepository(s.context.db());
            repo.addRule(new AlertRepository.Rule(0, "limits", "HIGH", 1, null, null, false, "webhook", hook(), 0, 0.5));
            // the degradation flagged as an anomaly that ended inside the forecaster's input keeps its time-to-limit:
            // the bridge between the readings on either side of it climbs with the ramp
            s.context.db().jdbi().useHandle(h -> h.execute("INSERT INTO anomaly (sensor_key, version_id, start_ts, end_ts, "
                    + "score, severity, detected_at) SELECT sensor_key, NULL, ?, ?, 2.0, 'HIGH', 0 FROM sensor WHERE sensor_id = "
                    + "'P1-TEMP'", ts[n - 10], ts[n - 3]));
            s.server.limitWatch().check(System.currentTimeMillis());
            MqttIngestTest.await(() -> received.size() == 2);
            assertThat(repo.history(10)).extracting(AlertRepository.Alert::incident)
                    .containsExactlyInAnyOrder("limit:P1-TEMP:warning", "limit:P1-TEMP:critical");
            assertThat(received).anySatisfy(j -> assertThat(j.get("message").asText())
                    .contains("chance to pass above the critical limit 90.0 degC within 4 h").contains("median first crossing")
                    .contains("anomaly 1 (" + java.time.Instant.ofEpochMilli(ts[n - 10]) + " to ").contains("bridged"));
            // without an anomaly, the same risk carries no note
            s.context.db().jdbi().useHandle(h -> h.execute("DELETE FROM anomaly"));
            io.prognos.core.asset.Sensor sensor = new io.prognos.store.AssetRepository(s.context.db()).requireSensor("P1-TEMP");
            assertThat(s.server.limitWatch().risks(sensor)).hasSize(2).allSatisfy(r -> {
                assertThat(r.probability()).isGreaterThanOrEqualTo(0.5);
                assertThat(r.message()).doesNotContain("anomaly");
            });
            // the risk ranking: chance x the asset's criticality (PUMP-1: 4)
            JsonNode risk = TestServer.json(s.get("/api/v1/risk", s.viewer)).get("items");
            assertThat(risk).hasSize(2);
            assertThat(risk.get(0).get("sensor").asText()).isEqualTo("P1-TEMP");
            assertThat(risk.get(0).get("risk").asDouble()).isEqualTo(4 * risk.get(0).get("probability").asDouble());
            assertThat(risk.get(0).get("risk").asDouble()).isGreaterThanOrEqualTo(risk.get(1).get("risk").asDouble());
            // a work order for the sensor is due at its likely crossing
            JsonNode order = TestServer.json(s.post("/api/v1/work-orders", s.operator,
                    "{\"sensor\": \"P1-TEMP\", \"title\": \"check cooling\"}"));
            assertThat(order.get("due").isNull()).isFalse();
        }
    }
}

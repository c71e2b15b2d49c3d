package io.prognos.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Sensor;
import io.prognos.pipeline.PipelineContext;
import io.prognos.server.live.OnlineDetection;
import io.prognos.store.AlertRepository;
import io.prognos.store.AnomalyRepository;
import io.prognos.store.ArtifactStore;
import io.prognos.store.AssetRepository;
import io.prognos.store.Database;
import io.prognos.store.Dialect;
import io.prognos.store.StoredAnomaly;
import io.prognos.store.TelemetryRepository;
import io.prognos.store.TestStores;
import io.prognos.store.TokenRepository;
import io.prognos.store.TokenRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Online detection end to end: a real server on a SQLite file with {@code server.online_detector} set and no trained
 * detector, telemetry published over HTTP, anomalies read back over the API.
 */
class OnlineDetectionTest {

    private static final long T0 = 1_767_225_600_000L;
    private static final long MINUTE = 60_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Reading {@code i}: a four-hour sine of amplitude 10 with unit noise, shifted by {@code shift} from {@code at} on. */
    private static double[] stream(long seed, int n, int at, double shift, int at2, double shift2) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 50 + 10 * Math.sin(2 * Math.PI * i / 240.0) + r.nextGaussian() + (i >= at ? shift : 0)
                    + (i >= at2 ? shift2 : 0);
        }
        return v;
    }

    private static long ts(int i) {
        return T0 + i * MINUTE;
    }

    private static Database store(String location) {
        Database db = Database.open(location);
        AssetRepository assets = new AssetRepository(db);
        if (assets.findSensor("L1-SHIFT").isEmpty()) {
            assets.save(new Asset("LINE-1", "Line 1", "conveyor", "hall", 3));
            assets.save(new Sensor("L1-SHIFT", "LINE-1", "Motor current", "A", Duration.ofMinutes(1), null, null, null));
            assets.save(new Sensor("L1-CLEAN", "LINE-1", "Belt speed", "m/s", Duration.ofMinutes(1), null, null, null));
        }
        return db;
    }

    private static ServerSettings online(String detector, double alarmLevel, int warmup) {
        return ServerSettings.defaults().withHttp("127.0.0.1", 0).withoutMqtt().withScoring(Duration.ofMillis(50), null)
                .withOnlineDetection(detector, alarmLevel, warmup);
    }

    /** Posts readings {@code from} to {@code to} (exclusive) of each sensor over HTTP, 100 minutes per batch. */
    private void publish(PrognosServer server, String token, int from, int to, String[] sensors, double[][] values)
            throws Exception {
        for (int start = from; start < to; start += 100) {
            StringBuilder b = new StringBuilder("{\"points\": [");
            boolean first = true;
            for (int i = start; i < Math.min(to, start + 100); i++) {
                for (int k = 0; k < sensors.length; k++) {
                    b.append(first ? "" : ",").append("{\"sensor\": \"").append(sensors[k]).append("\", \"ts\": ")
                            .append(ts(i)).append(", \"value\": ").append(values[k][i]).append('}');
                    first = false;
                }
            }
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + "/api/v1/telemetry"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(b.append("]}").toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
    }

    private JsonNode anomalies(PrognosServer server, String token, String sensor) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + "/api/v1/anomalies?sensor="
                + sensor)).header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("items");
    }

    /** The value of a Prometheus sample, such as {@code prognos_online_readings_total{phase="live"}}. */
    private static double metric(PrognosServer server, String sample) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(server.metrics().scrape());
        assertThat(m.find()).as("metric " + sample + " in\n" + server.metrics().scrape()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static void awaitFed(PrognosServer server, String sensor, long timestamp) throws InterruptedException {
        OnlineDetection online = server.onlineDetection().orElseThrow();
        MqttIngestTest.await(() -> online.lastFed(sensor).orElse(Long.MIN_VALUE) >= timestamp);
    }

    @Test
    void flagsTheInjectedShiftWithoutATrainedDetectorAndLeavesTheCleanSensorAlone() throws Exception {
        String location = TestStores.location(Dialect.SQLITE, temp);
        Database db = store(location);
        int n = 3000;
        int history = 1500;
        int shiftAt = 2400;
        double[] shifted = stream(1, n, shiftAt, 60, Integer.MAX_VALUE, 0);
        double[] clean = stream(2, n, Integer.MAX_VALUE, 0, Integer.MAX_VALUE, 0);
        // history imported before the server ran: the detectors' warm-up, never flagged
        TelemetryRepository telemetry = new TelemetryRepository(db);
        long[] historyTs = new long[history];
        for (int i = 0; i < history; i++) {
            historyTs[i] = ts(i);
        }
        telemetry.ingest("L1-SHIFT", historyTs, java.util.Arrays.copyOf(shifted, history));
        telemetry.ingest("L1-CLEAN", historyTs, java.util.Arrays.copyOf(clean, history));
        AlertRepository alerts = new AlertRepository(db);
        alerts.addRule(new AlertRepository.Rule(0, "everything", "LOW", 1, null, null, false, "dashboard", null, 0, 0));
        PipelineContext context = new PipelineContext(db, new ArtifactStore(temp.resolve("artifacts")), "test");
        String operator = new TokenRepository(db).issue("op", TokenRole.OPERATOR).secret();
        try (PrognosServer server = PrognosServer.start(context, online("knn-cad", 0.999,
                ServerSettings.DEFAULT_ONLINE_WARMUP))) {
            assertThat(context.registry().production("L1-SHIFT", io.prognos.pipeline.SensorTrainer.KIND)).isEmpty();
            publish(server, operator, history, n, new String[]{"L1-SHIFT", "L1-CLEAN"}, new double[][]{shifted, clean});
            awaitFed(server, "L1-SHIFT", ts(n - 1));
            awaitFed(server, "L1-CLEAN", ts(n - 1));
            server.onlineDetection().orElseThrow().feedPending();

            JsonNode found = anomalies(server, operator, "L1-SHIFT");
            assertThat(found).as(found.toString()).hasSize(1);
            JsonNode a = found.get(0);
            long start = Instant.parse(a.get("start").asText()).toEpochMilli();
            assertThat(start).as("at the injected shift").isBetween(ts(shiftAt), ts(shiftAt) + 5 * MINUTE);
            assertThat(a.get("detector").asText()).isEqualTo("knn-cad");
            assertThat(a.get("model_version").isNull()).isTrue();
            assertThat(a.get("score").asDouble()).isGreaterThanOrEqualTo(0.999).isLessThanOrEqualTo(1);
            assertThat(a.get("severity").asText()).isIn("MEDIUM", "HIGH", "CRITICAL");
            assertThat(anomalies(server, operator, "L1-CLEAN")).as("the clean sensor").isEmpty();
            StoredAnomaly stored = new AnomalyRepository(db).list("L1-SHIFT").get(0);
            assertThat(stored.versionId()).isNull();
            assertThat(stored.detector()).isEqualTo("knn-cad");
            // its page says why there is no expectation rather than showing another detector's
            HttpResponse<String> one = http.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + "/api/v1/anomalies/"
                    + stored.anomalyId())).header("Authorization", "Bearer " + operator).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
            JsonNode detail = JSON.readTree(one.body());
            assertThat(detail.get("expected").isNull()).isTrue();
            assertThat(detail.get("expected_unavailable").asText()).contains("online detection (knn-cad)");

            assertThat(metric(server, "prognos_online_sensors")).isEqualTo(2);
            assertThat(metric(server, "prognos_online_readings_total{phase=\"warmup\"}")).isEqualTo(2 * history);
            assertThat(metric(server, "prognos_online_readings_total{phase=\"live\"}")).isEqualTo(2 * (n - history));
            // the alert rule saw it, as it sees live scoring's anomalies
            MqttIngestTest.await(() -> alerts.openAlerts().stream()
                    .anyMatch(al -> al.incident().equals("anomaly:" + stored.anomalyId())));
            assertThat(alerts.openAlerts()).allSatisfy(al -> assertThat(al.sensorId()).isEqualTo("L1-SHIFT"));
        }
    }

    @Test
    void aRestartReplaysWhatWasFedWithoutFlaggingItAgain() throws Exception {
        String location = TestStores.location(Dialect.SQLITE, temp);
        int warmup = 2000;
        double[] values = stream(3, 2700, 2400, 60, 2550, 1000);
        String[] sensors = {"L1-SHIFT"};
        double[][] series = {values};
        StoredAnomaly first;
        Database db1 = store(location);
        String operator = new TokenRepository(db1).issue("op", TokenRole.OPERATOR).secret();
        try (PrognosServer server = PrognosServer.start(new PipelineContext(db1,
                new ArtifactStore(temp.resolve("artifacts")), "test"), online("knn-cad", 0.999, warmup))) {
            publish(server, operator, 0, 2500, sensors, series);
            awaitFed(server, "L1-SHIFT", ts(2499));
            server.onlineDetection().orElseThrow().feedPending();
            List<StoredAnomaly> before = new AnomalyRepository(db1).list("L1-SHIFT");
            assertThat(before).as("the first shift").singleElement()
                    .satisfies(a -> assertThat(a.startMillis()).isBetween(ts(2400), ts(2400) + 5 * MINUTE));
            first = before.get(0);
            assertThat(metric(server, "prognos_online_readings_total{phase=\"warmup\"}")).as("no history").isZero();
        }

        // the same store, a new server: the shift at 2400 is inside the 2,000 readings replayed
        Database db2 = store(location);
        try (PrognosServer server = PrognosServer.start(new PipelineContext(db2,
                new ArtifactStore(temp.resolve("artifacts")), "test"), online("knn-cad", 0.999, warmup))) {
            publish(server, operator, 2500, 2700, sensors, series);
            awaitFed(server, "L1-SHIFT", ts(2699));
            server.onlineDetection().orElseThrow().feedPending();
            assertThat(metric(server, "prognos_online_readings_total{phase=\"warmup\"}")).isEqualTo(warmup);
            assertThat(metric(server, "prognos_online_readings_total{phase=\"live\"}")).isEqualTo(200);
            assertThat(metric(server, "prognos_anomalies_stored_total"))
                    .as("only the new shift was stored; the replay re-flagged nothing").isEqualTo(1);
            List<StoredAnomaly> after = new AnomalyRepository(db2).list("L1-SHIFT");
            assertThat(after).hasSize(2).contains(first);
            // a fresh detector scores nothing for its first ~220 readings, so this needs the warm-up
            StoredAnomaly second = after.stream().filter(a -> a.anomalyId() != first.anomalyId()).findFirst().orElseThrow();
            assertThat(second.startMillis()).isBetween(ts(2550), ts(2550) + 5 * MINUTE);
            assertThat(second.detector()).isEqualTo("knn-cad");
        }
    }

    @Test
    void onlineDetectionIsOffByDefaultAndTheSettingRefusesUnknownDetectorsAndBadValues() {
        ServerSettings defaults = ServerSettings.defaults();
        assertThat(defaults.onlineDetection()).isFalse();
        assertThat(defaults.onlineDetector()).isNull();
        assertThat(defaults.onlineAlarmLevel()).isEqualTo(0.999);
        assertThat(defaults.onlineWarmup()).isEqualTo(10_080);
        assertThat(defaults.withOnlineDetection("none", 0.98, 10).onlineDetection()).isFalse();
        assertThat(defaults.withOnlineDetection(" knn-cad-seasonal ", 1, 1).onlineDetector()).isEqualTo("knn-cad-seasonal");

        assertThatThrownBy(() -> defaults.withOnlineDetection("knn-cat", 0.98, 10_080))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("server.online_detector")
                .hasMessageContaining("'knn-cat'")
                .hasMessageContaining("knn-cad, ")
                .hasMessageContaining("windowed-gaussian");
        assertThatThrownBy(() -> defaults.withOnlineDetection("knn-cad", 0, 10_080))
                .hasMessageContaining("server.online_alarm_level");
        assertThatThrownBy(() -> defaults.withOnlineDetection("knn-cad", 1.5, 10_080))
                .hasMessageContaining("server.online_alarm_level");
        assertThatThrownBy(() -> defaults.withOnlineDetection("knn-cad", Double.NaN, 10_080))
                .hasMessageContaining("server.online_alarm_level");
        assertThatThrownBy(() -> defaults.withOnlineDetection("knn-cad", 0.98, 0))
                .hasMessageContaining("server.online_warmup");
    }

    @Test
    void severityBandsAreTenTimesRarerEachAndTheStoredScoreShowsAsTheStreamingScore() {
        assertThat(OnlineDetection.severity(0.98)).hasToString("LOW");
        assertThat(OnlineDetection.severity(0.995)).hasToString("MEDIUM");
        assertThat(OnlineDetection.severity(0.9995)).hasToString("HIGH");
        assertThat(OnlineDetection.severity(1.0)).hasToString("CRITICAL");
        StoredAnomaly a = new StoredAnomaly(1, "S", null, 0, 0, -Math.log1p(-0.9995), "HIGH", 0, "knn-cad");
        assertThat(io.prognos.server.api.ApiRoutes.boundedScore(a.score())).isCloseTo(0.9995,
                org.assertj.core.data.Offset.offset(1e-12));
    }
}

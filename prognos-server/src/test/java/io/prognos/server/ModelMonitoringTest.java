package io.prognos.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.prognos.store.AlertRepository;
import io.prognos.store.AnomalyFeedback;
import io.prognos.store.AnomalyRepository;
import io.prognos.store.Dialect;
import io.prognos.store.ModelVersion;
import io.prognos.store.NewModelVersion;
import io.prognos.store.Stage;
import io.prognos.store.StoredAnomaly;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Detector KPIs from operator feedback on a real server: the monitoring API's counts, precision and AUC, the
 * degradation verdict against the validation baseline, and the model alert it raises and clears.
 */
class ModelMonitoringTest {

    private static final long T0 = 1_767_225_600_000L;
    private static final long HOUR = 3_600_000L;

    @TempDir
    Path temp;

    @Test
    void feedbackGivesKpisAndADegradedDetectorRaisesAModelAlertThatClearsWhenItRecovers() throws Exception {
        try (TestServer s = TestServer.start(Dialect.SQLITE, temp)) {
            assertThat(s.post("/api/v1/alert-rules", s.admin, "{\"name\": \"models\", \"min_severity\": \"MEDIUM\", "
                    + "\"channel\": \"dashboard\", \"target\": \"-\"}").statusCode()).isEqualTo(201);
            ModelVersion version = s.context.registry().register(new NewModelVersion("P1-TEMP", "detector", null, null,
                    null, "telemanom-linear", "{}", "test", Map.of("validation_mse", 1.0, "validation_precision", 0.9)));
            s.context.registry().transition(version.versionId(), Stage.PRODUCTION, "test", "test");
            AnomalyRepository anomalies = new AnomalyRepository(s.context.db());
            List<StoredAnomaly> found = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                // the six real faults score 10-15, the six false alarms 3-8: the score ranks them perfectly
                double score = i < 6 ? 10 + i : 3 + (i - 6);
                found.add(new StoredAnomaly(0, "P1-TEMP", version.versionId(), T0 + i * HOUR, T0 + i * HOUR + 600_000,
                        score, "HIGH", T0));
            }
            anomalies.save("P1-TEMP", version.versionId(), found);
            // a labelled fault that no anomaly overlaps: a miss
            anomalies.saveLabels(List.of(new AnomalyRepository.Label("P1-TEMP", T0 + 20 * HOUR, T0 + 21 * HOUR, "import",
                    "bearing fault")));
            AnomalyFeedback feedback = new AnomalyFeedback(s.context.db());
            List<StoredAnomaly> stored = anomalies.list("P1-TEMP");
            for (StoredAnomaly a : stored) {
                feedback.record(a.anomalyId(), a.score() >= 10 ? AnomalyFeedback.Verdict.CONFIRMED
                        : AnomalyFeedback.Verdict.REJECTED, "op", null);
            }

            JsonNode kpis = TestServer.json(s.get("/api/v1/monitoring/detectors", s.viewer));
            assertThat(kpis.at("/total/tp").asLong()).isEqualTo(6);
            assertThat(kpis.at("/total/fp").asLong()).isEqualTo(6);
            assertThat(kpis.at("/total/fn").asLong()).isEqualTo(1);
            assertThat(kpis.at("/total/precision").asDouble()).isEqualTo(0.5);
            assertThat(kpis.at("/total/recall").asDouble()).isCloseTo(6 / 7.0, within(1e-12));
            assertThat(kpis.at("/total/auc").asDouble()).as("a miss scores 0, below every false alarm")
                    .isCloseTo((6 * 6 + 0) / 42.0, within(1e-12));
            JsonNode temp = sensor(kpis, "P1-TEMP");
            assertThat(temp.at("/production/precision").asDouble()).isEqualTo(0.5);
            assertThat(temp.at("/production/auc").asDouble()).isEqualTo(1.0);
            assertThat(temp.at("/verdict/outcome").asText()).isEqualTo("DEGRADED");
            assertThat(temp.at("/verdict/message").asText()).contains("44% below the validation baseline 0.90");
            assertThat(sensor(kpis, "P1-FLOW").get("verdict").isNull()).isTrue();
            assertThat(sensor(kpis, "P1-FLOW").at("/production/precision").isNull()).as("undefined, not 0").isTrue();
            assertThat(kpis.at("/over_time/buckets").size()).isEqualTo(26);
            assertThat(s.get("/api/v1/monitoring/detectors", null).statusCode()).isEqualTo(401);

            long now = System.currentTimeMillis();
            assertThat(s.server.modelHealth().check(now)).containsOnlyKeys("P1-TEMP");
            AlertRepository alerts = new AlertRepository(s.context.db());
            assertThat(alerts.openAlerts()).singleElement().satisfies(a -> {
                assertThat(a.incident()).isEqualTo("model:P1-TEMP");
                assertThat(a.severity()).isEqualTo("MEDIUM");
                assertThat(a.message()).startsWith("model degraded: detector: precision 0.50");
            });
            assertThat(s.server.metrics().scrape()).contains("prognos_models_degraded 1.0");

            // the operators take back three rejections: precision 9 / 12 = 0.75, within 20 % of 0.9
            for (StoredAnomaly a : stored.stream().filter(a -> a.score() < 10).limit(3).toList()) {
                feedback.record(a.anomalyId(), AnomalyFeedback.Verdict.CONFIRMED, "op", "was real after all");
            }
            assertThat(s.server.modelHealth().check(now + 1000)).isEmpty();
            assertThat(alerts.openAlerts()).isEmpty();
            assertThat(sensor(TestServer.json(s.get("/api/v1/monitoring/detectors", s.viewer)), "P1-TEMP")
                    .at("/verdict/outcome").asText()).isEqualTo("WITHIN_TOLERANCE");
        }
    }

    /**
     * A Production forecaster whose stored forecast runs one unit above the readings that then arrive: the API
     * shows MAE 1 against a validation MAE of 0.5, all readings inside the interval, a DEGRADED verdict, and the
     * health check raises the sensor's model alert for the forecaster.
     */
    @Test
    void realisedForecastErrorsAreServedAndADegradedForecasterRaisesAModelAlert() throws Exception {
        try (TestServer s = TestServer.start(Dialect.SQLITE, temp)) {
            assertThat(s.post("/api/v1/alert-rules", s.admin, "{\"name\": \"models\", \"min_severity\": \"MEDIUM\", "
                    + "\"channel\": \"dashboard\", \"target\": \"-\"}").statusCode()).isEqualTo(201);
            assertThat(TestServer.json(s.get("/api/v1/monitoring/forecasters", s.viewer)).get("items")).isEmpty();
            ModelVersion version = s.context.registry().register(new NewModelVersion("P1-TEMP", "forecaster", null, null,
                    null, "ridge", "{}", "test", Map.of("validation_mse_h120", 0.3, "validation_mae", 0.5)));
            s.context.registry().transition(version.versionId(), Stage.PRODUCTION, "test", "test");
            int steps = 120;
            long origin = T0;
            long[] targets = new long[steps];
            double[] predicted = new double[steps];
            double[] low = new double[steps];
            double[] high = new double[steps];
            double[] actual = new double[steps];
            for (int i = 0; i < steps; i++) {
                targets[i] = origin + (i + 1) * 60_000L;
                actual[i] = 50 + Math.sin(i / 10.0);
                predicted[i] = actual[i] + 1;
                low[i] = predicted[i] - 2;
                high[i] = predicted[i] + 2;
            }
            new io.prognos.store.ForecastRepository(s.context.db()).save(new io.prognos.store.ForecastRepository.NewForecast(
                    "P1-TEMP", version.versionId(), origin, 60_000L, 0.9, targets, predicted, low, high), T0);
            new io.prognos.store.TelemetryRepository(s.context.db()).ingest("P1-TEMP", targets, actual);

            JsonNode items = TestServer.json(s.get("/api/v1/monitoring/forecasters", s.viewer)).get("items");
            assertThat(items).hasSize(1);
            JsonNode v = items.get(0).get("versions").get(0);
            assertThat(v.at("/realised/points").asLong()).isEqualTo(steps);
            assertThat(v.at("/realised/mae").asDouble()).isCloseTo(1.0, within(1e-9));
            assertThat(v.at("/realised/rmse").asDouble()).isCloseTo(1.0, within(1e-9));
            assertThat(v.at("/coverage/share").asDouble()).isEqualTo(1.0);
            assertThat(v.at("/validation_mae").asDouble()).isEqualTo(0.5);
            assertThat(v.at("/verdict/outcome").asText()).isEqualTo("DEGRADED");
            assertThat(v.get("by_step")).extracting(b -> b.at("/realised/points").asLong()).containsExactly(1L, 9L, 90L, 20L);

            assertThat(s.server.modelHealth().check(System.currentTimeMillis()).get("P1-TEMP")).startsWith("forecaster: MAE");
            assertThat(new AlertRepository(s.context.db()).openAlerts()).singleElement()
                    .satisfies(a -> assertThat(a.incident()).isEqualTo("model:P1-TEMP"));
        }
    }

    private static JsonNode sensor(JsonNode kpis, String id) {
        for (JsonNode s : kpis.get("sensors")) {
            if (s.get("sensor").asText().equals(id)) {
                return s;
            }
        }
        throw new AssertionError("no sensor " + id + " in " + kpis);
    }
}

package io.prognos.server;

import io.prognos.core.sim.FleetSimulator;
import io.prognos.pipeline.SensorTrainer;
import io.prognos.core.detect.predict.TrainingListener;
import io.prognos.pipeline.TrainingOptions;
import io.prognos.server.sim.SimulatedFleet;
import io.prognos.store.AnomalyRepository;
import io.prognos.store.Dialect;
import io.prognos.store.StoredAnomaly;
import io.prognos.store.TelemetryPoint;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Live scoring end to end: history, a trained detector, then live points with an injected fault. */
class LiveScoringTest {

    private static final long T0 = 1_767_225_600_000L;

    @TempDir
    Path temp;

    @Test
    void liveScoringFindsTheInjectedFaultOnceAndLeavesCleanSensorsAlone() throws Exception {
        ServerSettings settings = ServerSettings.defaults().withHttp("127.0.0.1", 0).withoutMqtt()
                .withScoring(Duration.ofHours(1), null);
        try (TestServer s = TestServer.start(Dialect.SQLITE, temp, settings)) {
            FleetSimulator sim = new FleetSimulator(7, T0, 4 * 1440);
            SimulatedFleet.register(s.context.db(), sim);
            SimulatedFleet.ingestUntil(s.context.db(), sim, sim.liveStartMillis());
            Set<String> watched = Set.of("PUMP-101-VIBRATION", "PUMP-101-PRESSURE", "MOTOR-201-CURRENT");
            for (String sensor : watched) {
                SensorTrainer.Outcome o = new SensorTrainer(s.context).train(sensor, TrainingOptions.defaults(),
                        TrainingListener.NONE);
                assertThat(o.status()).as(o.message()).isEqualTo(SensorTrainer.Outcome.Status.PROMOTED);
            }
            com.sun.net.httpserver.HttpServer hook = com.sun.net.httpserver.HttpServer.create(
                    new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            List<String> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
            hook.createContext("/", exchange -> {
                delivered.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            hook.start();
            new io.prognos.store.AlertRepository(s.context.db()).addRule(new io.prognos.store.AlertRepository.Rule(0,
                    "critical pumps", "HIGH", 4, "PUMP-101", null, false, "webhook",
                    "http://127.0.0.1:" + hook.getAddress().getPort() + "/", 0, 0));
            FleetSimulator.Fault spikes = sim.faults().stream().filter(f -> f.kind() == FleetSimulator.FaultKind.SPIKES)
                    .findFirst().orElseThrow();
            long until = spikes.endMillis() + Duration.ofMinutes(300).toMillis();
            int step = 0;
            while (sim.nextTimestampMillis() < until) {
                List<TelemetryPoint> batch = new ArrayList<>();
                for (FleetSimulator.Reading r : sim.next()) {
                    batch.add(new TelemetryPoint(r.sensorId(), r.timestampMillis(), r.value()));
                }
                s.server.ingest().ingest(batch, "test");
                if (++step % 10 == 0) {
                    s.server.scoring().scorePending();
                }
            }
            AnomalyRepository anomalies = new AnomalyRepository(s.context.db());
            List<StoredAnomaly> found = anomalies.list("PUMP-101-VIBRATION");
            assertThat(found).hasSize(1);
            assertThat(found.get(0).startMillis()).isLessThanOrEqualTo(spikes.endMillis());
            assertThat(found.get(0).endMillis()).isGreaterThanOrEqualTo(spikes.startMillis());
            assertThat(anomalies.list("PUMP-101-PRESSURE")).isEmpty();

            // the why: what the detector expected, and the asset's other sensors ranked
            JsonNode why = TestServer.json(s.get("/api/v1/anomalies/" + found.get(0).anomalyId(), s.viewer));
            JsonNode expected = why.get("expected");
            assertThat(expected.get("timestamps_ms").size()).isGreaterThan(10);
            double band = expected.get("band_half_width").asDouble();
            assertThat(band).isPositive();
            double worst = 0;
            for (int i = 0; i < expected.get("actual").size(); i++) {
                worst = Math.max(worst, Math.abs(expected.get("actual").get(i).asDouble()
                        - expected.get("expected").get(i).asDouble()));
            }
            assertThat(worst).as("the spikes leave the normal band").isGreaterThan(3 * band);
            assertThat(why.get("related")).hasSize(3);
            assertThat(why.get("related").get(0).get("sensor").asText()).startsWith("PUMP-101-");
            FleetSimulator.Fault shift = sim.faults().stream()
                    .filter(f -> f.kind() == FleetSimulator.FaultKind.LEVEL_SHIFT).findFirst().orElseThrow();
            assertThat(shift.startMillis()).isLessThan(until - Duration.ofMinutes(100).toMillis());
            List<StoredAnomaly> shifted = anomalies.list("MOTOR-201-CURRENT");
            assertThat(shifted).hasSize(1);
            assertThat(shifted.get(0).endMillis()).isGreaterThanOrEqualTo(shift.startMillis());
            assertThat(s.server.metrics().scrape()).contains("prognos_scoring_seconds_count");
            // the spikes raised one alert by the rule for the pump (criticality 5); the motor's shift did not match it
            MqttIngestTest.await(() -> !delivered.isEmpty());
            hook.stop(0);
            assertThat(delivered).singleElement().asString().contains("\"kind\":\"opened\"")
                    .contains("\"sensor\":\"PUMP-101-VIBRATION\"");
        }
    }
}

package io.prognos.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.prognos.server.ingest.EmbeddedBroker;
import io.prognos.store.Dialect;
import io.prognos.store.TelemetryRepository;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT ingestion through a real broker: the embedded Moquette on a free port, and the machine's
 * Mosquitto on 127.0.0.1:1883 (skipped without it unless PROGNOS_REQUIRE_SERVICES=1).
 */
class MqttIngestTest {

    private static final long T0 = 1_767_225_600_000L;

    @TempDir
    Path temp;

    @Test
    void embeddedBrokerIngestsGoodMessagesAndDeadLettersBadOnes() throws Exception {
        ServerSettings settings = ServerSettings.defaults().withHttp("127.0.0.1", 0).withEmbeddedMqtt(0)
                .withMqttIdentity("prognos", "test-" + UUID.randomUUID());
        try (TestServer s = TestServer.start(Dialect.SQLITE, temp, settings)) {
            exercise(s, s.server.brokerUrl(), "prognos");
        }
    }

    /**
     * The embedded broker's gate passes a telemetry message on (so the broker acknowledges it) only after it is
     * committed: when a QoS 1 publish returns, its points are in the database already, with no waiting. Other
     * topics pass through untouched, in order, to other subscribers.
     */
    @Test
    void embeddedBrokerAcknowledgesTelemetryOnlyOnceStored() throws Exception {
        ServerSettings settings = ServerSettings.defaults().withHttp("127.0.0.1", 0).withEmbeddedMqtt(0)
                .withMqttIdentity("prognos", "test-" + UUID.randomUUID());
        try (TestServer s = TestServer.start(Dialect.SQLITE, temp, settings)) {
            TelemetryRepository telemetry = new TelemetryRepository(s.context.db());
            MqttClient listener = new MqttClient(s.server.brokerUrl(), "listener-" + UUID.randomUUID(), new MemoryPersistence());
            listener.connect();
            List<String> seen = new CopyOnWriteArrayList<>();
            listener.subscribe("#", 1, (topic, message) -> seen.add(topic + " " + new String(message.getPayload(),
                    StandardCharsets.UTF_8)));
            MqttClient client = new MqttClient(s.server.brokerUrl(), "gate-" + UUID.randomUUID(), new MemoryPersistence());
            client.connect();
            try {
                for (int i = 0; i < 200; i++) {
                    publish(client, "prognos/telemetry/P1-TEMP", "{\"ts\": " + (T0 + 1000L * i) + ", \"value\": " + i + "}");
                    assertThat(telemetry.count("P1-TEMP")).as("stored when acknowledged, message %d", i).isEqualTo(i + 1);
                    publish(client, "plant/notes", "after " + i);
                }
                await(() -> seen.size() == 400);
            } finally {
                client.disconnect();
                listener.disconnect();
            }
            // every message reached the other subscriber, each telemetry message before the note that followed it
            for (int i = 0; i < 200; i++) {
                assertThat(seen.indexOf("prognos/telemetry/P1-TEMP {\"ts\": " + (T0 + 1000L * i) + ", \"value\": " + i + "}"))
                        .isLessThan(seen.indexOf("plant/notes after " + i)).isNotNegative();
            }
        }
    }

    /** Malformed MQTT packets close that connection only; the gate goes on serving others. */
    @Test
    void malformedPacketsCloseTheirConnectionAndOthersCarryOn() throws Exception {
        ServerSettings settings = ServerSettings.defaults().withHttp("127.0.0.1", 0).withEmbeddedMqtt(0)
                .withMqttIdentity("prognos", "test-" + UUID.randomUUID());
        try (TestServer s = TestServer.start(Dialect.SQLITE, temp, settings)) {
            java.net.URI broker = java.net.URI.create(s.server.brokerUrl().replace("tcp://", "http://"));
            byte[][] malformed = {
                    {0x10, 0x02, 0x00, 0x09},                                   // CONNECT whose protocol name runs past it
                    {0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01}, // a remaining length of five bytes
                    {0x32, 0x03, 0x00, 0x40, 0x61}                              // PUBLISH whose topic runs past it
            };
            for (byte[] packet : malformed) {
                try (java.net.Socket socket = new java.net.Socket(broker.getHost(), broker.getPort())) {
                    socket.setSoTimeout(10_000);
                    socket.getOutputStream().write(packet);
                    socket.getOutputStream().flush();
                    assertThat(socket.getInputStream().read()).as("connection closed by the server").isEqualTo(-1);
                }
            }
            MqttClient client = new MqttClient(s.server.brokerUrl(), "after-" + UUID.randomUUID(), new MemoryPersistence());
            client.connect();
            publish(client, "prognos/telemetry/P1-TEMP", "{\"ts\": " + T0 + ", \"value\": 40}");
            client.disconnect();
            assertThat(new TelemetryRepository(s.context.db()).count("P1-TEMP")).isEqualTo(1);
        }
    }

    @Test
    void externalMosquittoBrokerIngests() throws Exception {
        requireMosquitto();
        String prefix = "prognos-test-" + UUID.randomUUID().toString().substring(0, 8);
        ServerSettings settings = ServerSettings.defaults().withHttp("127.0.0.1", 0)
                .withExternalMqtt("tcp://127.0.0.1:1883").withMqttIdentity(prefix, "test-" + UUID.randomUUID());
        try (TestServer s = TestServer.start(Dialect.SQLITE, temp, settings)) {
            exercise(s, "tcp://127.0.0.1:1883", prefix);
        }
    }

    private void exercise(TestServer s, String broker, String prefix) throws Exception {
        TelemetryRepository telemetry = new TelemetryRepository(s.context.db());
        MqttClient client = new MqttClient(broker, "test-client-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        client.connect(options);
        List<JsonNode> deadLetters = new CopyOnWriteArrayList<>();
        client.subscribe(prefix + "/deadletter/#", 1, (topic, message) ->
                deadLetters.add(TestServer.JSON.readTree(message.getPayload())));
        try {
            publish(client, prefix + "/telemetry/P1-TEMP", "{\"ts\": " + T0 + ", \"value\": 41.5}");
            publish(client, prefix + "/telemetry/P1-TEMP", "[{\"ts\": " + (T0 + 60_000) + ", \"value\": 42},"
                    + "{\"ts\": \"2026-01-01T00:02:00Z\", \"value\": null}]");
            publish(client, prefix + "/telemetry/P1-FLOW", (T0 + 60_000) + ",12.5\n" + (T0 + 120_000) + ",13\n");
            publish(client, prefix + "/telemetry", "{\"points\": [{\"sensor\": \"P1-FLOW\", \"ts\": " + (T0 + 180_000)
                    + ", \"value\": 14}]}");
            // bad: malformed JSON, unknown sensor, wrong type, out of order
            publish(client, prefix + "/telemetry/P1-TEMP", "{\"ts\": ");
            publish(client, prefix + "/telemetry/GHOST", "{\"ts\": " + T0 + ", \"value\": 1}");
            publish(client, prefix + "/telemetry/P1-TEMP", "{\"ts\": " + (T0 + 180_000) + ", \"value\": \"warm\"}");
            publish(client, prefix + "/telemetry/P1-FLOW", (T0 - 7_200_000) + ",9");
            await(() -> deadLetters.size() == 4 && telemetry.count("P1-FLOW") == 3 && telemetry.count("P1-TEMP") == 3);
        } finally {
            client.disconnect();
            client.close();
        }
        assertThat(telemetry.readAll("P1-TEMP").values()).containsExactly(41.5, 42.0, Double.NaN);
        assertThat(telemetry.readAll("P1-FLOW").values()).containsExactly(12.5, 13.0, 14.0);
        assertThat(deadLetters).extracting(d -> d.get("reason").asText()).anySatisfy(r -> assertThat(r).contains("malformed JSON"))
                .anySatisfy(r -> assertThat(r).contains("unknown sensor 'GHOST'"))
                .anySatisfy(r -> assertThat(r).contains("value: expected a number or null"))
                .anySatisfy(r -> assertThat(r).contains("more than an hour older than its newest reading"));
        assertThat(deadLetters).extracting(d -> d.get("topic").asText()).contains(prefix + "/telemetry/GHOST");
        assertThat(s.server.metrics().scrape()).contains("prognos_ingest_points_total{transport=\"mqtt\"} 6.0");
    }

    private static void publish(MqttClient client, String topic, String payload) throws Exception {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        client.publish(topic, m);
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(20);
        }
    }

    static void requireMosquitto() {
        boolean reachable = !EmbeddedBroker.isFree("127.0.0.1", 1883);
        if (!reachable && "1".equals(System.getenv("PROGNOS_REQUIRE_SERVICES"))) {
            throw new IllegalStateException("an MQTT broker is required (PROGNOS_REQUIRE_SERVICES=1) but nothing listens "
                    + "on 127.0.0.1:1883");
        }
        Assumptions.assumeTrue(reachable, "no MQTT broker on 127.0.0.1:1883: the Mosquitto case is skipped");
    }
}

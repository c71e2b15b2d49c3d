package io.prognos.server.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.prognos.store.StoreException;
import io.prognos.store.TelemetryPoint;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Receives telemetry over MQTT and stores it through the same checks as HTTP.
 *
 * <p>Topics (with the default prefix {@code prognos}): {@code prognos/telemetry/SENSOR} carries points of
 * one sensor (a JSON point, a JSON array of points, or CSV {@code ts,value} lines) and
 * {@code prognos/telemetry} carries a multi-sensor batch ({@code {"points": [...]}}), both QoS 1. A
 * message is acknowledged to the broker only after its points are committed, so a crash loses no
 * acknowledged point (the broker redelivers the rest). A refused message is acknowledged too (it would
 * be refused again) and republished on {@code prognos/deadletter/telemetry[/SENSOR]} as JSON with the
 * reason and the original payload.
 *
 * <p>The session is persistent (fixed client id, clean session off): with a persistent external broker
 * such as Mosquitto, messages the broker acknowledged to a publisher survive a crash of the server. The
 * embedded broker keeps its queues in memory, so it loses what is in flight when the process dies; use
 * HTTP ingest (acknowledged after the commit) or an external broker where that matters.
 */
public final class MqttTelemetrySubscriber implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MqttTelemetrySubscriber.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_POINTS_PER_COMMIT = 50_000;

    private record Received(String topic, MqttMessage message) {
    }

    private final TelemetryIngestService ingest;
    private final TelemetryPayloads payloads;
    private final String prefix;
    private final MqttAsyncClient client;
    private final BlockingQueue<Received> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;
    private volatile long deadLetters;

    private MqttTelemetrySubscriber(TelemetryIngestService ingest, TelemetryPayloads payloads, String prefix,
                                    MqttAsyncClient client) {
        this.ingest = ingest;
        this.payloads = payloads;
        this.prefix = prefix;
        this.client = client;
        this.writer = new Thread(this::writeLoop, "prognos-mqtt-writer");
        this.writer.setDaemon(true);
    }

    /**
     * Connects to the broker and subscribes.
     *
     * @throws IllegalStateException naming the broker when it cannot be reached
     */
    public static MqttTelemetrySubscriber connect(String brokerUrl, String clientId, String prefix,
                                                  TelemetryIngestService ingest, TelemetryPayloads payloads) {
        try {
            MqttAsyncClient client = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
            MqttTelemetrySubscriber subscriber = new MqttTelemetrySubscriber(ingest, payloads, prefix, client);
            client.setManualAcks(true);
            client.setCallback(subscriber.callback());
            MqttConnectOptions options = new MqttConnectOptions();
            // a persistent session: while the server is down, a persistent broker keeps its messages,
            // and those not acknowledged (not yet committed) before a crash are delivered again
            options.setCleanSession(false);
            options.setAutomaticReconnect(true);
            options.setMaxInflight(1000);
            options.setKeepAliveInterval(30);
            client.connect(options).waitForCompletion(10_000);
            subscriber.subscribe();
            subscriber.writer.start();
            LOG.info("MQTT ingestion subscribed to {}/telemetry and {}/telemetry/+ on {}", prefix, prefix, brokerUrl);
            return subscriber;
        } catch (MqttException e) {
            throw new IllegalStateException("cannot connect to the MQTT broker at " + brokerUrl + ": " + e.getMessage()
                    + " (is it running? set mqtt.broker in prognos.yaml or use the embedded broker)", e);
        }
    }

    private void subscribe() throws MqttException {
        client.subscribe(new String[]{prefix + "/telemetry", prefix + "/telemetry/+"}, new int[]{1, 1})
                .waitForCompletion(10_000);
    }

    private MqttCallbackExtended callback() {
        return new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                if (reconnect) {
                    LOG.info("MQTT ingestion reconnected to {}", serverUri);
                    try {
                        subscribe();
                    } catch (MqttException e) {
                        LOG.error("MQTT ingestion could not subscribe again on {}: {}", serverUri, e.getMessage());
                    }
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
                LOG.warn("MQTT ingestion lost its broker connection ({}); reconnecting", cause == null ? "closed"
                        : cause.getMessage());
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                queue.add(new Received(topic, message));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // dead letters only; nothing to do
            }
        };
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** How many messages were refused and republished to the dead-letter topic. */
    public long deadLetters() {
        return deadLetters;
    }

    private void writeLoop() {
        while (running) {
            try {
                Received first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<Received> group = new ArrayList<>();
                group.add(first);
                queue.drainTo(group, 5_000);
                writeGroup(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("MQTT ingestion failed on a group of messages; unacknowledged messages come again after "
                        + "a reconnect", e);
            }
        }
    }

    /** Parses each message, stores the good ones together, dead-letters the bad ones, then acknowledges. */
    private void writeGroup(List<Received> group) {
        Map<Received, List<TelemetryPoint>> parsed = new LinkedHashMap<>();
        int points = 0;
        for (Received r : group) {
            try {
                List<TelemetryPoint> p = parse(r);
                parsed.put(r, p);
                points += p.size();
            } catch (BadTelemetryException e) {
                deadLetter(r, e.getMessage());
            }
            if (points >= MAX_POINTS_PER_COMMIT) {
                store(parsed);
                parsed.clear();
                points = 0;
            }
        }
        store(parsed);
    }

    private void store(Map<Received, List<TelemetryPoint>> parsed) {
        if (parsed.isEmpty()) {
            return;
        }
        List<TelemetryPoint> all = new ArrayList<>();
        parsed.values().forEach(all::addAll);
        try {
            ingest.ingest(all, "mqtt");
            parsed.keySet().forEach(this::ack);
        } catch (BadTelemetryException e) {
            // one message spoils the group: store message by message to find it
            for (Map.Entry<Received, List<TelemetryPoint>> m : parsed.entrySet()) {
                try {
                    ingest.ingest(m.getValue(), "mqtt");
                    ack(m.getKey());
                } catch (BadTelemetryException bad) {
                    deadLetter(m.getKey(), bad.getMessage());
                }
            }
        } catch (StoreException e) {
            LOG.error("MQTT ingestion could not store {} points ({}); the messages stay unacknowledged", all.size(),
                    e.getMessage());
        }
    }

    private List<TelemetryPoint> parse(Received r) {
        String base = prefix + "/telemetry";
        byte[] payload = r.message().getPayload();
        if (r.topic().equals(base)) {
            return payloads.batch(payload);
        }
        String sensor = r.topic().substring(base.length() + 1);
        return payloads.forSensor(sensor, payload);
    }

    private void deadLetter(Received r, String reason) {
        deadLetters++;
        String topic = prefix + "/deadletter/" + r.topic().substring(prefix.length() + 1);
        LOG.warn("MQTT message on {} refused: {} (republished on {})", r.topic(), reason, topic);
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("topic", r.topic());
            body.put("reason", reason);
            String payload = new String(r.message().getPayload(), StandardCharsets.UTF_8);
            body.put("payload", payload.length() > 10_000 ? payload.substring(0, 10_000) + "..." : payload);
            client.publish(topic, JSON.writeValueAsBytes(body), 1, false);
        } catch (Exception e) {
            LOG.error("could not publish the dead letter for {}: {}", r.topic(), e.getMessage());
        }
        ack(r);
    }

    private void ack(Received r) {
        try {
            client.messageArrivedComplete(r.message().getId(), r.message().getQos());
        } catch (MqttException e) {
            LOG.warn("could not acknowledge MQTT message {} on {}: {}", r.message().getId(), r.topic(), e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        writer.interrupt();
        try {
            writer.join(5_000);
            client.disconnect().waitForCompletion(5_000);
        } catch (MqttException | InterruptedException e) {
            LOG.debug("MQTT ingestion closed with {}", e.toString());
        } finally {
            try {
                client.close();
            } catch (MqttException e) {
                LOG.debug("MQTT client close: {}", e.toString());
            }
        }
    }
}

package io.prognos.server.ingest;

import io.prognos.store.StoreException;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives telemetry from an external MQTT broker and stores it through the same checks as HTTP.
 *
 * <p>Topics (with the default prefix {@code prognos}): {@code prognos/telemetry/SENSOR} carries points of
 * one sensor (a JSON point, a JSON array of points, or CSV {@code ts,value} lines) and
 * {@code prognos/telemetry} carries a multi-sensor batch ({@code {"points": [...]}}), both QoS 1. A
 * message is acknowledged to the broker only after its points are committed, so a crash loses no
 * acknowledged point (the broker redelivers the rest). A refused message is acknowledged too (it would
 * be refused again) and republished on {@code prognos/deadletter/telemetry[/SENSOR]} as JSON with the
 * reason and the original payload.
 *
 * <p>The session is persistent (fixed client id, clean session off): with a persistent broker such as
 * Mosquitto, messages the broker acknowledged to a publisher survive a crash of the server. The embedded
 * broker does not use this class: its {@link MqttIngestGate} commits before the broker acknowledges.
 */
public final class MqttTelemetrySubscriber implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MqttTelemetrySubscriber.class);

    private final String prefix;
    private final MqttAsyncClient client;
    private final TelemetryMessageWriter writer;

    private MqttTelemetrySubscriber(TelemetryIngestService ingest, TelemetryPayloads payloads, String prefix,
                                    MqttAsyncClient client) {
        this.prefix = prefix;
        this.client = client;
        this.writer = new TelemetryMessageWriter(ingest, payloads, prefix,
                (topic, body) -> client.publish(topic, body, 1, false));
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
                writer.submit(new Received(topic, message));
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
        return writer.deadLetters();
    }

    /** A message from the broker, acknowledged once the writer is done with it. */
    private final class Received implements TelemetryMessageWriter.Delivery {
        private final String topic;
        private final MqttMessage message;

        Received(String topic, MqttMessage message) {
            this.topic = topic;
            this.message = message;
        }

        @Override
        public String topic() {
            return topic;
        }

        @Override
        public byte[] payload() {
            return message.getPayload();
        }

        @Override
        public void done() {
            try {
                client.messageArrivedComplete(message.getId(), message.getQos());
            } catch (MqttException e) {
                LOG.warn("could not acknowledge MQTT message {} on {}: {}", message.getId(), topic, e.getMessage());
            }
        }

        @Override
        public void notStored(StoreException cause) {
            // left unacknowledged: the broker delivers it again after a reconnect
        }
    }

    @Override
    public void close() {
        writer.close();
        try {
            client.disconnect().waitForCompletion(5_000);
        } catch (MqttException e) {
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

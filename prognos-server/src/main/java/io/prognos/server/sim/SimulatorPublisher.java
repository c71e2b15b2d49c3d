package io.prognos.server.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.prognos.core.sim.FleetSimulator;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Publishes a simulated fleet's live readings to an MQTT broker, one QoS-1 message per reading on
 * {@code PREFIX/telemetry/SENSOR}, at an accelerated pace until simulated time catches up with the wall
 * clock and in real time after that (timestamps never run ahead of the clock).
 */
public final class SimulatorPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorPublisher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FleetSimulator simulator;
    private final MqttAsyncClient client;
    private final String prefix;
    private final double speed;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long published;

    private SimulatorPublisher(FleetSimulator simulator, MqttAsyncClient client, String prefix, double speed) {
        this.simulator = simulator;
        this.client = client;
        this.prefix = prefix;
        this.speed = speed;
        this.thread = new Thread(this::run, "prognos-simulator");
        this.thread.setDaemon(true);
    }

    /**
     * Connects and starts publishing from the simulator's next step.
     *
     * @param speed simulated seconds per wall-clock second while behind the clock (1 = real time)
     */
    public static SimulatorPublisher start(FleetSimulator simulator, String brokerUrl, String prefix, double speed) {
        if (!(speed >= 1 && speed <= 100_000)) {
            throw new IllegalArgumentException("speed must be 1-100000, got " + speed);
        }
        try {
            MqttAsyncClient client = new MqttAsyncClient(brokerUrl, "prognos-simulator-" + UUID.randomUUID().toString()
                    .substring(0, 8), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setAutomaticReconnect(true);
            options.setCleanSession(true);
            options.setMaxInflight(10_000);
            client.connect(options).waitForCompletion(10_000);
            SimulatorPublisher publisher = new SimulatorPublisher(simulator, client, prefix, speed);
            publisher.thread.start();
            return publisher;
        } catch (MqttException e) {
            throw new IllegalStateException("the simulator cannot connect to the MQTT broker at " + brokerUrl + ": "
                    + e.getMessage(), e);
        }
    }

    /** Readings published so far. */
    public long published() {
        return published;
    }

    private void run() {
        long period = FleetSimulator.PERIOD.toMillis();
        long wallStart = System.currentTimeMillis();
        long simStart = simulator.nextTimestampMillis();
        while (running) {
            long t = simulator.nextTimestampMillis();
            // accelerated while behind the wall clock, never ahead of it
            long due = Math.max(wallStart + (long) ((t - simStart) / speed), t);
            long wait = due - System.currentTimeMillis();
            if (wait > 0) {
                try {
                    Thread.sleep(Math.min(wait, period));
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            for (FleetSimulator.Reading r : simulator.next()) {
                publish(r);
            }
        }
    }

    private void publish(FleetSimulator.Reading r) {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("ts", r.timestampMillis());
        point.put("value", Double.isNaN(r.value()) ? null : r.value());
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(point);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a simulated reading", e);
        }
        while (running) {
            try {
                client.publish(prefix + "/telemetry/" + r.sensorId(), payload, 1, false);
                published++;
                return;
            } catch (MqttException e) {
                LOG.warn("simulator could not publish {} at {}: {}; retrying in 1 s", r.sensorId(), r.timestampMillis(),
                        e.getMessage());
                sleepQuietly(1000);
            }
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
            client.disconnect().waitForCompletion(5_000);
            client.close();
        } catch (MqttException | InterruptedException e) {
            LOG.debug("simulator close: {}", e.toString());
        }
    }
}

package io.prognos.server.ingest;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Properties;

/**
 * The embedded MQTT broker (Moquette) the server starts when no external broker is configured. It listens on
 * loopback only: publishers reach it through {@link MqttIngestGate}, which stores telemetry before the broker
 * acknowledges it. It keeps no state on disk (what it holds in memory has been stored already) and never
 * phones home ({@code telemetry_enabled=false}).
 */
public final class EmbeddedBroker implements AutoCloseable {

    /** Largest MQTT message accepted, so that batches of a few thousand points fit. */
    public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
    private static final String HOST = "127.0.0.1";

    private final Server server;
    private final int port;

    private EmbeddedBroker(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts a broker on a free loopback port.
     *
     * @throws UncheckedIOException when it cannot start
     */
    public static EmbeddedBroker start() {
        int chosen = freePort(HOST);
        Properties p = new Properties();
        p.setProperty("host", HOST);
        p.setProperty("port", Integer.toString(chosen));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("allow_anonymous", "true");
        p.setProperty("netty.mqtt.message_size", Integer.toString(MAX_MESSAGE_BYTES));
        Server server = new Server();
        try {
            server.startServer(new MemoryConfig(p));
        } catch (IOException | RuntimeException e) {
            server.stopServer();
            throw new UncheckedIOException(new IOException("cannot start the embedded MQTT broker on " + HOST + ":" + chosen
                    + ": " + e.getMessage(), e));
        }
        return new EmbeddedBroker(server, chosen);
    }

    /** Publishes a message from the server itself (QoS 1, not retained), such as a dead letter. */
    public void publish(String topic, byte[] payload) {
        MqttPublishMessage message = MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_LEAST_ONCE)
                .retained(false).payload(Unpooled.wrappedBuffer(payload)).build();
        server.internalPublish(message, "prognos-server");
    }

    String internalHost() {
        return HOST;
    }

    int internalPort() {
        return port;
    }

    /** Whether nothing listens on the port yet. */
    public static boolean isFree(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // a port left in TIME_WAIT by a killed server is free for a new one
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port that was free a moment ago. */
    public static int freePort(String host) {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName(host))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on " + host, e);
        }
    }

    @Override
    public void close() {
        server.stopServer();
    }
}

package io.prognos.server.ingest;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Properties;

/**
 * The embedded MQTT broker (Moquette) the server starts when no external broker is configured. It keeps
 * no state on disk and never phones home ({@code telemetry_enabled=false}).
 */
public final class EmbeddedBroker implements AutoCloseable {

    /** Largest MQTT message accepted, so that batches of a few thousand points fit. */
    public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    private final Server server;
    private final String host;
    private final int port;

    private EmbeddedBroker(Server server, String host, int port) {
        this.server = server;
        this.host = host;
        this.port = port;
    }

    /**
     * Starts a broker.
     *
     * @param port the TCP port, or 0 for a free one
     * @throws UncheckedIOException naming the port when it cannot be bound
     */
    public static EmbeddedBroker start(String host, int port) {
        int chosen = port == 0 ? freePort(host) : port;
        Properties p = new Properties();
        p.setProperty("host", host);
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
            throw new UncheckedIOException(new IOException("cannot start the embedded MQTT broker on " + host + ":" + chosen
                    + ": " + e.getMessage(), e));
        }
        return new EmbeddedBroker(server, host, chosen);
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

    /** The broker's URL for MQTT clients, e.g. {@code tcp://127.0.0.1:1883}. */
    public String url() {
        String h = "0.0.0.0".equals(host) ? "127.0.0.1" : host;
        return "tcp://" + h + ":" + port;
    }

    @Override
    public void close() {
        server.stopServer();
    }
}

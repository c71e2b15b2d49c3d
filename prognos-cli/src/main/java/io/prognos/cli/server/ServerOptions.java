package io.prognos.cli.server;

import io.prognos.cli.UserInputException;
import io.prognos.server.ServerSettings;
import io.prognos.server.ingest.EmbeddedBroker;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Command-line options of a running server, shared by {@code serve} and {@code demo}. */
public final class ServerOptions {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port, 0 for a free one (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--mqtt-port", defaultValue = "1883",
            description = "Port of the embedded MQTT broker, 0 for a free one (default ${DEFAULT-VALUE})")
    int mqttPort;

    @Option(names = "--mqtt-broker", description = "Use this external broker (tcp://host:1883) instead of the embedded one")
    String mqttBroker;

    @Option(names = "--no-mqtt", description = "No MQTT ingestion (HTTP only)")
    boolean noMqtt;

    @Option(names = "--scoring-interval", defaultValue = "PT1S",
            description = "How often live scoring runs, ISO-8601 duration (default ${DEFAULT-VALUE})")
    String scoringInterval;

    @Option(names = "--stale-after", description = "Silence after which a sensor is stale, ISO-8601 duration "
            + "(default: ten sampling periods)")
    String staleAfter;

    @Option(names = "--live-batch", defaultValue = "0", description = "New points a sensor needs before live scoring "
            + "judges them; 0 = the detector's Telemanom batch (70). Smaller detects sooner and costs more passes")
    int liveBatch;

    /**
     * The settings, with busy default ports replaced by free ones (said on {@code out}); an explicitly
     * chosen busy port is an error.
     */
    public ServerSettings settings(PrintStream out, boolean portsExplicit) {
        try {
            ServerSettings s = ServerSettings.defaults().withHttp(host, freeOrFallback(port, "HTTP", out, portsExplicit))
                    .withScoring(duration(scoringInterval, "--scoring-interval"),
                            staleAfter == null ? null : duration(staleAfter, "--stale-after"))
                    .withLiveBatch(liveBatch);
            if (noMqtt) {
                return s.withoutMqtt();
            }
            if (mqttBroker != null) {
                return s.withExternalMqtt(mqttBroker);
            }
            return s.withEmbeddedMqtt(freeOrFallback(mqttPort, "MQTT", out, portsExplicit));
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
    }

    private int freeOrFallback(int wanted, String what, PrintStream out, boolean explicit) {
        if (wanted == 0 || EmbeddedBroker.isFree(host, wanted)) {
            return wanted;
        }
        if (explicit) {
            throw new UserInputException(what + " port " + wanted + " on " + host + " is in use; choose another with --"
                    + (what.equals("HTTP") ? "port" : "mqtt-port") + " (0 picks a free one)");
        }
        int free = EmbeddedBroker.freePort(host);
        out.printf("%s port %d on %s is in use (another server or broker runs there); using %d instead.%n", what, wanted,
                host, free);
        return free;
    }

    private static Duration duration(String text, String option) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new UserInputException(option + ": expected an ISO-8601 duration such as PT1S or PT10M, got '" + text + "'");
        }
    }
}

package io.prognos.cli.server;

import io.prognos.cli.UserInputException;
import io.prognos.pipeline.PrognosConfig;
import io.prognos.server.ServerSettings;
import io.prognos.server.alert.SmtpSettings;
import io.prognos.server.ingest.EmbeddedBroker;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Command-line options of a running server, shared by {@code serve} and {@code demo}. An option beats the
 * {@code server:} section of {@code prognos.yaml} (and its {@code PROGNOS_SERVER_*} environment variables),
 * which beats the default. E-mail alerts ({@code server.smtp_*}) and the dashboard's public address
 * ({@code server.public_url}) come from the file and the environment only, so that the SMTP password never appears
 * on a command line.
 */
public final class ServerOptions {

    @Option(names = "--host", description = "Address to listen on (default: server.host, or 127.0.0.1)")
    String host;

    @Option(names = "--port", description = "HTTP port, 0 for a free one (default: server.port, or 8080)")
    Integer port;

    @Option(names = "--mqtt-port", description = "Port of the embedded MQTT broker, 0 for a free one (default: "
            + "server.mqtt_port, or 1883)")
    Integer mqttPort;

    @Option(names = "--mqtt-broker", description = "Use this external broker (tcp://host:1883) instead of the embedded one")
    String mqttBroker;

    @Option(names = "--no-mqtt", description = "No MQTT ingestion (HTTP only)")
    boolean noMqtt;

    @Option(names = "--mqtt-topic-prefix", description = "Topics are PREFIX/telemetry[/SENSOR] and PREFIX/deadletter/... "
            + "(default: prognos); lets several servers share one broker")
    String mqttTopicPrefix;

    @Option(names = "--mqtt-client-id", description = "The server's MQTT client id, whose persistent session keeps the "
            + "messages that arrive while the server is down (default: prognos-server)")
    String mqttClientId;

    @Option(names = "--scoring-interval", description = "How often live scoring runs, ISO-8601 duration (default: "
            + "server.scoring_interval, or PT1S)")
    String scoringInterval;

    @Option(names = "--stale-after", description = "Silence after which a sensor is stale, ISO-8601 duration "
            + "(default: server.stale_after, or ten sampling periods)")
    String staleAfter;

    @Option(names = "--live-batch", description = "New points a sensor needs before live scoring judges them: 1 judges "
            + "what arrived since the last pass, 0 waits for the detector's Telemanom batch (70), fewer and larger passes "
            + "(default: server.live_batch, or 1)")
    Integer liveBatch;

    @Option(names = "--online-detector", description = "Online detection: score every sensor's readings as they arrive "
            + "with its own streaming detector of this name (knn-cad, knn-cad-multiscale, knn-cad-seasonal, "
            + "windowed-gaussian, ...), no trained detector needed; none turns it off (default: server.online_detector, "
            + "or none)")
    String onlineDetector;

    @Option(names = "--online-alarm-level", description = "Streaming score in (0, 1] at or above which online detection "
            + "stores a reading as an anomaly (default: server.online_alarm_level, or 0.999)")
    Double onlineAlarmLevel;

    @Option(names = "--online-warmup", description = "Stored readings replayed, unflagged, to a sensor's streaming "
            + "detector when the server first sees it (default: server.online_warmup, or 10080)")
    Integer onlineWarmup;

    /**
     * The settings, with busy default ports replaced by free ones (said on {@code out}); an explicitly
     * chosen busy port is an error.
     *
     * @param config the {@code server:} section, or null for none
     */
    public ServerSettings settings(PrintStream out, boolean portsExplicit, PrognosConfig.Server config) {
        PrognosConfig.Server c = config == null ? PrognosConfig.Server.NONE : config;
        try {
            String h = first(host, c.host(), "127.0.0.1");
            ServerSettings s = ServerSettings.defaults()
                    .withHttp(h, freeOrFallback(h, first(port, c.port(), 8080), "HTTP", out, portsExplicit || c.port() != null))
                    .withScoring(duration(first(scoringInterval, c.scoringInterval(), "PT1S"), scoringInterval != null
                                    ? "--scoring-interval" : "server.scoring_interval"),
                            first(staleAfter, c.staleAfter(), null) == null ? null : duration(first(staleAfter, c.staleAfter(),
                                    null), staleAfter != null ? "--stale-after" : "server.stale_after"))
                    .withLiveBatch(first(liveBatch, c.liveBatch(), 1))
                    .withSmtp(SmtpSettings.fromConfig(c))
                    .withPublicUrl(c.publicUrl())
                    .withOnlineDetection(first(onlineDetector, c.onlineDetector(), null),
                            first(onlineAlarmLevel, c.onlineAlarmLevel(), ServerSettings.DEFAULT_ONLINE_ALARM_LEVEL),
                            first(onlineWarmup, c.onlineWarmup(), ServerSettings.DEFAULT_ONLINE_WARMUP));
            String mode = noMqtt ? "off" : mqttBroker != null ? "external"
                    : first(null, c.mqtt() == null ? null : c.mqtt().trim().toLowerCase(Locale.ROOT),
                    c.mqttBroker() != null ? "external" : "embedded");
            if (mqttTopicPrefix != null || mqttClientId != null) {
                s = s.withMqttIdentity(mqttTopicPrefix != null ? mqttTopicPrefix : s.mqttTopicPrefix(),
                        mqttClientId != null ? mqttClientId : s.mqttClientId());
            }
            return switch (mode) {
                case "off" -> s.withoutMqtt();
                case "external" -> {
                    String url = first(mqttBroker, c.mqttBroker(), null);
                    if (url == null) {
                        throw new UserInputException("server.mqtt is external but no broker is given: set server.mqtt_broker "
                                + "or --mqtt-broker");
                    }
                    yield s.withExternalMqtt(url);
                }
                case "embedded" -> s.withEmbeddedMqtt(freeOrFallback(h, first(mqttPort, c.mqttPort(), 1883), "MQTT", out,
                        portsExplicit || c.mqttPort() != null));
                default -> throw new UserInputException("server.mqtt must be embedded, external or off, got '" + c.mqtt() + "'");
            };
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
    }

    private static <T> T first(T option, T configured, T fallback) {
        return option != null ? option : configured != null ? configured : fallback;
    }

    private static int freeOrFallback(String host, int wanted, String what, PrintStream out, boolean explicit) {
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

    private static Duration duration(String text, String key) {
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new UserInputException(key + ": expected an ISO-8601 duration such as PT1S or PT10M, got '" + text + "'");
        }
    }
}

package io.prognos.server;

import io.prognos.server.alert.SmtpSettings;

import java.time.Duration;
import java.util.Objects;

/**
 * How the server runs: HTTP address, MQTT (embedded broker, external broker or none), live-scoring
 * cadence, stale-data allowance, request limits, and where alert mails go out and link to. Validated on
 * construction.
 *
 * @param httpHost         address to listen on
 * @param httpPort         HTTP port, 0 for a free one
 * @param mqtt             which broker MQTT ingestion uses
 * @param mqttPort         port of the embedded broker (0 for a free one); ignored otherwise
 * @param mqttBrokerUrl    external broker URL such as {@code tcp://127.0.0.1:1883}; only with {@link Mqtt#EXTERNAL}
 * @param mqttTopicPrefix  topic prefix, {@code prognos} by default
 * @param mqttClientId     client id of the server's persistent MQTT session
 * @param scoringInterval  how often live scoring looks at new readings
 * @param staleAfter       silence after which a sensor is stale, or null for ten sampling periods
 * @param maxBatchPoints   largest telemetry batch accepted
 * @param maxRequestBytes  largest HTTP request body accepted
 * @param liveBatch        new points a sensor needs before live scoring judges them: 1 (the default) judges
 *                         whatever arrived since the last pass, so a fault is seen within seconds and a busy
 *                         server's passes simply grow; 0 waits for the detector's Telemanom batch (70 by
 *                         default), fewer and larger passes.
 * @param smtp             the SMTP server for e-mail alerts, or null when there is none (rules with the email
 *                         channel are then refused)
 * @param publicUrl        the address people reach the dashboard at ({@code https://prognos.example.com}), for links in
 *                         alert mails; null to link to the address the server listens on
 */
public record ServerSettings(String httpHost, int httpPort, Mqtt mqtt, int mqttPort, String mqttBrokerUrl,
                             String mqttTopicPrefix, String mqttClientId, Duration scoringInterval, Duration staleAfter,
                             int maxBatchPoints, long maxRequestBytes, int liveBatch,
                             SmtpSettings smtp, String publicUrl) {

    /** Where MQTT ingestion gets its messages. */
    public enum Mqtt { EMBEDDED, EXTERNAL, OFF }

    public ServerSettings {
        Objects.requireNonNull(httpHost, "http host");
        Objects.requireNonNull(mqtt, "mqtt mode");
        requirePort(httpPort, "http port");
        requirePort(mqttPort, "mqtt port");
        if (mqtt == Mqtt.EXTERNAL && (mqttBrokerUrl == null || !mqttBrokerUrl.matches("(tcp|ssl|ws|wss)://.+"))) {
            throw new IllegalArgumentException("mqtt broker URL must look like tcp://host:1883, got '" + mqttBrokerUrl + "'");
        }
        if (mqttTopicPrefix == null || !mqttTopicPrefix.matches("[A-Za-z0-9_\\-./]+") || mqttTopicPrefix.endsWith("/")) {
            throw new IllegalArgumentException("mqtt topic prefix must be letters, digits, _-./ and not end in /, got '"
                    + mqttTopicPrefix + "'");
        }
        if (mqttClientId == null || mqttClientId.isBlank() || mqttClientId.length() > 64) {
            throw new IllegalArgumentException("mqtt client id must be 1-64 characters, got '" + mqttClientId + "'");
        }
        if (scoringInterval == null || scoringInterval.toMillis() < 10) {
            throw new IllegalArgumentException("scoring interval must be at least 10 ms, got " + scoringInterval);
        }
        if (staleAfter != null && staleAfter.toMillis() < 1) {
            throw new IllegalArgumentException("stale_after must be positive, got " + staleAfter);
        }
        if (maxBatchPoints < 1 || maxBatchPoints > 1_000_000) {
            throw new IllegalArgumentException("max batch points must be 1-1,000,000, got " + maxBatchPoints);
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("max request bytes must be at least 1024, got " + maxRequestBytes);
        }
        if (liveBatch < 0 || liveBatch > 100_000) {
            throw new IllegalArgumentException("live batch must be 0 (the detector's batch size) to 100000, got " + liveBatch);
        }
        if (publicUrl != null) {
            if (!publicUrl.strip().matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
                throw new IllegalArgumentException("server.public_url must be an http(s) URL such as "
                        + "https://prognos.example.com, got '" + publicUrl + "'");
            }
            publicUrl = publicUrl.strip().replaceAll("/+$", "");
        }
    }

    /** Defaults: HTTP on 127.0.0.1:8080, embedded broker on 1883, scoring every second. */
    public static ServerSettings defaults() {
        return new ServerSettings("127.0.0.1", 8080, Mqtt.EMBEDDED, 1883, null, "prognos", "prognos-server",
                Duration.ofSeconds(1), null, 100_000, 16L * 1024 * 1024, 1, null, null);
    }

    public ServerSettings withHttp(String host, int port) {
        return new ServerSettings(host, port, mqtt, mqttPort, mqttBrokerUrl, mqttTopicPrefix, mqttClientId,
                scoringInterval, staleAfter, maxBatchPoints, maxRequestBytes, liveBatch, smtp, publicUrl);
    }

    public ServerSettings withEmbeddedMqtt(int port) {
        return new ServerSettings(httpHost, httpPort, Mqtt.EMBEDDED, port, null, mqttTopicPrefix, mqttClientId,
                scoringInterval, staleAfter, maxBatchPoints, maxRequestBytes, liveBatch, smtp, publicUrl);
    }

    public ServerSettings withExternalMqtt(String url) {
        return new ServerSettings(httpHost, httpPort, Mqtt.EXTERNAL, mqttPort, url, mqttTopicPrefix, mqttClientId,
                scoringInterval, staleAfter, maxBatchPoints, maxRequestBytes, liveBatch, smtp, publicUrl);
    }

    public ServerSettings withoutMqtt() {
        return new ServerSettings(httpHost, httpPort, Mqtt.OFF, mqttPort, null, mqttTopicPrefix, mqttClientId,
                scoringInterval, staleAfter, maxBatchPoints, maxRequestBytes, liveBatch, smtp, publicUrl);
    }

    public ServerSettings withMqttIdentity(String topicPrefix, String clientId) {
        return new ServerSettings(httpHost, httpPort, mqtt, mqttPort, mqttBrokerUrl, topicPrefix, clientId,
                scoringInterval, staleAfter, maxBatchPoints, maxRequestBytes, liveBatch, smtp, publicUrl);
    }

    public ServerSettings withScoring(Duration interval, Duration stale) {
        return new ServerSettings(httpHost, httpPort, mqtt, mqttPort, mqttBrokerUrl, mqttTopicPrefix, mqttClientId,
                interval, stale, maxBatchPoints, maxRequestBytes, liveBatch, smtp, publicUrl);
    }

    public ServerSettings withLimits(int batchPoints, long requestBytes) {
        return new ServerSettings(httpHost, httpPort, mqtt, mqttPort, mqttBrokerUrl, mqttTopicPrefix, mqttClientId,
                scoringInterval, staleAfter, batchPoints, requestBytes, liveBatch, smtp, publicUrl);
    }

    public ServerSettings withLiveBatch(int points) {
        return new ServerSettings(httpHost, httpPort, mqtt, mqttPort, mqttBrokerUrl, mqttTopicPrefix, mqttClientId,
                scoringInterval, staleAfter, maxBatchPoints, maxRequestBytes, points, smtp, publicUrl);
    }

    /** E-mail alerts through {@code server}, or none with null. */
    public ServerSettings withSmtp(SmtpSettings server) {
        return new ServerSettings(httpHost, httpPort, mqtt, mqttPort, mqttBrokerUrl, mqttTopicPrefix, mqttClientId,
                scoringInterval, staleAfter, maxBatchPoints, maxRequestBytes, liveBatch, server, publicUrl);
    }

    /** Links in alert mails start with {@code url}; null links to the address the server listens on. */
    public ServerSettings withPublicUrl(String url) {
        return new ServerSettings(httpHost, httpPort, mqtt, mqttPort, mqttBrokerUrl, mqttTopicPrefix, mqttClientId,
                scoringInterval, staleAfter, maxBatchPoints, maxRequestBytes, liveBatch, smtp, url);
    }

    private static void requirePort(int port, String what) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(what + " must be 0-65535, got " + port);
        }
    }
}

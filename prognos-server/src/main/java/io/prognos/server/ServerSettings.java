package io.prognos.server;

import io.prognos.core.detect.stream.StreamingDetectors;
import io.prognos.server.alert.SmtpSettings;

import java.time.Duration;
import java.util.Objects;

/**
 * How the server runs: HTTP address, MQTT (embedded broker, external broker or none), live-scoring
 * cadence, stale-data allowance, request limits, where alert mails go out and link to, and online detection
 * (off by default). Validated on construction.
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
 * @param onlineDetector   {@code server.online_detector}: the streaming detector
 *                         ({@link StreamingDetectors#names()}: {@code knn-cad}, {@code windowed-gaussian}, ...) that
 *                         online detection keeps per sensor and feeds every stored reading once, so sensors are scored
 *                         without a trained detector; null (or {@code none}, the default) for no online detection
 * @param onlineAlarmLevel {@code server.online_alarm_level}: the streaming score, in (0, 1], at or above which online
 *                         detection stores a reading as an anomaly (0.999 by default: one reading in a thousand
 *                         by the calibrated score, see {@link io.prognos.server.live.OnlineDetection})
 * @param onlineWarmup     {@code server.online_warmup}: stored readings replayed, unflagged, to a sensor's streaming
 *                         detector when the server first sees the sensor (10,080 by default, a week of minutes)
 * @see io.prognos.server.live.OnlineDetection
 */
public record ServerSettings(String httpHost, int httpPort, Mqtt mqtt, int mqttPort, String mqttBrokerUrl,
                             String mqttTopicPrefix, String mqttClientId, Duration scoringInterval, Duration staleAfter,
                             int maxBatchPoints, long maxRequestBytes, int liveBatch,
                             SmtpSettings smtp, String publicUrl, String onlineDetector, double onlineAlarmLevel,
                             int onlineWarmup) {

    /** Online detection's default alarm level. */
    public static final double DEFAULT_ONLINE_ALARM_LEVEL = 0.999;

    /** Online detection's default warm-up: a week of one-minute readings. */
    public static final int DEFAULT_ONLINE_WARMUP = 10_080;

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
        if (onlineDetector != null) {
            onlineDetector = onlineDetector.strip();
            if (onlineDetector.isEmpty() || onlineDetector.equalsIgnoreCase("none")) {
                onlineDetector = null;
            } else if (!StreamingDetectors.names().contains(onlineDetector)) {
                throw new IllegalArgumentException("server.online_detector '" + onlineDetector + "' is not a streaming "
                        + "detector; use none (no online detection) or one of " + String.join(", ", StreamingDetectors.names()));
            }
        }
        if (!(onlineAlarmLevel > 0 && onlineAlarmLevel <= 1)) {
            throw new IllegalArgumentException("server.online_alarm_level must be in (0, 1], got " + onlineAlarmLevel);
        }
        if (onlineWarmup < 1) {
            throw new IllegalArgumentException("server.online_warmup must be at least 1 reading, got " + onlineWarmup);
        }
    }

    /** Defaults: HTTP on 127.0.0.1:8080, embedded broker on 1883, scoring every second. */
    public static ServerSettings defaults() {
        return new ServerSettings("127.0.0.1", 8080, Mqtt.EMBEDDED, 1883, null, "prognos", "prognos-server",
                Duration.ofSeconds(1), null, 100_000, 16L * 1024 * 1024, 1, null, null, null,
                DEFAULT_ONLINE_ALARM_LEVEL, DEFAULT_ONLINE_WARMUP);
    }

    public ServerSettings withHttp(String host, int port) {
        return new ServerSettings(host, port, mqtt, mqttPort, mqttBrokerUrl, mqttTopicPrefix, mqttClientId,
                scoringInterval, staleAfter, maxBatchPoints, maxRequestBytes, liveBatch, smtp, publicUrl, onlineDetector,
                onlineAlarmLevel, onlineWarmup);
    }

    public ServerSettings withEmbeddedMqtt(int port) {
        return new ServerSettings(httpHost, httpPort, Mqtt.EMBEDDED, port, null, mqttTopicPrefix, mqttClientId,
                scoringInterval, staleAfter, maxBatchPoints, maxRequestBytes, liveBatch, smtp, publicUrl, onlineDetector,
                onlineAlarmLevel, onlineWarmup);
    }

    public ServerSettings withExternalMqtt(String url) {
        return new ServerSettings(httpHost, httpPort, Mqtt.EXTERNAL, mqttPort, url, mqttTopicPrefix, mqttClientId,
                scoringInterval, staleAfter, maxBatchPoints, maxRequestBytes, liveBatch, smtp, publicUrl, onlineDetector,
                onlineAlarmLevel, onlineWarmup);
    }

    public ServerSettings withoutMqtt() {
        return new ServerSettings(httpHost, httpPort, Mqtt.OFF, mqttPort, null, mqttTopicPrefix, mqttClientId,
                scoringInterval, staleAfter, maxBatchPoints, maxRequestBytes, liveBatch, smtp, publicUrl, onlineDetector,
                onlineAlarmLevel, onlineWarmup);
    }

    public ServerSettings withMqttIdentity(String topicPrefix, String clientId) {
        return new ServerSettings(httpHost, httpPort, mqtt, mqttPort, mqttBrokerUrl, topicPrefix, clientId,
                scoringInterval, staleAfter, maxBatchPoints, maxRequestBytes, liveBatch, smtp, publicUrl, onlineDetector,
                onlineAlarmLevel, onlineWarmup);
    }

    public ServerSettings withScoring(Duration interval, Duration stale) {
        return new ServerSettings(httpHost, httpPort, mqtt, mqttPort, mqttBrokerUrl, mqttTopicPrefix, mqttClientId,
                interval, stale, maxBatchPoints, maxRequestBytes, liveBatch, smtp, publicUrl, onlineDetector,
                onlineAlarmLevel, onlineWarmup);
    }

    public ServerSettings withLimits(int batchPoints, long requestBytes) {
        return new ServerSettings(httpHost, httpPort, mqtt, mqttPort, mqttBrokerUrl, mqttTopicPrefix, mqttClientId,
                scoringInterval, staleAfter, batchPoints, requestBytes, liveBatch, smtp, publicUrl, onlineDetector,
                onlineAlarmLevel, onlineWarmup);
    }

    public ServerSettings withLiveBatch(int points) {
        return new ServerSettings(httpHost, httpPort, mqtt, mqttPort, mqttBrokerUrl, mqttTopicPrefix, mqttClientId,
                scoringInterval, staleAfter, maxBatchPoints, maxRequestBytes, points, smtp, publicUrl, onlineDetector,
                onlineAlarmLevel, onlineWarmup);
    }

    /** E-mail alerts through {@code server}, or none with null. */
    public ServerSettings withSmtp(SmtpSettings server) {
        return new ServerSettings(httpHost, httpPort, mqtt, mqttPort, mqttBrokerUrl, mqttTopicPrefix, mqttClientId,
                scoringInterval, staleAfter, maxBatchPoints, maxRequestBytes, liveBatch, server, publicUrl, onlineDetector,
                onlineAlarmLevel, onlineWarmup);
    }

    /** Links in alert mails start with {@code url}; null links to the address the server listens on. */
    public ServerSettings withPublicUrl(String url) {
        return new ServerSettings(httpHost, httpPort, mqtt, mqttPort, mqttBrokerUrl, mqttTopicPrefix, mqttClientId,
                scoringInterval, staleAfter, maxBatchPoints, maxRequestBytes, liveBatch, smtp, url, onlineDetector,
                onlineAlarmLevel, onlineWarmup);
    }

    /**
     * Online detection with the streaming detector {@code detector} (null or {@code none}: off), alarming at
     * {@code alarmLevel} and replaying {@code warmup} stored readings to each sensor's detector when first seen.
     *
     * @throws IllegalArgumentException naming the setting ({@code server.online_detector}, ...) of a refused value
     */
    public ServerSettings withOnlineDetection(String detector, double alarmLevel, int warmup) {
        return new ServerSettings(httpHost, httpPort, mqtt, mqttPort, mqttBrokerUrl, mqttTopicPrefix, mqttClientId,
                scoringInterval, staleAfter, maxBatchPoints, maxRequestBytes, liveBatch, smtp, publicUrl, detector,
                alarmLevel, warmup);
    }

    /** Whether online detection is on ({@link #onlineDetector()} set). */
    public boolean onlineDetection() {
        return onlineDetector != null;
    }

    private static void requirePort(int port, String what) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(what + " must be 0-65535, got " + port);
        }
    }
}

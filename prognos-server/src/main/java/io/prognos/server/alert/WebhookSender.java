package io.prognos.server.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.prognos.store.AlertRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Delivers alert notifications to webhooks: generic JSON, or the Slack and Microsoft Teams incoming-webhook
 * formats. A failed delivery (network error or non-2xx answer) is retried with exponential backoff (1, 2, 4 x
 * the base delay) up to four attempts ({@link DeliveryRetry}); every attempt is recorded with the alert. Rules of
 * other channels are routed elsewhere by the {@link AlertDispatcher}.
 */
public final class WebhookSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertRepository alerts;
    private final Duration baseDelay;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "prognos-alert-delivery");
        t.setDaemon(true);
        return t;
    });

    private volatile java.util.function.Consumer<Boolean> onAttempt = delivered -> { };

    public WebhookSender(AlertRepository alerts, Duration baseDelay) {
        this.alerts = alerts;
        this.baseDelay = baseDelay;
    }

    /** Tells a listener (the server's metrics) of every delivery attempt: true when the webhook accepted it. */
    public void onAttempt(java.util.function.Consumer<Boolean> listener) {
        this.onAttempt = java.util.Objects.requireNonNull(listener, "listener");
    }

    /** Queues a notification of {@code kind} (opened, escalated, reminder, cleared) for the alert. */
    public void send(AlertRepository.Rule rule, AlertRepository.Alert alert, String kind) {
        if (!java.util.List.of("webhook", "slack", "teams").contains(rule.channel())) {
            throw new IllegalArgumentException("WebhookSender delivers webhook, slack and teams rules, not '"
                    + rule.channel() + "'");
        }
        byte[] body = payload(rule.channel(), alert, kind);
        executor.execute(() -> attempt(rule, alert, kind, body, 1));
    }

    private void attempt(AlertRepository.Rule rule, AlertRepository.Alert alert, String kind, byte[] body, int n) {
        String detail;
        boolean ok;
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(rule.target()))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            ok = r.statusCode() / 100 == 2;
            detail = "HTTP " + r.statusCode();
        } catch (java.io.IOException | IllegalArgumentException e) {
            ok = false;
            detail = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        alerts.delivery(alert.alertId(), kind, n, ok, detail, System.currentTimeMillis());
        onAttempt.accept(ok);
        if (ok) {
            return;
        }
        if (n < DeliveryRetry.ATTEMPTS) {
            long delay = DeliveryRetry.delayMillis(baseDelay, n);
            LOG.warn("alert {} ({}) to rule '{}' failed ({}); attempt {} of {} in {} ms", alert.alertId(), kind, rule.name(),
                    detail, n + 1, DeliveryRetry.ATTEMPTS, delay);
            executor.schedule(() -> attempt(rule, alert, kind, body, n + 1), delay, TimeUnit.MILLISECONDS);
        } else {
            LOG.error("alert {} ({}) could not be delivered to rule '{}' at {} after {} attempts (last: {}); check the "
                    + "webhook URL", alert.alertId(), kind, rule.name(), rule.target(), DeliveryRetry.ATTEMPTS, detail);
        }
    }

    static byte[] payload(String channel, AlertRepository.Alert a, String kind) {
        String text = "[" + kind.toUpperCase(java.util.Locale.ROOT) + "] " + a.severity() + " " + a.sensorId() + ": "
                + a.message();
        Map<String, Object> m = new LinkedHashMap<>();
        switch (channel) {
            case "slack" -> m.put("text", text);
            case "teams" -> {
                m.put("@type", "MessageCard");
                m.put("@context", "http://schema.org/extensions");
                m.put("summary", text);
                m.put("themeColor", "CRITICAL".equals(a.severity()) ? "B3261E" : "B26B00");
                m.put("title", "Prognos: " + kind + " " + a.sensorId());
                m.put("text", a.message());
            }
            default -> {
                m.put("alert_id", a.alertId());
                m.put("kind", kind);
                m.put("incident", a.incident());
                m.put("sensor", a.sensorId());
                m.put("severity", a.severity());
                m.put("state", a.state());
                m.put("message", a.message());
                m.put("opened_at", Instant.ofEpochMilli(a.openedAt()).toString());
            }
        }
        try {
            return JSON.writeValueAsBytes(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode an alert", e);
        }
    }

    /** Waits for queued deliveries (tests and shutdown). */
    @Override
    public void close() {
        DeliveryRetry.drain(executor);
    }

}

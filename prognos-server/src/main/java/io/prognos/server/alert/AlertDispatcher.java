package io.prognos.server.alert;

import io.prognos.store.AlertRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that routes an alert notification by its rule's channel: webhooks (generic, Slack, Teams) to the
 * {@link WebhookSender}, mails to the {@link EmailSender}, and nothing for {@code dashboard} rules. Without an
 * SMTP server there is no e-mail sender: such rules are refused when created, and one left from an earlier
 * configuration gets a failed delivery recorded and an error logged for each notification, never a silent drop.
 */
public final class AlertDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);

    private final AlertRepository alerts;
    private final WebhookSender webhooks;
    private final EmailSender email;

    /**
     * @param email the e-mail sender, or null when no SMTP server is configured
     */
    public AlertDispatcher(AlertRepository alerts, WebhookSender webhooks, EmailSender email) {
        this.alerts = alerts;
        this.webhooks = webhooks;
        this.email = email;
    }

    /**
     * Tells a listener (the server's metrics) of every delivery attempt on any channel: true when it was accepted
     * (the webhook answered 2xx, the SMTP server took the mail).
     */
    public void onAttempt(java.util.function.Consumer<Boolean> listener) {
        webhooks.onAttempt(listener);
        if (email != null) {
            email.onAttempt(listener);
        }
    }

    /** Whether notifications on {@code channel} can be delivered (email needs an SMTP server). */
    public boolean delivers(String channel) {
        return !"email".equals(channel) || email != null;
    }

    /** Queues a notification of {@code kind} (opened, escalated, reminder, cleared) on the rule's channel. */
    public void send(AlertRepository.Rule rule, AlertRepository.Alert alert, String kind) {
        switch (rule.channel()) {
            case "dashboard" -> {
                // shown in the dashboard and the alert list only
            }
            case "webhook", "slack", "teams" -> webhooks.send(rule, alert, kind);
            case "email" -> {
                if (email != null) {
                    email.send(rule, alert, kind);
                } else {
                    String detail = "not mailed: no SMTP server is configured (server.smtp_host)";
                    alerts.delivery(alert.alertId(), kind, 1, false, detail, System.currentTimeMillis());
                    LOG.error("alert {} ({}) of e-mail rule '{}' was not mailed: no SMTP server is configured; set "
                            + "server.smtp_host and server.smtp_from (or PROGNOS_SERVER_SMTP_HOST/_FROM) and restart, or "
                            + "change the rule's channel", alert.alertId(), kind, rule.name());
                }
            }
            default -> throw new IllegalArgumentException("no delivery for channel '" + rule.channel() + "' of rule '"
                    + rule.name() + "'");
        }
    }

    /** Waits for queued webhook calls and mails (tests and shutdown). */
    @Override
    public void close() {
        webhooks.close();
        if (email != null) {
            email.close();
        }
    }
}

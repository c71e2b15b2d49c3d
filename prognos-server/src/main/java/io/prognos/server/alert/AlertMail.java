package io.prognos.server.alert;

import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Sensor;
import io.prognos.store.AlertRepository;

import java.time.Instant;
import java.util.Locale;

/**
 * The text of an alert mail: a subject that says at a glance what kind of notification it is (opened, escalated,
 * reminder, cleared), how severe, what happened and where (sensor and asset), and a plain-text body with the
 * alert's details and, when the dashboard's address is known, links to it. Kept apart from {@link EmailSender}
 * so that what a mail says can change without touching how it is delivered.
 *
 * @param subject one line, ASCII apart from names taken from the store
 * @param body    plain text, lines separated by {@code \n}
 */
record AlertMail(String subject, String body) {

    /**
     * @param sensor        the alert's sensor, or null when it is no longer in the store
     * @param asset         the sensor's asset, or null when unknown
     * @param dashboardBase the dashboard's root URL without a trailing slash, or null when unknown
     */
    static AlertMail of(AlertRepository.Rule rule, AlertRepository.Alert alert, String kind, Sensor sensor, Asset asset,
                        String dashboardBase) {
        String what = what(alert.incident());
        String where = alert.sensorId() + (sensor == null ? "" : " (" + sensor.name() + ")")
                + (asset == null ? "" : ", asset " + asset.id() + " (" + asset.name() + ")");
        String head = switch (kind) {
            case "opened" -> "Alert opened";
            case "escalated" -> "Alert escalated";
            case "reminder" -> "Reminder, alert still open";
            case "cleared" -> "Alert cleared";
            default -> "Alert " + kind;
        };
        String subject = "[Prognos] " + head + ": " + alert.severity() + " " + what + " on " + where;

        StringBuilder b = new StringBuilder();
        b.append(switch (kind) {
            case "opened" -> "A new alert was opened";
            case "escalated" -> "An open alert was escalated to " + alert.severity();
            case "reminder" -> "This alert is still open";
            case "cleared" -> "This alert has cleared";
            default -> "Alert notification (" + kind + ")";
        }).append(" by rule '").append(rule.name()).append("'.\n\n");
        line(b, "What happened", alert.message());
        line(b, "Severity", alert.severity());
        line(b, "Sensor", alert.sensorId() + (sensor == null ? "" : " - " + sensor.name() + ", unit " + sensor.unit()));
        if (asset != null) {
            line(b, "Asset", asset.id() + " - " + asset.name() + (asset.type() == null ? "" : ", " + asset.type())
                    + (asset.location() == null ? "" : ", " + asset.location()) + ", criticality " + asset.criticality());
        }
        line(b, "Incident", alert.incident());
        line(b, "Alert", "#" + alert.alertId() + ", " + alert.state());
        line(b, "Opened at", Instant.ofEpochMilli(alert.openedAt()).toString());
        line(b, "Last change", Instant.ofEpochMilli(alert.updatedAt()).toString());
        if (alert.clearedAt() != null) {
            line(b, "Cleared at", Instant.ofEpochMilli(alert.clearedAt()).toString());
        }
        if (dashboardBase != null) {
            b.append('\n');
            line(b, "Dashboard", dashboardBase + detailPath(alert));
            line(b, "All alerts", dashboardBase + "/alerts");
        }
        b.append("\n-- \nSent by Prognos to the recipients of alert rule '").append(rule.name()).append("'");
        if (rule.reminderMinutes() > 0 && !"cleared".equals(kind)) {
            b.append("; repeated every ").append(rule.reminderMinutes()).append(" min while the alert is open");
        }
        b.append(".\n");
        return new AlertMail(subject, b.toString());
    }

    /** What kind of incident it is, in words. */
    private static String what(String incident) {
        if (incident.startsWith("anomaly:")) {
            return "anomaly";
        }
        if (incident.startsWith("stale:")) {
            return "stale data (no readings)";
        }
        if (incident.startsWith("limit:")) {
            String level = incident.substring(incident.lastIndexOf(':') + 1).toLowerCase(Locale.ROOT);
            return "risk of crossing the " + level + " limit";
        }
        return incident;
    }

    /** The dashboard page of the incident: the anomaly itself, or the sensor. */
    private static String detailPath(AlertRepository.Alert alert) {
        if (alert.incident().startsWith("anomaly:")) {
            return "/anomalies/" + alert.incident().substring("anomaly:".length());
        }
        return "/sensors/" + java.net.URLEncoder.encode(alert.sensorId(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(label).append(':').append(" ".repeat(Math.max(1, 14 - label.length()))).append(value).append('\n');
    }
}

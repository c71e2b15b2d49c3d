package io.prognos.server.alert;

import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Sensor;
import io.prognos.core.detect.Severity;
import io.prognos.store.AlertRepository;
import io.prognos.store.AssetRepository;
import io.prognos.store.Database;
import io.prognos.store.StoredAnomaly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Turns anomalies, stale-data alarms, time-to-limit risks and degraded models into alerts by the stored rules. One incident (an anomaly, however
 * often live scoring widens it, or one sensor's silence) is one alert per rule: a higher severity escalates
 * it, an open alert is repeated every {@code reminder_minutes}, and it clears when the anomaly has not grown
 * for the quiet period or the sensor reports again. Inside a maintenance window for the asset or sensor no
 * alert is raised; the anomalies are still stored.
 */
public final class AlertEngine {

    private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);

    private final Database db;
    private final AlertRepository alerts;
    private final AlertDispatcher sender;
    private final Duration quietPeriod;

    /**
     * @param sender      delivers notifications on each rule's channel
     * @param quietPeriod an anomaly alert clears when its anomaly has not grown for this long
     */
    public AlertEngine(Database db, AlertDispatcher sender, Duration quietPeriod) {
        this.db = db;
        this.alerts = new AlertRepository(db);
        this.sender = sender;
        this.quietPeriod = quietPeriod;
    }

    /** Anomalies stored or widened by a live-scoring or online-detection pass. */
    public synchronized void onAnomalies(List<StoredAnomaly> anomalies, long now) {
        for (StoredAnomaly a : anomalies) {
            String message = a.detector() == null
                    ? String.format("anomaly from %s to %s, score %.2f (raw)", Instant.ofEpochMilli(a.startMillis()),
                    Instant.ofEpochMilli(a.endMillis()), a.score())
                    : String.format("anomaly from %s to %s, online %s score %.4f", Instant.ofEpochMilli(a.startMillis()),
                    Instant.ofEpochMilli(a.endMillis()), a.detector(), -Math.expm1(-a.score()));
            raise("anomaly:" + a.anomalyId(), a.sensorId(), a.severity(), false, message, now);
        }
    }

    /** Sensors that became stale and sensors that report again. */
    public synchronized void onStale(List<String> became, List<String> cleared, long now) {
        for (String sensor : became) {
            raise("stale:" + sensor, sensor, Severity.MEDIUM.name(), true, "no data for longer than allowed; check the "
                    + "sensor's gateway or broker link", now);
        }
        for (String sensor : cleared) {
            for (AlertRepository.Alert open : alerts.openAlerts()) {
                if (open.incident().equals("stale:" + sensor)) {
                    clear(open, now);
                }
            }
        }
    }

    /**
     * A forecast's chance of crossing one of a sensor's limits within its horizon ({@code level} is
     * {@code warning} or {@code critical}). Rules with a crossing threshold at or below the chance raise a
     * time-to-limit alert (HIGH for a warning limit, CRITICAL for a critical one); an open one clears when the
     * chance falls below the rule's threshold.
     */
    public synchronized void onLimitRisk(String sensorId, String level, double probability, String message, long now) {
        String incident = "limit:" + sensorId + ":" + level;
        String severity = "critical".equals(level) ? Severity.CRITICAL.name() : Severity.HIGH.name();
        AssetRepository assets = new AssetRepository(db);
        Optional<Sensor> sensor = assets.findSensor(sensorId);
        if (sensor.isEmpty()) {
            return;
        }
        int criticality = assets.findAsset(sensor.get().assetId()).map(Asset::criticality).orElse(1);
        for (AlertRepository.Rule rule : alerts.rules()) {
            if (rule.minCrossingProbability() <= 0 || !matches(rule, sensor.get(), criticality, severity, false)) {
                continue;
            }
            Optional<AlertRepository.Alert> open = alerts.open(rule.ruleId(), incident);
            if (probability >= rule.minCrossingProbability()) {
                if (open.isPresent()) {
                    alerts.update(open.get().alertId(), severity, message, now);
                } else if (alerts.windows().stream().anyMatch(w -> w.covers(now, sensor.get().assetId(), sensorId))) {
                    LOG.info("{} matches alert rule '{}' but a maintenance window covers it: no alert", incident, rule.name());
                } else {
                    AlertRepository.Alert created = alerts.openAlert(rule.ruleId(), incident, sensorId, severity, message, now);
                    LOG.info("alert {} opened by rule '{}': {}", created.alertId(), rule.name(), message);
                    notify(rule, created, "opened", now);
                }
            } else if (open.isPresent()) {
                clear(open.get(), now);
            }
        }
    }

    /**
     * Model health: each sensor whose Production detector or forecaster is judged degraded (its realised KPI fell
     * too far below its validation baseline) raises a MEDIUM model alert with the verdict as message; a model alert of a
     * sensor no longer in the map clears.
     *
     * @param degraded the verdict's message per degraded sensor
     */
    public synchronized void onModelHealth(java.util.Map<String, String> degraded, long now) {
        degraded.forEach((sensor, message) -> raise("model:" + sensor, sensor, Severity.MEDIUM.name(), false,
                "model degraded: " + message, now));
        for (AlertRepository.Alert open : alerts.openAlerts()) {
            if (open.incident().startsWith("model:") && !degraded.containsKey(open.sensorId())) {
                clear(open, now);
            }
        }
    }

    /** Reminders for open alerts, and clearing of anomaly alerts that have been quiet. */
    public synchronized void tick(long now) {
        List<AlertRepository.Rule> rules = alerts.rules();
        for (AlertRepository.Alert open : alerts.openAlerts()) {
            Optional<AlertRepository.Rule> rule = rules.stream().filter(r -> r.ruleId() == open.ruleId()).findFirst();
            if (rule.isEmpty()) {
                continue;
            }
            if (open.incident().startsWith("anomaly:") && now - open.updatedAt() >= quietPeriod.toMillis()) {
                clear(open, now);
                continue;
            }
            int reminder = rule.get().reminderMinutes();
            long last = open.lastSentAt() == null ? open.openedAt() : open.lastSentAt();
            if (reminder > 0 && now - last >= reminder * 60_000L) {
                notify(rule.get(), open, "reminder", now);
            }
        }
    }

    private void raise(String incident, String sensorId, String severity, boolean stale, String message, long now) {
        AssetRepository assets = new AssetRepository(db);
        Optional<Sensor> sensor = assets.findSensor(sensorId);
        if (sensor.isEmpty()) {
            return;
        }
        Optional<Asset> asset = assets.findAsset(sensor.get().assetId());
        int criticality = asset.map(Asset::criticality).orElse(1);
        boolean suppressed = alerts.windows().stream().anyMatch(w -> w.covers(now, sensor.get().assetId(), sensorId));
        for (AlertRepository.Rule rule : alerts.rules()) {
            if (!matches(rule, sensor.get(), criticality, severity, stale)) {
                continue;
            }
            if (suppressed) {
                LOG.info("{} on {} matches alert rule '{}' but a maintenance window covers it: no alert", incident,
                        sensorId, rule.name());
                continue;
            }
            Optional<AlertRepository.Alert> open = alerts.open(rule.ruleId(), incident);
            if (open.isEmpty()) {
                AlertRepository.Alert created = alerts.openAlert(rule.ruleId(), incident, sensorId, severity, message, now);
                LOG.info("alert {} opened by rule '{}': {} {} {}", created.alertId(), rule.name(), severity, sensorId, message);
                notify(rule, created, "opened", now);
            } else if (rank(severity) > rank(open.get().severity())) {
                alerts.update(open.get().alertId(), severity, message, now);
                AlertRepository.Alert escalated = alerts.find(open.get().alertId()).orElseThrow();
                LOG.info("alert {} escalated from {} to {}: {}", escalated.alertId(), open.get().severity(), severity, sensorId);
                notify(rule, escalated, "escalated", now);
            } else {
                alerts.update(open.get().alertId(), open.get().severity(), message, now);
            }
        }
    }

    private void clear(AlertRepository.Alert open, long now) {
        alerts.clear(open.alertId(), now);
        AlertRepository.Alert cleared = alerts.find(open.alertId()).orElseThrow();
        alerts.rules().stream().filter(r -> r.ruleId() == open.ruleId()).findFirst()
                .ifPresent(rule -> notify(rule, cleared, "cleared", now));
        LOG.info("alert {} cleared ({} on {})", open.alertId(), open.incident(), open.sensorId());
    }

    private void notify(AlertRepository.Rule rule, AlertRepository.Alert alert, String kind, long now) {
        alerts.notified(alert.alertId(), now);
        sender.send(rule, alert, kind);
    }

    private static boolean matches(AlertRepository.Rule rule, Sensor sensor, int criticality, String severity,
                                   boolean stale) {
        if (rule.sensorId() != null && !rule.sensorId().equals(sensor.id())) {
            return false;
        }
        if (rule.assetId() != null && !rule.assetId().equals(sensor.assetId())) {
            return false;
        }
        if (criticality < rule.minCriticality()) {
            return false;
        }
        return stale ? rule.onStale() : rank(severity) >= rank(rule.minSeverity());
    }

    private static int rank(String severity) {
        try {
            return Severity.valueOf(severity).ordinal();
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }
}

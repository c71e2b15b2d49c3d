package io.prognos.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Alert rules, alerts (one per incident and rule, open until cleared), their delivery attempts, and
 * maintenance windows.
 */
public final class AlertRepository {

    private final Database db;

    public AlertRepository(Database db) {
        this.db = db;
    }

    /**
     * When a rule fires: anomalies of at least {@code minSeverity} on assets of at least {@code minCriticality},
     * optionally only one asset or sensor, and (with {@code onStale}) stale-data alarms; where it goes
     * ({@code webhook} generic JSON, {@code slack} or {@code teams} incoming-webhook format, to the URL in
     * {@code target}; {@code email}: a plain-text mail to the addresses in {@code target}, normalised to
     * {@code a@example.com, b@example.com}; {@code dashboard}: kept in the alert list and the dashboard only, no
     * delivery);
     * how often an open alert is repeated (0: never); and, for time-to-limit alerts, the chance of crossing a
     * warning or critical limit within the forecast horizon that raises one (0: no time-to-limit alerts).
     */
    public record Rule(long ruleId, String name, String minSeverity, int minCriticality, String assetId, String sensorId,
                       boolean onStale, String channel, String target, int reminderMinutes,
                       double minCrossingProbability) {
        public Rule {
            if (name == null || name.isBlank() || name.length() > 100) {
                throw new IllegalArgumentException("rule name must be 1-100 characters");
            }
            if (!List.of("LOW", "MEDIUM", "HIGH", "CRITICAL").contains(minSeverity)) {
                throw new IllegalArgumentException("min_severity must be LOW, MEDIUM, HIGH or CRITICAL, got '" + minSeverity + "'");
            }
            if (minCriticality < 1 || minCriticality > 5) {
                throw new IllegalArgumentException("min_criticality must be 1-5, got " + minCriticality);
            }
            if (!CHANNELS.contains(channel)) {
                throw new IllegalArgumentException("channel must be webhook, slack, teams, email or dashboard, got '"
                        + channel + "'");
            }
            if ("dashboard".equals(channel)) {
                target = null;
            } else if ("email".equals(channel)) {
                target = String.join(", ", parseRecipients(target));
            } else if (target == null || !target.matches("https?://\\S+")) {
                throw new IllegalArgumentException("target must be an http(s) URL, got '" + target + "'");
            }
            if (reminderMinutes < 0) {
                throw new IllegalArgumentException("reminder_minutes must be >= 0, got " + reminderMinutes);
            }
            if (!(minCrossingProbability >= 0 && minCrossingProbability <= 1)) {
                throw new IllegalArgumentException("min_crossing_probability must be 0-1, got " + minCrossingProbability);
            }
        }

        /** The channels a rule can use. */
        public static final List<String> CHANNELS = List.of("webhook", "slack", "teams", "email", "dashboard");

        /** The recipients of an {@code email} rule, in the order given; empty for the other channels. */
        public List<String> recipients() {
            return "email".equals(channel) ? parseRecipients(target) : List.of();
        }
    }

    /** At most this many recipients per e-mail rule (a distribution list belongs in the mail server). */
    static final int MAX_RECIPIENTS = 20;

    /**
     * A plain address: dot-atom local part, '@', a domain of letters, digits and hyphens. Display names,
     * quoted local parts and IP literals are refused on purpose: what passes here every mail library and
     * server accepts, so a rule that was created can also be delivered.
     */
    private static final java.util.regex.Pattern ADDRESS = java.util.regex.Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    /**
     * The addresses in an e-mail rule's target, separated by commas, semicolons or whitespace.
     *
     * @throws IllegalArgumentException naming the target field and the first address that is not one
     */
    static List<String> parseRecipients(String target) {
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("target must be one or more e-mail addresses (such as ops@example.com, "
                    + "separated by commas) for the email channel, got none");
        }
        List<String> addresses = new java.util.ArrayList<>();
        for (String part : target.trim().split("[,;\\s]+")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.length() > 254 || !ADDRESS.matcher(part).matches()) {
                throw new IllegalArgumentException("target: '" + part + "' is not an e-mail address; give addresses "
                        + "such as ops@example.com, separated by commas");
            }
            if (!addresses.contains(part)) {
                addresses.add(part);
            }
        }
        if (addresses.isEmpty() || addresses.size() > MAX_RECIPIENTS) {
            throw new IllegalArgumentException("target must hold 1-" + MAX_RECIPIENTS + " e-mail addresses, got "
                    + addresses.size());
        }
        return List.copyOf(addresses);
    }

    /** An alert: one incident (an anomaly or a stale sensor) under one rule. */
    public record Alert(long alertId, long ruleId, String incident, String sensorId, String severity, String state,
                        String message, long openedAt, long updatedAt, Long clearedAt, Long lastSentAt, int sends) {
    }

    /** A time span (epoch ms) for an asset, a sensor, or everything, repeated daily or weekly or not at all. */
    public record MaintenanceWindow(long windowId, String assetId, String sensorId, long startsAt, long endsAt,
                                    String recurrence, String reason) {
        public MaintenanceWindow {
            if (endsAt <= startsAt) {
                throw new IllegalArgumentException("a maintenance window must end after it starts");
            }
            if (!List.of("none", "daily", "weekly").contains(recurrence)) {
                throw new IllegalArgumentException("recurrence must be none, daily or weekly, got '" + recurrence + "'");
            }
            long period = "daily".equals(recurrence) ? 86_400_000L : 7 * 86_400_000L;
            if (!"none".equals(recurrence) && endsAt - startsAt >= period) {
                throw new IllegalArgumentException("a " + recurrence + " window must be shorter than its period");
            }
        }

        /** Whether the window covers {@code t} for this asset and sensor. */
        public boolean covers(long t, String asset, String sensor) {
            if ((assetId != null && !assetId.equals(asset)) || (sensorId != null && !sensorId.equals(sensor))) {
                return false;
            }
            if (t < startsAt) {
                return false;
            }
            if ("none".equals(recurrence)) {
                return t < endsAt;
            }
            long period = "daily".equals(recurrence) ? 86_400_000L : 7 * 86_400_000L;
            return (t - startsAt) % period < endsAt - startsAt;
        }
    }

    public Rule addRule(Rule r) {
        long id = db.inTransaction(h -> h.createUpdate("""
                        INSERT INTO alert_rule (name, min_severity, min_criticality, asset_id, sensor_id, on_stale, channel,
                            target, reminder_minutes, min_crossing_probability, created_at)
                        VALUES (:name, :sev, :crit, :asset, :sensor, :stale, :channel, :target, :reminder, :p, :now)""")
                .bind("name", r.name()).bind("sev", r.minSeverity()).bind("crit", r.minCriticality())
                .bind("asset", r.assetId()).bind("sensor", r.sensorId()).bind("stale", r.onStale() ? 1 : 0)
                .bind("channel", r.channel()).bind("target", r.target()).bind("reminder", r.reminderMinutes())
                .bind("p", r.minCrossingProbability()).bind("now", System.currentTimeMillis())
                .executeAndReturnGeneratedKeys("rule_id").mapTo(Long.class).one());
        return new Rule(id, r.name(), r.minSeverity(), r.minCriticality(), r.assetId(), r.sensorId(), r.onStale(),
                r.channel(), r.target(), r.reminderMinutes(), r.minCrossingProbability());
    }

    public List<Rule> rules() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM alert_rule ORDER BY rule_id")
                .map((rs, ctx) -> new Rule(rs.getLong("rule_id"), rs.getString("name"), rs.getString("min_severity"),
                        rs.getInt("min_criticality"), rs.getString("asset_id"), rs.getString("sensor_id"),
                        rs.getInt("on_stale") == 1, rs.getString("channel"), rs.getString("target"),
                        rs.getInt("reminder_minutes"), rs.getDouble("min_crossing_probability"))).list());
    }

    /** The open alert of a rule for an incident, if any. */
    public Optional<Alert> open(long ruleId, String incident) {
        return db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT * FROM alert WHERE rule_id = :r AND incident = :i AND state = 'open'")
                .bind("r", ruleId).bind("i", incident).map((rs, ctx) -> alert(rs)).findOne());
    }

    public List<Alert> openAlerts() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM alert WHERE state = 'open' ORDER BY alert_id")
                .map((rs, ctx) -> alert(rs)).list());
    }

    /** Alerts, newest first. */
    public List<Alert> history(int limit) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM alert ORDER BY opened_at DESC, alert_id DESC LIMIT :l")
                .bind("l", limit).map((rs, ctx) -> alert(rs)).list());
    }

    public Alert openAlert(long ruleId, String incident, String sensorId, String severity, String message, long now) {
        long id = db.inTransaction(h -> h.createUpdate("""
                        INSERT INTO alert (rule_id, incident, sensor_id, severity, state, message, opened_at, updated_at, sends)
                        VALUES (:r, :i, :s, :sev, 'open', :m, :now, :now, 0)""")
                .bind("r", ruleId).bind("i", incident).bind("s", sensorId).bind("sev", severity).bind("m", message)
                .bind("now", now).executeAndReturnGeneratedKeys("alert_id").mapTo(Long.class).one());
        return find(id).orElseThrow();
    }

    public void update(long alertId, String severity, String message, long now) {
        db.inTransaction(h -> h.createUpdate("UPDATE alert SET severity = :sev, message = :m, updated_at = :now "
                        + "WHERE alert_id = :id")
                .bind("sev", severity).bind("m", message).bind("now", now).bind("id", alertId).execute());
    }

    public void clear(long alertId, long now) {
        db.inTransaction(h -> h.createUpdate("UPDATE alert SET state = 'cleared', cleared_at = :now, updated_at = :now "
                + "WHERE alert_id = :id").bind("now", now).bind("id", alertId).execute());
    }

    /** Records when a notification of the alert was queued (reminders count from it). */
    public void notified(long alertId, long now) {
        db.inTransaction(h -> h.createUpdate("UPDATE alert SET last_sent_at = :t WHERE alert_id = :a")
                .bind("t", now).bind("a", alertId).execute());
    }

    /** Records one delivery attempt; a successful one also counts as a send of the alert. */
    public void delivery(long alertId, String kind, int attempt, boolean ok, String detail, long now) {
        db.inTransaction(h -> {
            h.createUpdate("INSERT INTO alert_delivery (alert_id, kind, attempt, at, ok, detail) VALUES (:a, :k, :n, :t, :ok, :d)")
                    .bind("a", alertId).bind("k", kind).bind("n", attempt).bind("t", now).bind("ok", ok ? 1 : 0)
                    .bind("d", detail.length() > 500 ? detail.substring(0, 500) : detail).execute();
            if (ok) {
                h.createUpdate("UPDATE alert SET sends = sends + 1 WHERE alert_id = :a").bind("a", alertId).execute();
            }
            return null;
        });
    }

    /** Delivery attempts of an alert: kind, attempt, ok, detail. */
    public List<String> deliveries(long alertId) {
        return db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT kind, attempt, ok, detail FROM alert_delivery WHERE alert_id = :a ORDER BY delivery_id")
                .bind("a", alertId).map((rs, ctx) -> rs.getString(1) + " #" + rs.getInt(2) + " " + (rs.getInt(3) == 1
                        ? "ok" : "failed") + ": " + rs.getString(4)).list());
    }

    public Optional<Alert> find(long alertId) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM alert WHERE alert_id = :id").bind("id", alertId)
                .map((rs, ctx) -> alert(rs)).findOne());
    }

    public MaintenanceWindow addWindow(MaintenanceWindow w) {
        long id = db.inTransaction(h -> h.createUpdate("""
                        INSERT INTO maintenance_window (asset_id, sensor_id, starts_at, ends_at, recurrence, reason, created_at)
                        VALUES (:a, :s, :from, :to, :rec, :reason, :now)""")
                .bind("a", w.assetId()).bind("s", w.sensorId()).bind("from", w.startsAt()).bind("to", w.endsAt())
                .bind("rec", w.recurrence()).bind("reason", w.reason()).bind("now", System.currentTimeMillis())
                .executeAndReturnGeneratedKeys("window_id").mapTo(Long.class).one());
        return new MaintenanceWindow(id, w.assetId(), w.sensorId(), w.startsAt(), w.endsAt(), w.recurrence(), w.reason());
    }

    public List<MaintenanceWindow> windows() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM maintenance_window ORDER BY window_id")
                .map((rs, ctx) -> new MaintenanceWindow(rs.getLong("window_id"), rs.getString("asset_id"),
                        rs.getString("sensor_id"), rs.getLong("starts_at"), rs.getLong("ends_at"), rs.getString("recurrence"),
                        rs.getString("reason"))).list());
    }

    private static Alert alert(ResultSet rs) throws SQLException {
        long cleared = rs.getLong("cleared_at");
        Long clearedAt = rs.wasNull() ? null : cleared;
        long sent = rs.getLong("last_sent_at");
        Long lastSent = rs.wasNull() ? null : sent;
        return new Alert(rs.getLong("alert_id"), rs.getLong("rule_id"), rs.getString("incident"), rs.getString("sensor_id"),
                rs.getString("severity"), rs.getString("state"), rs.getString("message"), rs.getLong("opened_at"),
                rs.getLong("updated_at"), clearedAt, lastSent, rs.getInt("sends"));
    }
}

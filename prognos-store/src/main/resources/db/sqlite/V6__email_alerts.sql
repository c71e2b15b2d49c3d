-- E-mail delivery of alerts: the channel 'email' (target: one or more addresses). SQLite cannot alter a CHECK
-- constraint, so alert_rule is rebuilt with its rows. alert and alert_delivery reference it (and alert_delivery
-- references alert), and with foreign keys enforced a referenced table cannot be dropped; so all three are
-- rebuilt as new tables that reference each other, the rows copied with their ids, the old ones dropped from the
-- leaves up, and the new ones renamed (the rename updates the references). Keep in step with
-- db/postgresql/V6__email_alerts.sql.
CREATE TABLE alert_rule_v6 (
    rule_id          INTEGER PRIMARY KEY,
    name             TEXT NOT NULL UNIQUE,
    min_severity     TEXT NOT NULL CHECK (min_severity IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    min_criticality  INTEGER NOT NULL CHECK (min_criticality BETWEEN 1 AND 5),
    asset_id         TEXT,
    sensor_id        TEXT,
    on_stale         INTEGER NOT NULL CHECK (on_stale IN (0, 1)),
    channel          TEXT NOT NULL CHECK (channel IN ('webhook', 'slack', 'teams', 'email', 'dashboard')),
    target           TEXT,
    reminder_minutes INTEGER NOT NULL CHECK (reminder_minutes >= 0),
    -- time-to-limit: alert when a forecast gives at least this chance of crossing a limit (0: never)
    min_crossing_probability DOUBLE PRECISION NOT NULL CHECK (min_crossing_probability BETWEEN 0 AND 1),
    created_at       BIGINT NOT NULL
);
INSERT INTO alert_rule_v6 (rule_id, name, min_severity, min_criticality, asset_id, sensor_id, on_stale, channel, target,
                           reminder_minutes, min_crossing_probability, created_at)
SELECT rule_id, name, min_severity, min_criticality, asset_id, sensor_id, on_stale, channel, target, reminder_minutes,
       min_crossing_probability, created_at
FROM alert_rule;

CREATE TABLE alert_v6 (
    alert_id     INTEGER PRIMARY KEY,
    rule_id      BIGINT NOT NULL REFERENCES alert_rule_v6 (rule_id),
    incident     TEXT NOT NULL,
    sensor_id    TEXT NOT NULL,
    severity     TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('open', 'cleared')),
    message      TEXT NOT NULL,
    opened_at    BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    cleared_at   BIGINT,
    last_sent_at BIGINT,
    sends        INTEGER NOT NULL
);
INSERT INTO alert_v6 (alert_id, rule_id, incident, sensor_id, severity, state, message, opened_at, updated_at, cleared_at,
                      last_sent_at, sends)
SELECT alert_id, rule_id, incident, sensor_id, severity, state, message, opened_at, updated_at, cleared_at, last_sent_at,
       sends
FROM alert;

CREATE TABLE alert_delivery_v6 (
    delivery_id INTEGER PRIMARY KEY,
    alert_id    BIGINT NOT NULL REFERENCES alert_v6 (alert_id),
    kind        TEXT NOT NULL,
    attempt     INTEGER NOT NULL,
    at          BIGINT NOT NULL,
    ok          INTEGER NOT NULL CHECK (ok IN (0, 1)),
    detail      TEXT NOT NULL
);
INSERT INTO alert_delivery_v6 (delivery_id, alert_id, kind, attempt, at, ok, detail)
SELECT delivery_id, alert_id, kind, attempt, at, ok, detail
FROM alert_delivery;

DROP TABLE alert_delivery;
DROP TABLE alert;
DROP TABLE alert_rule;
ALTER TABLE alert_rule_v6 RENAME TO alert_rule;
ALTER TABLE alert_v6 RENAME TO alert;
ALTER TABLE alert_delivery_v6 RENAME TO alert_delivery;
CREATE INDEX alert_by_incident ON alert (rule_id, incident, state);

-- Alerting: rules that turn anomalies and stale data into alerts, the alerts (one per incident) with their
-- delivery history, and maintenance windows that suppress alerts (the anomalies are still stored).
CREATE TABLE alert_rule (
    rule_id          INTEGER PRIMARY KEY,
    name             TEXT NOT NULL UNIQUE,
    min_severity     TEXT NOT NULL CHECK (min_severity IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    min_criticality  INTEGER NOT NULL CHECK (min_criticality BETWEEN 1 AND 5),
    asset_id         TEXT,
    sensor_id        TEXT,
    on_stale         INTEGER NOT NULL CHECK (on_stale IN (0, 1)),
    channel          TEXT NOT NULL CHECK (channel IN ('webhook', 'slack', 'teams', 'dashboard')),
    target           TEXT,
    reminder_minutes INTEGER NOT NULL CHECK (reminder_minutes >= 0),
    -- time-to-limit: alert when a forecast gives at least this chance of crossing a limit (0: never)
    min_crossing_probability DOUBLE PRECISION NOT NULL CHECK (min_crossing_probability BETWEEN 0 AND 1),
    created_at       BIGINT NOT NULL
);

CREATE TABLE alert (
    alert_id     INTEGER PRIMARY KEY,
    rule_id      BIGINT NOT NULL REFERENCES alert_rule (rule_id),
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
CREATE INDEX alert_by_incident ON alert (rule_id, incident, state);

CREATE TABLE alert_delivery (
    delivery_id INTEGER PRIMARY KEY,
    alert_id    BIGINT NOT NULL REFERENCES alert (alert_id),
    kind        TEXT NOT NULL,
    attempt     INTEGER NOT NULL,
    at          BIGINT NOT NULL,
    ok          INTEGER NOT NULL CHECK (ok IN (0, 1)),
    detail      TEXT NOT NULL
);

CREATE TABLE maintenance_window (
    window_id  INTEGER PRIMARY KEY,
    asset_id   TEXT,
    sensor_id  TEXT,
    starts_at  BIGINT NOT NULL,
    ends_at    BIGINT NOT NULL CHECK (ends_at > starts_at),
    recurrence TEXT NOT NULL CHECK (recurrence IN ('none', 'daily', 'weekly')),
    reason     TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

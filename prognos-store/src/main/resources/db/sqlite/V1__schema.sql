-- Prognos schema, SQLite flavour. Keep in step with db/postgresql/V1__schema.sql: same tables,
-- columns and constraints; only identity columns and table options differ.
-- Times are epoch milliseconds (UTC). JSON documents are stored as text.

CREATE TABLE asset (
    asset_id    TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    asset_type  TEXT,
    location    TEXT,
    criticality INTEGER NOT NULL CHECK (criticality BETWEEN 1 AND 5),
    created_at  BIGINT NOT NULL
);

CREATE TABLE sensor (
    sensor_key         INTEGER PRIMARY KEY,
    sensor_id          TEXT NOT NULL UNIQUE,
    asset_id           TEXT NOT NULL REFERENCES asset (asset_id),
    name               TEXT NOT NULL,
    unit               TEXT NOT NULL,
    sampling_period_ms BIGINT NOT NULL CHECK (sampling_period_ms > 0),
    normal_low         DOUBLE PRECISION,
    normal_high        DOUBLE PRECISION,
    warning_low        DOUBLE PRECISION,
    warning_high       DOUBLE PRECISION,
    critical_low       DOUBLE PRECISION,
    critical_high      DOUBLE PRECISION,
    created_at         BIGINT NOT NULL
);

-- One row per sensor and instant; a NULL value is a reading that arrived without a value (missing).
CREATE TABLE telemetry (
    sensor_key INTEGER NOT NULL,
    ts         BIGINT NOT NULL,
    value      DOUBLE PRECISION,
    PRIMARY KEY (sensor_key, ts)
) WITHOUT ROWID;

CREATE TABLE anomaly_label (
    label_id   INTEGER PRIMARY KEY,
    sensor_key INTEGER NOT NULL REFERENCES sensor (sensor_key),
    start_ts   BIGINT NOT NULL,
    end_ts     BIGINT NOT NULL CHECK (end_ts >= start_ts),
    source     TEXT NOT NULL,
    label      TEXT,
    UNIQUE (sensor_key, start_ts, end_ts, source)
);

CREATE TABLE dataset_version (
    dataset_hash  TEXT PRIMARY KEY,
    sensors       TEXT NOT NULL,
    start_ts      BIGINT,
    end_ts        BIGINT,
    row_count     BIGINT NOT NULL,
    parent_hash   TEXT REFERENCES dataset_version (dataset_hash),
    preprocessing TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);

CREATE TABLE run (
    run_id       TEXT PRIMARY KEY,
    experiment   TEXT NOT NULL,
    job_key      TEXT UNIQUE,
    status       TEXT NOT NULL CHECK (status IN ('RUNNING', 'FINISHED', 'FAILED')),
    params       TEXT NOT NULL,
    metrics      TEXT NOT NULL,
    dataset_hash TEXT REFERENCES dataset_version (dataset_hash),
    code_version TEXT NOT NULL,
    environment  TEXT NOT NULL,
    started_at   BIGINT NOT NULL,
    ended_at     BIGINT,
    error        TEXT
);

CREATE TABLE run_metric_step (
    run_id TEXT NOT NULL REFERENCES run (run_id),
    metric TEXT NOT NULL,
    step   INTEGER NOT NULL,
    value  DOUBLE PRECISION,
    PRIMARY KEY (run_id, metric, step)
);

CREATE TABLE run_artifact (
    run_id     TEXT NOT NULL REFERENCES run (run_id),
    name       TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    PRIMARY KEY (run_id, name)
);

CREATE TABLE model (
    model_id   INTEGER PRIMARY KEY,
    sensor_key INTEGER NOT NULL REFERENCES sensor (sensor_key),
    kind       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (sensor_key, kind)
);

CREATE TABLE model_version (
    version_id         INTEGER PRIMARY KEY,
    model_id           INTEGER NOT NULL REFERENCES model (model_id),
    version            INTEGER NOT NULL,
    run_id             TEXT REFERENCES run (run_id),
    dataset_hash       TEXT REFERENCES dataset_version (dataset_hash),
    artifact_sha256    TEXT,
    algorithm          TEXT NOT NULL,
    config             TEXT NOT NULL,
    code_version       TEXT NOT NULL,
    validation_metrics TEXT,
    stage              TEXT NOT NULL CHECK (stage IN ('None', 'Staging', 'Production', 'Archived')),
    created_at         BIGINT NOT NULL,
    UNIQUE (model_id, version)
);

-- At most one Production version per model, enforced by the database itself.
CREATE UNIQUE INDEX model_version_one_production ON model_version (model_id) WHERE stage = 'Production';

CREATE TABLE stage_change (
    change_id  INTEGER PRIMARY KEY,
    model_id   INTEGER NOT NULL REFERENCES model (model_id),
    version_id INTEGER NOT NULL REFERENCES model_version (version_id),
    from_stage TEXT NOT NULL,
    to_stage   TEXT NOT NULL,
    changed_at BIGINT NOT NULL,
    actor      TEXT NOT NULL,
    reason     TEXT NOT NULL
);
CREATE INDEX stage_change_by_model ON stage_change (model_id, changed_at);

CREATE TABLE anomaly (
    anomaly_id  INTEGER PRIMARY KEY,
    sensor_key  INTEGER NOT NULL REFERENCES sensor (sensor_key),
    version_id  INTEGER REFERENCES model_version (version_id),
    start_ts    BIGINT NOT NULL,
    end_ts      BIGINT NOT NULL CHECK (end_ts >= start_ts),
    score       DOUBLE PRECISION NOT NULL,
    severity    TEXT NOT NULL,
    detected_at BIGINT NOT NULL,
    UNIQUE (sensor_key, version_id, start_ts)
);
CREATE INDEX anomaly_by_time ON anomaly (sensor_key, start_ts);

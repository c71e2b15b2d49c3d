-- Maintenance work orders, created from an anomaly or an alert or by hand, and their comments.
CREATE TABLE work_order (
    work_order_id INTEGER PRIMARY KEY,
    title         TEXT NOT NULL,
    asset_id      TEXT REFERENCES asset (asset_id),
    sensor_id     TEXT,
    anomaly_id    BIGINT,
    alert_id      BIGINT,
    assignee      TEXT,
    priority      TEXT NOT NULL CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
    due_at        BIGINT,
    status        TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
    created_by    TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);

CREATE TABLE work_order_comment (
    comment_id    INTEGER PRIMARY KEY,
    work_order_id BIGINT NOT NULL REFERENCES work_order (work_order_id),
    author        TEXT NOT NULL,
    body          TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);

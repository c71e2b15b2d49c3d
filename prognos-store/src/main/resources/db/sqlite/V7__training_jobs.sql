-- Training jobs run by the server: the request, the state, and (once it ended) the whole record as JSON
-- (per-sensor outcomes with versions and held-out metrics, and the job's log).
CREATE TABLE training_job (
    job_id       INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('detector', 'forecaster')),
    state        TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    requested_by TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    ended_at     BIGINT,
    record       TEXT NOT NULL
);

CREATE INDEX training_job_created ON training_job (created_at);

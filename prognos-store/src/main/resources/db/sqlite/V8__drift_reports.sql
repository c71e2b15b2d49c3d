-- Drift reports of the server's drift monitor: for one sensor and the Production detector version it checked, the
-- reference window (the version's training data) and the current window compared, the verdict (severity, type,
-- recommendation, explanation) and the key metrics of the input values (PSI, Kolmogorov-Smirnov D and p-value,
-- mean shift in reference standard deviations, ratio of standard deviations). error_severity is the severity of
-- the detector's absolute prediction errors when they were compared too (null otherwise); the explanation gives
-- their metrics.
CREATE TABLE drift_report (
    report_id    INTEGER PRIMARY KEY,
    sensor_id        TEXT NOT NULL,
    model_version_id BIGINT,
    reference_from   BIGINT NOT NULL,
    reference_to     BIGINT NOT NULL,
    current_from     BIGINT NOT NULL,
    current_to       BIGINT NOT NULL,
    reference_size   INTEGER NOT NULL,
    current_size     INTEGER NOT NULL,
    severity         TEXT NOT NULL CHECK (severity IN ('NONE', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    drift_type       TEXT NOT NULL CHECK (drift_type IN ('NONE', 'COVARIATE', 'CONCEPT', 'BOTH')),
    recommendation   TEXT NOT NULL CHECK (recommendation IN ('MONITOR', 'RETRAIN', 'INSPECT_SENSOR')),
    explanation      TEXT NOT NULL,
    psi              DOUBLE PRECISION NOT NULL,
    ks_statistic     DOUBLE PRECISION NOT NULL,
    ks_p_value       DOUBLE PRECISION NOT NULL,
    mean_shift       DOUBLE PRECISION NOT NULL,
    sd_ratio         DOUBLE PRECISION NOT NULL,
    error_severity   TEXT CHECK (error_severity IN ('NONE', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    created_at       BIGINT NOT NULL
);

CREATE INDEX drift_report_sensor ON drift_report (sensor_id, created_at);

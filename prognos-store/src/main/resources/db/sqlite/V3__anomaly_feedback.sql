-- Operator feedback on detected anomalies: confirmed (a real fault) or rejected (a false alarm).
ALTER TABLE anomaly ADD COLUMN verdict TEXT CHECK (verdict IN ('confirmed', 'rejected'));
ALTER TABLE anomaly ADD COLUMN verdict_by TEXT;
ALTER TABLE anomaly ADD COLUMN verdict_at BIGINT;
ALTER TABLE anomaly ADD COLUMN verdict_note TEXT;

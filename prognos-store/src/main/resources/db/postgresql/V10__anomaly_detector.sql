-- Which detector found an anomaly when it was not a registered model version: the server's online detection
-- (a streaming detector fed every reading as it arrives) stores its anomalies with version_id NULL and detector set
-- to the streaming detector's name (knn-cad, windowed-gaussian, ...). NULL (every row stored before this
-- migration, and every anomaly of a trained detector) means the detector of the model version in version_id.
ALTER TABLE anomaly ADD COLUMN detector TEXT;

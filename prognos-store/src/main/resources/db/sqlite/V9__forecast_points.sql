-- Forecast points as the server made them, kept so that their realised accuracy can be measured once the
-- actual readings arrive. One row per horizon step of one forecast: the sensor, the forecaster version that made
-- it, the forecast's origin (the last grid timestamp of the input, i.e. the sensor's last reading as resampled),
-- the step (1 = one sampling period after the origin), the target timestamp (origin + step * period_ms), the
-- point forecast and the interval of nominal coverage interval_coverage (low/high null when the forecast had no
-- interval). period_ms is the forecaster's grid spacing: the actual of a target is the mean of the readings that
-- the resampler puts on that grid point, those in [target - period_ms / 2, target - period_ms / 2 + period_ms).
--
-- The primary key makes storing the same forecast again a no-op (INSERT ... ON CONFLICT DO NOTHING): for one
-- sensor, version and origin every target is distinct. It leads with (sensor_key, target_ts), so it is also the
-- index for reading a sensor's points by target time. forecast_point_prune serves the retention prune, which
-- deletes by target time across sensors.
CREATE TABLE forecast_point (
    sensor_key        INTEGER NOT NULL REFERENCES sensor (sensor_key),
    target_ts         BIGINT NOT NULL,
    model_version_id  BIGINT NOT NULL,
    origin_ts         BIGINT NOT NULL,
    step              INTEGER NOT NULL CHECK (step >= 1),
    period_ms         BIGINT NOT NULL CHECK (period_ms > 0),
    predicted         DOUBLE PRECISION NOT NULL,
    interval_low      DOUBLE PRECISION,
    interval_high     DOUBLE PRECISION,
    interval_coverage DOUBLE PRECISION NOT NULL CHECK (interval_coverage > 0 AND interval_coverage < 1),
    created_at        BIGINT NOT NULL,
    CHECK (target_ts = origin_ts + step * period_ms),
    PRIMARY KEY (sensor_key, target_ts, model_version_id, origin_ts)
) WITHOUT ROWID;

CREATE INDEX forecast_point_prune ON forecast_point (target_ts);

package io.prognos.store;

import io.prognos.core.forecast.SeriesForecast;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Forecast points as the server made them (migration V9), and their realised pairs once the actual readings
 * have arrived, so that a deployed forecaster's accuracy can be measured. A forecast is stored once per sensor,
 * model version and origin: storing it again changes nothing. Points are pruned by target time (a retention),
 * so the table stays bounded.
 *
 * <p>The actual of a target is matched the way the forecaster itself sees readings: the mean of the finite
 * readings that {@code io.prognos.core.transform.Resampler} puts on that grid point, i.e. those with
 * {@code target - period / 2 <= ts < target - period / 2 + period} (nearest grid point, ties to the later one).
 * For regularly sampled data that is exactly the reading at the target; with jittered readings it is the reading
 * (or the mean of the readings) nearest to it, as in the forecaster's own input.
 */
public final class ForecastRepository {

    private final Database db;
    private final Map<String, Long> sensorKeys = new HashMap<>();

    public ForecastRepository(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /**
     * One forecast to store: its points are at {@code targets[i] = originMillis + (i + 1) * periodMillis}
     * (step {@code i + 1}). {@code low} and {@code high} may hold NaN where there is no interval. The arrays are
     * not copied; records with arrays compare by identity.
     *
     * @param originMillis the forecast's origin: the last grid timestamp of its input (the last reading)
     * @param coverage     nominal coverage of the intervals, in (0, 1)
     */
    public record NewForecast(String sensorId, long modelVersionId, long originMillis, long periodMillis,
                              double coverage, long[] targets, double[] predicted, double[] low, double[] high) {

        public NewForecast {
            Objects.requireNonNull(sensorId, "sensorId");
            Objects.requireNonNull(targets, "targets");
            Objects.requireNonNull(predicted, "predicted");
            Objects.requireNonNull(low, "low");
            Objects.requireNonNull(high, "high");
            if (periodMillis <= 0) {
                throw new IllegalArgumentException("forecast period must be positive, was " + periodMillis);
            }
            if (!(coverage > 0 && coverage < 1)) {
                throw new IllegalArgumentException("interval coverage must be in (0, 1), was " + coverage);
            }
            int n = targets.length;
            if (n == 0 || predicted.length != n || low.length != n || high.length != n) {
                throw new IllegalArgumentException("a forecast needs at least one point and as many predictions and "
                        + "interval bounds as targets; had " + n + " targets, " + predicted.length + " predictions, "
                        + low.length + " lows and " + high.length + " highs");
            }
            for (int i = 0; i < n; i++) {
                if (targets[i] != originMillis + (i + 1) * periodMillis) {
                    throw new IllegalArgumentException("forecast target " + i + " is at " + targets[i] + ", not on the "
                            + "grid from origin " + originMillis + " at period " + periodMillis);
                }
                if (!Double.isFinite(predicted[i])) {
                    throw new IllegalArgumentException("forecast value at step " + (i + 1) + " is not finite: "
                            + predicted[i]);
                }
            }
        }

        /** The forecast of a forecaster version, its origin one period before its first timestamp. */
        public static NewForecast of(String sensorId, long modelVersionId, SeriesForecast f) {
            return new NewForecast(sensorId, modelVersionId, f.times()[0] - f.periodMillis(), f.periodMillis(),
                    f.coverage(), f.times(), f.mean(), f.lower(), f.upper());
        }
    }

    /**
     * One stored forecast point whose target has an actual reading.
     *
     * @param low      interval low; NaN when the point had none
     * @param high     interval high; NaN when the point had none
     * @param coverage the interval's nominal coverage
     * @param actual   mean of the finite readings on the target's grid point
     * @param readings how many readings that mean is of (1 for regularly sampled data)
     */
    public record RealisedPair(long modelVersionId, long originMillis, int step, long targetMillis, double predicted,
                               double low, double high, double coverage, double actual, int readings) {

        /** Whether the point had an interval. */
        public boolean hasInterval() {
            return !Double.isNaN(low) && !Double.isNaN(high);
        }

        /** Whether the actual lies within the interval, bounds included; false without an interval. */
        public boolean inside() {
            return hasInterval() && actual >= low && actual <= high;
        }
    }

    /**
     * Stores a forecast's points in one transaction; points already stored for the same sensor, version and
     * origin are left as they are.
     *
     * @return points newly stored: 0 when this forecast was stored before
     * @throws StoreException for an unknown sensor
     */
    public int save(NewForecast forecast, long createdAtMillis) {
        Objects.requireNonNull(forecast, "forecast");
        long key = sensorKey(forecast.sensorId());
        return db.inTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("""
                    INSERT INTO forecast_point (sensor_key, target_ts, model_version_id, origin_ts, step, period_ms,
                        predicted, interval_low, interval_high, interval_coverage, created_at)
                    VALUES (:k, :target, :version, :origin, :step, :period, :predicted, :low, :high, :coverage, :at)
                    ON CONFLICT DO NOTHING""");
            for (int i = 0; i < forecast.targets().length; i++) {
                batch.bind("k", key).bind("target", forecast.targets()[i]).bind("version", forecast.modelVersionId())
                        .bind("origin", forecast.originMillis()).bind("step", i + 1)
                        .bind("period", forecast.periodMillis()).bind("predicted", forecast.predicted()[i])
                        .bind("low", finiteOrNull(forecast.low()[i])).bind("high", finiteOrNull(forecast.high()[i]))
                        .bind("coverage", forecast.coverage()).bind("at", createdAtMillis).add();
            }
            int inserted = 0;
            for (int c : batch.execute()) {
                // a driver may report SUCCESS_NO_INFO (-2) for a batched row; that row was written
                inserted += c == java.sql.Statement.SUCCESS_NO_INFO ? 1 : Math.max(0, c);
            }
            return inserted;
        });
    }

    /**
     * Deletes the points of every sensor whose target is before {@code olderThanMillis}.
     *
     * @return points deleted
     */
    public int prune(long olderThanMillis) {
        return db.inTransaction(h -> h.createUpdate("DELETE FROM forecast_point WHERE target_ts < :t")
                .bind("t", olderThanMillis).execute());
    }

    /** Points stored for a sensor (realised or not); 0 for an unknown sensor. */
    public long count(String sensorId) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) FROM forecast_point f JOIN sensor s ON s.sensor_key = f.sensor_key
                        WHERE s.sensor_id = :id""")
                .bind("id", sensorId).mapTo(Long.class).one());
    }

    /** The sensors that have stored forecast points, in id order. */
    public List<String> sensors() {
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT s.sensor_id FROM sensor s
                        WHERE EXISTS (SELECT 1 FROM forecast_point f WHERE f.sensor_key = s.sensor_key)
                        ORDER BY s.sensor_id""")
                .mapTo(String.class).list());
    }

    /**
     * The realised pairs of a sensor whose target is in {@code [fromMillis, toMillis)}, ordered by target, version
     * and origin. Points whose target has no finite reading yet are left out.
     *
     * @throws StoreException for an unknown sensor
     */
    public List<RealisedPair> realised(String sensorId, long fromMillis, long toMillis) {
        List<RealisedPair> out = new ArrayList<>();
        realised(sensorId, fromMillis, toMillis, out::add);
        return out;
    }

    /**
     * As {@link #realised(String, long, long)}, passing each pair to {@code sink} as it is read, so that long
     * ranges are measured in constant memory.
     */
    public void realised(String sensorId, long fromMillis, long toMillis, Consumer<RealisedPair> sink) {
        Objects.requireNonNull(sink, "sink");
        long key = sensorKey(sensorId);
        // in a transaction, so that the PostgreSQL driver honours the fetch size with a cursor
        db.jdbi().useTransaction(h -> h.createQuery("""
                        SELECT f.model_version_id, f.origin_ts, f.step, f.target_ts, f.predicted, f.interval_low,
                            f.interval_high, f.interval_coverage, AVG(t.value) AS actual, COUNT(t.value) AS readings
                        FROM forecast_point f
                        JOIN telemetry t ON t.sensor_key = f.sensor_key
                            AND t.ts >= f.target_ts - f.period_ms / 2
                            AND t.ts < f.target_ts - f.period_ms / 2 + f.period_ms
                        WHERE f.sensor_key = :k AND f.target_ts >= :from AND f.target_ts < :to AND t.value IS NOT NULL
                        GROUP BY f.sensor_key, f.target_ts, f.model_version_id, f.origin_ts, f.step, f.predicted,
                            f.interval_low, f.interval_high, f.interval_coverage
                        ORDER BY f.target_ts, f.model_version_id, f.origin_ts""")
                .bind("k", key).bind("from", fromMillis).bind("to", toMillis).setFetchSize(10_000)
                .map((rs, ctx) -> pair(rs)).useStream(s -> s.forEach(sink)));
    }

    private static RealisedPair pair(ResultSet rs) throws SQLException {
        return new RealisedPair(rs.getLong("model_version_id"), rs.getLong("origin_ts"), rs.getInt("step"),
                rs.getLong("target_ts"), rs.getDouble("predicted"), nullable(rs, "interval_low"),
                nullable(rs, "interval_high"), rs.getDouble("interval_coverage"), rs.getDouble("actual"),
                rs.getInt("readings"));
    }

    private static double nullable(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private long sensorKey(String sensorId) {
        Objects.requireNonNull(sensorId, "sensorId");
        synchronized (sensorKeys) {
            Long key = sensorKeys.get(sensorId);
            if (key != null) {
                return key;
            }
        }
        Long key = db.jdbi().withHandle(h -> h.createQuery("SELECT sensor_key FROM sensor WHERE sensor_id = :id")
                .bind("id", sensorId).mapTo(Long.class).findOne().orElse(null));
        if (key == null) {
            throw new StoreException("forecast points: unknown sensor '" + sensorId + "'");
        }
        synchronized (sensorKeys) {
            sensorKeys.put(sensorId, key);
        }
        return key;
    }
}

package io.prognos.store;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Telemetry readings: bulk ingest and time-range reads.
 *
 * <p>A reading is identified by sensor and timestamp; ingesting one that is already stored does
 * nothing (the first value stays), so re-importing a file adds no duplicates. Each {@link #ingest}
 * call is one transaction: when it returns, its rows are durable, and when it fails, none of its rows
 * were stored and everything stored before it is untouched. The whole batch is validated before
 * anything is written. Bulk loading uses batched prepared statements on SQLite and binary COPY on
 * PostgreSQL.
 */
public final class TelemetryRepository {

    private static final int SQLITE_BATCH = 4_096;
    private static final String UNIQUE_VIOLATION = "23505";
    private static final byte[] COPY_SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};

    private final Database db;
    private final Map<String, Long> sensorKeys = new HashMap<>();

    public TelemetryRepository(Database db) {
        this.db = db;
    }

    /** How many rows a call stored and how many were already there. */
    public record IngestResult(long inserted, long duplicates) {
    }

    /**
     * Stores the points in one transaction.
     *
     * @throws StoreException naming the first offending point (by index) for an unknown sensor or an
     *                        infinite value; nothing of the batch is stored then
     */
    public IngestResult ingest(List<TelemetryPoint> points) {
        long[] keys = new long[points.size()];
        long[] timestamps = new long[points.size()];
        double[] values = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            TelemetryPoint p = points.get(i);
            keys[i] = sensorKey(p.sensorId(), "point " + i);
            timestamps[i] = p.timestampMillis();
            values[i] = p.value();
        }
        return ingest(keys, timestamps, values);
    }

    /** Stores one sensor's readings (parallel arrays) in one transaction. */
    public IngestResult ingest(String sensorId, long[] timestamps, double[] values) {
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException("timestamps and values differ in length: " + timestamps.length + " vs "
                    + values.length);
        }
        long[] keys = new long[timestamps.length];
        Arrays.fill(keys, sensorKey(sensorId, "sensor"));
        return ingest(keys, timestamps, values);
    }

    private IngestResult ingest(long[] keys, long[] timestamps, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (Double.isInfinite(values[i])) {
                throw new StoreException("point " + i + " (timestamp " + timestamps[i] + ") has an infinite value; "
                        + "nothing of this batch was stored");
            }
        }
        if (keys.length == 0) {
            return new IngestResult(0, 0);
        }
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                long inserted = db.dialect() == Dialect.SQLITE
                        ? insertBatched(c, keys, timestamps, values)
                        : insertByCopy(c, keys, timestamps, values);
                c.commit();
                return new IngestResult(inserted, keys.length - inserted);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("telemetry ingest into " + db.describe() + " failed, nothing of this batch of "
                    + keys.length + " was stored: " + e.getMessage(), e);
        }
    }

    private static long insertBatched(Connection c, long[] keys, long[] timestamps, double[] values) throws SQLException {
        long inserted = 0;
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO telemetry (sensor_key, ts, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (int i = 0; i < keys.length; i++) {
                insert.setLong(1, keys[i]);
                insert.setLong(2, timestamps[i]);
                if (Double.isNaN(values[i])) {
                    insert.setNull(3, Types.DOUBLE);
                } else {
                    insert.setDouble(3, values[i]);
                }
                insert.addBatch();
                if ((i + 1) % SQLITE_BATCH == 0 || i == keys.length - 1) {
                    for (int count : insert.executeBatch()) {
                        inserted += Math.max(0, count);
                    }
                }
            }
        }
        return inserted;
    }

    /**
     * New readings (the usual bulk case) are copied straight into the table. When the batch repeats a
     * stored reading the copy fails on the primary key; it is then undone to a savepoint and the batch
     * goes through a staging table and {@code INSERT ... ON CONFLICT DO NOTHING}, which skips the repeats.
     */
    private static long insertByCopy(Connection c, long[] keys, long[] timestamps, double[] values) throws SQLException {
        Savepoint beforeCopy = c.setSavepoint();
        try {
            long copied = copyInto(c, "telemetry", keys, timestamps, values);
            c.releaseSavepoint(beforeCopy);
            return copied;
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(beforeCopy);
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS telemetry_stage (sensor_key BIGINT, ts BIGINT, value DOUBLE PRECISION)"
                    + " ON COMMIT DELETE ROWS");
        }
        copyInto(c, "telemetry_stage", keys, timestamps, values);
        try (Statement s = c.createStatement()) {
            return s.executeLargeUpdate("INSERT INTO telemetry (sensor_key, ts, value) SELECT sensor_key, ts, value "
                    + "FROM telemetry_stage ON CONFLICT DO NOTHING");
        }
    }

    private static long copyInto(Connection c, String table, long[] keys, long[] timestamps, double[] values)
            throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + table + " (sensor_key, ts, value) FROM STDIN (FORMAT binary)");
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 20);
            DataOutputStream out = new DataOutputStream(buffer);
            out.write(COPY_SIGNATURE);
            out.writeInt(0);
            out.writeInt(0);
            for (int i = 0; i < keys.length; i++) {
                out.writeShort(3);
                out.writeInt(8);
                out.writeLong(keys[i]);
                out.writeInt(8);
                out.writeLong(timestamps[i]);
                if (Double.isNaN(values[i])) {
                    out.writeInt(-1);
                } else {
                    out.writeInt(8);
                    out.writeDouble(values[i]);
                }
                if (buffer.size() >= (1 << 20)) {
                    copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
                    buffer.reset();
                }
            }
            out.writeShort(-1);
            copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
            return copy.endCopy();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException cancelFailed) {
                    // the copy has already failed; its own error is the one that is reported
                }
            }
        }
    }

    /**
     * The sensor's readings with {@code fromMillis <= timestamp < toMillis}, in timestamp order.
     */
    public TelemetrySeries read(String sensorId, long fromMillis, long toMillis) {
        long key = sensorKey(sensorId, "sensor");
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT ts, value FROM telemetry WHERE sensor_key = ? AND ts >= ? AND ts < ? ORDER BY ts")) {
                q.setFetchSize(10_000);
                q.setLong(1, key);
                q.setLong(2, fromMillis);
                q.setLong(3, toMillis);
                long[] ts = new long[1024];
                double[] values = new double[1024];
                int n = 0;
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        if (n == ts.length) {
                            ts = Arrays.copyOf(ts, n * 2);
                            values = Arrays.copyOf(values, n * 2);
                        }
                        ts[n] = rs.getLong(1);
                        double v = rs.getDouble(2);
                        values[n] = rs.wasNull() ? Double.NaN : v;
                        n++;
                    }
                }
                c.commit();
                return new TelemetrySeries(sensorId, Arrays.copyOf(ts, n), Arrays.copyOf(values, n));
            }
        } catch (SQLException e) {
            throw new StoreException("reading telemetry of " + sensorId + " from " + db.describe() + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The sensor's newest {@code limit} readings with {@code timestamp < toMillis}, in timestamp order (fewer when
     * fewer are stored): the replay that warms up a streaming detector, read through the index backwards so it
     * costs the same after a year as after a day.
     */
    public TelemetrySeries readLast(String sensorId, long toMillis, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
        long key = sensorKey(sensorId, "sensor");
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT ts, value FROM telemetry WHERE sensor_key = ? AND ts < ? ORDER BY ts DESC LIMIT ?")) {
                q.setFetchSize(10_000);
                q.setLong(1, key);
                q.setLong(2, toMillis);
                q.setInt(3, limit);
                long[] ts = new long[limit];
                double[] values = new double[limit];
                int n = 0;
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next() && n < limit) {
                        ts[n] = rs.getLong(1);
                        double v = rs.getDouble(2);
                        values[n] = rs.wasNull() ? Double.NaN : v;
                        n++;
                    }
                }
                c.commit();
                long[] orderedTs = new long[n];
                double[] orderedValues = new double[n];
                for (int i = 0; i < n; i++) {
                    orderedTs[i] = ts[n - 1 - i];
                    orderedValues[i] = values[n - 1 - i];
                }
                return new TelemetrySeries(sensorId, orderedTs, orderedValues);
            }
        } catch (SQLException e) {
            throw new StoreException("reading the last " + limit + " readings of " + sensorId + " from " + db.describe()
                    + " failed: " + e.getMessage(), e);
        }
    }

    /** All of the sensor's readings. */
    public TelemetrySeries readAll(String sensorId) {
        return read(sensorId, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** Timestamp of the sensor's newest reading, if it has any. */
    public java.util.OptionalLong newestTimestamp(String sensorId) {
        long key = sensorKey(sensorId, "sensor");
        Long newest = db.jdbi().withHandle(h -> h.createQuery("SELECT MAX(ts) FROM telemetry WHERE sensor_key = :k")
                .bind("k", key).mapTo(Long.class).findOne().orElse(null));
        return newest == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(newest);
    }

    /** Timestamp of the sensor's oldest reading with a value (the origin of its resampling grid), if any. */
    public java.util.OptionalLong oldestValueTimestamp(String sensorId) {
        long key = sensorKey(sensorId, "sensor");
        Long oldest = db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT MIN(ts) FROM telemetry WHERE sensor_key = :k AND value IS NOT NULL")
                .bind("k", key).mapTo(Long.class).findOne().orElse(null));
        return oldest == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(oldest);
    }

    /** Whether a reading of the sensor at exactly this instant is stored. */
    public boolean contains(String sensorId, long timestampMillis) {
        long key = sensorKey(sensorId, "sensor");
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM telemetry WHERE sensor_key = :k AND ts = :t")
                .bind("k", key).bind("t", timestampMillis).mapTo(Integer.class).one()) > 0;
    }

    /** Number of stored readings of the sensor. */
    public long count(String sensorId) {
        long key = sensorKey(sensorId, "sensor");
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM telemetry WHERE sensor_key = :k")
                .bind("k", key).mapTo(Long.class).one());
    }

    private long sensorKey(String sensorId, String where) {
        synchronized (sensorKeys) {
            Long key = sensorKeys.get(sensorId);
            if (key != null) {
                return key;
            }
        }
        Long key = db.jdbi().withHandle(h -> h.createQuery("SELECT sensor_key FROM sensor WHERE sensor_id = :id")
                .bind("id", sensorId).mapTo(Long.class).findOne().orElse(null));
        if (key == null) {
            throw new StoreException(where + ": unknown sensor '" + sensorId + "' (register it with its asset first)");
        }
        synchronized (sensorKeys) {
            sensorKeys.put(sensorId, key);
        }
        return key;
    }
}

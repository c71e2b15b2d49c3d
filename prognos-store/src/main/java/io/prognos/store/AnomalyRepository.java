package io.prognos.store;

import java.util.List;

/**
 * Detected anomalies and labelled ones (ground truth imported with a data set or confirmed by an
 * operator). Storing the same detection twice (same sensor, model version and start) keeps one.
 */
public final class AnomalyRepository {

    private final Database db;

    public AnomalyRepository(Database db) {
        this.db = db;
    }

    /** A labelled anomalous span (epoch ms, inclusive). */
    public record Label(String sensorId, long startMillis, long endMillis, String source, String label) {
    }

    /** Stores detections; returns how many were new. */
    public int save(String sensorId, long versionId, List<StoredAnomaly> anomalies) {
        return db.inTransaction(h -> {
            long key = sensorKey(h, sensorId);
            int added = 0;
            for (StoredAnomaly a : anomalies) {
                added += h.createUpdate("""
                                INSERT INTO anomaly (sensor_key, version_id, start_ts, end_ts, score, severity, detected_at)
                                VALUES (:k, :v, :s, :e, :score, :sev, :now)
                                ON CONFLICT (sensor_key, version_id, start_ts) DO NOTHING""")
                        .bind("k", key).bind("v", versionId).bind("s", a.startMillis()).bind("e", a.endMillis())
                        .bind("score", a.score()).bind("sev", a.severity()).bind("now", System.currentTimeMillis())
                        .execute();
            }
            return added;
        });
    }

    /** Anomalies of a sensor (all sensors when null), newest first. */
    public List<StoredAnomaly> list(String sensorId) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT a.*, s.sensor_id FROM anomaly a JOIN sensor s ON s.sensor_key = a.sensor_key
                        """ + (sensorId == null ? "" : "WHERE s.sensor_id = :s ") + "ORDER BY a.start_ts DESC, a.anomaly_id")
                .bind("s", sensorId)
                .map((rs, ctx) -> {
                    long v = rs.getLong("version_id");
                    Long version = rs.wasNull() ? null : v;
                    return new StoredAnomaly(rs.getLong("anomaly_id"), rs.getString("sensor_id"), version,
                            rs.getLong("start_ts"), rs.getLong("end_ts"), rs.getDouble("score"), rs.getString("severity"),
                            rs.getLong("detected_at"));
                }).list());
    }

    public int saveLabels(List<Label> labels) {
        return db.inTransaction(h -> {
            int added = 0;
            for (Label l : labels) {
                added += h.createUpdate("""
                                INSERT INTO anomaly_label (sensor_key, start_ts, end_ts, source, label)
                                VALUES (:k, :s, :e, :src, :label)
                                ON CONFLICT (sensor_key, start_ts, end_ts, source) DO NOTHING""")
                        .bind("k", sensorKey(h, l.sensorId())).bind("s", l.startMillis()).bind("e", l.endMillis())
                        .bind("src", l.source()).bind("label", l.label()).execute();
            }
            return added;
        });
    }

    public List<Label> labels(String sensorId) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT l.*, s.sensor_id FROM anomaly_label l JOIN sensor s ON s.sensor_key = l.sensor_key
                        WHERE s.sensor_id = :s ORDER BY l.start_ts""")
                .bind("s", sensorId)
                .map((rs, ctx) -> new Label(rs.getString("sensor_id"), rs.getLong("start_ts"), rs.getLong("end_ts"),
                        rs.getString("source"), rs.getString("label"))).list());
    }

    private static long sensorKey(org.jdbi.v3.core.Handle h, String sensorId) {
        return h.createQuery("SELECT sensor_key FROM sensor WHERE sensor_id = :s").bind("s", sensorId)
                .mapTo(Long.class).findOne()
                .orElseThrow(() -> new StoreException("unknown sensor '" + sensorId + "'"));
    }
}

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

    /**
     * Stores detections of live scoring, where successive calls see overlapping stretches: a detection
     * that overlaps a stored anomaly of the sensor, or comes within {@code mergeGapMillis} of it, widens
     * that anomaly (earliest start, latest end, highest score and its severity) instead of adding one.
     * Only anomalies of model versions' detectors (no streaming {@link StoredAnomaly#detector()}) are widened.
     *
     * @return the anomalies as stored after the call that these detections created or widened
     */
    public List<StoredAnomaly> saveMerging(String sensorId, Long versionId, List<StoredAnomaly> anomalies,
                                           long mergeGapMillis) {
        return saveMerging(sensorId, versionId, null, anomalies, mergeGapMillis);
    }

    /**
     * As {@link #saveMerging(String, Long, List, long)}, recording {@code detector} (the streaming detector of
     * the server's online detection, or null for a model version's detector) with new anomalies; a detection
     * widens only stored anomalies of the same detector (null: those of model versions), so two detectors'
     * incidents stay apart.
     */
    public List<StoredAnomaly> saveMerging(String sensorId, Long versionId, String detector, List<StoredAnomaly> anomalies,
                                           long mergeGapMillis) {
        return db.inTransaction(h -> {
            long key = sensorKey(h, sensorId);
            java.util.List<StoredAnomaly> result = new java.util.ArrayList<>();
            for (StoredAnomaly a : anomalies) {
                List<StoredAnomaly> near = h.createQuery("""
                                SELECT a.*, s.sensor_id FROM anomaly a JOIN sensor s ON s.sensor_key = a.sensor_key
                                WHERE a.sensor_key = :k AND a.start_ts <= :e AND a.end_ts >= :s
                                """ + (detector == null ? "AND a.detector IS NULL " : "AND a.detector = :d ") + """
                                ORDER BY a.start_ts, a.anomaly_id""")
                        .bind("k", key).bind("s", a.startMillis() - mergeGapMillis).bind("e", a.endMillis() + mergeGapMillis)
                        .bind("d", detector)
                        .map((rs, ctx) -> anomaly(rs)).list();
                if (near.isEmpty()) {
                    long now = System.currentTimeMillis();
                    long id = h.createUpdate("""
                                    INSERT INTO anomaly (sensor_key, version_id, start_ts, end_ts, score, severity, detected_at,
                                                         detector)
                                    VALUES (:k, :v, :s, :e, :score, :sev, :now, :d)""")
                            .bind("k", key).bind("v", versionId).bind("s", a.startMillis()).bind("e", a.endMillis())
                            .bind("score", a.score()).bind("sev", a.severity()).bind("now", now).bind("d", detector)
                            .executeAndReturnGeneratedKeys("anomaly_id").mapTo(Long.class).one();
                    result.add(new StoredAnomaly(id, sensorId, versionId, a.startMillis(), a.endMillis(), a.score(),
                            a.severity(), now, detector));
                    continue;
                }
                // the detection joins the earliest nearby anomaly; others it now bridges are folded in
                StoredAnomaly merged = near.get(0);
                for (StoredAnomaly other : near.subList(1, near.size())) {
                    merged = widen(merged, other);
                    h.createUpdate("DELETE FROM anomaly WHERE anomaly_id = :id").bind("id", other.anomalyId()).execute();
                }
                merged = widen(merged, a);
                h.createUpdate("UPDATE anomaly SET start_ts = :s, end_ts = :e, score = :score, severity = :sev "
                                + "WHERE anomaly_id = :id")
                        .bind("s", merged.startMillis()).bind("e", merged.endMillis()).bind("score", merged.score())
                        .bind("sev", merged.severity()).bind("id", merged.anomalyId()).execute();
                final long mergedId = merged.anomalyId();
                result.removeIf(r -> near.stream().anyMatch(n -> n.anomalyId() == r.anomalyId()) && r.anomalyId() != mergedId);
                result.removeIf(r -> r.anomalyId() == mergedId);
                result.add(merged);
            }
            return result;
        });
    }

    /** The stored anomaly {@code into}, widened to cover {@code other}: its id and first detection, the higher score. */
    private static StoredAnomaly widen(StoredAnomaly into, StoredAnomaly other) {
        boolean higher = other.score() > into.score();
        return new StoredAnomaly(into.anomalyId(), into.sensorId(), into.versionId(),
                Math.min(into.startMillis(), other.startMillis()), Math.max(into.endMillis(), other.endMillis()),
                Math.max(into.score(), other.score()), higher ? other.severity() : into.severity(), into.detectedAtMillis(),
                into.detector());
    }

    /** One stored anomaly by id. */
    public java.util.Optional<StoredAnomaly> find(long anomalyId) {
        return db.jdbi().withHandle(h -> find(h, anomalyId));
    }

    java.util.Optional<StoredAnomaly> find(org.jdbi.v3.core.Handle h, long anomalyId) {
        return h.createQuery("""
                        SELECT a.*, s.sensor_id FROM anomaly a JOIN sensor s ON s.sensor_key = a.sensor_key
                        WHERE a.anomaly_id = :id""")
                .bind("id", anomalyId).map((rs, ctx) -> anomaly(rs)).findOne();
    }

    /** Anomalies overlapping {@code [fromMillis, toMillis)} of a sensor (all sensors when null), newest first. */
    public List<StoredAnomaly> list(String sensorId, long fromMillis, long toMillis, int limit) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT a.*, s.sensor_id FROM anomaly a JOIN sensor s ON s.sensor_key = a.sensor_key
                        WHERE a.end_ts >= :from AND a.start_ts < :to
                        """ + (sensorId == null ? "" : "AND s.sensor_id = :s ") + "ORDER BY a.start_ts DESC, a.anomaly_id LIMIT :limit")
                .bind("s", sensorId).bind("from", fromMillis).bind("to", toMillis).bind("limit", limit)
                .map((rs, ctx) -> anomaly(rs)).list());
    }

    static StoredAnomaly anomaly(java.sql.ResultSet rs) throws java.sql.SQLException {
        long v = rs.getLong("version_id");
        Long version = rs.wasNull() ? null : v;
        return new StoredAnomaly(rs.getLong("anomaly_id"), rs.getString("sensor_id"), version,
                rs.getLong("start_ts"), rs.getLong("end_ts"), rs.getDouble("score"), rs.getString("severity"),
                rs.getLong("detected_at"), rs.getString("detector"));
    }

    /** Anomalies of a sensor (all sensors when null), newest first. */
    public List<StoredAnomaly> list(String sensorId) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT a.*, s.sensor_id FROM anomaly a JOIN sensor s ON s.sensor_key = a.sensor_key
                        """ + (sensorId == null ? "" : "WHERE s.sensor_id = :s ") + "ORDER BY a.start_ts DESC, a.anomaly_id")
                .bind("s", sensorId)
                .map((rs, ctx) -> anomaly(rs)).list());
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

    /** Every sensor's labels, by sensor id, each list in time order (one query, for fleet-wide KPIs). */
    public java.util.Map<String, List<Label>> labelsBySensor() {
        java.util.Map<String, List<Label>> out = new java.util.HashMap<>();
        db.jdbi().useHandle(h -> h.createQuery("""
                        SELECT l.*, s.sensor_id FROM anomaly_label l JOIN sensor s ON s.sensor_key = l.sensor_key
                        ORDER BY s.sensor_id, l.start_ts""")
                .map((rs, ctx) -> new Label(rs.getString("sensor_id"), rs.getLong("start_ts"), rs.getLong("end_ts"),
                        rs.getString("source"), rs.getString("label")))
                .forEach(l -> out.computeIfAbsent(l.sensorId(), k -> new java.util.ArrayList<>()).add(l)));
        return out;
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

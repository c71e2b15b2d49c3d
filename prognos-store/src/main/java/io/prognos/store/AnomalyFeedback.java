package io.prognos.store;

import java.util.List;
import java.util.Optional;

/**
 * Operators' verdicts on detected anomalies. A confirmed anomaly is also stored as a label (source
 * {@code operator}), so it counts as labelled data when models are validated and retrained; a rejected one
 * is a known false alarm. The verdicts give the accuracy KPIs and can be exported as annotations.
 */
public final class AnomalyFeedback {

    /** Source name of labels that come from operators' confirmations. */
    public static final String LABEL_SOURCE = "operator";

    private final Database db;

    public AnomalyFeedback(Database db) {
        this.db = db;
    }

    /** Confirmed (a real fault) or rejected (a false alarm). */
    public enum Verdict {
        CONFIRMED, REJECTED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Verdict parse(String text) {
            for (Verdict v : values()) {
                if (v.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
                    return v;
                }
            }
            throw new IllegalArgumentException("verdict must be 'confirmed' or 'rejected', got '" + text + "'");
        }
    }

    /** A reviewed or unreviewed anomaly with its verdict. */
    public record Reviewed(StoredAnomaly anomaly, Verdict verdict, String by, Long atMillis, String note) {
    }

    /** Review counts over all detected anomalies. */
    public record Kpis(long anomalies, long confirmed, long rejected) {
        public long unreviewed() {
            return anomalies - confirmed - rejected;
        }

        /** Confirmed share of the reviewed anomalies; NaN before any review. */
        public double reviewedPrecision() {
            return confirmed + rejected == 0 ? Double.NaN : (double) confirmed / (confirmed + rejected);
        }
    }

    /**
     * Records a verdict (replacing an earlier one); a confirmation adds the anomaly's span as an operator
     * label, a rejection removes that label again.
     *
     * @throws StoreException when the anomaly does not exist
     */
    public Reviewed record(long anomalyId, Verdict verdict, String by, String note) {
        if (note != null && note.length() > 2000) {
            throw new StoreException("note is longer than 2000 characters");
        }
        return db.inTransaction(h -> {
            StoredAnomaly a = new AnomalyRepository(db).find(h, anomalyId)
                    .orElseThrow(() -> new StoreException("no anomaly with id " + anomalyId));
            long now = System.currentTimeMillis();
            h.createUpdate("UPDATE anomaly SET verdict = :v, verdict_by = :by, verdict_at = :t, verdict_note = :n "
                            + "WHERE anomaly_id = :id")
                    .bind("v", verdict.label()).bind("by", by).bind("t", now).bind("n", note).bind("id", anomalyId).execute();
            long key = h.createQuery("SELECT sensor_key FROM anomaly WHERE anomaly_id = :id").bind("id", anomalyId)
                    .mapTo(Long.class).one();
            if (verdict == Verdict.CONFIRMED) {
                h.createUpdate("""
                                INSERT INTO anomaly_label (sensor_key, start_ts, end_ts, source, label)
                                VALUES (:k, :s, :e, :src, :label)
                                ON CONFLICT (sensor_key, start_ts, end_ts, source) DO NOTHING""")
                        .bind("k", key).bind("s", a.startMillis()).bind("e", a.endMillis()).bind("src", LABEL_SOURCE)
                        .bind("label", "confirmed anomaly " + anomalyId).execute();
            } else {
                h.createUpdate("DELETE FROM anomaly_label WHERE sensor_key = :k AND start_ts = :s AND end_ts = :e "
                                + "AND source = :src")
                        .bind("k", key).bind("s", a.startMillis()).bind("e", a.endMillis()).bind("src", LABEL_SOURCE).execute();
            }
            return new Reviewed(a, verdict, by, now, note);
        });
    }

    public Kpis kpis() {
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) AS n,
                               SUM(CASE WHEN verdict = 'confirmed' THEN 1 ELSE 0 END) AS c,
                               SUM(CASE WHEN verdict = 'rejected' THEN 1 ELSE 0 END) AS r
                        FROM anomaly""")
                .map((rs, ctx) -> new Kpis(rs.getLong("n"), rs.getLong("c"), rs.getLong("r"))).one());
    }

    /** Every anomaly with its verdict (null when unreviewed), oldest first, for export. */
    public List<Reviewed> all() {
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT a.*, s.sensor_id FROM anomaly a JOIN sensor s ON s.sensor_key = a.sensor_key
                        ORDER BY a.start_ts, a.anomaly_id""")
                .map((rs, ctx) -> reviewed(rs)).list());
    }

    /**
     * Which anomalies an operator is looking for; null fields do not filter.
     *
     * @param severities the severities to include (for "HIGH and above": HIGH, CRITICAL), or null for all
     * @param review     unreviewed, or a verdict, or null for all
     * @param fromMillis anomalies that end at or after it
     * @param toMillis   anomalies that start before it
     * @param limit      at most this many, newest first
     */
    public record Search(String sensorId, String assetId, java.util.Set<String> severities, Review review,
                         long fromMillis, long toMillis, int limit) {
        /** The review state a search asks for. */
        public enum Review { UNREVIEWED, CONFIRMED, REJECTED }

        public Search {
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be at least 1, got " + limit);
            }
            severities = severities == null ? null : java.util.Set.copyOf(severities);
        }
    }

    /** The anomalies matching a search with their verdicts, newest first; the filtering happens in the database. */
    public List<Reviewed> search(Search q) {
        StringBuilder sql = new StringBuilder("SELECT a.*, s.sensor_id FROM anomaly a JOIN sensor s "
                + "ON s.sensor_key = a.sensor_key WHERE a.end_ts >= :from AND a.start_ts < :to");
        if (q.sensorId() != null) {
            sql.append(" AND s.sensor_id = :sensor");
        }
        if (q.assetId() != null) {
            sql.append(" AND s.asset_id = :asset");
        }
        if (q.severities() != null) {
            sql.append(q.severities().isEmpty() ? " AND 1 = 0" : " AND a.severity IN (<severities>)");
        }
        if (q.review() != null) {
            sql.append(switch (q.review()) {
                case UNREVIEWED -> " AND a.verdict IS NULL";
                case CONFIRMED -> " AND a.verdict = 'confirmed'";
                case REJECTED -> " AND a.verdict = 'rejected'";
            });
        }
        sql.append(" ORDER BY a.start_ts DESC, a.anomaly_id DESC LIMIT :limit");
        return db.jdbi().withHandle(h -> {
            org.jdbi.v3.core.statement.Query query = h.createQuery(sql.toString()).bind("from", q.fromMillis())
                    .bind("to", q.toMillis()).bind("limit", q.limit()).bind("sensor", q.sensorId())
                    .bind("asset", q.assetId());
            if (q.severities() != null && !q.severities().isEmpty()) {
                query.bindList("severities", List.copyOf(q.severities()));
            }
            return query.map((rs, ctx) -> reviewed(rs)).list();
        });
    }

    public Optional<Reviewed> find(long anomalyId) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT a.*, s.sensor_id FROM anomaly a JOIN sensor s ON s.sensor_key = a.sensor_key
                        WHERE a.anomaly_id = :id""")
                .bind("id", anomalyId).map((rs, ctx) -> reviewed(rs)).findOne());
    }

    private static Reviewed reviewed(java.sql.ResultSet rs) throws java.sql.SQLException {
        StoredAnomaly a = AnomalyRepository.anomaly(rs);
        String v = rs.getString("verdict");
        long at = rs.getLong("verdict_at");
        Long atMillis = rs.wasNull() ? null : at;
        return new Reviewed(a, v == null ? null : Verdict.parse(v), rs.getString("verdict_by"), atMillis,
                rs.getString("verdict_note"));
    }
}

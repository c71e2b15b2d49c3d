package io.prognos.store;

import io.prognos.core.drift.DriftMetrics;
import io.prognos.core.drift.DriftRecommendation;
import io.prognos.core.drift.DriftReport;
import io.prognos.core.drift.DriftSeverity;
import io.prognos.core.drift.DriftType;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * Drift reports as stored (migration V8): what the server's drift monitor found when it compared a sensor's
 * recent readings with the training data of its Production detector. Each report keeps the sensor, the model
 * version checked, both windows, the verdict and the key metrics of the inputs, so that the history of a sensor's
 * drift, and why a retraining was started, can be shown long after the check. Reports are only added, never
 * changed.
 */
public final class DriftReportRepository {

    private final Database db;

    public DriftReportRepository(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /**
     * A time window of readings compared: {@code fromMillis <= ts <= toMillis} (the first and last reading's
     * timestamps) and how many readings it held.
     */
    public record Window(long fromMillis, long toMillis, int size) {

        public Window {
            if (toMillis < fromMillis) {
                throw new IllegalArgumentException("window ends (" + toMillis + ") before it starts (" + fromMillis + ")");
            }
            if (size < 0) {
                throw new IllegalArgumentException("window size must not be negative, was " + size);
            }
        }
    }

    /**
     * One stored report.
     *
     * @param modelVersionId the detector version whose training data was the reference; null if none was
     * @param psi            population stability index of the inputs
     * @param ksStatistic    Kolmogorov-Smirnov D of the inputs
     * @param ksPValue       its p-value
     * @param meanShift      (current mean - reference mean) / reference sd of the inputs
     * @param sdRatio        current sd / reference sd of the inputs
     * @param errorSeverity  severity of the prediction errors' change; null when errors were not compared
     */
    public record StoredDriftReport(long id, String sensorId, Long modelVersionId, Window reference, Window current,
                                    DriftSeverity severity, DriftType type, DriftRecommendation recommendation,
                                    String explanation, double psi, double ksStatistic, double ksPValue,
                                    double meanShift, double sdRatio, DriftSeverity errorSeverity,
                                    long createdAtMillis) {

        public StoredDriftReport {
            Objects.requireNonNull(sensorId, "sensorId");
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(current, "current");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(recommendation, "recommendation");
            Objects.requireNonNull(explanation, "explanation");
        }
    }

    /**
     * Stores a report of one check and returns it with its id.
     *
     * @throws IllegalArgumentException when a key metric is not finite (they are for every report
     *                                  {@code DriftAnalyzer} produces)
     */
    public StoredDriftReport save(String sensorId, Long modelVersionId, Window reference, Window current,
                                  DriftReport report, long createdAtMillis) {
        Objects.requireNonNull(sensorId, "sensorId");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(report, "report");
        DriftMetrics m = report.inputMetrics();
        requireFinite("psi", m.psi());
        requireFinite("ks_statistic", m.ksStatistic());
        requireFinite("ks_p_value", m.ksPValue());
        requireFinite("mean_shift", m.meanShift());
        requireFinite("sd_ratio", m.sdRatio());
        DriftSeverity errorSeverity = report.errorMetrics().isPresent() ? report.errorSeverity() : null;
        long id = db.inTransaction(h -> h.createUpdate("""
                        INSERT INTO drift_report (sensor_id, model_version_id, reference_from, reference_to, current_from,
                            current_to, reference_size, current_size, severity, drift_type, recommendation, explanation,
                            psi, ks_statistic, ks_p_value, mean_shift, sd_ratio, error_severity, created_at)
                        VALUES (:sensor, :version, :rf, :rt, :cf, :ct, :rn, :cn, :severity, :type, :rec, :expl,
                            :psi, :ks, :ksp, :shift, :ratio, :errSeverity, :at)""")
                .bind("sensor", sensorId).bind("version", modelVersionId)
                .bind("rf", reference.fromMillis()).bind("rt", reference.toMillis())
                .bind("cf", current.fromMillis()).bind("ct", current.toMillis())
                .bind("rn", reference.size()).bind("cn", current.size())
                .bind("severity", report.severity().name()).bind("type", report.type().name())
                .bind("rec", report.recommendation().name()).bind("expl", report.explanation())
                .bind("psi", m.psi()).bind("ks", m.ksStatistic()).bind("ksp", m.ksPValue())
                .bind("shift", m.meanShift()).bind("ratio", m.sdRatio())
                .bind("errSeverity", errorSeverity == null ? null : errorSeverity.name())
                .bind("at", createdAtMillis)
                .executeAndReturnGeneratedKeys("report_id").mapTo(Long.class).one());
        return new StoredDriftReport(id, sensorId, modelVersionId, reference, current, report.severity(), report.type(),
                report.recommendation(), report.explanation(), m.psi(), m.ksStatistic(), m.ksPValue(), m.meanShift(),
                m.sdRatio(), errorSeverity, createdAtMillis);
    }

    /** A sensor's reports, newest first, at most {@code limit}. */
    public List<StoredDriftReport> history(String sensorId, int limit) {
        requireLimit(limit);
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT * FROM drift_report WHERE sensor_id = :sensor
                        ORDER BY created_at DESC, report_id DESC LIMIT :n""")
                .bind("sensor", sensorId).bind("n", limit).map((rs, ctx) -> report(rs)).list());
    }

    /** All sensors' reports, newest first, at most {@code limit}. */
    public List<StoredDriftReport> recent(int limit) {
        requireLimit(limit);
        return db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT * FROM drift_report ORDER BY created_at DESC, report_id DESC LIMIT :n")
                .bind("n", limit).map((rs, ctx) -> report(rs)).list());
    }

    /** The newest report of every sensor that has one, in sensor order. */
    public List<StoredDriftReport> latestPerSensor() {
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT * FROM (
                            SELECT r.*, ROW_NUMBER() OVER (PARTITION BY sensor_id
                                                           ORDER BY created_at DESC, report_id DESC) AS rn
                            FROM drift_report r) newest
                        WHERE rn = 1 ORDER BY sensor_id""")
                .map((rs, ctx) -> report(rs)).list());
    }

    private static void requireFinite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("drift report metric " + name + " must be finite, was " + value);
        }
    }

    private static void requireLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
    }

    private static StoredDriftReport report(ResultSet rs) throws SQLException {
        long version = rs.getLong("model_version_id");
        Long versionId = rs.wasNull() ? null : version;
        String errorSeverity = rs.getString("error_severity");
        return new StoredDriftReport(rs.getLong("report_id"), rs.getString("sensor_id"), versionId,
                new Window(rs.getLong("reference_from"), rs.getLong("reference_to"), rs.getInt("reference_size")),
                new Window(rs.getLong("current_from"), rs.getLong("current_to"), rs.getInt("current_size")),
                DriftSeverity.valueOf(rs.getString("severity")), DriftType.valueOf(rs.getString("drift_type")),
                DriftRecommendation.valueOf(rs.getString("recommendation")), rs.getString("explanation"),
                rs.getDouble("psi"), rs.getDouble("ks_statistic"), rs.getDouble("ks_p_value"),
                rs.getDouble("mean_shift"), rs.getDouble("sd_ratio"),
                errorSeverity == null ? null : DriftSeverity.valueOf(errorSeverity), rs.getLong("created_at"));
    }
}

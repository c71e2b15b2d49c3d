package io.prognos.store;

import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Models per sensor and kind, their versions and stages.
 *
 * <p>Rules, each enforced inside one database transaction so that concurrent threads and processes
 * cannot break them: versions are numbered 1, 2, ... per model without gaps or repeats; a version
 * enters Staging or Production only with held-out validation metrics; promoting a version to
 * Production archives the one it replaces, and a unique index guarantees at most one Production
 * version per model; every stage change is written to the audit log with who made it and why, so
 * the log answers which version was in Production at any past instant.
 */
public final class ModelRegistry {

    private final Database db;

    public ModelRegistry(Database db) {
        this.db = db;
    }

    /** Outcome of a champion/challenger comparison. */
    public record PromotionDecision(boolean promoted, ModelVersion candidate, ModelVersion previousProduction,
                                    String metric, double candidateValue, Double productionValue, String reason) {
    }

    /** One audited stage change. */
    public record StageChange(long versionId, int version, Stage from, Stage to, long changedAtMillis, String actor,
                              String reason) {
    }

    /** Registers a new version (stage None) with the next version number of its model. */
    public ModelVersion register(NewModelVersion v) {
        return db.inTransaction(h -> {
            long sensorKey = h.createQuery("SELECT sensor_key FROM sensor WHERE sensor_id = :s").bind("s", v.sensorId())
                    .mapTo(Long.class).findOne()
                    .orElseThrow(() -> new StoreException("cannot register a model for unknown sensor '" + v.sensorId() + "'"));
            long now = System.currentTimeMillis();
            h.createUpdate("INSERT INTO model (sensor_key, kind, created_at) VALUES (:k, :kind, :now) "
                            + "ON CONFLICT (sensor_key, kind) DO NOTHING")
                    .bind("k", sensorKey).bind("kind", v.kind()).bind("now", now).execute();
            long modelId = h.createQuery("SELECT model_id FROM model WHERE sensor_key = :k AND kind = :kind")
                    .bind("k", sensorKey).bind("kind", v.kind()).mapTo(Long.class).one();
            int next = h.createQuery("SELECT COALESCE(MAX(version), 0) + 1 FROM model_version WHERE model_id = :m")
                    .bind("m", modelId).mapTo(Integer.class).one();
            long versionId = h.createUpdate("""
                            INSERT INTO model_version (model_id, version, run_id, dataset_hash, artifact_sha256, algorithm,
                                config, code_version, validation_metrics, stage, created_at)
                            VALUES (:m, :v, :run, :data, :art, :alg, :config, :code, :metrics, 'None', :now)""")
                    .bind("m", modelId).bind("v", next).bind("run", v.runId()).bind("data", v.datasetHash())
                    .bind("art", v.artifactSha256()).bind("alg", v.algorithm()).bind("config", v.config())
                    .bind("code", v.codeVersion())
                    .bind("metrics", v.validationMetrics().isEmpty() ? null : Json.write(v.validationMetrics()))
                    .bind("now", now)
                    .executeAndReturnGeneratedKeys("version_id").mapTo(Long.class).one();
            return find(h, versionId).orElseThrow();
        });
    }

    /**
     * Moves a version to a stage. Entering Production archives the current Production version of the
     * same model; both changes are audited.
     *
     * @throws StoreException when the version is unknown, or it lacks validation metrics for Staging or
     *                        Production
     */
    public ModelVersion transition(long versionId, Stage to, String actor, String reason) {
        return db.inTransaction(h -> transition(h, versionId, to, actor, reason));
    }

    private ModelVersion transition(Handle h, long versionId, Stage to, String actor, String reason) {
        ModelVersion version = find(h, versionId)
                .orElseThrow(() -> new StoreException("unknown model version id " + versionId));
        if ((to == Stage.STAGING || to == Stage.PRODUCTION) && version.validationMetrics().isEmpty()) {
            throw new StoreException(version.label() + " has no held-out validation metrics, so it cannot enter "
                    + to.label() + ": validate it on data it did not train on first");
        }
        if (version.stage() == to) {
            return version;
        }
        long modelId = modelId(h, versionId);
        long now = System.currentTimeMillis();
        if (to == Stage.PRODUCTION) {
            List<Long> current = h.createQuery(
                            "SELECT version_id FROM model_version WHERE model_id = :m AND stage = 'Production'")
                    .bind("m", modelId).mapTo(Long.class).list();
            for (long old : current) {
                setStage(h, modelId, old, Stage.PRODUCTION, Stage.ARCHIVED, now, actor,
                        "replaced by v" + version.version() + ": " + reason);
            }
        }
        setStage(h, modelId, versionId, version.stage(), to, now, actor, reason);
        return find(h, versionId).orElseThrow();
    }

    private static void setStage(Handle h, long modelId, long versionId, Stage from, Stage to, long now, String actor,
                                 String reason) {
        h.createUpdate("UPDATE model_version SET stage = :to WHERE version_id = :id")
                .bind("to", to.label()).bind("id", versionId).execute();
        h.createUpdate("""
                        INSERT INTO stage_change (model_id, version_id, from_stage, to_stage, changed_at, actor, reason)
                        VALUES (:m, :v, :from, :to, :at, :actor, :reason)""")
                .bind("m", modelId).bind("v", versionId).bind("from", from.label()).bind("to", to.label())
                .bind("at", now).bind("actor", actor).bind("reason", reason).execute();
    }

    /**
     * The Production version's value of a metric measured on the candidate's own held-out data, so that the two
     * compare on the same readings (after drift, the candidate's validation part holds readings the incumbent
     * never validated on, and the stored metrics would compare different data).
     *
     * @param versionId the Production version that was measured
     */
    public record IncumbentScore(long versionId, double value) {
    }

    /**
     * Champion/challenger: promotes the candidate to Production only when it has the metric and beats
     * the current Production version on it (or there is none); otherwise it stays where it is. The
     * Production version's own stored value of the metric is compared.
     *
     * @param lowerIsBetter true for errors and alarm rates, false for accuracies
     */
    public PromotionDecision promoteIfBetter(long candidateId, String metric, boolean lowerIsBetter, String actor) {
        return promoteIfBetter(candidateId, metric, lowerIsBetter, actor, null);
    }

    /**
     * As {@link #promoteIfBetter(long, String, boolean, String)}, but when {@code sameData} measured the
     * current Production version on the candidate's held-out data, that value is compared instead of the
     * incumbent's stored one. If Production changed since it was measured, the stored value is used.
     */
    public PromotionDecision promoteIfBetter(long candidateId, String metric, boolean lowerIsBetter, String actor,
                                             IncumbentScore sameData) {
        return db.inTransaction(h -> {
            ModelVersion candidate = find(h, candidateId)
                    .orElseThrow(() -> new StoreException("unknown model version id " + candidateId));
            Double value = candidate.validationMetrics().get(metric);
            if (value == null) {
                throw new StoreException(candidate.label() + " has no held-out metric '" + metric + "' (it has "
                        + candidate.validationMetrics().keySet() + "), so it cannot be compared");
            }
            Optional<ModelVersion> production = production(h, modelId(h, candidateId));
            if (production.isPresent() && production.get().versionId() == candidateId) {
                return new PromotionDecision(false, candidate, production.get(), metric, value, value,
                        "already in Production");
            }
            boolean onSameData = sameData != null && production.isPresent()
                    && production.get().versionId() == sameData.versionId();
            Double incumbent = onSameData ? Double.valueOf(sameData.value())
                    : production.map(p -> p.validationMetrics().get(metric)).orElse(null);
            String where = onSameData ? " on this version's validation data" : "";
            boolean better = incumbent == null || (lowerIsBetter ? value < incumbent : value > incumbent);
            if (!better) {
                return new PromotionDecision(false, candidate, production.orElse(null), metric, value, incumbent,
                        String.format("%s %.6g does not beat Production v%d's %.6g%s", metric, value,
                                production.get().version(), incumbent, where));
            }
            String reason = production.isEmpty() ? "first version with " + metric + " " + String.format("%.6g", value)
                    : incumbent == null ? "Production v" + production.get().version() + " has no " + metric
                    : String.format("%s %.6g beats Production v%d's %.6g%s", metric, value, production.get().version(),
                    incumbent, where);
            ModelVersion promoted = transition(h, candidateId, Stage.PRODUCTION, actor, reason);
            return new PromotionDecision(true, promoted, production.orElse(null), metric, value, incumbent, reason);
        });
    }

    /**
     * Restores the version that was in Production before the current one and archives the current one.
     *
     * @throws StoreException when the model has no earlier Production version
     */
    public ModelVersion rollback(String sensorId, String kind, String actor, String reason) {
        return db.inTransaction(h -> {
            long modelId = modelId(h, sensorId, kind);
            Optional<ModelVersion> current = production(h, modelId);
            List<Long> everProduction = h.createQuery("""
                            SELECT version_id FROM stage_change WHERE model_id = :m AND to_stage = 'Production'
                            ORDER BY change_id DESC""")
                    .bind("m", modelId).mapTo(Long.class).list();
            for (long candidate : everProduction) {
                if (current.isEmpty() || candidate != current.get().versionId()) {
                    return transition(h, candidate, Stage.PRODUCTION, actor, "rollback: " + reason);
                }
            }
            throw new StoreException(sensorId + "/" + kind + " has no earlier Production version to roll back to");
        });
    }

    /** The Production version of the model at a past instant (epoch ms), replayed from the audit log. */
    public Optional<ModelVersion> productionAt(String sensorId, String kind, long atMillis) {
        return db.jdbi().withHandle(h -> {
            long modelId = modelId(h, sensorId, kind);
            Long inProduction = null;
            for (StageChange c : history(h, modelId)) {
                if (c.changedAtMillis() > atMillis) {
                    break;
                }
                if (c.to() == Stage.PRODUCTION) {
                    inProduction = c.versionId();
                } else if (c.from() == Stage.PRODUCTION && inProduction != null && inProduction == c.versionId()) {
                    inProduction = null;
                }
            }
            return inProduction == null ? Optional.<ModelVersion>empty() : find(h, inProduction);
        });
    }

    /** Every audited stage change of the model, oldest first. */
    public List<StageChange> history(String sensorId, String kind) {
        return db.jdbi().withHandle(h -> history(h, modelId(h, sensorId, kind)));
    }

    private static List<StageChange> history(Handle h, long modelId) {
        return h.createQuery("""
                        SELECT c.*, v.version FROM stage_change c JOIN model_version v ON v.version_id = c.version_id
                        WHERE c.model_id = :m ORDER BY c.change_id""")
                .bind("m", modelId)
                .map((rs, ctx) -> new StageChange(rs.getLong("version_id"), rs.getInt("version"),
                        Stage.parse(rs.getString("from_stage")), Stage.parse(rs.getString("to_stage")),
                        rs.getLong("changed_at"), rs.getString("actor"), rs.getString("reason")))
                .list();
    }

    public Optional<ModelVersion> production(String sensorId, String kind) {
        return db.jdbi().withHandle(h -> {
            Optional<Long> modelId = findModelId(h, sensorId, kind);
            return modelId.isEmpty() ? Optional.<ModelVersion>empty() : production(h, modelId.get());
        });
    }

    private static Optional<ModelVersion> production(Handle h, long modelId) {
        return h.createQuery(SELECT + " WHERE v.model_id = :m AND v.stage = 'Production'")
                .bind("m", modelId).map((rs, ctx) -> version(rs)).findOne();
    }

    public Optional<ModelVersion> find(long versionId) {
        return db.jdbi().withHandle(h -> find(h, versionId));
    }

    /** Versions of one model (newest first), or of every model when sensorId is null. */
    public List<ModelVersion> versions(String sensorId, String kind) {
        return db.jdbi().withHandle(h -> {
            StringBuilder sql = new StringBuilder(SELECT).append(" WHERE 1 = 1");
            Map<String, Object> binds = new LinkedHashMap<>();
            if (sensorId != null) {
                sql.append(" AND s.sensor_id = :s");
                binds.put("s", sensorId);
            }
            if (kind != null) {
                sql.append(" AND m.kind = :kind");
                binds.put("kind", kind);
            }
            sql.append(" ORDER BY s.sensor_id, m.kind, v.version DESC");
            var query = h.createQuery(sql.toString());
            binds.forEach(query::bind);
            return query.map((rs, ctx) -> version(rs)).list();
        });
    }

    private static final String SELECT = """
            SELECT v.*, s.sensor_id, m.kind FROM model_version v JOIN model m ON m.model_id = v.model_id
            JOIN sensor s ON s.sensor_key = m.sensor_key""";

    private static Optional<ModelVersion> find(Handle h, long versionId) {
        return h.createQuery(SELECT + " WHERE v.version_id = :id").bind("id", versionId)
                .map((rs, ctx) -> version(rs)).findOne();
    }

    private static long modelId(Handle h, long versionId) {
        return h.createQuery("SELECT model_id FROM model_version WHERE version_id = :id").bind("id", versionId)
                .mapTo(Long.class).one();
    }

    private static long modelId(Handle h, String sensorId, String kind) {
        return findModelId(h, sensorId, kind)
                .orElseThrow(() -> new StoreException("no " + kind + " model for sensor '" + sensorId + "'"));
    }

    private static Optional<Long> findModelId(Handle h, String sensorId, String kind) {
        return h.createQuery("""
                        SELECT m.model_id FROM model m JOIN sensor s ON s.sensor_key = m.sensor_key
                        WHERE s.sensor_id = :s AND m.kind = :kind""")
                .bind("s", sensorId).bind("kind", kind).mapTo(Long.class).findOne();
    }

    private static ModelVersion version(ResultSet rs) throws SQLException {
        return new ModelVersion(rs.getLong("version_id"), rs.getString("sensor_id"), rs.getString("kind"),
                rs.getInt("version"), rs.getString("run_id"), rs.getString("dataset_hash"),
                rs.getString("artifact_sha256"), rs.getString("algorithm"), rs.getString("config"),
                rs.getString("code_version"), Json.readMetrics(rs.getString("validation_metrics")),
                Stage.parse(rs.getString("stage")), rs.getLong("created_at"));
    }

    /** Versions currently in a stage, for listings. */
    public List<ModelVersion> inStage(Stage stage) {
        return db.jdbi().withHandle(h -> h.createQuery(SELECT + " WHERE v.stage = :stage ORDER BY s.sensor_id, m.kind")
                .bind("stage", stage.label()).map((rs, ctx) -> version(rs)).list());
    }
}

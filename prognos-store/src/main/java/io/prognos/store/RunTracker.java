package io.prognos.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Experiment tracking: runs with their parameters, per-step metrics (such as the loss of every
 * epoch), final metrics, artifacts, status and provenance.
 */
public final class RunTracker {

    private final Database db;
    private final String codeVersion;

    /** @param codeVersion recorded with every run (git describe or the jar's version) */
    public RunTracker(Database db, String codeVersion) {
        this.db = db;
        this.codeVersion = codeVersion;
    }

    /**
     * Starts a run, or returns the existing run of the same job key (a resumed job continues its run
     * rather than adding one; its step metrics are cleared when it had not finished).
     */
    public Run start(String experiment, String jobKey, Map<String, Object> params, String datasetHash) {
        return db.inTransaction(h -> {
            if (jobKey != null) {
                Optional<Run> existing = h.createQuery("SELECT * FROM run WHERE job_key = :k").bind("k", jobKey)
                        .map((rs, ctx) -> run(rs)).findOne();
                if (existing.isPresent()) {
                    Run run = existing.get();
                    if (run.status() != Run.Status.FINISHED) {
                        h.createUpdate("DELETE FROM run_metric_step WHERE run_id = :id").bind("id", run.runId()).execute();
                        h.createUpdate("UPDATE run SET status = 'RUNNING', error = NULL, ended_at = NULL, started_at = :now,"
                                        + " params = :params, dataset_hash = :data WHERE run_id = :id")
                                .bind("now", System.currentTimeMillis()).bind("params", Json.write(params))
                                .bind("data", datasetHash).bind("id", run.runId()).execute();
                    }
                    return find(h, run.runId());
                }
            }
            String id = UUID.randomUUID().toString();
            h.createUpdate("""
                            INSERT INTO run (run_id, experiment, job_key, status, params, metrics, dataset_hash, code_version,
                                environment, started_at)
                            VALUES (:id, :exp, :job, 'RUNNING', :params, '{}', :data, :code, :env, :now)""")
                    .bind("id", id).bind("exp", experiment).bind("job", jobKey).bind("params", Json.write(params))
                    .bind("data", datasetHash).bind("code", codeVersion).bind("env", Json.write(RunEnvironment.current()))
                    .bind("now", System.currentTimeMillis()).execute();
            return find(h, id);
        });
    }

    /** Records one step of a metric (e.g. metric "val_loss", step = epoch); a repeated step replaces the value. */
    public void logStep(String runId, String metric, int step, double value) {
        db.jdbi().useHandle(h -> h.createUpdate("""
                        INSERT INTO run_metric_step (run_id, metric, step, value) VALUES (:id, :m, :s, :v)
                        ON CONFLICT (run_id, metric, step) DO UPDATE SET value = excluded.value""")
                .bind("id", runId).bind("m", metric).bind("s", step)
                .bind("v", Double.isFinite(value) ? value : null).execute());
    }

    /** Every logged step of the metric, by step. */
    public Map<Integer, Double> steps(String runId, String metric) {
        Map<Integer, Double> out = new TreeMap<>();
        db.jdbi().useHandle(h -> h.createQuery(
                        "SELECT step, value FROM run_metric_step WHERE run_id = :id AND metric = :m ORDER BY step")
                .bind("id", runId).bind("m", metric)
                .map((rs, ctx) -> {
                    double v = rs.getDouble("value");
                    // wasNull answers for the last column read, so it is asked before reading the step
                    double value = rs.wasNull() ? Double.NaN : v;
                    out.put(rs.getInt("step"), value);
                    return null;
                }).list());
        return out;
    }

    /**
     * Every logged step of every metric of the run, by metric name and then step; at most {@code maxPoints}
     * values in all, taken in that order, so that a huge run cannot flood a page. A non-finite value reads
     * as NaN. For drawing curves without one query per metric.
     */
    public Map<String, Map<Integer, Double>> allSteps(String runId, int maxPoints) {
        Map<String, Map<Integer, Double>> out = new TreeMap<>();
        db.jdbi().useHandle(h -> h.createQuery(
                        "SELECT metric, step, value FROM run_metric_step WHERE run_id = :id ORDER BY metric, step LIMIT :n")
                .bind("id", runId).bind("n", maxPoints)
                .map((rs, ctx) -> {
                    double v = rs.getDouble("value");
                    double value = rs.wasNull() ? Double.NaN : v;
                    out.computeIfAbsent(rs.getString("metric"), m -> new TreeMap<>()).put(rs.getInt("step"), value);
                    return null;
                }).list());
        return out;
    }

    /** The names of the experiments that have runs, alphabetically. */
    public List<String> experiments() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT DISTINCT experiment FROM run ORDER BY experiment")
                .mapTo(String.class).list());
    }

    public void attachArtifact(String runId, String name, ArtifactStore.ArtifactRef artifact) {
        db.jdbi().useHandle(h -> h.createUpdate("""
                        INSERT INTO run_artifact (run_id, name, sha256, size_bytes) VALUES (:id, :n, :sha, :size)
                        ON CONFLICT (run_id, name) DO UPDATE SET sha256 = excluded.sha256, size_bytes = excluded.size_bytes""")
                .bind("id", runId).bind("n", name).bind("sha", artifact.sha256()).bind("size", artifact.sizeBytes())
                .execute());
    }

    public Map<String, String> artifacts(String runId) {
        Map<String, String> out = new LinkedHashMap<>();
        db.jdbi().useHandle(h -> h.createQuery("SELECT name, sha256 FROM run_artifact WHERE run_id = :id ORDER BY name")
                .bind("id", runId).map((rs, ctx) -> out.put(rs.getString(1), rs.getString(2))).list());
        return out;
    }

    public Run finish(String runId, Map<String, Double> metrics) {
        return end(runId, Run.Status.FINISHED, metrics, null);
    }

    public Run fail(String runId, String error) {
        return end(runId, Run.Status.FAILED, Map.of(), error);
    }

    private Run end(String runId, Run.Status status, Map<String, Double> metrics, String error) {
        return db.inTransaction(h -> {
            int updated = h.createUpdate("UPDATE run SET status = :s, metrics = :m, error = :e, ended_at = :now "
                            + "WHERE run_id = :id")
                    .bind("s", status.name()).bind("m", Json.write(metrics)).bind("e", error)
                    .bind("now", System.currentTimeMillis()).bind("id", runId).execute();
            if (updated == 0) {
                throw new StoreException("unknown run " + runId);
            }
            return find(h, runId);
        });
    }

    public Optional<Run> find(String runId) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM run WHERE run_id = :id").bind("id", runId)
                .map((rs, ctx) -> run(rs)).findOne());
    }

    private static Run find(org.jdbi.v3.core.Handle h, String runId) {
        return h.createQuery("SELECT * FROM run WHERE run_id = :id").bind("id", runId).map((rs, ctx) -> run(rs)).one();
    }

    /** Runs, newest first, optionally of one experiment. */
    public List<Run> list(String experiment, int limit) {
        return db.jdbi().withHandle(h -> h.createQuery(experiment == null
                        ? "SELECT * FROM run ORDER BY started_at DESC, run_id LIMIT :n"
                        : "SELECT * FROM run WHERE experiment = :e ORDER BY started_at DESC, run_id LIMIT :n")
                .bind("e", experiment).bind("n", limit).map((rs, ctx) -> run(rs)).list());
    }

    private static Run run(ResultSet rs) throws SQLException {
        long ended = rs.getLong("ended_at");
        Long endedAt = rs.wasNull() ? null : ended;
        return new Run(rs.getString("run_id"), rs.getString("experiment"), rs.getString("job_key"),
                Run.Status.valueOf(rs.getString("status")), Json.readObject(rs.getString("params")),
                Json.readMetrics(rs.getString("metrics")), rs.getString("dataset_hash"), rs.getString("code_version"),
                Json.readObject(rs.getString("environment")), rs.getLong("started_at"), endedAt, rs.getString("error"));
    }
}

package io.prognos.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * The server's training jobs as stored: id, kind, state, who asked, when, and the job's record as a JSON
 * document that the server writes and reads (this store does not interpret it). A job is stored when it
 * is submitted, which gives it its id, and again when it ends, so the history of jobs outlives the server
 * process.
 */
public final class TrainingJobRepository {

    private static final Set<String> KINDS = Set.of("detector", "forecaster");
    private static final Set<String> STATES = Set.of("queued", "running", "succeeded", "failed", "cancelled");

    private final Database db;

    public TrainingJobRepository(Database db) {
        this.db = db;
    }

    /** A stored job; {@code record} is the server's JSON document of it. */
    public record StoredJob(long id, String kind, String state, String requestedBy, long createdAt, Long endedAt,
                            String record) {
    }

    /**
     * Stores a new job and returns its id.
     *
     * @throws IllegalArgumentException for an unknown kind or state
     */
    public long create(String kind, String state, String requestedBy, long createdAt, String record) {
        require(kind, state);
        return db.inTransaction(h -> h.createUpdate("""
                        INSERT INTO training_job (kind, state, requested_by, created_at, record)
                        VALUES (:k, :s, :by, :at, :r)""")
                .bind("k", kind).bind("s", state).bind("by", requestedBy).bind("at", createdAt).bind("r", record)
                .executeAndReturnGeneratedKeys("job_id").mapTo(Long.class).one());
    }

    /**
     * Replaces a job's state, end time and record.
     *
     * @throws StoreException when there is no such job
     */
    public void update(long id, String state, Long endedAt, String record) {
        requireState(state);
        int n = db.inTransaction(h -> h.createUpdate(
                        "UPDATE training_job SET state = :s, ended_at = :end, record = :r WHERE job_id = :id")
                .bind("s", state).bind("end", endedAt).bind("r", record).bind("id", id).execute());
        if (n == 0) {
            throw new StoreException("no training job with id " + id);
        }
    }

    /** The newest jobs first, at most {@code limit}. */
    public List<StoredJob> recent(int limit) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM training_job ORDER BY job_id DESC LIMIT :n")
                .bind("n", limit).map((rs, ctx) -> job(rs)).list());
    }

    private static void require(String kind, String state) {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("training job kind must be one of " + KINDS + ", got '" + kind + "'");
        }
        requireState(state);
    }

    private static void requireState(String state) {
        if (!STATES.contains(state)) {
            throw new IllegalArgumentException("training job state must be one of " + STATES + ", got '" + state + "'");
        }
    }

    private static StoredJob job(ResultSet rs) throws SQLException {
        long ended = rs.getLong("ended_at");
        Long endedAt = rs.wasNull() ? null : ended;
        return new StoredJob(rs.getLong("job_id"), rs.getString("kind"), rs.getString("state"),
                rs.getString("requested_by"), rs.getLong("created_at"), endedAt, rs.getString("record"));
    }
}

package io.prognos.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maintenance work orders: what to fix, on which asset or sensor, from which anomaly or alert, who does
 * it, how urgent, by when; status open, in progress, done or cancelled (done and cancelled are final); and
 * comments.
 */
public final class WorkOrderRepository {

    /** Status changes a work order allows. */
    private static final Map<String, Set<String>> TRANSITIONS = Map.of(
            "open", Set.of("in_progress", "done", "cancelled"),
            "in_progress", Set.of("open", "done", "cancelled"),
            "done", Set.of(),
            "cancelled", Set.of());

    private final Database db;

    public WorkOrderRepository(Database db) {
        this.db = db;
    }

    /** A work order as stored. */
    public record WorkOrder(long id, String title, String assetId, String sensorId, Long anomalyId, Long alertId,
                            String assignee, String priority, Long dueAt, String status, String createdBy, long createdAt,
                            long updatedAt) {
    }

    /** A comment on a work order. */
    public record Comment(String author, String body, long createdAt) {
    }

    /**
     * Creates an open work order.
     *
     * @throws IllegalArgumentException for an empty title or an unknown priority
     */
    public WorkOrder create(String title, String assetId, String sensorId, Long anomalyId, Long alertId, String assignee,
                            String priority, Long dueAt, String createdBy) {
        if (title == null || title.isBlank() || title.length() > 200) {
            throw new IllegalArgumentException("title must be 1-200 characters");
        }
        requirePriority(priority);
        long now = System.currentTimeMillis();
        long id = db.inTransaction(h -> h.createUpdate("""
                        INSERT INTO work_order (title, asset_id, sensor_id, anomaly_id, alert_id, assignee, priority, due_at,
                            status, created_by, created_at, updated_at)
                        VALUES (:t, :a, :s, :an, :al, :as, :p, :d, 'open', :by, :now, :now)""")
                .bind("t", title).bind("a", assetId).bind("s", sensorId).bind("an", anomalyId).bind("al", alertId)
                .bind("as", assignee).bind("p", priority).bind("d", dueAt).bind("by", createdBy).bind("now", now)
                .executeAndReturnGeneratedKeys("work_order_id").mapTo(Long.class).one());
        return find(id).orElseThrow();
    }

    public Optional<WorkOrder> find(long id) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM work_order WHERE work_order_id = :id").bind("id", id)
                .map((rs, ctx) -> workOrder(rs)).findOne());
    }

    /** Work orders, optionally of one status, by due date (undated last), then newest. */
    public List<WorkOrder> list(String status) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM work_order "
                        + (status == null ? "" : "WHERE status = :s ")
                        + "ORDER BY CASE WHEN due_at IS NULL THEN 1 ELSE 0 END, due_at, created_at DESC")
                .bind("s", status).map((rs, ctx) -> workOrder(rs)).list());
    }

    /**
     * Changes status, assignee, priority or due date (null leaves a field as it is).
     *
     * @throws IllegalArgumentException for a status change the work order does not allow
     * @throws StoreException when it does not exist
     */
    public WorkOrder update(long id, String status, String assignee, String priority, Long dueAt) {
        if (priority != null) {
            requirePriority(priority);
        }
        db.inTransaction(h -> {
            WorkOrder w = h.createQuery("SELECT * FROM work_order WHERE work_order_id = :id").bind("id", id)
                    .map((rs, ctx) -> workOrder(rs)).findOne()
                    .orElseThrow(() -> new StoreException("no work order with id " + id));
            if (status != null && !status.equals(w.status())) {
                Set<String> allowed = TRANSITIONS.get(w.status());
                if (!TRANSITIONS.containsKey(status)) {
                    throw new IllegalArgumentException("status must be open, in_progress, done or cancelled, got '" + status + "'");
                }
                if (!allowed.contains(status)) {
                    throw new IllegalArgumentException("work order " + id + " is " + w.status() + " and cannot become " + status
                            + (allowed.isEmpty() ? " (it is final)" : "; allowed: " + allowed));
                }
            }
            return h.createUpdate("UPDATE work_order SET status = :st, assignee = :as, priority = :p, due_at = :d, "
                            + "updated_at = :now WHERE work_order_id = :id")
                    .bind("st", status == null ? w.status() : status).bind("as", assignee == null ? w.assignee() : assignee)
                    .bind("p", priority == null ? w.priority() : priority).bind("d", dueAt == null ? w.dueAt() : dueAt)
                    .bind("now", System.currentTimeMillis()).bind("id", id).execute();
        });
        return find(id).orElseThrow();
    }

    public void comment(long id, String author, String body) {
        if (body == null || body.isBlank() || body.length() > 5000) {
            throw new IllegalArgumentException("a comment must be 1-5000 characters");
        }
        if (find(id).isEmpty()) {
            throw new StoreException("no work order with id " + id);
        }
        db.inTransaction(h -> h.createUpdate("INSERT INTO work_order_comment (work_order_id, author, body, created_at) "
                        + "VALUES (:id, :a, :b, :t)")
                .bind("id", id).bind("a", author).bind("b", body).bind("t", System.currentTimeMillis()).execute());
    }

    public List<Comment> comments(long id) {
        return db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT author, body, created_at FROM work_order_comment WHERE work_order_id = :id ORDER BY comment_id")
                .bind("id", id).map((rs, ctx) -> new Comment(rs.getString(1), rs.getString(2), rs.getLong(3))).list());
    }

    private static void requirePriority(String priority) {
        if (!List.of("low", "medium", "high", "urgent").contains(priority)) {
            throw new IllegalArgumentException("priority must be low, medium, high or urgent, got '" + priority + "'");
        }
    }

    private static WorkOrder workOrder(ResultSet rs) throws SQLException {
        return new WorkOrder(rs.getLong("work_order_id"), rs.getString("title"), rs.getString("asset_id"),
                rs.getString("sensor_id"), nullableLong(rs, "anomaly_id"), nullableLong(rs, "alert_id"),
                rs.getString("assignee"), rs.getString("priority"), nullableLong(rs, "due_at"), rs.getString("status"),
                rs.getString("created_by"), rs.getLong("created_at"), rs.getLong("updated_at"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}

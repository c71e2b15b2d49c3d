package io.prognos.server.drift;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.prognos.server.api.Access;
import io.prognos.server.api.ApiException;
import io.prognos.store.AssetRepository;
import io.prognos.store.Database;
import io.prognos.store.DriftReportRepository;
import io.prognos.store.DriftReportRepository.StoredDriftReport;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The drift API: {@code GET /api/v1/drift} (the latest report of every sensor, for an overview of which detectors
 * still fit their data) and {@code GET /api/v1/sensors/{id}/drift} (a sensor's reports, newest first, to see how
 * its drift developed and why it was retrained). Both need a viewer token.
 */
public final class DriftRoutes {

    /** Reports a history request returns when it names no limit. */
    public static final int DEFAULT_LIMIT = 100;
    /** Most reports one history request returns. */
    public static final int MAX_LIMIT = 1000;

    private final Database db;
    private final DriftReportRepository reports;

    public DriftRoutes(Database db) {
        this.db = db;
        this.reports = new DriftReportRepository(db);
    }

    public void register(JavalinConfig cfg) {
        cfg.routes.get("/api/v1/drift", this::latest, Access.VIEWER);
        cfg.routes.get("/api/v1/sensors/{id}/drift", this::history, Access.VIEWER);
    }

    private void latest(Context ctx) {
        ctx.json(Map.of("items", reports.latestPerSensor().stream().map(DriftRoutes::json).toList()));
    }

    private void history(Context ctx) {
        String id = ctx.pathParam("id");
        if (new AssetRepository(db).findSensor(id).isEmpty()) {
            throw ApiException.notFound("unknown sensor '" + id + "'");
        }
        int limit = limit(ctx.queryParam("limit"));
        List<Map<String, Object>> items = reports.history(id, limit).stream().map(DriftRoutes::json).toList();
        ctx.json(Map.of("sensor", id, "items", items));
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit: expected an integer, got '" + value + "'");
        }
        if (n < 1 || n > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be 1-" + MAX_LIMIT + ", got " + n);
        }
        return n;
    }

    /** One report as the API shows it (see the DriftReport schema in openapi.json). */
    static Map<String, Object> json(StoredDriftReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("sensor", r.sensorId());
        m.put("model_version_id", r.modelVersionId());
        m.put("severity", r.severity().name());
        m.put("type", r.type().name());
        m.put("recommendation", r.recommendation().name());
        m.put("explanation", r.explanation());
        m.put("reference", window(r.reference()));
        m.put("current", window(r.current()));
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("psi", r.psi());
        metrics.put("ks_statistic", r.ksStatistic());
        metrics.put("ks_p_value", r.ksPValue());
        metrics.put("mean_shift", r.meanShift());
        metrics.put("sd_ratio", r.sdRatio());
        m.put("metrics", metrics);
        m.put("error_severity", r.errorSeverity() == null ? null : r.errorSeverity().name());
        m.put("created_at", Instant.ofEpochMilli(r.createdAtMillis()).toString());
        return m;
    }

    private static Map<String, Object> window(DriftReportRepository.Window w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", Instant.ofEpochMilli(w.fromMillis()).toString());
        m.put("to", Instant.ofEpochMilli(w.toMillis()).toString());
        m.put("readings", w.size());
        return m;
    }
}

package io.prognos.server.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Limits;
import io.prognos.core.asset.Sensor;
import io.prognos.core.forecast.LimitCrossing;
import io.prognos.core.forecast.SeriesForecast;
import io.prognos.pipeline.PipelineContext;
import io.prognos.pipeline.SensorForecaster;
import io.prognos.pipeline.SensorScorer;
import io.prognos.core.detect.RobustDeviation;
import io.prognos.server.ingest.TelemetryIngestService;
import io.prognos.server.ingest.TelemetryPayloads;
import io.prognos.server.live.StaleDataWatch;
import io.prognos.server.Resources;
import io.prognos.server.alert.AlertDispatcher;
import io.prognos.server.alert.LimitWatch;
import io.prognos.store.AlertRepository;
import io.prognos.store.WorkOrderRepository;
import io.prognos.store.AnomalyFeedback;
import io.prognos.store.AnomalyRepository;
import io.prognos.store.AssetRepository;
import io.prognos.store.ModelVersion;
import io.prognos.store.Stage;
import io.prognos.store.StoredAnomaly;
import io.prognos.store.TelemetryRepository;
import io.prognos.store.TelemetrySeries;
import io.prognos.store.TokenRepository;
import io.prognos.store.TokenRole;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The versioned JSON API under {@code /api/v1}. Lists come as {@code {"items": [...]}}; times are ISO-8601
 * instants in responses and ISO-8601 or epoch milliseconds in requests. Reading needs a viewer token,
 * sending telemetry an operator token, managing tokens an admin token.
 */
public final class ApiRoutes {

    private final PipelineContext context;
    private final TelemetryIngestService ingest;
    private final TelemetryPayloads payloads;
    private final StaleDataWatch staleWatch;
    private final TokenRepository tokens;
    private final AccessControl access;
    private final LimitWatch limitWatch;
    private final AlertDispatcher alertDelivery;

    /**
     * @param alertDelivery tells which alert channels can be delivered (rules on others are refused)
     */
    public ApiRoutes(PipelineContext context, TelemetryIngestService ingest, TelemetryPayloads payloads,
                     StaleDataWatch staleWatch, AccessControl access, LimitWatch limitWatch, AlertDispatcher alertDelivery) {
        this.access = access;
        this.alertDelivery = alertDelivery;
        this.limitWatch = limitWatch;
        this.context = context;
        this.ingest = ingest;
        this.payloads = payloads;
        this.staleWatch = staleWatch;
        this.tokens = new TokenRepository(context.db());
    }

    public void register(JavalinConfig cfg) {
        cfg.routes.get("/api/v1/openapi.json", ctx -> ctx.contentType("application/json")
                .result(Resources.text("/io/prognos/server/openapi.json")));
        cfg.routes.get("/api/v1/assets", this::assets, Access.VIEWER);
        cfg.routes.get("/api/v1/sensors", this::sensors, Access.VIEWER);
        cfg.routes.get("/api/v1/sensors/{id}", this::sensor, Access.VIEWER);
        cfg.routes.get("/api/v1/sensors/{id}/telemetry", this::telemetry, Access.VIEWER);
        cfg.routes.get("/api/v1/sensors/{id}/forecast", this::forecast, Access.VIEWER);
        cfg.routes.post("/api/v1/telemetry", this::postTelemetry, Access.OPERATOR);
        cfg.routes.get("/api/v1/anomalies", this::anomalies, Access.VIEWER);
        cfg.routes.get("/api/v1/anomalies/export", this::exportAnnotations, Access.VIEWER);
        cfg.routes.get("/api/v1/anomalies/{id}", this::anomaly, Access.VIEWER);
        cfg.routes.post("/api/v1/anomalies/{id}/feedback", this::feedback, Access.OPERATOR);
        cfg.routes.get("/api/v1/kpis", this::kpis, Access.VIEWER);
        cfg.routes.get("/api/v1/models", this::models, Access.VIEWER);
        cfg.routes.get("/api/v1/alerts", this::alerts, Access.VIEWER);
        cfg.routes.get("/api/v1/alert-rules", this::rules, Access.VIEWER);
        cfg.routes.post("/api/v1/alert-rules", this::addRule, Access.ADMIN);
        cfg.routes.get("/api/v1/maintenance-windows", this::windows, Access.VIEWER);
        cfg.routes.post("/api/v1/maintenance-windows", this::addWindow, Access.OPERATOR);
        cfg.routes.get("/api/v1/risk", this::risk, Access.VIEWER);
        cfg.routes.get("/api/v1/work-orders", this::workOrders, Access.VIEWER);
        cfg.routes.post("/api/v1/work-orders", this::createWorkOrder, Access.OPERATOR);
        cfg.routes.get("/api/v1/work-orders/{id}", this::workOrder, Access.VIEWER);
        cfg.routes.post("/api/v1/work-orders/{id}", this::updateWorkOrder, Access.OPERATOR);
        cfg.routes.post("/api/v1/work-orders/{id}/comments", this::commentWorkOrder, Access.OPERATOR);
        cfg.routes.get("/api/v1/tokens", this::listTokens, Access.ADMIN);
        cfg.routes.post("/api/v1/tokens", this::issueToken, Access.ADMIN);
        cfg.routes.delete("/api/v1/tokens/{name}", this::revokeToken, Access.ADMIN);
    }

    private void assets(Context ctx) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Asset a : new AssetRepository(context.db()).assets()) {
            items.add(asset(a));
        }
        ctx.json(Map.of("items", items));
    }

    private void sensors(Context ctx) {
        String asset = ctx.queryParam("asset");
        Set<String> stale = staleWatch.stale();
        Map<String, Long> arrivals = ingest.lastArrivals();
        List<Map<String, Object>> items = new ArrayList<>();
        for (Sensor s : new AssetRepository(context.db()).sensors(asset)) {
            items.add(sensor(s, stale, arrivals));
        }
        ctx.json(Map.of("items", items));
    }

    private void sensor(Context ctx) {
        Sensor s = requireSensor(ctx.pathParam("id"));
        ctx.json(sensor(s, staleWatch.stale(), ingest.lastArrivals()));
    }

    private void telemetry(Context ctx) {
        Sensor s = requireSensor(ctx.pathParam("id"));
        long to = instantParam(ctx, "to", Long.MAX_VALUE);
        long from = instantParam(ctx, "from", Long.MIN_VALUE);
        int maxPoints = intParam(ctx, "max_points", 2000, 10, 100_000);
        TelemetrySeries series = new TelemetryRepository(context.db()).read(s.id(), from, to);
        Downsampler.Series shown = Downsampler.minMax(series.timestamps(), series.values(), maxPoints);
        List<Double> values = new ArrayList<>(shown.values().length);
        for (double v : shown.values()) {
            values.add(Double.isNaN(v) ? null : v);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sensor", s.id());
        body.put("readings", series.timestamps().length);
        body.put("downsampled", shown.timestamps().length < series.timestamps().length);
        body.put("timestamps_ms", shown.timestamps());
        body.put("values", values);
        ctx.json(body);
    }

    private void forecast(Context ctx) {
        Sensor s = requireSensor(ctx.pathParam("id"));
        SensorForecaster forecaster = new SensorForecaster(context);
        int horizon = intParam(ctx, "horizon", -1, 1, 10_000);
        if (horizon < 0) {
            horizon = forecaster.trainedHorizon(s.id());
        }
        double coverage = doubleParam(ctx, "coverage", 0.9);
        if (!(coverage > 0 && coverage < 1)) {
            throw ApiException.badRequest("coverage must be between 0 and 1 (exclusive), got " + coverage);
        }
        SensorForecaster.Forecast f = forecaster.forecast(s.id(), horizon, coverage);
        SeriesForecast sf = f.forecast();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sensor", s.id());
        body.put("model_version", f.version().versionId());
        body.put("coverage", coverage);
        body.put("timestamps_ms", sf.times());
        body.put("mean", sf.mean());
        body.put("lower", sf.lower());
        body.put("upper", sf.upper());
        List<Map<String, Object>> crossings = new ArrayList<>();
        addCrossing(crossings, sf, "warning", "high", s.warning().high(), true);
        addCrossing(crossings, sf, "critical", "high", s.critical().high(), true);
        addCrossing(crossings, sf, "warning", "low", s.warning().low(), false);
        addCrossing(crossings, sf, "critical", "low", s.critical().low(), false);
        body.put("limit_crossings", crossings);
        ctx.json(body);
    }

    private static void addCrossing(List<Map<String, Object>> out, SeriesForecast sf, String level, String side,
                                    double limit, boolean above) {
        if (Double.isNaN(limit)) {
            return;
        }
        LimitCrossing c = sf.crossing(limit, above);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("limit", level);
        m.put("side", side);
        m.put("value", limit);
        m.put("probability", c.probability());
        m.put("paths", c.paths());
        if (c.possible()) {
            long period = sf.periodMillis();
            long start = sf.times()[0] - period;
            m.put("median_first_crossing", Instant.ofEpochMilli(start + period * c.crossingStepQuantile(0.5)).toString());
            m.put("early_first_crossing", Instant.ofEpochMilli(start + period * c.crossingStepQuantile(0.1)).toString());
            m.put("late_first_crossing", Instant.ofEpochMilli(start + period * c.crossingStepQuantile(0.9)).toString());
        }
        out.add(m);
    }

    private void postTelemetry(Context ctx) {
        TelemetryIngestService.Accepted a = ingest.ingest(payloads.batch(ctx.bodyAsBytes()), "http");
        ctx.json(Map.of("accepted", a.points(), "inserted", a.inserted(), "duplicates", a.duplicates()));
    }

    private void anomalies(Context ctx) {
        String sensor = ctx.queryParam("sensor");
        if (sensor != null) {
            requireSensor(sensor);
        }
        long from = instantParam(ctx, "from", Long.MIN_VALUE);
        long to = instantParam(ctx, "to", Long.MAX_VALUE);
        int limit = intParam(ctx, "limit", 500, 1, 10_000);
        List<Map<String, Object>> items = new ArrayList<>();
        for (StoredAnomaly a : new AnomalyRepository(context.db()).list(sensor, from, to, limit)) {
            items.add(anomaly(a));
        }
        ctx.json(Map.of("items", items));
    }

    /**
     * One anomaly with its "why": what the detector expected over the interval (with the normal band), and
     * the asset's other sensors ranked by how unusual they were over the same interval against the day before.
     */
    private void anomaly(Context ctx) {
        long id = pathId(ctx);
        AnomalyFeedback.Reviewed reviewed = new AnomalyFeedback(context.db()).find(id)
                .orElseThrow(() -> ApiException.notFound("no anomaly with id " + id));
        StoredAnomaly a = reviewed.anomaly();
        Sensor sensor = requireSensor(a.sensorId());
        long period = sensor.samplingPeriod().toMillis();
        Map<String, Object> body = anomaly(a);
        body.put("verdict", reviewed.verdict() == null ? null : reviewed.verdict().label());
        body.put("verdict_by", reviewed.by());
        if (a.detector() != null) {
            // a streaming detector's score is a calibrated rank, not a prediction: there is no expectation to show
            body.put("expected", null);
            body.put("expected_unavailable", "found by online detection (" + a.detector() + "), which scores how unusual "
                    + "the readings were without predicting them");
        } else {
            try {
                SensorScorer.Expectation e = new SensorScorer(context).expectation(a.sensorId(), a.startMillis(),
                        a.endMillis() + period, 5000);
                Map<String, Object> expected = new LinkedHashMap<>();
                expected.put("timestamps_ms", e.timestamps());
                expected.put("actual", nullForNaN(e.actual()));
                expected.put("expected", nullForNaN(e.expected()));
                expected.put("band_half_width", Double.isNaN(e.bandHalfWidth()) ? null : e.bandHalfWidth());
                body.put("expected", expected);
            } catch (io.prognos.pipeline.PipelineException e) {
                body.put("expected", null);
                body.put("expected_unavailable", e.getMessage());
            }
        }
        List<Map<String, Object>> related = new ArrayList<>();
        TelemetryRepository telemetry = new TelemetryRepository(context.db());
        long day = 86_400_000L;
        for (Sensor other : new AssetRepository(context.db()).sensors(sensor.assetId())) {
            if (other.id().equals(sensor.id())) {
                continue;
            }
            double z = RobustDeviation.maxAbsZ(telemetry.read(other.id(), a.startMillis() - day, a.startMillis()).values(),
                    telemetry.read(other.id(), a.startMillis(), a.endMillis() + 1).values());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sensor", other.id());
            m.put("name", other.name());
            m.put("unusualness", Double.isNaN(z) ? null : Double.isInfinite(z) ? 1e9 : z);
            related.add(m);
        }
        related.sort((x, y) -> Double.compare(y.get("unusualness") == null ? -1 : (Double) y.get("unusualness"),
                x.get("unusualness") == null ? -1 : (Double) x.get("unusualness")));
        body.put("related", related);
        ctx.json(body);
    }

    private void feedback(Context ctx) {
        long id = pathId(ctx);
        Map<?, ?> body;
        try {
            body = new com.fasterxml.jackson.databind.ObjectMapper().readValue(ctx.bodyAsBytes(), Map.class);
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("send {\"verdict\": \"confirmed|rejected\", \"note\": \"...\"}: " + e.getMessage());
        }
        AnomalyFeedback.Verdict verdict;
        try {
            verdict = AnomalyFeedback.Verdict.parse(body.get("verdict") instanceof String v ? v : null);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("verdict: " + e.getMessage());
        }
        Object note = body.get("note");
        if (note != null && !(note instanceof String)) {
            throw ApiException.badRequest("note: expected a string");
        }
        if (new AnomalyRepository(context.db()).find(id).isEmpty()) {
            throw ApiException.notFound("no anomaly with id " + id);
        }
        String by = access.caller(ctx).map(TokenRepository.ApiToken::name).orElse("unknown");
        AnomalyFeedback.Reviewed r = new AnomalyFeedback(context.db()).record(id, verdict, by, (String) note);
        Map<String, Object> out = anomaly(r.anomaly());
        out.put("verdict", r.verdict().label());
        out.put("verdict_by", r.by());
        ctx.json(out);
    }

    private void kpis(Context ctx) {
        AnomalyFeedback.Kpis k = new AnomalyFeedback(context.db()).kpis();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("anomalies", k.anomalies());
        m.put("confirmed", k.confirmed());
        m.put("rejected", k.rejected());
        m.put("unreviewed", k.unreviewed());
        m.put("reviewed_precision", Double.isNaN(k.reviewedPrecision()) ? null : k.reviewedPrecision());
        ctx.json(m);
    }

    /** Every anomaly with its verdict, as CSV ({@code ?format=csv}) or JSON annotations. */
    private void exportAnnotations(Context ctx) {
        List<AnomalyFeedback.Reviewed> all = new AnomalyFeedback(context.db()).all();
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
        if (format.equals("csv")) {
            StringBuilder b = new StringBuilder("anomaly_id,sensor,start,end,raw_score,severity,verdict,verdict_by,note\n");
            for (AnomalyFeedback.Reviewed r : all) {
                StoredAnomaly a = r.anomaly();
                b.append(a.anomalyId()).append(',').append(csv(a.sensorId())).append(',')
                        .append(Instant.ofEpochMilli(a.startMillis())).append(',').append(Instant.ofEpochMilli(a.endMillis()))
                        .append(',').append(a.score()).append(',').append(a.severity()).append(',')
                        .append(r.verdict() == null ? "" : r.verdict().label()).append(',').append(csv(r.by())).append(',')
                        .append(csv(r.note())).append('\n');
            }
            ctx.contentType("text/csv; charset=utf-8").header("Content-Disposition", "attachment; filename=annotations.csv")
                    .result(b.toString());
            return;
        }
        if (!format.equals("json")) {
            throw ApiException.badRequest("format must be csv or json, got '" + format + "'");
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (AnomalyFeedback.Reviewed r : all) {
            Map<String, Object> m = anomaly(r.anomaly());
            m.put("verdict", r.verdict() == null ? null : r.verdict().label());
            m.put("verdict_by", r.by());
            m.put("note", r.note());
            items.add(m);
        }
        ctx.json(Map.of("items", items));
    }

    private static String csv(String s) {
        if (s == null) {
            return "";
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static List<Double> nullForNaN(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(Double.isNaN(v) ? null : v);
        }
        return out;
    }

    private void models(Context ctx) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (ModelVersion v : context.registry().inStage(Stage.PRODUCTION)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version_id", v.versionId());
            m.put("sensor", v.sensorId());
            m.put("kind", v.kind());
            m.put("version", v.version());
            m.put("algorithm", v.algorithm());
            m.put("stage", v.stage().label());
            m.put("dataset_hash", v.datasetHash());
            m.put("run_id", v.runId());
            m.put("code_version", v.codeVersion());
            m.put("held_out_metrics", v.validationMetrics());
            items.add(m);
        }
        ctx.json(Map.of("items", items));
    }

    private void alerts(Context ctx) {
        AlertRepository repo = new AlertRepository(context.db());
        List<Map<String, Object>> items = new ArrayList<>();
        for (AlertRepository.Alert a : repo.history(intParam(ctx, "limit", 200, 1, 10_000))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", a.alertId());
            m.put("rule_id", a.ruleId());
            m.put("incident", a.incident());
            m.put("sensor", a.sensorId());
            m.put("severity", a.severity());
            m.put("state", a.state());
            m.put("message", a.message());
            m.put("opened_at", Instant.ofEpochMilli(a.openedAt()).toString());
            m.put("cleared_at", a.clearedAt() == null ? null : Instant.ofEpochMilli(a.clearedAt()).toString());
            m.put("sends", a.sends());
            m.put("deliveries", repo.deliveries(a.alertId()));
            items.add(m);
        }
        ctx.json(Map.of("items", items));
    }

    private void rules(Context ctx) {
        ctx.json(Map.of("items", new AlertRepository(context.db()).rules().stream().map(ApiRoutes::rule).toList()));
    }

    private void addRule(Context ctx) {
        Map<?, ?> b = jsonObject(ctx);
        AlertRepository.Rule rule;
        try {
            rule = new AlertRepository.Rule(0, text(b, "name", null), text(b, "min_severity", "HIGH"),
                    number(b, "min_criticality", 1), text(b, "asset", null), text(b, "sensor", null),
                    Boolean.TRUE.equals(b.get("on_stale")), text(b, "channel", "webhook"), ruleTarget(b),
                    number(b, "reminder_minutes", 0), fraction(b, "min_crossing_probability"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (!alertDelivery.delivers(rule.channel())) {
            throw ApiException.badRequest("channel: email needs an SMTP server, and this server has none configured; set "
                    + "server.smtp_host and server.smtp_from in prognos.yaml (or PROGNOS_SERVER_SMTP_HOST and "
                    + "PROGNOS_SERVER_SMTP_FROM) and restart the server, or choose another channel");
        }
        if (new AlertRepository(context.db()).rules().stream().anyMatch(r -> r.name().equals(rule.name()))) {
            throw new ApiException(409, "Conflict", "an alert rule named '" + rule.name() + "' exists already");
        }
        ctx.status(201).json(rule(new AlertRepository(context.db()).addRule(rule)));
    }

    /** A rule's target: a string, or for the email channel also an array of addresses. */
    private static String ruleTarget(Map<?, ?> b) {
        Object target = b.get("target");
        if (target instanceof List<?> list && "email".equals(b.get("channel"))) {
            List<String> addresses = new ArrayList<>();
            for (Object o : list) {
                if (!(o instanceof String address)) {
                    throw ApiException.badRequest("target: expected e-mail addresses as strings, got " + o);
                }
                addresses.add(address);
            }
            return String.join(", ", addresses);
        }
        return text(b, "target", null);
    }

    private void windows(Context ctx) {
        ctx.json(Map.of("items", new AlertRepository(context.db()).windows().stream().map(ApiRoutes::window).toList()));
    }

    private void addWindow(Context ctx) {
        Map<?, ?> b = jsonObject(ctx);
        String sensor = text(b, "sensor", null);
        String asset = text(b, "asset", null);
        if (sensor != null) {
            requireSensor(sensor);
        }
        if (asset != null && new AssetRepository(context.db()).findAsset(asset).isEmpty()) {
            throw ApiException.notFound("unknown asset '" + asset + "'");
        }
        AlertRepository.MaintenanceWindow w;
        try {
            w = new AlertRepository.MaintenanceWindow(0, asset, sensor, instant(text(b, "start", null), "start"),
                    instant(text(b, "end", null), "end"), text(b, "recurrence", "none"), text(b, "reason", ""));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        ctx.status(201).json(window(new AlertRepository(context.db()).addWindow(w)));
    }

    private static Map<String, Object> rule(AlertRepository.Rule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.ruleId());
        m.put("name", r.name());
        m.put("min_severity", r.minSeverity());
        m.put("min_criticality", r.minCriticality());
        m.put("asset", r.assetId());
        m.put("sensor", r.sensorId());
        m.put("on_stale", r.onStale());
        m.put("channel", r.channel());
        m.put("target", r.target());
        m.put("reminder_minutes", r.reminderMinutes());
        m.put("min_crossing_probability", r.minCrossingProbability());
        return m;
    }

    private static Map<String, Object> window(AlertRepository.MaintenanceWindow w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", w.windowId());
        m.put("asset", w.assetId());
        m.put("sensor", w.sensorId());
        m.put("start", Instant.ofEpochMilli(w.startsAt()).toString());
        m.put("end", Instant.ofEpochMilli(w.endsAt()).toString());
        m.put("recurrence", w.recurrence());
        m.put("reason", w.reason());
        return m;
    }

    private static Map<?, ?> jsonObject(Context ctx) {
        try {
            Object parsed = new com.fasterxml.jackson.databind.ObjectMapper().readValue(ctx.bodyAsBytes(), Object.class);
            if (parsed instanceof Map<?, ?> m) {
                return m;
            }
            throw ApiException.badRequest("the body must be a JSON object");
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("malformed JSON: " + e.getMessage());
        }
    }

    private static String text(Map<?, ?> b, String key, String absent) {
        Object v = b.get(key);
        if (v == null) {
            return absent;
        }
        if (!(v instanceof String s)) {
            throw ApiException.badRequest(key + ": expected a string, got " + v);
        }
        return s;
    }

    private static int number(Map<?, ?> b, String key, int absent) {
        Object v = b.get(key);
        if (v == null) {
            return absent;
        }
        if (!(v instanceof Integer i)) {
            throw ApiException.badRequest(key + ": expected an integer, got " + v);
        }
        return i;
    }

    private static double fraction(Map<?, ?> b, String key) {
        Object v = b.get(key);
        if (v == null) {
            return 0;
        }
        if (!(v instanceof Number n)) {
            throw ApiException.badRequest(key + ": expected a number, got " + v);
        }
        return n.doubleValue();
    }

    private static long instant(String text, String key) {
        if (text == null) {
            throw ApiException.badRequest(key + ": missing (an ISO-8601 instant)");
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(key + ": expected an ISO-8601 instant, got '" + text + "'");
        }
    }

    /**
     * What to fix first: every limit risk with its asset's criticality, ordered by chance of crossing x
     * criticality (critical limits before warning ones at equal scores).
     */
    private void risk(Context ctx) {
        AssetRepository assets = new AssetRepository(context.db());
        List<Map<String, Object>> items = new ArrayList<>();
        for (Sensor s : assets.sensors(null)) {
            int criticality = assets.findAsset(s.assetId()).map(Asset::criticality).orElse(1);
            for (LimitWatch.LimitRisk r : limitWatch.risks(s)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("sensor", s.id());
                m.put("asset", s.assetId());
                m.put("criticality", criticality);
                m.put("limit", r.level());
                m.put("side", r.side());
                m.put("value", r.limit());
                m.put("probability", r.probability());
                m.put("risk", r.probability() * criticality);
                m.put("median_first_crossing", r.medianCrossing() == null ? null : r.medianCrossing().toString());
                m.put("horizon_hours", r.horizon().toMinutes() / 60.0);
                items.add(m);
            }
        }
        items.sort((a, b) -> {
            int c = Double.compare((Double) b.get("risk"), (Double) a.get("risk"));
            return c != 0 ? c : String.valueOf(a.get("limit")).compareTo(String.valueOf(b.get("limit")));
        });
        ctx.json(Map.of("items", items));
    }

    private void workOrders(Context ctx) {
        String status = ctx.queryParam("status");
        ctx.json(Map.of("items", new WorkOrderRepository(context.db()).list(status == null || status.isBlank() ? null : status)
                .stream().map(ApiRoutes::workOrder).toList()));
    }

    private void workOrder(Context ctx) {
        WorkOrderRepository repo = new WorkOrderRepository(context.db());
        long id = pathId(ctx);
        WorkOrderRepository.WorkOrder w = repo.find(id).orElseThrow(() -> ApiException.notFound("no work order with id " + id));
        Map<String, Object> m = workOrder(w);
        m.put("comments", repo.comments(id).stream().map(c -> Map.of("author", c.author(), "body", c.body(),
                "at", Instant.ofEpochMilli(c.createdAt()).toString())).toList());
        ctx.json(m);
    }

    /**
     * A work order by hand, or from an anomaly or an alert (their sensor and asset are filled in). Without a
     * due date, a sensor's likely limit crossing (chance at least 50 %, critical before warning) sets it.
     */
    private void createWorkOrder(Context ctx) {
        Map<?, ?> b = jsonObject(ctx);
        String sensor = text(b, "sensor", null);
        String asset = text(b, "asset", null);
        Long anomalyId = b.get("anomaly_id") == null ? null : (long) number(b, "anomaly_id", 0);
        Long alertId = b.get("alert_id") == null ? null : (long) number(b, "alert_id", 0);
        String title = text(b, "title", null);
        if (anomalyId != null) {
            StoredAnomaly a = new AnomalyRepository(context.db()).find(anomalyId)
                    .orElseThrow(() -> ApiException.notFound("no anomaly with id " + anomalyId));
            sensor = a.sensorId();
            title = title != null ? title : a.severity() + " anomaly on " + a.sensorId() + " from " + Instant.ofEpochMilli(a.startMillis());
        }
        if (alertId != null) {
            AlertRepository.Alert al = new AlertRepository(context.db()).find(alertId)
                    .orElseThrow(() -> ApiException.notFound("no alert with id " + alertId));
            sensor = al.sensorId();
            title = title != null ? title : al.message();
        }
        Long due = b.get("due") == null ? null : instant(text(b, "due", null), "due");
        if (sensor != null) {
            Sensor s = requireSensor(sensor);
            asset = s.assetId();
            if (due == null) {
                due = limitWatch.risks(s).stream().filter(r -> r.probability() >= 0.5 && r.medianCrossing() != null)
                        .sorted((x, y) -> x.level().equals(y.level()) ? 0 : x.level().equals("critical") ? -1 : 1)
                        .map(r -> r.medianCrossing().toEpochMilli()).findFirst().orElse(null);
            }
        } else if (asset != null && new AssetRepository(context.db()).findAsset(asset).isEmpty()) {
            throw ApiException.notFound("unknown asset '" + asset + "'");
        }
        String by = access.caller(ctx).map(TokenRepository.ApiToken::name).orElse("unknown");
        try {
            WorkOrderRepository.WorkOrder w = new WorkOrderRepository(context.db()).create(title, asset, sensor, anomalyId,
                    alertId, text(b, "assignee", null), text(b, "priority", "medium"), due, by);
            ctx.status(201).json(workOrder(w));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private void updateWorkOrder(Context ctx) {
        Map<?, ?> b = jsonObject(ctx);
        long id = pathId(ctx);
        WorkOrderRepository repo = new WorkOrderRepository(context.db());
        if (repo.find(id).isEmpty()) {
            throw ApiException.notFound("no work order with id " + id);
        }
        try {
            ctx.json(workOrder(repo.update(id, text(b, "status", null), text(b, "assignee", null), text(b, "priority", null),
                    b.get("due") == null ? null : instant(text(b, "due", null), "due"))));
        } catch (IllegalArgumentException e) {
            throw new ApiException(409, "Not allowed", e.getMessage());
        }
    }

    private void commentWorkOrder(Context ctx) {
        Map<?, ?> b = jsonObject(ctx);
        long id = pathId(ctx);
        if (new WorkOrderRepository(context.db()).find(id).isEmpty()) {
            throw ApiException.notFound("no work order with id " + id);
        }
        try {
            new WorkOrderRepository(context.db()).comment(id, access.caller(ctx).map(TokenRepository.ApiToken::name)
                    .orElse("unknown"), text(b, "body", null));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        ctx.status(201).json(Map.of("work_order", id));
    }

    /** The numeric {@code id} path parameter, or a 400 that names it. */
    public static long pathId(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("id must be a number, got '" + ctx.pathParam("id") + "'");
        }
    }

    static Map<String, Object> workOrder(WorkOrderRepository.WorkOrder w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", w.id());
        m.put("title", w.title());
        m.put("asset", w.assetId());
        m.put("sensor", w.sensorId());
        m.put("anomaly_id", w.anomalyId());
        m.put("alert_id", w.alertId());
        m.put("assignee", w.assignee());
        m.put("priority", w.priority());
        m.put("due", w.dueAt() == null ? null : Instant.ofEpochMilli(w.dueAt()).toString());
        m.put("status", w.status());
        m.put("created_by", w.createdBy());
        m.put("created_at", Instant.ofEpochMilli(w.createdAt()).toString());
        return m;
    }

    private void listTokens(Context ctx) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (TokenRepository.ApiToken t : tokens.list()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("role", t.role().label());
            m.put("created_at", Instant.ofEpochMilli(t.createdAtMillis()).toString());
            m.put("revoked_at", t.revokedAtMillis() == null ? null : Instant.ofEpochMilli(t.revokedAtMillis()).toString());
            items.add(m);
        }
        ctx.json(Map.of("items", items));
    }

    private void issueToken(Context ctx) {
        Map<?, ?> body = ctx.bodyAsClass(Map.class);
        Object name = body.get("name");
        Object role = body.get("role");
        if (!(name instanceof String n) || !(role instanceof String r)) {
            throw ApiException.badRequest("send {\"name\": \"...\", \"role\": \"viewer|operator|admin\"}");
        }
        TokenRole parsed;
        try {
            parsed = TokenRole.parse(r);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("role: " + e.getMessage());
        }
        TokenRepository.IssuedToken issued = tokens.issue(n, parsed);
        ctx.status(201).json(Map.of("name", issued.name(), "role", issued.role().label(), "token", issued.secret()));
    }

    private void revokeToken(Context ctx) {
        if (!tokens.revoke(ctx.pathParam("name"))) {
            throw ApiException.notFound("no live token named '" + ctx.pathParam("name") + "'");
        }
        ctx.status(204);
    }

    private Sensor requireSensor(String id) {
        return new AssetRepository(context.db()).findSensor(id)
                .orElseThrow(() -> ApiException.notFound("unknown sensor '" + id + "'"));
    }

    static Map<String, Object> asset(Asset a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("name", a.name());
        m.put("type", a.type());
        m.put("location", a.location());
        m.put("criticality", a.criticality());
        return m;
    }

    static Map<String, Object> sensor(Sensor s, Set<String> stale, Map<String, Long> arrivals) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("asset", s.assetId());
        m.put("name", s.name());
        m.put("unit", s.unit());
        m.put("period_ms", s.samplingPeriod().toMillis());
        m.put("warning", limits(s.warning()));
        m.put("critical", limits(s.critical()));
        Long arrived = arrivals.get(s.id());
        m.put("last_arrival", arrived == null ? null : Instant.ofEpochMilli(arrived).toString());
        m.put("stale", stale.contains(s.id()));
        return m;
    }

    private static Map<String, Object> limits(Limits l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("low", l.hasLow() ? l.low() : null);
        m.put("high", l.hasHigh() ? l.high() : null);
        return m;
    }

    /**
     * An anomaly as the API shows it. {@code score} is bounded to [0, 1): 1 - exp(-raw), where the raw
     * Telemanom score is how far the smoothed error rose past its threshold in units of the window's
     * error mean plus standard deviation (0.5 raw gives 0.39; 3 raw gives 0.95). {@code detector} names the
     * streaming detector of online detection that found it ({@code model_version} is then null), or is null for an
     * anomaly of the model version's detector; an online anomaly's raw score is {@code -ln(1 - s)} of its streaming
     * score {@code s}, so its {@code score} is {@code s}.
     */
    static Map<String, Object> anomaly(StoredAnomaly a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.anomalyId());
        m.put("sensor", a.sensorId());
        m.put("model_version", a.versionId());
        m.put("detector", a.detector());
        m.put("start", Instant.ofEpochMilli(a.startMillis()).toString());
        m.put("end", Instant.ofEpochMilli(a.endMillis()).toString());
        m.put("score", boundedScore(a.score()));
        m.put("raw_score", a.score());
        m.put("severity", a.severity());
        m.put("detected_at", Instant.ofEpochMilli(a.detectedAtMillis()).toString());
        return m;
    }

    /** Maps a raw score in [0, inf) to [0, 1). */
    public static double boundedScore(double raw) {
        return 1 - Math.exp(-Math.max(0, raw));
    }

    private static long instantParam(Context ctx, String name, long absent) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return absent;
        }
        if (v.matches("-?\\d+")) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest(name + ": '" + v + "' is out of range");
            }
        }
        try {
            return Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + ": expected an ISO-8601 instant or epoch milliseconds, got '" + v + "'");
        }
    }

    private static int intParam(Context ctx, String name, int absent, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return absent;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw ApiException.badRequest(name + " must be " + min + "-" + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + ": expected an integer, got '" + v + "'");
        }
    }

    private static double doubleParam(Context ctx, String name, double absent) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return absent;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + ": expected a number, got '" + v + "'");
        }
    }
}

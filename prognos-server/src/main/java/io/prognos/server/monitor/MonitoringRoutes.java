package io.prognos.server.monitor;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.prognos.core.eval.kpi.ConfusionMatrix;
import io.prognos.core.eval.kpi.DegradationVerdict;
import io.prognos.core.eval.kpi.ForecastErrorSummary;
import io.prognos.server.monitor.forecast.ForecastAccuracy;
import io.prognos.core.eval.kpi.KpiBucket;
import io.prognos.server.api.Access;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code GET /api/v1/monitoring/detectors} (viewer): the detectors' KPIs from operator feedback, fleet totals,
 * KPIs per week, and per sensor the Production detector's reviewed figures with its degradation verdict
 * (see {@link DetectorKpis} for what counts as what). {@code GET /api/v1/monitoring/forecasters} (viewer): the
 * forecasters' realised accuracy on the actuals that arrived after their stored forecasts, per sensor and
 * version, overall and by horizon step, with interval coverage and a verdict against the validation error (see
 * {@link ForecastAccuracy}). Undefined figures are {@code null}, never 0.
 */
public final class MonitoringRoutes {

    private final DetectorKpis kpis;
    private final ForecastAccuracy forecasts;

    public MonitoringRoutes(DetectorKpis kpis, ForecastAccuracy forecasts) {
        this.kpis = kpis;
        this.forecasts = forecasts;
    }

    public void register(JavalinConfig cfg) {
        cfg.routes.get("/api/v1/monitoring/detectors", this::detectors, Access.VIEWER);
        cfg.routes.get("/api/v1/monitoring/forecasters", this::forecasters, Access.VIEWER);
    }

    private void forecasters(Context ctx) {
        List<Map<String, Object>> items = forecasts.all(Long.MIN_VALUE, Long.MAX_VALUE).stream()
                .map(MonitoringRoutes::forecaster).toList();
        ctx.json(Map.of("items", items));
    }

    private static Map<String, Object> forecaster(ForecastAccuracy.SensorAccuracy s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sensor", s.sensorId());
        m.put("versions", s.versions().stream().map(v -> {
            Map<String, Object> version = new LinkedHashMap<>();
            version.put("version_id", v.versionId());
            version.put("label", v.label().orElse(null));
            version.put("realised", errors(v.overall()));
            version.put("coverage", coverage(v.coverage()));
            version.put("validation_mae", value(v.baselineMae()));
            version.put("validation_rmse", value(v.baselineRmse()));
            version.put("by_step", v.buckets().stream().map(b -> {
                Map<String, Object> bucket = new LinkedHashMap<>();
                bucket.put("steps", b.bucket().label());
                bucket.put("realised", errors(b.errors()));
                bucket.put("coverage", coverage(b.coverage()));
                return bucket;
            }).toList());
            version.put("verdict", verdict(v.verdict()));
            return version;
        }).toList());
        return m;
    }

    private static Map<String, Object> errors(ForecastErrorSummary e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("points", e.count());
        m.put("mae", value(e.mae()));
        m.put("rmse", value(e.rmse()));
        m.put("mape", value(e.mape()));
        m.put("mape_skipped", e.mapeSkipped());
        m.put("smape", value(e.smape()));
        m.put("r2", value(e.rSquared()));
        return m;
    }

    private static Map<String, Object> coverage(ForecastAccuracy.Coverage c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nominal", c.nominal());
        m.put("points", c.withInterval());
        m.put("inside", c.inside());
        m.put("share", value(c.share()));
        return m;
    }

    private void detectors(Context ctx) {
        ctx.json(json(kpis.compute()));
    }

    static Map<String, Object> json(DetectorKpis.FleetKpis fleet) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> total = confusion(fleet.total());
        total.put("auc", value(fleet.auc()));
        total.put("unreviewed", fleet.unreviewed());
        m.put("total", total);
        List<Map<String, Object>> buckets = fleet.overTime().buckets().stream().map(MonitoringRoutes::bucket).toList();
        m.put("over_time", Map.of("bucket_days", fleet.overTime().bucketWidthMillis() / 86_400_000.0, "buckets", buckets));
        m.put("sensors", fleet.sensors().stream().map(MonitoringRoutes::sensor).toList());
        return m;
    }

    private static Map<String, Object> bucket(KpiBucket b) {
        Map<String, Object> m = confusion(b.confusion());
        m.put("start", b.start().toString());
        m.put("auc", value(b.auc()));
        return m;
    }

    private static Map<String, Object> sensor(DetectorKpis.SensorKpis s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sensor", s.sensorId());
        m.put("all_versions", confusion(s.allVersions()));
        m.put("production_version_id", s.production().map(v -> v.versionId()).orElse(null));
        Map<String, Object> production = confusion(s.productionReviewed());
        production.put("auc", value(s.productionAuc()));
        production.put("validation_precision", s.production().map(v -> v.validationMetrics().get("validation_precision"))
                .orElse(null));
        m.put("production", production);
        m.put("verdict", s.verdict().map(MonitoringRoutes::verdict).orElse(null));
        return m;
    }

    private static Map<String, Object> verdict(DegradationVerdict v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outcome", v.outcome().name());
        m.put("degraded", v.degraded());
        m.put("message", v.message());
        return m;
    }

    static Map<String, Object> confusion(ConfusionMatrix c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tp", c.tp());
        m.put("fp", c.fp());
        m.put("fn", c.fn());
        m.put("precision", value(c.precision()));
        m.put("recall", value(c.recall()));
        m.put("f1", value(c.f1()));
        return m;
    }

    private static Double value(OptionalDouble d) {
        return d.isPresent() ? d.getAsDouble() : null;
    }
}

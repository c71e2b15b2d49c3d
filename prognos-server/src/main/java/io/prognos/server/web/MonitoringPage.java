package io.prognos.server.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.prognos.core.eval.kpi.ConfusionMatrix;
import io.prognos.core.eval.kpi.KpiBucket;
import io.prognos.server.monitor.DetectorKpis;
import io.prognos.server.monitor.forecast.ForecastAccuracy;
import io.prognos.server.Resources;
import io.prognos.store.Database;
import io.prognos.store.DriftReportRepository;
import io.prognos.store.TokenRepository;

import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The monitoring page ({@code /monitoring}): is each model still right? Drift (the latest report of every
 * sensor, worst first, with the recommendation) and the detectors' KPIs from operator feedback (fleet totals,
 * a chart of precision, recall and F1 per week, and per sensor the Production detector's reviewed precision
 * against its validation baseline with the verdict), and the forecasters' realised accuracy on the actuals that
 * arrived after their stored forecasts.
 */
public final class MonitoringPage {

    private static final String UPLOT = "<script src=\"/webjars/uplot/1.6.30/dist/uPlot.iife.min.js\"></script>";

    private final Dashboard dashboard;
    private final Database db;
    private final DetectorKpis kpis;
    private final ForecastAccuracy forecasts;

    public MonitoringPage(Dashboard dashboard, Database db, DetectorKpis kpis, ForecastAccuracy forecasts) {
        this.dashboard = dashboard;
        this.db = db;
        this.kpis = kpis;
        this.forecasts = forecasts;
    }

    public void register(JavalinConfig cfg) {
        cfg.routes.get("/monitoring", ctx -> dashboard.page(ctx, this::render));
        cfg.routes.get("/dashboard/monitoring.js", ctx -> ctx.contentType("text/javascript; charset=utf-8")
                .result(Resources.text("/io/prognos/server/dashboard/monitoring.js")));
    }

    private String render(Context ctx, TokenRepository.ApiToken user) {
        StringBuilder b = new StringBuilder("<h2>Model monitoring</h2>");
        drift(b);
        detectors(b, kpis.compute());
        forecasters(b);
        return Html.page("Monitoring", user.name(), UPLOT + b + "<script src=\"/dashboard/monitoring.js\"></script>");
    }

    private void drift(StringBuilder b) {
        List<DriftReportRepository.StoredDriftReport> latest = new DriftReportRepository(db).latestPerSensor().stream()
                .sorted((x, y) -> y.severity().compareTo(x.severity())).toList();
        b.append("<h3>Drift</h3><p>The latest drift check of each sensor's Production detector (hourly): recent readings "
                + "and prediction errors against those it was validated on. A retrain is queued from HIGH.</p>");
        if (latest.isEmpty()) {
            b.append("<p id=\"drift-none\">No drift report yet: the first check runs an hour after start.</p>");
            return;
        }
        b.append("<table id=\"drift\"><tr><th>sensor</th><th>severity</th><th>type</th><th>recommendation</th>"
                + "<th>PSI</th><th>KS p</th><th>mean shift (sd)</th><th>sd ratio</th><th>checked</th><th>why</th></tr>");
        for (DriftReportRepository.StoredDriftReport r : latest) {
            b.append("<tr data-sensor=\"").append(Html.esc(r.sensorId())).append("\"><td><a href=\"/sensors/")
                    .append(Html.esc(r.sensorId())).append("\">").append(Html.esc(r.sensorId())).append("</a></td><td class=\"")
                    .append(r.severity().name().toLowerCase()).append("\">").append(r.severity()).append("</td><td>")
                    .append(r.type()).append("</td><td>").append(r.recommendation()).append("</td><td>")
                    .append(String.format("%.3f", r.psi())).append("</td><td>").append(String.format("%.2g", r.ksPValue()))
                    .append("</td><td>").append(String.format("%+.2f", r.meanShift())).append("</td><td>")
                    .append(String.format("%.2f", r.sdRatio())).append("</td><td>")
                    .append(Instant.ofEpochMilli(r.createdAtMillis())).append("</td><td>").append(Html.esc(r.explanation()))
                    .append("</td></tr>");
        }
        b.append("</table>");
    }

    private void detectors(StringBuilder b, DetectorKpis.FleetKpis fleet) {
        ConfusionMatrix t = fleet.total();
        b.append("<h3>Detectors: KPIs from operator feedback</h3><p>A confirmed anomaly is a true positive, a rejected one "
                + "a false positive, a labelled fault no anomaly overlapped a miss; unreviewed anomalies (")
                .append(fleet.unreviewed()).append(") count nowhere. ROC AUC: how well the anomaly score ranks real "
                        + "faults above false alarms (a miss scores 0).</p>")
                .append("<p id=\"fleet-kpis\">Fleet: TP <b>").append(t.tp()).append("</b> · FP <b>").append(t.fp())
                .append("</b> · FN <b>").append(t.fn()).append("</b> · precision <b id=\"fleet-precision\">")
                .append(ratio(t.precision())).append("</b> · recall <b>").append(ratio(t.recall())).append("</b> · F1 <b>")
                .append(ratio(t.f1())).append("</b> · AUC <b>").append(number(fleet.auc())).append("</b></p>");
        List<KpiBucket> buckets = fleet.overTime().buckets();
        if (buckets.stream().anyMatch(x -> !x.isEmpty())) {
            b.append("<div id=\"kpi-chart\"></div><script type=\"application/json\" id=\"kpi-data\">").append(chartJson(buckets))
                    .append("</script>");
        }
        b.append("<table id=\"detector-kpis\"><tr><th>sensor</th><th>Production</th><th>reviewed</th><th>precision</th>"
                + "<th>validation precision</th><th>AUC</th><th>verdict</th><th>all versions TP / FP / FN</th></tr>");
        for (DetectorKpis.SensorKpis s : fleet.sensors()) {
            ConfusionMatrix p = s.productionReviewed();
            ConfusionMatrix all = s.allVersions();
            String verdict = s.verdict().map(v -> "<span class=\"" + (v.degraded() ? "critical" : "ok") + "\">"
                    + Html.esc(v.message()) + "</span>").orElse(s.production().isEmpty() ? "no Production detector"
                    : s.production().get().validationMetrics().containsKey("validation_precision")
                    ? "no reviewed anomaly yet" : "no labelled validation baseline");
            b.append("<tr data-sensor=\"").append(Html.esc(s.sensorId())).append("\"><td><a href=\"/sensors/")
                    .append(Html.esc(s.sensorId())).append("\">").append(Html.esc(s.sensorId())).append("</a></td><td>")
                    .append(s.production().map(v -> "v" + v.version()).orElse("none")).append("</td><td>")
                    .append(p.tp() + p.fp()).append("</td><td>").append(ratio(p.precision())).append("</td><td>")
                    .append(s.production().map(v -> v.validationMetrics().get("validation_precision"))
                            .map(v -> String.format("%.0f %%", 100 * v)).orElse("–")).append("</td><td>")
                    .append(number(s.productionAuc())).append("</td><td class=\"verdict\">").append(verdict)
                    .append("</td><td>").append(all.tp()).append(" / ").append(all.fp()).append(" / ").append(all.fn())
                    .append("</td></tr>");
        }
        b.append("</table>");
    }

    private void forecasters(StringBuilder b) {
        b.append("<h3>Forecasters: realised accuracy</h3><p>Forecasts the time-to-limit watch made (one origin per "
                + "sensor and hour of telemetry) against the readings that arrived since, per forecaster version: "
                + "errors in the sensor's units, the share of readings inside the 90 % interval, and the verdict against "
                + "the version's validation MAE (degraded when more than 20 % worse over at least 100 points).</p>");
        List<ForecastAccuracy.SensorAccuracy> all = forecasts.all(Long.MIN_VALUE, Long.MAX_VALUE);
        if (all.stream().allMatch(a -> a.versions().isEmpty())) {
            b.append("<p id=\"forecasts-none\">No stored forecast has been realised yet: forecasts are stored for "
                    + "sensors with limits and a Production forecaster, and measured as their readings arrive.</p>");
            return;
        }
        b.append("<table id=\"forecast-accuracy\"><tr><th>sensor</th><th>version</th><th>points</th><th>MAE</th>"
                + "<th>RMSE</th><th>sMAPE</th><th>R²</th><th>in 90 % interval</th><th>validation MAE</th><th>verdict</th></tr>");
        for (ForecastAccuracy.SensorAccuracy a : all) {
            for (ForecastAccuracy.VersionAccuracy v : a.versions()) {
                b.append("<tr data-sensor=\"").append(Html.esc(a.sensorId())).append("\"><td><a href=\"/sensors/")
                        .append(Html.esc(a.sensorId())).append("\">").append(Html.esc(a.sensorId())).append("</a></td><td>")
                        .append(Html.esc(v.label().orElse("#" + v.versionId()))).append("</td><td>")
                        .append(v.overall().count()).append("</td><td>").append(number(v.overall().mae()))
                        .append("</td><td>").append(number(v.overall().rmse())).append("</td><td>")
                        .append(ratio(v.overall().smape())).append("</td><td>").append(number(v.overall().rSquared()))
                        .append("</td><td>").append(ratio(v.coverage().share())).append("</td><td>")
                        .append(number(v.baselineMae())).append("</td><td class=\"verdict\"><span class=\"")
                        .append(v.verdict().degraded() ? "critical" : "ok").append("\">").append(Html.esc(v.verdict().message()))
                        .append("</span></td></tr>");
            }
        }
        b.append("</table>");
    }

    /** Bucket starts in epoch seconds and precision, recall and F1 per bucket, null where undefined. */
    static String chartJson(List<KpiBucket> buckets) {
        StringBuilder x = new StringBuilder("[");
        StringBuilder precision = new StringBuilder("[");
        StringBuilder recall = new StringBuilder("[");
        StringBuilder f1 = new StringBuilder("[");
        for (int i = 0; i < buckets.size(); i++) {
            String sep = i == 0 ? "" : ",";
            KpiBucket k = buckets.get(i);
            x.append(sep).append(k.startMillis() / 1000);
            precision.append(sep).append(json(k.precision()));
            recall.append(sep).append(json(k.recall()));
            f1.append(sep).append(json(k.f1()));
        }
        return "{\"x\":" + x + "],\"precision\":" + precision + "],\"recall\":" + recall + "],\"f1\":" + f1 + "]}";
    }

    private static String json(OptionalDouble d) {
        return d.isPresent() ? Double.toString(d.getAsDouble()) : "null";
    }

    private static String ratio(OptionalDouble d) {
        return d.isPresent() ? String.format("%.0f %%", 100 * d.getAsDouble()) : "–";
    }

    private static String number(OptionalDouble d) {
        return d.isPresent() ? String.format("%.2f", d.getAsDouble()) : "–";
    }
}

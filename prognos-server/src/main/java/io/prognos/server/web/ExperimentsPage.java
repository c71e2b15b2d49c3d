package io.prognos.server.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.prognos.pipeline.PipelineContext;
import io.prognos.server.Resources;
import io.prognos.server.api.ApiException;
import io.prognos.store.Run;
import io.prognos.store.RunTracker;
import io.prognos.store.TokenRepository;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Experiment tracking in the dashboard: the runs in the store ({@code /experiments}, filterable by
 * experiment), a run's page (parameters, final metrics, provenance and its per-step metric curves drawn
 * with uPlot) and a compare view of two runs (parameters side by side with the differences marked, final
 * metrics, and the curves overlaid). Queries are bounded: the newest {@link #MAX_RUNS} runs, at most
 * {@link #MAX_STEP_VALUES} step values per run.
 */
final class ExperimentsPage {

    static final int MAX_RUNS = 200;
    static final int MAX_STEP_VALUES = 20_000;
    private static final String UPLOT = "<script src=\"/webjars/uplot/1.6.30/dist/uPlot.iife.min.js\"></script>";

    private final Dashboard dashboard;
    private final RunTracker runs;

    ExperimentsPage(Dashboard dashboard, PipelineContext context) {
        this.dashboard = dashboard;
        this.runs = new RunTracker(context.db(), context.codeVersion());
    }

    void register(JavalinConfig cfg) {
        cfg.routes.get("/experiments", ctx -> dashboard.page(ctx, this::list));
        cfg.routes.get("/experiments/runs/{id}", ctx -> dashboard.page(ctx, this::run));
        cfg.routes.get("/experiments/compare", ctx -> dashboard.page(ctx, this::compare));
        cfg.routes.get("/dashboard/runs.js", ctx -> ctx.contentType("text/javascript; charset=utf-8")
                .result(Resources.text("/io/prognos/server/dashboard/runs.js")));
    }

    private String list(Context ctx, TokenRepository.ApiToken user) {
        String experiment = ctx.queryParam("experiment");
        experiment = experiment == null || experiment.isBlank() ? null : experiment;
        List<Run> list = runs.list(experiment, MAX_RUNS);
        StringBuilder b = new StringBuilder("<h2>Experiments</h2><form method=\"get\" action=\"/experiments\" id=\"filter\">"
                + "<label>Experiment <select name=\"experiment\" onchange=\"this.form.submit()\"><option value=\"\">all</option>");
        for (String e : runs.experiments()) {
            b.append("<option").append(e.equals(experiment) ? " selected" : "").append(" value=\"").append(Html.esc(e))
                    .append("\">").append(Html.esc(e)).append("</option>");
        }
        b.append("</select></label> <button type=\"submit\">Filter</button></form>");
        if (list.isEmpty()) {
            return Html.page("Experiments", user.name(), b + "<p>No runs stored" + (experiment == null ? ""
                    : " for this experiment") + ". Training (<code>prognos train</code>) records one per model.</p>");
        }
        b.append("<p>Newest first").append(list.size() == MAX_RUNS ? ", the newest " + MAX_RUNS : "")
                .append(". Pick a run in column A and one in column B to compare them.</p>")
                .append("<form method=\"get\" action=\"/experiments/compare\" id=\"compare-form\">")
                .append("<table id=\"runs\"><tr><th>A</th><th>B</th><th>run</th><th>experiment</th><th>status</th>")
                .append("<th>started</th><th>took</th><th>final metrics</th></tr>");
        for (int i = 0; i < list.size(); i++) {
            Run r = list.get(i);
            String id = Html.esc(r.runId());
            b.append("<tr data-run=\"").append(id).append("\"><td><input type=\"radio\" name=\"a\" value=\"").append(id)
                    .append("\"").append(i == 1 ? " checked" : "").append("></td><td><input type=\"radio\" name=\"b\" value=\"")
                    .append(id).append("\"").append(i == 0 ? " checked" : "").append("></td><td><a href=\"/experiments/runs/")
                    .append(id).append("\"><code>").append(Html.esc(shortId(r.runId()))).append("</code></a></td><td>")
                    .append(Html.esc(r.experiment())).append("</td><td>").append(status(r)).append("</td><td>")
                    .append(Instant.ofEpochMilli(r.startedAtMillis())).append("</td><td>").append(took(r))
                    .append("</td><td>").append(metrics(r.metrics(), 4)).append("</td></tr>");
        }
        return Html.page("Experiments", user.name(), b.append("</table><p><button type=\"submit\" id=\"compare\">")
                .append("Compare A and B</button></p></form>").toString());
    }

    private String run(Context ctx, TokenRepository.ApiToken user) {
        Run r = find(ctx.pathParam("id"));
        StringBuilder b = new StringBuilder("<h2>Run <code>").append(Html.esc(shortId(r.runId()))).append("</code> of ")
                .append("<a href=\"/experiments?experiment=").append(Html.esc(java.net.URLEncoder.encode(r.experiment(),
                        java.nio.charset.StandardCharsets.UTF_8))).append("\">").append(Html.esc(r.experiment()))
                .append("</a></h2><h3>Metric curves</h3>");
        List<RunCurves.Chart> charts = RunCurves.of(List.of(shortId(r.runId())), List.of(runs.allSteps(r.runId(), MAX_STEP_VALUES)));
        b.append(curves(charts)).append("<h3>Parameters</h3>").append(table("parameters", r.params()))
                .append("<h3>Final metrics</h3>").append(table("final-metrics", new TreeMap<>(r.metrics())))
                .append("<h3>Provenance</h3><table id=\"provenance\">")
                .append(row("run id", r.runId())).append(row("status", r.status().name()))
                .append(r.error() == null ? "" : row("error", r.error()))
                .append(row("started", Instant.ofEpochMilli(r.startedAtMillis()).toString()))
                .append(row("ended", r.endedAtMillis() == null ? "not ended" : Instant.ofEpochMilli(r.endedAtMillis()).toString()))
                .append(row("job key", r.jobKey() == null ? "none" : r.jobKey()))
                .append(row("dataset version", r.datasetHash() == null ? "none recorded" : r.datasetHash()))
                .append(row("code version", r.codeVersion()));
        r.environment().forEach((k, v) -> b.append(row("environment: " + k, String.valueOf(v))));
        b.append("</table>");
        Map<String, String> artifacts = runs.artifacts(r.runId());
        if (!artifacts.isEmpty()) {
            b.append("<h3>Artifacts</h3>").append(table("artifacts", artifacts));
        }
        return Html.page("Run " + shortId(r.runId()), user.name(), b.append(UPLOT)
                .append("<script src=\"/dashboard/runs.js\"></script>").toString());
    }

    private String compare(Context ctx, TokenRepository.ApiToken user) {
        String ida = ctx.queryParam("a");
        String idb = ctx.queryParam("b");
        if (ida == null || idb == null || ida.isBlank() || idb.isBlank()) {
            throw ApiException.badRequest("choose two runs to compare: /experiments/compare?a=RUN&b=RUN");
        }
        Run a = find(ida);
        Run b = find(idb);
        String la = "A " + shortId(a.runId());
        String lb = "B " + shortId(b.runId());
        StringBuilder h = new StringBuilder("<h2>Compare runs</h2><table id=\"compare-heads\"><tr><th></th><th>")
                .append(link(a, la)).append("</th><th>").append(link(b, lb)).append("</th></tr>")
                .append(pair("experiment", a.experiment(), b.experiment()))
                .append(pair("status", a.status().name(), b.status().name()))
                .append(pair("started", Instant.ofEpochMilli(a.startedAtMillis()).toString(),
                        Instant.ofEpochMilli(b.startedAtMillis()).toString()))
                .append(pair("dataset version", a.datasetHash(), b.datasetHash()))
                .append(pair("code version", a.codeVersion(), b.codeVersion())).append("</table>");
        h.append("<h3>Metric curves</h3>").append(curves(RunCurves.of(List.of(la, lb),
                List.of(runs.allSteps(a.runId(), MAX_STEP_VALUES), runs.allSteps(b.runId(), MAX_STEP_VALUES)))));
        h.append("<h3>Parameters</h3><p>Rows that differ are marked.</p>").append(sideBySide("param-diff",
                RunComparison.rows(a.params(), b.params()), la, lb));
        h.append("<h3>Final metrics</h3>").append(sideBySide("metric-diff",
                RunComparison.rows(new TreeMap<>(a.metrics()), new TreeMap<>(b.metrics())), la, lb));
        return Html.page("Compare runs", user.name(), h.append(UPLOT)
                .append("<script src=\"/dashboard/runs.js\"></script>").toString());
    }

    private Run find(String id) {
        return runs.find(id).orElseThrow(() -> ApiException.notFound("no run with id '" + id + "'"));
    }

    private static String curves(List<RunCurves.Chart> charts) {
        if (charts.isEmpty()) {
            return "<p id=\"no-curves\">No data: no per-step metrics were logged.</p>";
        }
        StringBuilder b = new StringBuilder("<div id=\"curves\">");
        for (int i = 0; i < charts.size(); i++) {
            b.append("<div class=\"chart\"><div class=\"curve\" id=\"curve-").append(i).append("\"></div></div>");
        }
        return b.append("</div><script type=\"application/json\" id=\"curve-data\">").append(RunCurves.json(charts))
                .append("</script>").toString();
    }

    private static String sideBySide(String id, List<RunComparison.Row> rows, String la, String lb) {
        if (rows.isEmpty()) {
            return "<p id=\"" + id + "\">Neither run has any.</p>";
        }
        StringBuilder b = new StringBuilder("<table id=\"").append(id).append("\"><tr><th></th><th>").append(Html.esc(la))
                .append("</th><th>").append(Html.esc(lb)).append("</th></tr>");
        for (RunComparison.Row r : rows) {
            b.append("<tr").append(r.differs() ? " class=\"diff\"" : "").append("><th>").append(Html.esc(r.key()))
                    .append("</th><td>").append(r.a() == null ? "<i>absent</i>" : Html.esc(r.a())).append("</td><td>")
                    .append(r.b() == null ? "<i>absent</i>" : Html.esc(r.b())).append("</td></tr>");
        }
        return b.append("</table>").toString();
    }

    private static String pair(String name, String a, String b) {
        return "<tr" + (java.util.Objects.equals(a, b) ? "" : " class=\"diff\"") + "><th>" + Html.esc(name) + "</th><td>"
                + Html.esc(a == null ? "none" : a) + "</td><td>" + Html.esc(b == null ? "none" : b) + "</td></tr>";
    }

    private static String link(Run r, String label) {
        return "<a href=\"/experiments/runs/" + Html.esc(r.runId()) + "\">" + Html.esc(label) + "</a>";
    }

    private static String table(String id, Map<String, ?> values) {
        if (values.isEmpty()) {
            return "<p id=\"" + id + "\">None recorded.</p>";
        }
        StringBuilder b = new StringBuilder("<table id=\"").append(id).append("\">");
        values.forEach((k, v) -> b.append(row(k, String.valueOf(v))));
        return b.append("</table>").toString();
    }

    private static String row(String name, String value) {
        return "<tr><th>" + Html.esc(name) + "</th><td>" + Html.esc(value) + "</td></tr>";
    }

    private static String metrics(Map<String, Double> metrics, int max) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(metrics).entrySet().stream().limit(max).forEach(e -> b.append(Html.esc(e.getKey())).append(' ')
                .append(String.format("%.4g", e.getValue())).append("<br>"));
        if (metrics.size() > max) {
            b.append("<small>and ").append(metrics.size() - max).append(" more</small>");
        }
        return b.toString();
    }

    private static String status(Run r) {
        String css = switch (r.status()) {
            case FINISHED -> "ok";
            case RUNNING -> "warn";
            case FAILED -> "bad";
        };
        return "<span class=\"" + css + "\">" + r.status().name().toLowerCase(java.util.Locale.ROOT) + "</span>";
    }

    private static String took(Run r) {
        if (r.endedAtMillis() == null) {
            return "";
        }
        Duration d = Duration.ofMillis(r.endedAtMillis() - r.startedAtMillis());
        return d.toMinutes() > 0 ? d.toMinutes() + " min " + d.toSecondsPart() + " s" : String.format("%.1f s", d.toMillis() / 1000.0);
    }

    private static String shortId(String runId) {
        return runId.length() > 8 ? runId.substring(0, 8) : runId;
    }
}

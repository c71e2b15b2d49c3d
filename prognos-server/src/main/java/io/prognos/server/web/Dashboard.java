package io.prognos.server.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Sensor;
import io.prognos.pipeline.PipelineContext;
import io.prognos.server.api.AccessControl;
import io.prognos.server.api.ApiRoutes;
import io.prognos.server.live.StaleDataWatch;
import io.prognos.store.AlertRepository;
import io.prognos.store.AnomalyFeedback;
import io.prognos.store.AnomalyRepository;
import io.prognos.store.AssetRepository;
import io.prognos.store.StoredAnomaly;
import io.prognos.store.TokenRepository;
import io.prognos.store.WorkOrderRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The server-rendered dashboard: a login with an API token (kept in a session), the fleet overview
 * (asset health tiles, newest anomalies), a sensor page (telemetry with anomaly bands, the forecast with
 * its interval and the limits, drawn with uPlot from the API) and the anomaly list. Pages read the same
 * API as any client, with the session instead of a bearer header. Further pages live in their own classes and
 * are registered here: the system page, data quality, experiments, the work-order schedule and model promotion.
 */
public final class Dashboard {

    private static final String CSRF = "prognos.csrf";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final PipelineContext context;
    private final StaleDataWatch staleWatch;
    private final TokenRepository tokens;
    private final AccessControl access;
    private final io.prognos.server.alert.LimitWatch limitWatch;
    private final ServerView server;
    private final ModelPromotion promotion;
    private final QualityPage quality;

    public Dashboard(PipelineContext context, StaleDataWatch staleWatch, AccessControl access,
                     io.prognos.server.alert.LimitWatch limitWatch, ServerView server) {
        this.limitWatch = limitWatch;
        this.server = server;
        this.promotion = new ModelPromotion(this, context.registry());
        this.quality = new QualityPage(this, context);
        this.context = context;
        this.staleWatch = staleWatch;
        this.tokens = new TokenRepository(context.db());
        this.access = access;
    }

    public void register(JavalinConfig cfg) {
        cfg.routes.get("/login", ctx -> ctx.html(loginPage(null)));
        cfg.routes.post("/login", this::login);
        cfg.routes.get("/logout", ctx -> {
            if (ctx.req().getSession(false) != null) {
                ctx.req().getSession(false).invalidate();
            }
            ctx.redirect("/login");
        });
        cfg.routes.get("/", ctx -> page(ctx, this::overview));
        cfg.routes.get("/sensors/{id}", ctx -> page(ctx, this::sensor));
        cfg.routes.get("/anomalies/{id}", ctx -> page(ctx, this::anomaly));
        cfg.routes.post("/anomalies/{id}/feedback", this::feedback);
        cfg.routes.post("/anomalies/{id}/work-order", this::workOrderFromAnomaly);
        cfg.routes.get("/work-orders", ctx -> page(ctx, this::workOrders));
        cfg.routes.get("/alerts", ctx -> page(ctx, this::alerts));
        cfg.routes.get("/models", ctx -> page(ctx, this::models));
        cfg.routes.get("/risk", ctx -> page(ctx, this::risk));
        cfg.routes.post("/work-orders/{id}/status", this::workOrderStatus);
        new AnomaliesPage(this, context).register(cfg);
        new SystemPage(this, context, server).register(cfg);
        quality.register(cfg);
        new ExperimentsPage(this, context).register(cfg);
        new WorkOrderSchedulePage(this, context, java.time.Clock.systemUTC()).register(cfg);
        promotion.register(cfg);
    }

    /**
     * An operator's verdict from the anomaly page. State-changing forms carry the session's CSRF token, and
     * the session's role must allow it, exactly as for the API.
     */
    private void feedback(Context ctx) {
        Optional<TokenRepository.ApiToken> user = operatorForm(ctx);
        if (user.isEmpty()) {
            return;
        }
        long id = ApiRoutes.pathId(ctx);
        AnomalyFeedback.Verdict verdict;
        try {
            verdict = AnomalyFeedback.Verdict.parse(ctx.formParam("verdict"));
        } catch (IllegalArgumentException e) {
            throw io.prognos.server.api.ApiException.badRequest(e.getMessage());
        }
        new AnomalyFeedback(context.db()).record(id, verdict, user.get().name(), ctx.formParam("note"));
        ctx.redirect("/anomalies/" + id);
    }

    /** The logged-in operator of a state-changing form with a valid CSRF token; empty after a redirect to login. */
    Optional<TokenRepository.ApiToken> operatorForm(Context ctx) {
        return roleForm(ctx, io.prognos.store.TokenRole.OPERATOR);
    }

    /** As {@link #operatorForm}, for forms only an admin may send (tokens, model stages). */
    Optional<TokenRepository.ApiToken> adminForm(Context ctx) {
        return roleForm(ctx, io.prognos.store.TokenRole.ADMIN);
    }

    private Optional<TokenRepository.ApiToken> roleForm(Context ctx, io.prognos.store.TokenRole role) {
        Optional<TokenRepository.ApiToken> user = access.caller(ctx);
        if (user.isEmpty()) {
            ctx.redirect("/login");
            return Optional.empty();
        }
        if (!user.get().role().includes(role)) {
            throw new io.prognos.server.api.ApiException(403, "Forbidden", "token '" + user.get().name() + "' has role "
                    + user.get().role().label() + "; this needs " + role.label());
        }
        Object expected = ctx.req().getSession(false) == null ? null : ctx.req().getSession(false).getAttribute(CSRF);
        if (expected == null || !expected.equals(ctx.formParam("_csrf"))) {
            throw new io.prognos.server.api.ApiException(403, "Forbidden", "the form's CSRF token is missing or stale; "
                    + "reload the page and try again");
        }
        return user;
    }

    String csrf(Context ctx) {
        Object csrf = ctx.req().getSession(false) == null ? null : ctx.req().getSession(false).getAttribute(CSRF);
        return csrf == null ? "" : csrf.toString();
    }

    private void workOrderFromAnomaly(Context ctx) {
        Optional<TokenRepository.ApiToken> user = operatorForm(ctx);
        if (user.isEmpty()) {
            return;
        }
        long id = ApiRoutes.pathId(ctx);
        StoredAnomaly a = new AnomalyRepository(context.db()).find(id)
                .orElseThrow(() -> io.prognos.server.api.ApiException.notFound("no anomaly with id " + id));
        Sensor sensor = new AssetRepository(context.db()).requireSensor(a.sensorId());
        String assignee = ctx.formParam("assignee");
        new WorkOrderRepository(context.db()).create(a.severity() + " anomaly on " + a.sensorId() + " from "
                        + Instant.ofEpochMilli(a.startMillis()), sensor.assetId(), sensor.id(), id, null,
                assignee == null || assignee.isBlank() ? null : assignee, "high", null, user.get().name());
        ctx.redirect("/work-orders");
    }

    private void workOrderStatus(Context ctx) {
        Optional<TokenRepository.ApiToken> user = operatorForm(ctx);
        if (user.isEmpty()) {
            return;
        }
        try {
            new WorkOrderRepository(context.db()).update(ApiRoutes.pathId(ctx), ctx.formParam("status"), null,
                    null, null);
        } catch (IllegalArgumentException e) {
            throw new io.prognos.server.api.ApiException(409, "Not allowed", e.getMessage());
        }
        ctx.redirect("/work-orders");
    }

    private String workOrders(Context ctx, TokenRepository.ApiToken user) {
        List<WorkOrderRepository.WorkOrder> list = new WorkOrderRepository(context.db()).list(null);
        boolean operator = user.role().includes(io.prognos.store.TokenRole.OPERATOR);
        StringBuilder t = new StringBuilder("<h2>Work orders</h2><p>Scheduled by due date; undated last.</p>");
        if (list.isEmpty()) {
            return Html.page("Work orders", user.name(), t + "<p>No work orders.</p>");
        }
        t.append("<table id=\"work-orders\"><tr><th>due</th><th>title</th><th>asset</th><th>assignee</th><th>priority</th>"
                + "<th>status</th><th></th></tr>");
        for (WorkOrderRepository.WorkOrder w : list) {
            t.append("<tr data-id=\"").append(w.id()).append("\"><td>")
                    .append(w.dueAt() == null ? "" : Instant.ofEpochMilli(w.dueAt()).toString()).append("</td><td>")
                    .append(Html.esc(w.title())).append("</td><td>").append(Html.esc(w.assetId() == null ? "" : w.assetId()))
                    .append("</td><td>").append(Html.esc(w.assignee() == null ? "" : w.assignee())).append("</td><td>")
                    .append(Html.esc(w.priority())).append("</td><td class=\"status\">").append(Html.esc(w.status()))
                    .append("</td><td>");
            if (operator && (w.status().equals("open") || w.status().equals("in_progress"))) {
                for (String next : w.status().equals("open") ? new String[]{"in_progress", "done", "cancelled"}
                        : new String[]{"done", "cancelled"}) {
                    t.append("<form method=\"post\" action=\"/work-orders/").append(w.id())
                            .append("/status\" style=\"display:inline\"><input type=\"hidden\" name=\"_csrf\" value=\"")
                            .append(Html.esc(csrf(ctx))).append("\"><button name=\"status\" value=\"").append(next)
                            .append("\" class=\"to-").append(next).append("\">").append(next.replace('_', ' '))
                            .append("</button></form> ");
                }
            }
            t.append("</td></tr>");
        }
        return Html.page("Work orders", user.name(), t.append("</table>").toString());
    }

    private String alerts(Context ctx, TokenRepository.ApiToken user) {
        AlertRepository repo = new AlertRepository(context.db());
        List<AlertRepository.Alert> list = repo.history(200);
        StringBuilder t = new StringBuilder("<h2>Alerts</h2>");
        if (list.isEmpty()) {
            return Html.page("Alerts", user.name(), t + "<p>No alerts yet. Rules are managed with POST /api/v1/alert-rules.</p>");
        }
        t.append("<table id=\"alert-history\"><tr><th>opened</th><th>state</th><th>sensor</th><th>severity</th><th>what</th>"
                + "<th>deliveries</th></tr>");
        for (AlertRepository.Alert a : list) {
            t.append("<tr><td>").append(Instant.ofEpochMilli(a.openedAt())).append("</td><td>").append(Html.esc(a.state()))
                    .append(a.clearedAt() == null ? "" : " " + Instant.ofEpochMilli(a.clearedAt())).append("</td><td>")
                    .append(Html.esc(a.sensorId())).append("</td><td class=\"sev-").append(Html.esc(a.severity())).append("\">")
                    .append(Html.esc(a.severity())).append("</td><td>").append(Html.esc(a.message())).append("</td><td>")
                    .append(Html.esc(String.join("; ", repo.deliveries(a.alertId())))).append("</td></tr>");
        }
        return Html.page("Alerts", user.name(), t.append("</table>").toString());
    }

    /** Every model version in the registry: stage, algorithm, lineage (run, dataset) and held-out metrics. */
    private String models(Context ctx, TokenRepository.ApiToken user) {
        List<io.prognos.store.ModelVersion> versions = context.registry().versions(null, null);
        StringBuilder t = new StringBuilder("<h2>Models</h2>" + Flash.take(ctx) + "<p>Registry versions with the run and "
                + "data that produced them; the metrics are measured on held-out parts, never on training data.</p>");
        if (versions.isEmpty()) {
            return Html.page("Models", user.name(), t + "<p>No model versions yet: <code>prognos train --all</code>.</p>");
        }
        t.append("<table id=\"models\"><tr><th>sensor</th><th>kind</th><th>version</th><th>stage</th><th>algorithm</th>"
                + "<th>run</th><th>dataset</th><th>held-out metrics</th><th></th></tr>");
        for (io.prognos.store.ModelVersion v : versions) {
            StringBuilder metrics = new StringBuilder();
            new java.util.TreeMap<>(v.validationMetrics()).forEach((k, x) -> {
                if (!k.startsWith("in_sample")) {
                    metrics.append(Html.esc(k)).append(' ').append(String.format("%.4g", x)).append("<br>");
                }
            });
            t.append("<tr data-version=\"").append(v.versionId()).append("\"><td><a href=\"/sensors/")
                    .append(Html.esc(v.sensorId())).append("\">").append(Html.esc(v.sensorId()))
                    .append("</a></td><td>").append(Html.esc(v.kind())).append("</td><td>v").append(v.version())
                    .append("</td><td>").append(Html.esc(v.stage().label())).append("</td><td>").append(Html.esc(v.algorithm()))
                    .append("</td><td><code>").append(Html.esc(v.runId() == null ? "" : v.runId())).append("</code></td><td><code>")
                    .append(Html.esc(v.datasetHash() == null ? "" : v.datasetHash().substring(0, Math.min(12, v.datasetHash().length()))))
                    .append("</code></td><td>").append(metrics).append("</td><td>").append(promotion.form(ctx, user, v))
                    .append("</td></tr>");
        }
        return Html.page("Models", user.name(), t.append("</table>").toString());
    }

    /** Sensors by chance of crossing a limit x asset criticality: what to fix first. */
    private String risk(Context ctx, TokenRepository.ApiToken user) {
        AssetRepository assets = new AssetRepository(context.db());
        record Row(Sensor sensor, int criticality, io.prognos.server.alert.LimitWatch.LimitRisk risk) {
        }
        List<Row> rows = new java.util.ArrayList<>();
        for (Sensor s : assets.sensors(null)) {
            int criticality = assets.findAsset(s.assetId()).map(io.prognos.core.asset.Asset::criticality).orElse(1);
            for (io.prognos.server.alert.LimitWatch.LimitRisk r : limitWatch.risks(s)) {
                rows.add(new Row(s, criticality, r));
            }
        }
        rows.sort((a, b) -> Double.compare(b.risk().probability() * b.criticality(), a.risk().probability() * a.criticality()));
        StringBuilder t = new StringBuilder("<h2>Time-to-limit ranking</h2><p>Chance of crossing a limit within the forecast "
                + "horizon x asset criticality (1-5), highest first.</p>");
        if (rows.isEmpty()) {
            return Html.page("Risk", user.name(), t + "<p id=\"no-risk\">Nothing to rank: no sensor has limits and a "
                    + "Production forecaster that can forecast from its latest readings.</p>");
        }
        t.append("<table id=\"risk\"><tr><th>risk</th><th>sensor</th><th>limit</th><th>chance</th><th>median first crossing</th>"
                + "<th>criticality</th></tr>");
        for (Row r : rows) {
            t.append("<tr><td>").append(String.format("%.2f", r.risk().probability() * r.criticality())).append("</td><td>")
                    .append("<a href=\"/sensors/").append(Html.esc(r.sensor().id())).append("\">").append(Html.esc(r.sensor().id()))
                    .append("</a></td><td>").append(Html.esc(r.risk().level() + " " + r.risk().side() + " " + r.risk().limit()
                            + " " + r.sensor().unit())).append("</td><td>")
                    .append(String.format("%.0f %%", 100 * r.risk().probability())).append("</td><td>")
                    .append(r.risk().medianCrossing() == null ? "" : r.risk().medianCrossing().toString()).append("</td><td>")
                    .append(r.criticality()).append("</td></tr>");
        }
        return Html.page("Risk", user.name(), t.append("</table>").toString());
    }

    interface PageBody {
        String render(Context ctx, TokenRepository.ApiToken user);
    }

    void page(Context ctx, PageBody body) {
        Optional<TokenRepository.ApiToken> user = access.caller(ctx);
        if (user.isEmpty()) {
            ctx.redirect("/login");
            return;
        }
        ctx.html(body.render(ctx, user.get()));
    }

    private void login(Context ctx) {
        Optional<TokenRepository.ApiToken> token = tokens.authenticate(ctx.formParam("token"));
        if (token.isEmpty()) {
            ctx.status(401).html(loginPage("That token is not valid (unknown or revoked)."));
            return;
        }
        // a fresh session at login, so that a session id planted before it is worthless
        if (ctx.req().getSession(false) != null) {
            ctx.req().getSession(false).invalidate();
        }
        ctx.req().getSession(true).setAttribute(AccessControl.SESSION_USER, token.get());
        byte[] csrf = new byte[24];
        RANDOM.nextBytes(csrf);
        ctx.req().getSession().setAttribute(CSRF, java.util.HexFormat.of().formatHex(csrf));
        ctx.redirect("/");
    }

    private static String loginPage(String error) {
        return Html.page("Log in", null, """
                <h2>Log in</h2>
                <form class="login" method="post" action="/login">
                <p>Paste an API token. The demo wrote its admin token to <code>DATA_DIR/admin-token</code>;
                <code>prognos tokens add NAME --role viewer</code> issues more.</p>
                %s<label>Token<input type="password" name="token" autocomplete="off" required></label>
                <button type="submit">Log in</button></form>
                """.formatted(error == null ? "" : "<p class=\"bad\">" + Html.esc(error) + "</p>"));
    }

    private String overview(Context ctx, TokenRepository.ApiToken user) {
        AssetRepository assets = new AssetRepository(context.db());
        List<StoredAnomaly> recent = new AnomalyRepository(context.db()).list(null, Long.MIN_VALUE, Long.MAX_VALUE, 20);
        Set<String> stale = staleWatch.stale();
        StringBuilder tiles = new StringBuilder("<div class=\"tiles\">");
        for (Asset a : assets.assets()) {
            List<Sensor> sensors = assets.sensors(a.id());
            long anomalous = sensors.stream().filter(s -> recent.stream().anyMatch(r -> r.sensorId().equals(s.id()))).count();
            long staleCount = sensors.stream().filter(s -> stale.contains(s.id())).count();
            String health = anomalous > 0 ? "bad" : staleCount > 0 ? "warn" : "ok";
            tiles.append("<div class=\"tile\" data-asset=\"").append(Html.esc(a.id())).append("\"><h3 class=\"")
                    .append(health).append("\">").append(Html.esc(a.name())).append("</h3><div>")
                    .append(Html.esc(a.type())).append(" · criticality ").append(a.criticality()).append("</div><ul>");
            for (Sensor s : sensors) {
                tiles.append("<li><a href=\"/sensors/").append(Html.esc(s.id())).append("\">").append(Html.esc(s.name()))
                        .append("</a>").append(stale.contains(s.id()) ? " <span class=\"warn\">stale</span>" : "")
                        .append(recent.stream().anyMatch(r -> r.sensorId().equals(s.id()))
                                ? " <span class=\"bad\">anomaly</span>" : "").append("</li>");
            }
            tiles.append("</ul></div>");
        }
        tiles.append("</div>");
        AnomalyFeedback.Kpis k = new AnomalyFeedback(context.db()).kpis();
        String kpis = "<p id=\"kpis\">Anomalies: <b id=\"kpi-anomalies\">" + k.anomalies() + "</b> · confirmed <b id=\"kpi-confirmed\">"
                + k.confirmed() + "</b> · rejected <b id=\"kpi-rejected\">" + k.rejected() + "</b> · unreviewed "
                + k.unreviewed() + (Double.isNaN(k.reviewedPrecision()) ? ""
                : String.format(" · precision of reviewed: <b id=\"kpi-precision\">%.0f %%</b>", 100 * k.reviewedPrecision()))
                + "</p>";
        return Html.page("Fleet", user.name(), "<h2>Fleet</h2>" + kpis + tiles + openAlerts() + "<h2>Newest anomalies</h2>"
                + anomalyTable(recent));
    }

    private String openAlerts() {
        List<AlertRepository.Alert> open = new AlertRepository(context.db()).openAlerts();
        if (open.isEmpty()) {
            return "<h2>Open alerts</h2><p id=\"alerts\">None.</p>";
        }
        StringBuilder t = new StringBuilder("<h2>Open alerts</h2><table id=\"alerts\"><tr><th>opened</th><th>sensor</th>"
                + "<th>severity</th><th>what</th></tr>");
        for (AlertRepository.Alert a : open) {
            t.append("<tr><td>").append(Instant.ofEpochMilli(a.openedAt())).append("</td><td><a href=\"/sensors/")
                    .append(Html.esc(a.sensorId())).append("\">").append(Html.esc(a.sensorId())).append("</a></td><td class=\"sev-")
                    .append(Html.esc(a.severity())).append("\">").append(Html.esc(a.severity())).append("</td><td>")
                    .append(Html.esc(a.message())).append("</td></tr>");
        }
        return t.append("</table>").toString();
    }

    private static String anomalyTable(List<StoredAnomaly> list) {
        if (list.isEmpty()) {
            return "<p>No anomalies stored.</p>";
        }
        StringBuilder t = new StringBuilder("<table id=\"anomalies\"><tr><th>sensor</th><th>start</th><th>end</th>"
                + "<th>score</th><th>severity</th><th>found by</th><th></th></tr>");
        for (StoredAnomaly a : list) {
            t.append("<tr><td><a href=\"/sensors/").append(Html.esc(a.sensorId())).append("\">").append(Html.esc(a.sensorId()))
                    .append("</a></td><td>").append(Instant.ofEpochMilli(a.startMillis())).append("</td><td>")
                    .append(Instant.ofEpochMilli(a.endMillis())).append("</td><td>")
                    .append(String.format("%.2f", ApiRoutes.boundedScore(a.score()))).append("</td><td class=\"sev-")
                    .append(Html.esc(a.severity())).append("\">").append(Html.esc(a.severity()))
                    .append("</td><td>").append(Html.esc(foundBy(a)))
                    .append("</td><td><a href=\"/anomalies/").append(a.anomalyId()).append("\">why?</a></td></tr>");
        }
        return t.append("</table>").toString();
    }

    /** What found an anomaly: online detection's streaming detector, or the model version that scored it. */
    static String foundBy(StoredAnomaly a) {
        if (a.detector() != null) {
            return "online " + a.detector();
        }
        return a.versionId() == null ? "" : "model version " + a.versionId();
    }

    private String anomaly(Context ctx, TokenRepository.ApiToken user) {
        long id = ApiRoutes.pathId(ctx);
        AnomalyFeedback.Reviewed reviewed = new AnomalyFeedback(context.db()).find(id)
                .orElseThrow(() -> io.prognos.server.api.ApiException.notFound("no anomaly with id " + id));
        StoredAnomaly a = reviewed.anomaly();
        String verdict = reviewed.verdict() == null ? "not reviewed yet"
                : reviewed.verdict().label() + " by " + Html.esc(reviewed.by());
        String form = "";
        if (user.role().includes(io.prognos.store.TokenRole.OPERATOR)) {
            Object csrf = ctx.req().getSession(false) == null ? null : ctx.req().getSession(false).getAttribute(CSRF);
            form = """
                    <form method="post" action="/anomalies/%d/feedback" id="feedback">
                    <input type="hidden" name="_csrf" value="%s">
                    <input type="text" name="note" placeholder="note (optional)" maxlength="2000">
                    <button type="submit" name="verdict" value="confirmed" id="confirm">Confirm: a real fault</button>
                    <button type="submit" name="verdict" value="rejected" id="reject">Reject: a false alarm</button>
                    </form>
                    <form method="post" action="/anomalies/%d/work-order" id="new-work-order">
                    <input type="hidden" name="_csrf" value="%s">
                    <input type="text" name="assignee" placeholder="assignee (optional)" maxlength="100">
                    <button type="submit" id="create-work-order">Create a work order</button>
                    </form>""".formatted(id, Html.esc(csrf == null ? "" : csrf), id, Html.esc(csrf == null ? "" : csrf));
        }
        String body = """
                <h2>Anomaly %d on <a href="/sensors/%s">%s</a></h2>
                <p>%s to %s · score %.2f · <span class="sev-%s">%s</span> · <span id="found-by">found by %s</span> ·
                <span id="verdict">%s</span></p>
                %s
                <div class="chart"><div id="why"></div></div>
                <h3>The asset's other sensors over the same interval</h3>
                <table id="related"><tr><th>sensor</th><th>unusualness (robust z against the day before)</th></tr></table>
                <script src="/webjars/uplot/1.6.30/dist/uPlot.iife.min.js"></script>
                <script src="/dashboard/anomaly.js" data-anomaly="%d" id="anomaly-script"></script>
                """.formatted(a.anomalyId(), Html.esc(a.sensorId()), Html.esc(a.sensorId()), Instant.ofEpochMilli(a.startMillis()),
                Instant.ofEpochMilli(a.endMillis()), ApiRoutes.boundedScore(a.score()), Html.esc(a.severity()),
                Html.esc(a.severity()), Html.esc(foundBy(a)), verdict, form, a.anomalyId());
        return Html.page("Anomaly " + a.anomalyId(), user.name(), body);
    }

    private String sensor(Context ctx, TokenRepository.ApiToken user) {
        Sensor s = new AssetRepository(context.db()).findSensor(ctx.pathParam("id"))
                .orElseThrow(() -> io.prognos.server.api.ApiException.notFound("unknown sensor '" + ctx.pathParam("id") + "'"));
        List<StoredAnomaly> list = new AnomalyRepository(context.db()).list(s.id(), Long.MIN_VALUE, Long.MAX_VALUE, 50);
        String body = """
                <h2>%s <small>%s · %s</small></h2>
                <div class="chart"><div id="telemetry"></div></div>
                <h3>Forecast</h3><div id="forecast-summary">loading…</div>
                <div class="chart"><div id="forecast"></div></div>
                <h3>Anomalies</h3>%s
                %s
                <script src="/webjars/uplot/1.6.30/dist/uPlot.iife.min.js"></script>
                <script src="/dashboard/sensor.js" data-sensor="%s" id="sensor-script"></script>
                """.formatted(Html.esc(s.name()), Html.esc(s.id()), Html.esc(s.unit()), anomalyTable(list),
                quality.sensorSection(s), Html.esc(s.id()));
        return Html.page(s.id(), user.name(), body);
    }
}

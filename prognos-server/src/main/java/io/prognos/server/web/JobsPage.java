package io.prognos.server.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.prognos.core.asset.Asset;
import io.prognos.pipeline.Predictors;
import io.prognos.server.api.AccessControl;
import io.prognos.server.api.ApiException;
import io.prognos.server.api.ApiRoutes;
import io.prognos.server.api.TrainingJobRequests;
import io.prognos.server.jobs.JobProgress;
import io.prognos.server.jobs.SensorOutcome;
import io.prognos.server.jobs.TrainingJob;
import io.prognos.server.jobs.TrainingJobs;
import io.prognos.store.AssetRepository;
import io.prognos.store.TokenRepository;
import io.prognos.store.TokenRole;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The training-jobs page ({@code /jobs}): every job with its state, a progress bar and each sensor's outcome,
 * kept live by htmx, which re-reads the table fragment every second while a job is queued or running and
 * stops once none is; an operator's form to train an asset's or every sensor's detectors or forecasters,
 * and a cancel button. Forms work without JavaScript too (post, redirect, get).
 */
public final class JobsPage {

    private static final String HTMX = "/webjars/htmx.org/2.0.10/dist/htmx.min.js";

    private final Dashboard dashboard;
    private final TrainingJobs jobs;
    private final TrainingJobRequests requests;
    private final AssetRepository assets;
    private final AccessControl access;

    public JobsPage(Dashboard dashboard, AccessControl access, TrainingJobs jobs, TrainingJobRequests requests,
                    AssetRepository assets) {
        this.dashboard = dashboard;
        this.access = access;
        this.jobs = jobs;
        this.requests = requests;
        this.assets = assets;
    }

    public void register(JavalinConfig cfg) {
        cfg.routes.get("/jobs", ctx -> dashboard.page(ctx, this::render));
        cfg.routes.get("/jobs/list", this::fragment);
        cfg.routes.post("/jobs", this::start);
        cfg.routes.post("/jobs/{id}/cancel", this::cancel);
    }

    private String render(Context ctx, TokenRepository.ApiToken user) {
        boolean operator = user.role().includes(TokenRole.OPERATOR);
        String body = "<h2>Training jobs</h2>" + Flash.take(ctx)
                + "<p>Jobs train through the same pipeline as <code>prognos train</code>: quality gate, versioned data, "
                + "held-out metrics, registry and champion/challenger promotion. One job trains at a time.</p>"
                + (operator ? form(ctx) : "") + "<div id=\"job-message\" aria-live=\"polite\"></div>"
                + table(operator, dashboard.csrf(ctx)) + "<script src=\"" + HTMX + "\"></script>";
        return Html.page("Jobs", user.name(), body);
    }

    /** The table alone, for htmx's polling; it polls again only while a job is queued or running. */
    private void fragment(Context ctx) {
        Optional<TokenRepository.ApiToken> user = loggedIn(ctx);
        if (user.isPresent()) {
            ctx.html(table(user.get().role().includes(TokenRole.OPERATOR), dashboard.csrf(ctx)));
        }
    }

    private void start(Context ctx) {
        Optional<TokenRepository.ApiToken> user = dashboard.operatorForm(ctx);
        if (user.isEmpty()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", ctx.formParam("kind"));
        String target = ctx.formParam("target");
        if (target != null && target.startsWith("asset:")) {
            body.put("asset", target.substring("asset:".length()));
        } else {
            body.put("all", "all".equals(target) ? Boolean.TRUE : target);
        }
        Map<String, Object> options = new LinkedHashMap<>();
        if ("detector".equals(ctx.formParam("kind")) && notBlank(ctx.formParam("predictor"))) {
            options.put("predictor", ctx.formParam("predictor"));
        }
        if ("forecaster".equals(ctx.formParam("kind")) && notBlank(ctx.formParam("horizon"))) {
            try {
                options.put("horizon", Integer.parseInt(ctx.formParam("horizon").trim()));
            } catch (NumberFormatException e) {
                answer(ctx, false, "options.horizon: expected a whole number of steps, got '" + ctx.formParam("horizon") + "'");
                return;
            }
        }
        body.put("options", options);
        TrainingJob job;
        try {
            job = jobs.submit(requests.parse(body, user.get().name()));
        } catch (ApiException e) {
            answer(ctx, false, e.getMessage());
            return;
        }
        answer(ctx, true, "Job " + job.id() + " queued: " + job.kind().label() + "s for " + job.sensors().size()
                + " sensor" + (job.sensors().size() == 1 ? "" : "s") + " (" + job.scope() + ").");
    }

    private void cancel(Context ctx) {
        Optional<TokenRepository.ApiToken> user = dashboard.operatorForm(ctx);
        if (user.isEmpty()) {
            return;
        }
        long id = ApiRoutes.pathId(ctx);
        try {
            TrainingJob job = jobs.cancel(id, user.get().name());
            answer(ctx, true, job.state().finished() ? "Job " + id + " cancelled."
                    : "Job " + id + " stops once its current sensor is finished.");
        } catch (NoSuchElementException | IllegalStateException e) {
            answer(ctx, false, e.getMessage());
        }
    }

    /**
     * The outcome of a form: to htmx, a message for the page and an event that refreshes the table at once; to a
     * plain form post, the same message on the page it is redirected to.
     */
    private static void answer(Context ctx, boolean ok, String text) {
        if (ctx.header("HX-Request") != null) {
            if (ok) {
                ctx.header("HX-Trigger", "jobs-changed");
            }
            ctx.html("<p class=\"" + (ok ? "ok" : "bad") + "\">" + Html.esc(text) + "</p>");
        } else {
            Flash.set(ctx, ok, Html.esc(text));
            ctx.redirect("/jobs");
        }
    }

    private Optional<TokenRepository.ApiToken> loggedIn(Context ctx) {
        Optional<TokenRepository.ApiToken> user = access.caller(ctx);
        if (user.isEmpty()) {
            if (ctx.header("HX-Request") != null) {
                ctx.header("HX-Redirect", "/login"); // htmx leaves the page instead of swapping the login form in
            } else {
                ctx.redirect("/login");
            }
        }
        return user;
    }

    private String form(Context ctx) {
        StringBuilder targets = new StringBuilder("<option value=\"all\">all sensors</option>");
        for (Asset a : assets.assets()) {
            targets.append("<option value=\"asset:").append(Html.esc(a.id())).append("\">asset ").append(Html.esc(a.id()))
                    .append(" (").append(Html.esc(a.name())).append(")</option>");
        }
        StringBuilder predictors = new StringBuilder();
        String standard = jobs.defaults().predictor();
        for (String p : Predictors.NAMES) {
            predictors.append("<option").append(p.equals(standard) ? " selected" : "").append('>').append(p).append("</option>");
        }
        return """
                <form id="start-job" method="post" action="/jobs" hx-post="/jobs" hx-target="#job-message" hx-swap="innerHTML">
                <input type="hidden" name="_csrf" value="%s">
                <label>Train <select name="kind" id="job-kind"><option value="detector">detectors</option>
                <option value="forecaster">forecasters</option></select></label>
                <label>for <select name="target" id="job-target">%s</select></label>
                <label>predictor (detectors) <select name="predictor">%s</select></label>
                <label>horizon (forecasters, steps) <input type="number" name="horizon" min="1" max="10000" value="%d"
                 style="width:6rem"></label>
                <button type="submit" id="start-job-button">Start training</button>
                </form>""".formatted(Html.esc(dashboard.csrf(ctx)), targets, predictors,
                TrainingJobRequests.DEFAULT_HORIZON);
    }

    private String table(boolean operator, String csrf) {
        List<TrainingJob> list = jobs.list();
        boolean live = list.stream().anyMatch(j -> !j.state().finished());
        StringBuilder t = new StringBuilder("<div id=\"jobs\" hx-get=\"/jobs/list\" hx-swap=\"outerHTML\" hx-trigger=\"")
                .append(live ? "every 1s, " : "").append("jobs-changed from:body\" data-live=\"").append(live).append("\">");
        if (list.isEmpty()) {
            return t.append("<p id=\"no-jobs\">No training jobs yet.</p></div>").toString();
        }
        t.append("<table id=\"jobs-table\"><tr><th>job</th><th>what</th><th>state</th><th>progress</th><th>requested</th>"
                + "<th>sensors</th><th></th></tr>");
        for (TrainingJob j : list) {
            t.append("<tr data-job=\"").append(j.id()).append("\"><td>").append(j.id()).append("</td><td>")
                    .append(Html.esc(j.kind().label())).append("s · ").append(Html.esc(j.scope())).append("</td><td class=\"state state-")
                    .append(j.state().label()).append("\">").append(j.state().label())
                    .append(j.cancelRequested() && !j.state().finished() ? " (stopping)" : "").append("</td><td>")
                    .append(progress(j)).append("</td><td>").append(Html.esc(j.requestedBy())).append("<br><small>")
                    .append(Instant.ofEpochMilli(j.createdAt())).append("</small></td><td>").append(outcomes(j))
                    .append("</td><td><a href=\"/api/v1/training-jobs/").append(j.id()).append("\">record</a> ");
            if (operator && !j.state().finished() && !j.cancelRequested()) {
                t.append("<form method=\"post\" action=\"/jobs/").append(j.id()).append("/cancel\" hx-post=\"/jobs/")
                        .append(j.id()).append("/cancel\" hx-target=\"#job-message\"><input type=\"hidden\" name=\"_csrf\" value=\"")
                        .append(Html.esc(csrf)).append("\"><button class=\"cancel-job\">Cancel</button></form>");
            }
            t.append("</td></tr>");
        }
        return t.append("</table></div>").toString();
    }

    private static String progress(TrainingJob j) {
        JobProgress p = j.progress();
        StringBuilder b = new StringBuilder("<progress max=\"1000\" value=\"").append(Math.round(p.fraction() * 1000))
                .append("\"></progress> <span class=\"progress-text\">").append(p.sensorsDone()).append(" of ")
                .append(p.sensorsTotal()).append(" sensors");
        if (p.currentSensor() != null && !j.state().finished()) {
            b.append(" · ").append(Html.esc(p.currentSensor()));
            if (p.step() != null) {
                b.append(": ").append(Html.esc(p.step()));
            }
            if (p.epoch() != null && p.maxEpochs() != null && p.maxEpochs() > 1) {
                b.append(", epoch ").append(p.epoch()).append(" of at most ").append(p.maxEpochs());
            }
        }
        if (j.failures() > 0) {
            b.append(" · <span class=\"bad\">").append(j.failures()).append(" failed</span>");
        }
        return b.append("</span>").toString();
    }

    private static String outcomes(TrainingJob j) {
        if (j.outcomes().isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("<ul class=\"outcomes\">");
        for (SensorOutcome o : j.outcomes()) {
            b.append("<li data-sensor=\"").append(Html.esc(o.sensor())).append("\" class=\"outcome-").append(Html.esc(o.status()))
                    .append("\">").append(Html.esc(o.sensor())).append(": ").append(Html.esc(o.status().replace('_', ' ')));
            if (o.version() != null) {
                b.append(", v").append(o.version()).append(' ').append(Html.esc(o.stage()));
                Double metric = o.metrics().entrySet().stream().filter(e -> e.getKey().startsWith("validation_mse"))
                        .map(Map.Entry::getValue).findFirst().orElse(null);
                if (metric != null) {
                    b.append(String.format(", validation MSE %.4g", metric));
                }
            }
            if (!o.trained()) {
                b.append(": <span class=\"bad\">").append(Html.esc(o.message())).append("</span>");
            }
            b.append("</li>");
        }
        return b.append("</ul>").toString();
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}

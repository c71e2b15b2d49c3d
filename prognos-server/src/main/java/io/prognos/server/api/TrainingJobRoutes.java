package io.prognos.server.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.prognos.server.jobs.JobEvent;
import io.prognos.server.jobs.JobProgress;
import io.prognos.server.jobs.SensorOutcome;
import io.prognos.server.jobs.TrainingJob;
import io.prognos.server.jobs.TrainingJobs;
import io.prognos.store.TokenRepository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The training-job API: operators start ({@code POST /api/v1/training-jobs}, 202 with the queued job and its
 * {@code Location}) and cancel jobs, viewers list and follow them. Jobs train through the same pipeline as
 * {@code prognos train}.
 */
public final class TrainingJobRoutes {

    private final TrainingJobs jobs;
    private final TrainingJobRequests requests;
    private final AccessControl access;

    public TrainingJobRoutes(TrainingJobs jobs, TrainingJobRequests requests, AccessControl access) {
        this.jobs = jobs;
        this.requests = requests;
        this.access = access;
    }

    public void register(JavalinConfig cfg) {
        cfg.routes.get("/api/v1/training-jobs", this::list, Access.VIEWER);
        cfg.routes.post("/api/v1/training-jobs", this::submit, Access.OPERATOR);
        cfg.routes.get("/api/v1/training-jobs/{id}", this::one, Access.VIEWER);
        cfg.routes.post("/api/v1/training-jobs/{id}/cancel", this::cancel, Access.OPERATOR);
    }

    private void list(Context ctx) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (TrainingJob j : jobs.list()) {
            items.add(json(j));
        }
        ctx.json(Map.of("items", items));
    }

    private void submit(Context ctx) {
        TrainingJob job = jobs.submit(requests.parse(ctx.bodyAsBytes(), caller(ctx)));
        ctx.status(202).header("Location", "/api/v1/training-jobs/" + job.id()).json(json(job));
    }

    private void one(Context ctx) {
        long id = ApiRoutes.pathId(ctx);
        ctx.json(json(jobs.find(id).orElseThrow(() -> ApiException.notFound("no training job with id " + id))));
    }

    private void cancel(Context ctx) {
        long id = ApiRoutes.pathId(ctx);
        try {
            ctx.json(json(jobs.cancel(id, caller(ctx))));
        } catch (NoSuchElementException e) {
            throw ApiException.notFound(e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiException(409, "Not possible now", e.getMessage());
        }
    }

    private String caller(Context ctx) {
        return access.caller(ctx).map(TokenRepository.ApiToken::name).orElse("unknown");
    }

    /** A job as the API shows it. */
    public static Map<String, Object> json(TrainingJob j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", j.id());
        m.put("kind", j.kind().label());
        m.put("state", j.state().label());
        m.put("cancel_requested", j.cancelRequested());
        m.put("scope", j.scope());
        m.put("sensors", j.sensors());
        m.put("settings", j.settings());
        m.put("requested_by", j.requestedBy());
        m.put("created_at", time(j.createdAt()));
        m.put("started_at", time(j.startedAt()));
        m.put("ended_at", time(j.endedAt()));
        JobProgress p = j.progress();
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("sensors_done", p.sensorsDone());
        progress.put("sensors_total", p.sensorsTotal());
        progress.put("sensors_failed", j.failures());
        progress.put("current_sensor", p.currentSensor());
        progress.put("step", p.step());
        progress.put("epoch", p.epoch());
        progress.put("max_epochs", p.maxEpochs());
        progress.put("fraction", p.fraction());
        m.put("progress", progress);
        List<Map<String, Object>> outcomes = new ArrayList<>();
        for (SensorOutcome o : j.outcomes()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("sensor", o.sensor());
            x.put("status", o.status());
            x.put("version_id", o.versionId());
            x.put("version", o.version());
            x.put("stage", o.stage());
            x.put("metrics", o.metrics());
            x.put(o.trained() ? "message" : "error", o.message());
            outcomes.add(x);
        }
        m.put("outcomes", outcomes);
        List<Map<String, Object>> log = new ArrayList<>();
        for (JobEvent e : j.log()) {
            log.add(Map.of("at", time(e.atMillis()), "level", e.level(), "message", e.message()));
        }
        m.put("log", log);
        return m;
    }

    private static String time(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }
}

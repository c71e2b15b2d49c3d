package io.prognos.server.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.prognos.pipeline.PipelineException;
import io.prognos.server.ingest.BadTelemetryException;
import io.prognos.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * Every HTTP error of the server, mapped in one place to a problem-details body. Unexpected failures
 * are logged with an id that the response repeats, so a user's report can be matched to the log
 * without the response exposing internals.
 */
public final class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    public static void register(JavalinConfig cfg) {
        cfg.routes.exception(ApiException.class, (e, ctx) -> problem(ctx, e.status(), e.title(), e.getMessage()));
        cfg.routes.exception(BadTelemetryException.class, (e, ctx) -> problem(ctx, e.tooLarge() ? 413 : 400,
                e.tooLarge() ? "Batch too large" : "Bad telemetry", e.getMessage()));
        cfg.routes.exception(PipelineException.class, (e, ctx) -> problem(ctx, 409, "Not possible now", e.getMessage()));
        cfg.routes.exception(StoreException.class, (e, ctx) -> problem(ctx, 400, "Refused by the store", e.getMessage()));
        cfg.routes.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, e.getStatus(),
                statusTitle(e.getStatus()), e.getMessage()));
        cfg.routes.exception(Exception.class, (e, ctx) -> {
            String id = UUID.randomUUID().toString();
            LOG.error("request {} {} failed (error id {})", ctx.method(), ctx.path(), id, e);
            problem(ctx, 500, "Internal error", "the server failed on this request; the server log has error id " + id);
        });
        cfg.routes.error(404, "*", ctx -> {
            if (ctx.result() == null || !ctx.result().contains("\"detail\"")) {
                problem(ctx, 404, "Not found", "no resource at " + ctx.path());
            }
        });
        cfg.routes.error(413, "*", ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty() || !ctx.result().contains("\"detail\"")) {
                problem(ctx, 413, "Request too large", "the request body is larger than the server accepts; split the batch");
            }
        });
    }

    /** Writes a problem body with the given status. */
    public static void problem(Context ctx, int status, String title, String detail) {
        ctx.status(status);
        ctx.contentType("application/problem+json");
        ctx.json(new Problem("about:blank", title, status, detail, ctx.path()));
        ctx.contentType("application/problem+json");
    }

    private static String statusTitle(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 413 -> "Request too large";
            default -> "HTTP " + status;
        };
    }
}

package io.prognos.server.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.prognos.server.api.ApiRoutes;
import io.prognos.store.ModelRegistry;
import io.prognos.store.ModelVersion;
import io.prognos.store.Stage;
import io.prognos.store.StoreException;
import io.prognos.store.TokenRepository;
import io.prognos.store.TokenRole;

import java.util.Optional;

/**
 * Promoting and archiving model versions from the models page, for admins only. The change goes through
 * {@link ModelRegistry#transition}, as {@code prognos models promote} does, so the registry's rules hold:
 * only a version with held-out validation metrics enters Production, the version it replaces is
 * archived, and both changes are audited with the admin's name. The outcome, or the registry's reason
 * for refusing, is shown on the models page.
 */
final class ModelPromotion {

    private final Dashboard dashboard;
    private final ModelRegistry registry;

    ModelPromotion(Dashboard dashboard, ModelRegistry registry) {
        this.dashboard = dashboard;
        this.registry = registry;
    }

    void register(JavalinConfig cfg) {
        cfg.routes.post("/models/{id}/stage", this::change);
    }

    /** The buttons for one version's row; empty for anyone but an admin. */
    String form(Context ctx, TokenRepository.ApiToken user, ModelVersion v) {
        if (!user.role().includes(TokenRole.ADMIN)) {
            return "";
        }
        StringBuilder b = new StringBuilder("<form method=\"post\" class=\"stage\" action=\"/models/").append(v.versionId())
                .append("/stage\"><input type=\"hidden\" name=\"_csrf\" value=\"").append(Html.esc(dashboard.csrf(ctx)))
                .append("\">");
        if (v.stage() != Stage.PRODUCTION) {
            b.append("<button name=\"stage\" value=\"Production\" class=\"promote\">promote to Production</button> ");
        }
        if (v.stage() != Stage.ARCHIVED) {
            b.append("<button name=\"stage\" value=\"Archived\" class=\"archive\">archive</button>");
        }
        return b.append("</form>").toString();
    }

    private void change(Context ctx) {
        Optional<TokenRepository.ApiToken> admin = dashboard.adminForm(ctx);
        if (admin.isEmpty()) {
            return;
        }
        long id = ApiRoutes.pathId(ctx);
        Stage to;
        try {
            to = Stage.parse(ctx.formParam("stage"));
        } catch (IllegalArgumentException e) {
            throw io.prognos.server.api.ApiException.badRequest(e.getMessage());
        }
        if (to != Stage.PRODUCTION && to != Stage.ARCHIVED) {
            throw io.prognos.server.api.ApiException.badRequest("the dashboard promotes to Production or archives; "
                    + "use prognos models promote for " + to.label());
        }
        try {
            ModelVersion before = registry.find(id).orElseThrow(() -> new StoreException("unknown model version id " + id));
            Optional<ModelVersion> replaced = to == Stage.PRODUCTION && before.stage() != Stage.PRODUCTION
                    ? registry.production(before.sensorId(), before.kind()) : Optional.empty();
            ModelVersion after = registry.transition(id, to, admin.get().name(), "from the dashboard");
            Flash.set(ctx, true, Html.esc(after.label() + " is now " + after.stage().label()
                    + replaced.map(r -> "; v" + r.version() + " was archived").orElse("") + "."));
        } catch (StoreException e) {
            Flash.set(ctx, false, "Refused by the registry: " + Html.esc(e.getMessage()));
        }
        ctx.redirect("/models");
    }
}

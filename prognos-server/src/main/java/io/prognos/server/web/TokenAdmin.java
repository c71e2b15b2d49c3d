package io.prognos.server.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.prognos.store.StoreException;
import io.prognos.store.TokenRepository;
import io.prognos.store.TokenRole;

import java.time.Instant;
import java.util.Optional;

/**
 * Token administration on the system page, for admins only: the API tokens (name, role, created,
 * revoked), a form to issue one, whose secret is shown once and never again (the store keeps only its
 * hash), and a button to revoke one. Both forms go through {@link Dashboard#adminForm}, so a viewer or
 * operator is refused with 403 even when posting by hand.
 */
final class TokenAdmin {

    private final Dashboard dashboard;
    private final TokenRepository tokens;

    TokenAdmin(Dashboard dashboard, TokenRepository tokens) {
        this.dashboard = dashboard;
        this.tokens = tokens;
    }

    void register(JavalinConfig cfg) {
        cfg.routes.post("/system/tokens", this::issue);
        cfg.routes.post("/system/tokens/revoke", this::revoke);
    }

    /** The token list and forms; call only for an admin. */
    String section(Context ctx, TokenRepository.ApiToken user) {
        String csrf = Html.esc(dashboard.csrf(ctx));
        StringBuilder b = new StringBuilder("<section id=\"token-admin\"><h3>API tokens</h3><p>The store keeps a hash of "
                + "each token, never the token, and does not record when a token was last used.</p>"
                + "<table id=\"tokens\"><tr><th>name</th><th>role</th><th>created</th><th>state</th><th></th></tr>");
        for (TokenRepository.ApiToken t : tokens.list()) {
            b.append("<tr data-token=\"").append(Html.esc(t.name())).append("\"><td>").append(Html.esc(t.name()))
                    .append("</td><td>").append(Html.esc(t.role().label())).append("</td><td>")
                    .append(Instant.ofEpochMilli(t.createdAtMillis())).append("</td><td class=\"state\">")
                    .append(t.revokedAtMillis() == null ? "live" : "revoked " + Instant.ofEpochMilli(t.revokedAtMillis()))
                    .append("</td><td>");
            if (t.revokedAtMillis() == null && !t.name().equals(user.name())) {
                b.append("<form method=\"post\" action=\"/system/tokens/revoke\" style=\"display:inline\">")
                        .append("<input type=\"hidden\" name=\"_csrf\" value=\"").append(csrf).append("\">")
                        .append("<input type=\"hidden\" name=\"name\" value=\"").append(Html.esc(t.name())).append("\">")
                        .append("<button class=\"revoke\">revoke</button></form>");
            } else if (t.revokedAtMillis() == null) {
                b.append("<small>your session's token</small>");
            }
            b.append("</td></tr>");
        }
        b.append("</table><form method=\"post\" action=\"/system/tokens\" id=\"new-token-form\">")
                .append("<input type=\"hidden\" name=\"_csrf\" value=\"").append(csrf).append("\">")
                .append("<label>Name <input type=\"text\" name=\"name\" required maxlength=\"100\"></label> ")
                .append("<label>Role <select name=\"role\">");
        for (TokenRole r : TokenRole.values()) {
            b.append("<option value=\"").append(r.label()).append("\">").append(r.label()).append("</option>");
        }
        return b.append("</select></label> <button type=\"submit\" id=\"issue-token\">Issue a token</button></form></section>")
                .toString();
    }

    private void issue(Context ctx) {
        Optional<TokenRepository.ApiToken> admin = dashboard.adminForm(ctx);
        if (admin.isEmpty()) {
            return;
        }
        String name = ctx.formParam("name") == null ? "" : ctx.formParam("name").trim();
        try {
            TokenRepository.IssuedToken issued = tokens.issue(name, TokenRole.parse(ctx.formParam("role")));
            Flash.set(ctx, true, "Issued token '" + Html.esc(issued.name()) + "' (" + issued.role().label()
                    + "). Copy it now; it is not shown again: <code id=\"new-token\">" + Html.esc(issued.secret())
                    + "</code>");
        } catch (StoreException | IllegalArgumentException e) {
            Flash.set(ctx, false, "No token issued: " + Html.esc(e.getMessage()));
        }
        ctx.redirect("/system");
    }

    private void revoke(Context ctx) {
        Optional<TokenRepository.ApiToken> admin = dashboard.adminForm(ctx);
        if (admin.isEmpty()) {
            return;
        }
        String name = ctx.formParam("name");
        if (admin.get().name().equals(name)) {
            Flash.set(ctx, false, "You cannot revoke the token you are logged in with.");
        } else if (name != null && tokens.revoke(name)) {
            Flash.set(ctx, true, "Revoked token '" + Html.esc(name) + "'.");
        } else {
            Flash.set(ctx, false, "There is no live token named '" + Html.esc(name) + "'.");
        }
        ctx.redirect("/system");
    }
}

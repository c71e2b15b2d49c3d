package io.prognos.server.api;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import io.prognos.store.TokenRepository;
import io.prognos.store.TokenRole;

import java.util.Optional;

/**
 * Checks the bearer token of every route that needs a role ({@code Authorization: Bearer TOKEN}):
 * 401 without a valid token, 403 when its role is too low. Dashboard pages use the same tokens through
 * a login session.
 */
public final class AccessControl {

    /** Session attribute holding the logged-in token's name and role. */
    public static final String SESSION_USER = "prognos.user";

    private final TokenRepository tokens;

    public AccessControl(TokenRepository tokens) {
        this.tokens = tokens;
    }

    /** The caller's token, from the bearer header or the dashboard session. */
    public Optional<TokenRepository.ApiToken> caller(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null) {
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Optional.empty();
            }
            return tokens.authenticate(header.substring(7).trim());
        }
        jakarta.servlet.http.HttpSession session = ctx.req().getSession(false);
        if (session == null || !(session.getAttribute(SESSION_USER) instanceof TokenRepository.ApiToken t)) {
            return Optional.empty();
        }
        Optional<TokenRepository.ApiToken> live = tokens.live(t);
        if (live.isEmpty()) {
            // the token was revoked since login: the session ends with it
            session.invalidate();
        }
        return live;
    }

    /** A before-handler: enforces the route's role, if it has one. */
    public void check(Context ctx) {
        TokenRole required = null;
        for (RouteRole r : ctx.routeRoles()) {
            if (r instanceof Access a && (required == null || a.role().includes(required))) {
                required = a.role();
            }
        }
        if (required == null) {
            return;
        }
        Optional<TokenRepository.ApiToken> caller = caller(ctx);
        if (caller.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "Unauthorized", ctx.header("Authorization") == null
                    ? "this resource needs an API token: send 'Authorization: Bearer TOKEN'"
                    : "the API token is not valid (unknown, revoked, or not a Bearer token)");
        }
        if (!caller.get().role().includes(required)) {
            throw new ApiException(403, "Forbidden", "token '" + caller.get().name() + "' has role "
                    + caller.get().role().label() + "; this needs " + required.label());
        }
    }
}

package io.prognos.server.api;

import io.javalin.security.RouteRole;
import io.prognos.store.TokenRole;

/** The role a route needs; routes without one are public (health, metrics, the OpenAPI document). */
public enum Access implements RouteRole {
    VIEWER(TokenRole.VIEWER), OPERATOR(TokenRole.OPERATOR), ADMIN(TokenRole.ADMIN);

    private final TokenRole role;

    Access(TokenRole role) {
        this.role = role;
    }

    public TokenRole role() {
        return role;
    }
}

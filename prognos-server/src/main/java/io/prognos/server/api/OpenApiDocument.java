package io.prognos.server.api;

import io.prognos.server.Resources;

/** The OpenAPI 3.1 description of {@code /api/v1}, kept beside the routes as a resource. */
public final class OpenApiDocument {

    private OpenApiDocument() {
    }

    public static String json() {
        return Resources.text("/io/prognos/server/openapi.json");
    }
}

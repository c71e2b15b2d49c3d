package io.prognos.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An error response body in the RFC 9457 "problem details" shape ({@code application/problem+json}):
 * never a stack trace, always a detail that says what was wrong.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance) {
}

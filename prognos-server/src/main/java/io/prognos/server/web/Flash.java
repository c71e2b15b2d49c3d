package io.prognos.server.web;

import io.javalin.http.Context;

/**
 * A one-time message carried in the session from a form's POST to the page it redirects to (post,
 * redirect, get): the outcome of a promotion, a refusal reason, a newly issued token. Shown once, then
 * gone, so a reload neither repeats the action nor shows the message again.
 */
final class Flash {

    private static final String ATTRIBUTE = "prognos.flash";

    private Flash() {
    }

    /** Keeps a message for the next page. {@code html} must already be escaped. */
    static void set(Context ctx, boolean ok, String html) {
        ctx.req().getSession(true).setAttribute(ATTRIBUTE, "<div id=\"flash\" class=\"flash " + (ok ? "ok" : "bad")
                + "\">" + html + "</div>");
    }

    /** The pending message as HTML, removed from the session; empty when there is none. */
    static String take(Context ctx) {
        var session = ctx.req().getSession(false);
        if (session == null || session.getAttribute(ATTRIBUTE) == null) {
            return "";
        }
        String html = session.getAttribute(ATTRIBUTE).toString();
        session.removeAttribute(ATTRIBUTE);
        return html;
    }
}

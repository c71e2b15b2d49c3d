package io.prognos.server.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Sensor;
import io.prognos.core.detect.Severity;
import io.prognos.pipeline.PipelineContext;
import io.prognos.server.api.ApiException;
import io.prognos.server.api.ApiRoutes;
import io.prognos.store.AnomalyFeedback;
import io.prognos.store.AnomalyFeedback.Search.Review;
import io.prognos.store.AssetRepository;
import io.prognos.store.TokenRepository;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The anomaly list ({@code /anomalies}) with the filters an engineer triages by: sensor, asset, lowest
 * severity, review state (unreviewed, confirmed, rejected) and a date range (UTC days). The filter is a
 * plain GET form, so a filtered list is a link that can be shared; the filtering runs in the database and
 * the page shows at most {@link #LIMIT} anomalies, newest first. Each row leads to the anomaly's page
 * (its why, zoomable charts, confirm/reject).
 */
final class AnomaliesPage {

    static final int LIMIT = 500;

    private final Dashboard dashboard;
    private final PipelineContext context;

    AnomaliesPage(Dashboard dashboard, PipelineContext context) {
        this.dashboard = dashboard;
        this.context = context;
    }

    void register(JavalinConfig cfg) {
        cfg.routes.get("/anomalies", ctx -> dashboard.page(ctx, this::render));
    }

    /** The filter as the form sent it; blank fields do not filter. */
    record Filter(String sensor, String asset, Severity minSeverity, Review review, LocalDate from, LocalDate to) {

        /**
         * @throws ApiException 400 naming the parameter, for an unknown severity or review state, a malformed
         *                      date, or a range that ends before it starts
         */
        static Filter parse(Context ctx) {
            String severity = blankToNull(ctx.queryParam("severity"));
            String review = blankToNull(ctx.queryParam("review"));
            Filter f = new Filter(blankToNull(ctx.queryParam("sensor")), blankToNull(ctx.queryParam("asset")),
                    severity == null ? null : parseEnum(Severity.class, severity, "severity"),
                    review == null ? null : parseEnum(Review.class, review, "review"),
                    date(ctx.queryParam("from"), "from"), date(ctx.queryParam("to"), "to"));
            if (f.from() != null && f.to() != null && f.to().isBefore(f.from())) {
                throw ApiException.badRequest("to (" + f.to() + ") is before from (" + f.from() + ")");
            }
            return f;
        }

        AnomalyFeedback.Search search(int limit) {
            Set<String> severities = minSeverity == null ? null : EnumSet.range(minSeverity, Severity.CRITICAL).stream()
                    .map(Enum::name).collect(Collectors.toSet());
            long fromMillis = from == null ? Long.MIN_VALUE : from.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            long toMillis = to == null ? Long.MAX_VALUE
                    : to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            return new AnomalyFeedback.Search(sensor, asset, severities, review, fromMillis, toMillis, limit);
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.trim();
        }

        private static <E extends Enum<E>> E parseEnum(Class<E> type, String text, String param) {
            try {
                return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(param + " must be one of " + EnumSet.allOf(type).stream()
                        .map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ", got '"
                        + text + "'");
            }
        }

        private static LocalDate date(String text, String param) {
            if (blankToNull(text) == null) {
                return null;
            }
            try {
                return LocalDate.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest(param + " must be a date such as 2026-11-27, got '" + text + "'");
            }
        }
    }

    private String render(Context ctx, TokenRepository.ApiToken user) {
        Filter f = Filter.parse(ctx);
        List<AnomalyFeedback.Reviewed> found = new AnomalyFeedback(context.db()).search(f.search(LIMIT));
        AssetRepository assets = new AssetRepository(context.db());
        StringBuilder b = new StringBuilder("<h2>Anomalies</h2>").append(form(f, assets.assets(), assets.sensors(null)));
        if (found.isEmpty()) {
            b.append("<p id=\"no-anomalies\">No anomaly matches.</p>");
            return Html.page("Anomalies", user.name(), b.toString());
        }
        b.append("<p>").append(found.size() == LIMIT ? "The newest " + LIMIT + " matches." : found.size() + " match"
                + (found.size() == 1 ? "." : "es.")).append("</p>");
        b.append("<table id=\"anomalies\"><tr><th>sensor</th><th>start</th><th>end</th><th>score</th><th>severity</th>"
                + "<th>review</th><th></th></tr>");
        for (AnomalyFeedback.Reviewed r : found) {
            var a = r.anomaly();
            b.append("<tr data-anomaly=\"").append(a.anomalyId()).append("\"><td><a href=\"/sensors/")
                    .append(Html.esc(a.sensorId())).append("\">").append(Html.esc(a.sensorId())).append("</a></td><td>")
                    .append(Instant.ofEpochMilli(a.startMillis())).append("</td><td>").append(Instant.ofEpochMilli(a.endMillis()))
                    .append("</td><td>").append(String.format("%.2f", ApiRoutes.boundedScore(a.score())))
                    .append("</td><td class=\"sev-").append(Html.esc(a.severity())).append("\">").append(Html.esc(a.severity()))
                    .append("</td><td class=\"review\">").append(r.verdict() == null ? "unreviewed"
                            : Html.esc(r.verdict().label() + " by " + r.by()))
                    .append("</td><td><a href=\"/anomalies/").append(a.anomalyId()).append("\">why?</a></td></tr>");
        }
        return Html.page("Anomalies", user.name(), b.append("</table>").toString());
    }

    private static String form(Filter f, List<Asset> assets, List<Sensor> sensors) {
        StringBuilder b = new StringBuilder("<form id=\"anomaly-filter\" method=\"get\" action=\"/anomalies\" class=\"filter\">");
        b.append(select("sensor", "sensor", f.sensor(), sensors.stream().map(Sensor::id).toList()));
        b.append(select("asset", "asset", f.asset(), assets.stream().map(Asset::id).toList()));
        b.append(select("severity", "at least", f.minSeverity() == null ? null : f.minSeverity().name().toLowerCase(Locale.ROOT),
                EnumSet.allOf(Severity.class).stream().map(s -> s.name().toLowerCase(Locale.ROOT)).toList()));
        b.append(select("review", "review", f.review() == null ? null : f.review().name().toLowerCase(Locale.ROOT),
                EnumSet.allOf(Review.class).stream().map(s -> s.name().toLowerCase(Locale.ROOT)).toList()));
        b.append("<label>from <input type=\"date\" name=\"from\" value=\"").append(f.from() == null ? "" : f.from())
                .append("\"></label> <label>to <input type=\"date\" name=\"to\" value=\"").append(f.to() == null ? "" : f.to())
                .append("\"></label> <button type=\"submit\" id=\"filter\">Filter</button> <a href=\"/anomalies\">clear</a></form>");
        return b.toString();
    }

    private static String select(String name, String label, String chosen, List<String> values) {
        StringBuilder b = new StringBuilder("<label>").append(Html.esc(label)).append(" <select name=\"").append(name)
                .append("\"><option value=\"\">any</option>");
        for (String v : values) {
            b.append("<option value=\"").append(Html.esc(v)).append('"').append(v.equals(chosen) ? " selected" : "")
                    .append('>').append(Html.esc(v)).append("</option>");
        }
        return b.append("</select></label> ").toString();
    }
}

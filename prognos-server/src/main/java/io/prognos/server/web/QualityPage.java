package io.prognos.server.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.prognos.core.asset.Sensor;
import io.prognos.core.quality.QualityCheck;
import io.prognos.core.quality.QualityLevel;
import io.prognos.pipeline.PipelineContext;
import io.prognos.store.AssetRepository;
import io.prognos.store.TokenRepository;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The data-quality page ({@code /quality}): every sensor's quality report over its recent telemetry
 * ({@link RecentQuality}), worst first, each check's level in a column with its finding on hover, linked
 * to the sensor page; and the same report as a section of the sensor page. Bad data is the commonest
 * reason for a poor model or a false alarm, so it should be visible before anyone trains or trusts one.
 */
final class QualityPage {

    private final Dashboard dashboard;
    private final PipelineContext context;
    private final RecentQuality quality;

    QualityPage(Dashboard dashboard, PipelineContext context) {
        this.dashboard = dashboard;
        this.context = context;
        this.quality = new RecentQuality(context.db());
    }

    void register(JavalinConfig cfg) {
        cfg.routes.get("/quality", ctx -> dashboard.page(ctx, this::render));
    }

    private String render(Context ctx, TokenRepository.ApiToken user) {
        List<RecentQuality.SensorQuality> reports = new ArrayList<>();
        for (Sensor s : new AssetRepository(context.db()).sensors(null)) {
            reports.add(quality.of(s));
        }
        reports = RecentQuality.worstFirst(reports);
        StringBuilder b = new StringBuilder("<h2>Data quality</h2><p>Six checks on each sensor's stored telemetry over "
                + "the last " + RecentQuality.WINDOW.toDays() + " days before its newest reading (fewer for sensors "
                + "sampled faster than every " + RecentQuality.WINDOW.dividedBy(RecentQuality.MAX_POINTS).toSeconds()
                + " s, at most " + String.format("%,d", RecentQuality.MAX_POINTS) + " sampling periods), worst first. "
                + "Hover over a level for what the check found.</p>");
        if (reports.isEmpty()) {
            return Html.page("Data quality", user.name(), b + "<p>No sensors registered.</p>");
        }
        Set<String> checks = new LinkedHashSet<>();
        reports.stream().filter(q -> q.report() != null && q.report().samples() > 0)
                .forEach(q -> q.report().checks().forEach(c -> checks.add(c.name())));
        b.append("<table id=\"quality\"><tr><th>sensor</th><th>overall</th><th>samples</th><th>window</th>");
        checks.forEach(c -> b.append("<th>").append(Html.esc(c)).append("</th>"));
        b.append("</tr>");
        for (RecentQuality.SensorQuality q : reports) {
            b.append("<tr data-sensor=\"").append(Html.esc(q.sensor().id())).append("\"><td><a href=\"/sensors/")
                    .append(Html.esc(q.sensor().id())).append("\">").append(Html.esc(q.sensor().id())).append("</a></td>");
            if (q.report() == null) {
                b.append("<td colspan=\"").append(3 + checks.size()).append("\">no data: no telemetry stored</td></tr>");
                continue;
            }
            b.append("<td class=\"overall ").append(css(q.report().level())).append("\">").append(q.report().level())
                    .append("</td><td>").append(String.format("%,d", q.report().samples())).append("</td><td>")
                    .append(window(q)).append("</td>");
            for (String name : checks) {
                QualityCheck c = q.report().checks().stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
                b.append(c == null ? "<td></td>" : "<td class=\"" + css(c.level()) + "\" title=\"" + Html.esc(c.details())
                        + "\">" + c.level() + (c.affected() > 0 ? " (" + String.format("%,d", c.affected()) + ")" : "")
                        + "</td>");
            }
            b.append("</tr>");
        }
        return Html.page("Data quality", user.name(), b.append("</table>").toString());
    }

    /** The sensor page's section: the report's checks with their findings. */
    String sensorSection(Sensor sensor) {
        RecentQuality.SensorQuality q = quality.of(sensor);
        StringBuilder b = new StringBuilder("<h3>Data quality</h3>");
        if (q.report() == null) {
            return b.append("<p id=\"sensor-quality\">No data: no telemetry stored.</p>").toString();
        }
        b.append("<p>Overall <b class=\"").append(css(q.report().level())).append("\">").append(q.report().level())
                .append("</b> over ").append(String.format("%,d", q.report().samples())).append(" readings, ")
                .append(window(q)).append(".</p><table id=\"sensor-quality\"><tr><th>check</th><th>level</th><th>finding</th></tr>");
        for (QualityCheck c : q.report().checks()) {
            b.append("<tr><td>").append(Html.esc(c.name())).append("</td><td class=\"").append(css(c.level())).append("\">")
                    .append(c.level()).append("</td><td>").append(Html.esc(c.details())).append("</td></tr>");
        }
        return b.append("</table>").toString();
    }

    private static String window(RecentQuality.SensorQuality q) {
        Duration d = Duration.ofMillis(q.toMillis() - q.fromMillis());
        String length = d.toHours() >= 48 ? d.toDays() + " days" : d.toHours() >= 2 ? d.toHours() + " h" : d.toMinutes() + " min";
        return Html.esc(length + " to " + Instant.ofEpochMilli(q.toMillis()));
    }

    private static String css(QualityLevel level) {
        return switch (level) {
            case EXCELLENT, GOOD -> "ok";
            case FAIR -> "warn";
            case POOR, CRITICAL -> "bad";
        };
    }
}

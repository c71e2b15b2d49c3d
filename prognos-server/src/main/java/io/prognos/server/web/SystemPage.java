package io.prognos.server.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.prognos.pipeline.PipelineContext;
import io.prognos.server.Readiness;
import io.prognos.server.ServerMetrics;
import io.prognos.server.ServerSettings;
import io.prognos.store.TokenRepository;
import io.prognos.store.TokenRole;

/**
 * The system page ({@code /system}): whether the server is ready and why not, its live meters (ingest
 * rate, scoring queue and latency, anomalies, alert notifications), the MQTT broker, the store, the
 * effective server configuration and the code version, so that an operator can tell what is running
 * without shell access. Admins also get the token administration ({@link TokenAdmin}). Nothing secret is
 * shown: URLs lose their user-info, the store location its query string.
 */
final class SystemPage {

    private final Dashboard dashboard;
    private final PipelineContext context;
    private final ServerView server;
    private final TokenAdmin tokens;

    SystemPage(Dashboard dashboard, PipelineContext context, ServerView server) {
        this.dashboard = dashboard;
        this.context = context;
        this.server = server;
        this.tokens = new TokenAdmin(dashboard, new TokenRepository(context.db()));
    }

    void register(JavalinConfig cfg) {
        cfg.routes.get("/system", ctx -> dashboard.page(ctx, this::render));
        tokens.register(cfg);
    }

    private String render(Context ctx, TokenRepository.ApiToken user) {
        StringBuilder b = new StringBuilder("<h2>System</h2>").append(Flash.take(ctx));
        b.append(health(server.readiness().get()));
        b.append(meters(server.metrics().snapshot()));
        b.append(connections());
        b.append(configuration(server.settings()));
        if (user.role().includes(TokenRole.ADMIN)) {
            b.append(tokens.section(ctx, user));
        }
        return Html.page("System", user.name(), b.toString());
    }

    private static String health(Readiness r) {
        StringBuilder b = new StringBuilder("<h3>Health</h3><p id=\"health\" class=\"")
                .append(r.ready() ? "ok\">Ready" : "bad\">Not ready: " + Html.esc(String.join("; ", r.reasons())))
                .append("</p><p>Store ").append(r.database() ? "answers" : "does not answer").append(" · MQTT ingestion ")
                .append(Html.esc(r.mqtt())).append("</p>");
        return b.toString();
    }

    private static String meters(ServerMetrics.Snapshot m) {
        return "<h3>Since the server started</h3><table id=\"meters\">"
                + row("ingest rate", String.format("%.1f points/s over the last minute", m.ingestPerSecond()))
                + row("points accepted", String.format("%,d", m.pointsAccepted()))
                + row("batches or messages refused", String.format("%,d", m.refused()))
                + row("scoring queue", m.scoringQueue() == null ? "no data" : String.format("%.0f sensors waiting",
                m.scoringQueue()))
                + row("scoring passes", String.format("%,d", m.scoringPasses()))
                + row("scoring time per sensor", latency(m.scoringMedianMs(), m.scoringP99Ms()))
                + row("arrival to scored", latency(m.detectionMedianMs(), m.detectionP99Ms()))
                + row("anomalies stored or widened", String.format("%,d", m.anomaliesStored()))
                + row("alert notifications delivered", String.format("%,d (failed attempts %,d)", m.alertsDelivered(),
                m.alertsFailed()))
                + "</table><p>From the server's meters; the same figures are at <a href=\"/metrics\">/metrics</a>.</p>";
    }

    private static String latency(Double median, Double p99) {
        return median == null ? "no data" : String.format("median %.1f ms · 99th percentile %.1f ms", median, p99);
    }

    private String connections() {
        ServerSettings s = server.settings();
        String mqtt = switch (s.mqtt()) {
            case EMBEDDED -> "embedded broker at " + withoutUserInfo(server.brokerUrl());
            case EXTERNAL -> "external broker at " + withoutUserInfo(server.brokerUrl());
            case OFF -> "off (HTTP ingestion only)";
        };
        return "<h3>Connections</h3><table id=\"connections\">"
                + row("MQTT", mqtt + (s.mqtt() == ServerSettings.Mqtt.OFF ? ""
                : " · topics " + s.mqttTopicPrefix() + "/telemetry[/SENSOR]"))
                + row("store", context.db().dialect() + " · " + withoutUserInfo(context.db().describe()))
                + row("code version", context.codeVersion())
                + row("runtime", "Java " + System.getProperty("java.version") + " · "
                + Runtime.getRuntime().availableProcessors() + " cores")
                + "</table>";
    }

    private String configuration(ServerSettings s) {
        return "<h3>Effective server configuration</h3><table id=\"configuration\">"
                + row("http", s.httpHost() + ":" + s.httpPort() + (s.httpPort() == 0 ? " (a free port)" : ""))
                + row("mqtt", s.mqtt().name().toLowerCase(java.util.Locale.ROOT))
                + row("mqtt port", s.mqtt() == ServerSettings.Mqtt.EMBEDDED ? String.valueOf(s.mqttPort()) : "not used")
                + row("mqtt broker url", s.mqttBrokerUrl() == null ? "not set" : withoutUserInfo(s.mqttBrokerUrl()))
                + row("mqtt topic prefix", s.mqttTopicPrefix())
                + row("mqtt client id", s.mqttClientId())
                + row("scoring interval", s.scoringInterval().toString())
                + row("stale after", s.staleAfter() == null ? "ten sampling periods of each sensor" : s.staleAfter().toString())
                + row("live batch", s.liveBatch() == 0 ? "the detector's batch size"
                        : s.liveBatch() == 1 ? "what arrived since the last pass" : s.liveBatch() + " points")
                + row("online detection", s.onlineDetector() == null ? "off (no server.online_detector)"
                        : s.onlineDetector() + " · alarm at " + s.onlineAlarmLevel() + " · warm-up "
                        + String.format("%,d", s.onlineWarmup()) + " readings")
                + row("max batch points", String.format("%,d", s.maxBatchPoints()))
                + row("max request bytes", String.format("%,d", s.maxRequestBytes()))
                + row("public url", s.publicUrl() == null ? "not set (mail links use the address served)" : s.publicUrl())
                + row("e-mail alerts", s.smtp() == null ? "off (no server.smtp_host)" : s.smtp().host() + ":"
                        + s.smtp().port() + " · " + s.smtp().security().name().toLowerCase(java.util.Locale.ROOT)
                        + " · from " + s.smtp().from() + (s.smtp().username() == null ? " · no login"
                        : " · login " + s.smtp().username() + " (password not shown)"))
                + "</table>";
    }

    private static String row(String name, String value) {
        return "<tr><th>" + Html.esc(name) + "</th><td>" + Html.esc(value) + "</td></tr>";
    }

    /** A URL without {@code user:password@}, so that credentials in a configured address never reach the page. */
    static String withoutUserInfo(String url) {
        return url == null ? "" : url.replaceAll("(?<=://)[^/@\\s]*@", "");
    }
}

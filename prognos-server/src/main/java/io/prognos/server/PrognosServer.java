package io.prognos.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.prognos.pipeline.PipelineContext;
import io.prognos.server.api.AccessControl;
import io.prognos.server.api.ApiErrors;
import io.prognos.server.api.ApiRoutes;
import io.prognos.server.ingest.EmbeddedBroker;
import io.prognos.server.ingest.MqttTelemetrySubscriber;
import io.prognos.server.ingest.TelemetryIngestService;
import io.prognos.server.ingest.TelemetryPayloads;
import io.prognos.server.live.LiveScoring;
import io.prognos.server.live.StaleDataWatch;
import io.prognos.server.alert.AlertEngine;
import io.prognos.server.alert.LimitWatch;
import io.prognos.server.alert.WebhookSender;
import io.prognos.server.web.Dashboard;
import io.prognos.store.AlertRepository;
import io.prognos.store.AssetRepository;
import io.prognos.store.TokenRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The running server: the HTTP API, MQTT ingestion (through the embedded broker or an external one),
 * live scoring and the stale-data watch, over one store. {@link #start} returns once everything
 * listens; {@link #close} stops it in reverse order.
 */
public final class PrognosServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PrognosServer.class);

    private final PipelineContext context;
    private final ServerSettings settings;
    private final ServerMetrics metrics = new ServerMetrics();
    private final TelemetryIngestService ingest;
    private final TelemetryPayloads payloads;
    private final LiveScoring scoring;
    private final StaleDataWatch staleWatch;
    private final ScheduledExecutorService watchExecutor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "prognos-stale-watch");
        t.setDaemon(true);
        return t;
    });
    /** An anomaly alert clears when its anomaly has not grown for this long. */
    public static final Duration ALERT_QUIET_PERIOD = Duration.ofMinutes(10);

    private final WebhookSender alertSender;
    private final AlertEngine alerts;
    private final LimitWatch limitWatch;
    private Javalin app;
    private EmbeddedBroker broker;
    private MqttTelemetrySubscriber subscriber;
    private String brokerUrl;

    private PrognosServer(PipelineContext context, ServerSettings settings) {
        this.context = context;
        this.settings = settings;
        this.ingest = new TelemetryIngestService(context.db(), metrics);
        this.payloads = new TelemetryPayloads(settings.maxBatchPoints());
        this.scoring = new LiveScoring(context, metrics, settings.scoringInterval(), settings.liveBatch());
        AssetRepository assets = new AssetRepository(context.db());
        this.staleWatch = new StaleDataWatch(ingest, () -> assets.sensors(null), settings.staleAfter());
        ingest.onArrival(scoring::onArrival);
        AlertRepository alertStore = new AlertRepository(context.db());
        this.alertSender = new WebhookSender(alertStore, Duration.ofSeconds(1));
        this.alerts = new AlertEngine(context.db(), alertSender, ALERT_QUIET_PERIOD);
        scoring.onAnomalies(found -> alerts.onAnomalies(found, System.currentTimeMillis()));
        this.limitWatch = new LimitWatch(context, alerts);
        staleWatch.onChange((became, cleared) -> alerts.onStale(became, cleared, System.currentTimeMillis()));
        metrics.gauge("prognos.sensors.stale", "sensors whose data stopped arriving", () -> staleWatch.stale().size());
    }

    /** Starts a server on the store. The caller keeps ownership of the store and closes it after the server. */
    public static PrognosServer start(PipelineContext context, ServerSettings settings) {
        PrognosServer server = new PrognosServer(context, settings);
        try {
            server.startParts();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void startParts() {
        switch (settings.mqtt()) {
            case EMBEDDED -> {
                broker = EmbeddedBroker.start(settings.httpHost(), settings.mqttPort());
                brokerUrl = broker.url();
                LOG.info("embedded MQTT broker listening on {}", brokerUrl);
            }
            case EXTERNAL -> brokerUrl = settings.mqttBrokerUrl();
            case OFF -> brokerUrl = null;
        }
        if (brokerUrl != null) {
            subscriber = MqttTelemetrySubscriber.connect(brokerUrl, settings.mqttClientId(), settings.mqttTopicPrefix(),
                    ingest, payloads);
        }
        AccessControl access = new AccessControl(new TokenRepository(context.db()));
        ApiRoutes api = new ApiRoutes(context, ingest, payloads, staleWatch, access, limitWatch);
        ObjectMapper mapper = new ObjectMapper();
        app = Javalin.create(cfg -> {
            cfg.jsonMapper(new JavalinJackson(mapper, false));
            cfg.http.maxRequestSize = settings.maxRequestBytes();
            cfg.jetty.host = settings.httpHost();
            cfg.jetty.port = settings.httpPort();
            cfg.startup.showJavalinBanner = false;
            cfg.staticFiles.enableWebjars();
            ApiErrors.register(cfg);
            cfg.routes.beforeMatched(access::check);
            cfg.routes.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
            cfg.routes.get("/health/ready", ctx -> {
                boolean db = databaseAnswers();
                boolean mqtt = subscriber == null || subscriber.isConnected();
                ctx.status(db && mqtt ? 200 : 503).json(Map.of("status", db && mqtt ? "UP" : "DOWN",
                        "database", db ? "UP" : "DOWN", "mqtt", subscriber == null ? "OFF" : mqtt ? "UP" : "DOWN"));
            });
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
            api.register(cfg);
            new Dashboard(context, staleWatch, access, limitWatch).register(cfg);
            for (String script : new String[]{"sensor.js", "anomaly.js"}) {
                cfg.routes.get("/dashboard/" + script, ctx -> ctx.contentType("text/javascript; charset=utf-8")
                        .result(Resources.text("/io/prognos/server/dashboard/" + script)));
            }
        });
        app.start();
        scoring.start();
        watchExecutor.scheduleWithFixedDelay(() -> {
            try {
                staleWatch.check(System.currentTimeMillis());
            } catch (RuntimeException e) {
                LOG.error("stale-data check failed", e);
            }
        }, 1, 1, TimeUnit.SECONDS);
        watchExecutor.scheduleWithFixedDelay(() -> {
            try {
                alerts.tick(System.currentTimeMillis());
            } catch (RuntimeException e) {
                LOG.error("alert reminders and clearing failed; they run again in 10 s", e);
            }
        }, 10, 10, TimeUnit.SECONDS);
        watchExecutor.scheduleWithFixedDelay(() -> {
            try {
                limitWatch.check(System.currentTimeMillis());
            } catch (RuntimeException e) {
                LOG.error("time-to-limit check failed; it runs again in 60 s", e);
            }
        }, 20, 60, TimeUnit.SECONDS);
        LOG.info("Prognos server listening on http://{}:{} (store {})", settings.httpHost(), app.port(),
                context.db().describe());
    }

    private boolean databaseAnswers() {
        try {
            return context.db().jdbi().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public int httpPort() {
        return app.port();
    }

    /** The URL of the dashboard and API root, e.g. {@code http://127.0.0.1:8080}. */
    public String httpUrl() {
        String host = "0.0.0.0".equals(settings.httpHost()) ? "127.0.0.1" : settings.httpHost();
        return "http://" + host + ":" + httpPort();
    }

    /** The MQTT broker ingestion listens on, or null when MQTT is off. */
    public String brokerUrl() {
        return brokerUrl;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    public LiveScoring scoring() {
        return scoring;
    }

    public LimitWatch limitWatch() {
        return limitWatch;
    }

    public AlertEngine alerts() {
        return alerts;
    }

    public StaleDataWatch staleWatch() {
        return staleWatch;
    }

    public TelemetryIngestService ingest() {
        return ingest;
    }

    @Override
    public void close() {
        watchExecutor.shutdownNow();
        if (app != null) {
            app.stop();
        }
        if (subscriber != null) {
            subscriber.close();
        }
        scoring.close();
        alertSender.close();
        if (broker != null) {
            broker.close();
        }
    }
}

package io.prognos.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.prognos.pipeline.PipelineContext;
import io.prognos.server.api.AccessControl;
import io.prognos.server.api.ApiErrors;
import io.prognos.server.api.ApiRoutes;
import io.prognos.server.api.TrainingJobRequests;
import io.prognos.server.api.TrainingJobRoutes;
import io.prognos.server.jobs.JobState;
import io.prognos.server.jobs.TrainingJobs;
import io.prognos.server.drift.DriftMonitor;
import io.prognos.server.drift.DriftMonitorSettings;
import io.prognos.server.drift.DriftRoutes;
import io.prognos.server.web.JobsPage;
import io.prognos.pipeline.TrainingOptions;
import io.prognos.server.ingest.EmbeddedBroker;
import io.prognos.server.monitor.DetectorKpiSettings;
import io.prognos.server.monitor.DetectorKpis;
import io.prognos.server.monitor.ModelHealthWatch;
import io.prognos.server.monitor.MonitoringRoutes;
import io.prognos.server.monitor.forecast.ForecastAccuracy;
import io.prognos.server.web.MonitoringPage;
import io.prognos.server.ingest.MqttIngestGate;
import io.prognos.server.ingest.TelemetryMessageWriter;
import io.prognos.server.ingest.MqttTelemetrySubscriber;
import io.prognos.server.ingest.TelemetryIngestService;
import io.prognos.server.ingest.TelemetryPayloads;
import io.prognos.server.live.LiveScoring;
import io.prognos.server.live.OnlineDetection;
import io.prognos.server.live.StaleDataWatch;
import io.prognos.server.alert.AlertDispatcher;
import io.prognos.server.alert.AlertEngine;
import io.prognos.server.alert.EmailSender;
import io.prognos.server.alert.LimitWatch;
import io.prognos.server.alert.WebhookSender;
import io.prognos.server.web.Dashboard;
import io.prognos.server.web.ServerView;
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
    /** Online detection, or null when {@code server.online_detector} is not set. */
    private final OnlineDetection online;
    private final StaleDataWatch staleWatch;
    private final ScheduledExecutorService watchExecutor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "prognos-stale-watch");
        t.setDaemon(true);
        return t;
    });
    /** An anomaly alert clears when its anomaly has not grown for this long. */
    public static final Duration ALERT_QUIET_PERIOD = Duration.ofMinutes(10);

    private final AlertDispatcher alertSender;
    /** Where links in alert mails point: the configured public URL, or the address the server listens on. */
    private volatile String dashboardUrl;
    private final AlertEngine alerts;
    private final DetectorKpis detectorKpis;
    private final ForecastAccuracy forecastAccuracy;
    private final ModelHealthWatch modelHealth;
    private final LimitWatch limitWatch;
    private final TrainingJobs trainingJobs;
    private final DriftMonitor driftMonitor;
    private Javalin app;
    private EmbeddedBroker broker;
    private TelemetryMessageWriter gateWriter;
    private MqttIngestGate gate;
    private MqttTelemetrySubscriber subscriber;
    private String brokerUrl;

    private PrognosServer(PipelineContext context, ServerSettings settings, TrainingOptions training) {
        this.context = context;
        this.settings = settings;
        this.ingest = new TelemetryIngestService(context.db(), metrics);
        this.payloads = new TelemetryPayloads(settings.maxBatchPoints());
        this.scoring = new LiveScoring(context, metrics, settings.scoringInterval(), settings.liveBatch(),
                settings.onlineDetector());
        AssetRepository assets = new AssetRepository(context.db());
        this.staleWatch = new StaleDataWatch(ingest, () -> assets.sensors(null), settings.staleAfter());
        ingest.onArrival(scoring::onArrival);
        this.online = settings.onlineDetection() ? new OnlineDetection(context.db(), ingest, metrics,
                settings.onlineDetector(), settings.onlineAlarmLevel(), settings.onlineWarmup(), settings.scoringInterval())
                : null;
        if (online != null) {
            ingest.onArrival(online::onArrival);
        }
        AlertRepository alertStore = new AlertRepository(context.db());
        this.dashboardUrl = settings.publicUrl();
        EmailSender mail = settings.smtp() == null ? null : new EmailSender(alertStore, assets, settings.smtp(),
                Duration.ofSeconds(1), () -> dashboardUrl);
        this.alertSender = new AlertDispatcher(alertStore, new WebhookSender(alertStore, Duration.ofSeconds(1)), mail);
        alertSender.onAttempt(metrics::alertDelivery);
        this.alerts = new AlertEngine(context.db(), alertSender, ALERT_QUIET_PERIOD);
        scoring.onAnomalies(found -> alerts.onAnomalies(found, System.currentTimeMillis()));
        if (online != null) {
            online.onAnomalies(found -> alerts.onAnomalies(found, System.currentTimeMillis()));
        }
        this.limitWatch = new LimitWatch(context, alerts);
        this.detectorKpis = new DetectorKpis(context.db(), DetectorKpiSettings.defaults());
        this.forecastAccuracy = new ForecastAccuracy(context.db(), context.registry(), ForecastAccuracy.Settings.defaults());
        this.modelHealth = new ModelHealthWatch(detectorKpis, forecastAccuracy, context.registry(), alerts);
        staleWatch.onChange((became, cleared) -> alerts.onStale(became, cleared, System.currentTimeMillis()));
        metrics.gauge("prognos.sensors.stale", "sensors whose data stopped arriving", () -> staleWatch.stale().size());
        metrics.gauge("prognos.models.degraded", "sensors whose Production detector or forecaster fell below its "
                + "validation baseline", modelHealth::degradedCount);
        this.trainingJobs = new TrainingJobs(context, training);
        metrics.gauge("prognos.training.jobs.queued", "training jobs waiting for the training worker",
                () -> trainingJobs.count(JobState.QUEUED));
        metrics.gauge("prognos.training.jobs.running", "training jobs in training", () -> trainingJobs.count(JobState.RUNNING));
        this.driftMonitor = new DriftMonitor(context, trainingJobs, DriftMonitorSettings.defaults());
    }

    /** Starts a server on the store. The caller keeps ownership of the store and closes it after the server. */
    public static PrognosServer start(PipelineContext context, ServerSettings settings) {
        return start(context, settings, TrainingOptions.defaults());
    }

    /**
     * As {@link #start(PipelineContext, ServerSettings)}; training jobs start from {@code training} (the training
     * settings of prognos.yaml), as {@code prognos train} does.
     */
    public static PrognosServer start(PipelineContext context, ServerSettings settings, TrainingOptions training) {
        PrognosServer server = new PrognosServer(context, settings, training);
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
                broker = EmbeddedBroker.start();
                gateWriter = new TelemetryMessageWriter(ingest, payloads, settings.mqttTopicPrefix(), broker::publish);
                gate = MqttIngestGate.start(settings.httpHost(), settings.mqttPort(), broker, gateWriter);
                brokerUrl = gate.url();
                LOG.info("embedded MQTT broker listening on {}", brokerUrl);
            }
            case EXTERNAL -> brokerUrl = settings.mqttBrokerUrl();
            case OFF -> brokerUrl = null;
        }
        if (settings.mqtt() == ServerSettings.Mqtt.EXTERNAL) {
            subscriber = MqttTelemetrySubscriber.connect(brokerUrl, settings.mqttClientId(), settings.mqttTopicPrefix(),
                    ingest, payloads);
        }
        AccessControl access = new AccessControl(new TokenRepository(context.db()));
        ApiRoutes api = new ApiRoutes(context, ingest, payloads, staleWatch, access, limitWatch, alertSender);
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
                Readiness ready = readiness();
                ctx.status(ready.ready() ? 200 : 503).json(Map.of("status", ready.ready() ? "UP" : "DOWN",
                        "database", ready.database() ? "UP" : "DOWN", "mqtt", ready.mqtt()));
            });
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
            api.register(cfg);
            Dashboard dashboard = new Dashboard(context, staleWatch, access, limitWatch,
                    new ServerView(settings, metrics, brokerUrl, this::readiness));
            dashboard.register(cfg);
            TrainingJobRequests jobRequests = new TrainingJobRequests(new AssetRepository(context.db()), trainingJobs.defaults());
            new TrainingJobRoutes(trainingJobs, jobRequests, access).register(cfg);
            new DriftRoutes(context.db()).register(cfg);
            new MonitoringRoutes(detectorKpis, forecastAccuracy).register(cfg);
            new MonitoringPage(dashboard, context.db(), detectorKpis, forecastAccuracy).register(cfg);
            new JobsPage(dashboard, access, trainingJobs, jobRequests, new AssetRepository(context.db())).register(cfg);
            for (String script : new String[]{"sensor.js", "anomaly.js"}) {
                cfg.routes.get("/dashboard/" + script, ctx -> ctx.contentType("text/javascript; charset=utf-8")
                        .result(Resources.text("/io/prognos/server/dashboard/" + script)));
            }
        });
        app.start();
        if (dashboardUrl == null) {
            dashboardUrl = httpUrl();
        }
        logMail();
        scoring.start();
        if (online != null) {
            online.start();
        } else {
            LOG.info("online detection off (server.online_detector not set): sensors without a Production detector are "
                    + "stored but not scored");
        }
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
                modelHealth.check(System.currentTimeMillis());
            } catch (RuntimeException e) {
                LOG.error("model health check failed; it runs again in an hour", e);
            }
        }, 5, 60, TimeUnit.MINUTES);
        watchExecutor.scheduleWithFixedDelay(() -> {
            try {
                limitWatch.check(System.currentTimeMillis());
            } catch (RuntimeException e) {
                LOG.error("time-to-limit check failed; it runs again in 60 s", e);
            }
        }, 20, 60, TimeUnit.SECONDS);
        driftMonitor.start();
        LOG.info("Prognos server listening on http://{}:{} (store {})", settings.httpHost(), app.port(),
                context.db().describe());
    }

    /** Whether the store answers and MQTT ingestion (when on) is connected: {@code /health/ready}'s answer. */
    public Readiness readiness() {
        String mqtt = gate != null ? "UP" : subscriber == null ? "OFF" : subscriber.isConnected() ? "UP" : "DOWN";
        return new Readiness(databaseAnswers(), mqtt);
    }

    private void logMail() {
        if (settings.smtp() == null) {
            LOG.info("e-mail alerts off: no SMTP server configured (server.smtp_host); rules with channel email are refused");
            return;
        }
        LOG.info("e-mail alerts via {}:{} ({}{}) from {}, links to {}", settings.smtp().host(), settings.smtp().port(),
                settings.smtp().security().name().toLowerCase(java.util.Locale.ROOT),
                settings.smtp().username() == null ? ", no login" : ", login " + settings.smtp().username(),
                settings.smtp().from(), dashboardUrl);
        if (settings.smtp().username() != null && settings.smtp().security() == io.prognos.server.alert.SmtpSettings.Security.PLAIN) {
            LOG.warn("server.smtp_security is plain but a login is configured: the SMTP password crosses the network "
                    + "unencrypted; use starttls unless the link to {} is trusted", settings.smtp().host());
        }
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

    /** Online detection, when {@code server.online_detector} turned it on. */
    public java.util.Optional<OnlineDetection> onlineDetection() {
        return java.util.Optional.ofNullable(online);
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

    public TrainingJobs trainingJobs() {
        return trainingJobs;
    }

    /** The scheduled check of the detectors' KPIs, also callable at once (tests, admin). */
    public ModelHealthWatch modelHealth() {
        return modelHealth;
    }

    public DriftMonitor driftMonitor() {
        return driftMonitor;
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
        if (online != null) {
            online.close();
        }
        driftMonitor.close();
        trainingJobs.close();
        alertSender.close();
        if (gateWriter != null) {
            gateWriter.close(); // what it has not committed stays unacknowledged
        }
        if (gate != null) {
            gate.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}

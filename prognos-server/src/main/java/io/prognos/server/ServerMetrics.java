package io.prognos.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The server's operational metrics, scraped at {@code /metrics} in Prometheus text format: points
 * ingested and refused per transport, scoring latency, the scoring queue, anomalies stored, alert
 * notifications delivered and failed, stale sensors, and online detection's sensors and readings. {@link #snapshot} reads the same meters for the
 * dashboard's system page.
 */
public final class ServerMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer scoring;
    private final Timer detectionLatency;
    private final Counter anomalies;
    private final Counter alertsDelivered;
    private final Counter alertsFailed;
    private final RecentRate ingestRate = new RecentRate(60);

    public ServerMetrics() {
        scoring = Timer.builder("prognos.scoring").description("time to score one sensor's new readings")
                .publishPercentiles(0.5, 0.99).register(registry);
        detectionLatency = Timer.builder("prognos.detection.latency")
                .description("from the arrival of a sensor's newest point to its scoring finishing")
                .publishPercentiles(0.5, 0.99).register(registry);
        anomalies = Counter.builder("prognos.anomalies.stored").description("anomalies stored or widened by live scoring and online detection")
                .register(registry);
        alertsDelivered = Counter.builder("prognos.alerts.notifications").tag("outcome", "delivered")
                .description("alert notification attempts a webhook accepted").register(registry);
        alertsFailed = Counter.builder("prognos.alerts.notifications").tag("outcome", "failed")
                .description("alert notification attempts that failed (each retry counts)").register(registry);
    }

    /** Counts points accepted over a transport ({@code http} or {@code mqtt}). */
    public void accepted(String transport, int points) {
        Counter.builder("prognos.ingest.points").tag("transport", transport).description("telemetry points accepted")
                .register(registry).increment(points);
        ingestRate.add(System.currentTimeMillis(), points);
    }

    /** Counts a refused batch or message over a transport. */
    public void refused(String transport) {
        Counter.builder("prognos.ingest.refused").tag("transport", transport)
                .description("telemetry batches or messages refused").register(registry).increment();
    }

    public void scored(Duration took, Duration sinceArrival) {
        scoring.record(took);
        detectionLatency.record(sinceArrival);
    }

    /** {@link #onlineReadings} phase of readings scored as they arrive (they may raise anomalies). */
    public static final String ONLINE_LIVE = "live";
    /** {@link #onlineReadings} phase of stored readings replayed to a new detector (never flagged). */
    public static final String ONLINE_WARMUP = "warmup";

    /**
     * Counts readings online detection fed its streaming detectors, {@code prognos.online.readings} tagged
     * {@code phase}: {@link #ONLINE_LIVE} or {@link #ONLINE_WARMUP}.
     */
    public void onlineReadings(String phase, int n) {
        Counter.builder("prognos.online.readings").tag("phase", phase)
                .description("readings online detection fed its streaming detectors").register(registry).increment(n);
    }

    public void anomaliesStored(int n) {
        anomalies.increment(n);
    }

    /** Counts one attempt to deliver an alert notification to a webhook. */
    public void alertDelivery(boolean delivered) {
        (delivered ? alertsDelivered : alertsFailed).increment();
    }

    /** Registers a gauge read from a supplier (queue depth, stale sensors). */
    public void gauge(String name, String description, Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(name, value).description(description).register(registry);
    }

    /**
     * The meters' values now, since the server started. Timer figures are null while nothing has been
     * timed, and the queue depth is null while live scoring has not registered its gauge, so a page can
     * say "no data" instead of showing zeros that were never measured.
     *
     * @param ingestPerSecond    points accepted per second over the last minute, all transports
     * @param pointsAccepted     points accepted since start, all transports
     * @param refused            batches or messages refused since start
     * @param scoringQueue       sensors with readings waiting to be scored
     * @param scoringPasses      sensors scored since start
     * @param scoringMedianMs    median time to score one sensor's new readings
     * @param scoringP99Ms       99th percentile of the same
     * @param detectionMedianMs  median time from a newest point's arrival to its scoring finishing
     * @param detectionP99Ms     99th percentile of the same
     * @param anomaliesStored    anomalies stored or widened by live scoring since start
     * @param alertsDelivered    alert notification attempts a webhook accepted since start
     * @param alertsFailed       failed alert notification attempts since start
     */
    public record Snapshot(double ingestPerSecond, long pointsAccepted, long refused, Double scoringQueue,
                           long scoringPasses, Double scoringMedianMs, Double scoringP99Ms, Double detectionMedianMs,
                           Double detectionP99Ms, long anomaliesStored, long alertsDelivered, long alertsFailed) {
    }

    public Snapshot snapshot() {
        double accepted = registry.find("prognos.ingest.points").counters().stream().mapToDouble(Counter::count).sum();
        double refusedCount = registry.find("prognos.ingest.refused").counters().stream().mapToDouble(Counter::count).sum();
        io.micrometer.core.instrument.Gauge queue = registry.find("prognos.scoring.queue").gauge();
        return new Snapshot(ingestRate.perSecond(System.currentTimeMillis()), (long) accepted, (long) refusedCount,
                queue == null ? null : queue.value(), scoring.count(), percentileMs(scoring, 0.5),
                percentileMs(scoring, 0.99), percentileMs(detectionLatency, 0.5), percentileMs(detectionLatency, 0.99),
                (long) anomalies.count(), (long) alertsDelivered.count(), (long) alertsFailed.count());
    }

    private static Double percentileMs(Timer timer, double percentile) {
        if (timer.count() == 0) {
            return null;
        }
        for (io.micrometer.core.instrument.distribution.ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
            if (v.percentile() == percentile) {
                return v.value(java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }
        return null;
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}

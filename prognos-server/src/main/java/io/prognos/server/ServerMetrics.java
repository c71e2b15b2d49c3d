package io.prognos.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The server's operational metrics, scraped at {@code /metrics} in Prometheus text format: points
 * ingested and refused per transport, scoring latency, the scoring queue, anomalies stored and stale
 * sensors.
 */
public final class ServerMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer scoring;
    private final Timer detectionLatency;
    private final Counter anomalies;

    public ServerMetrics() {
        scoring = Timer.builder("prognos.scoring").description("time to score one sensor's new readings")
                .publishPercentiles(0.5, 0.99).register(registry);
        detectionLatency = Timer.builder("prognos.detection.latency")
                .description("from the arrival of a sensor's newest point to its scoring finishing")
                .publishPercentiles(0.5, 0.99).register(registry);
        anomalies = Counter.builder("prognos.anomalies.stored").description("anomalies stored or widened by live scoring")
                .register(registry);
    }

    /** Counts points accepted over a transport ({@code http} or {@code mqtt}). */
    public void accepted(String transport, int points) {
        Counter.builder("prognos.ingest.points").tag("transport", transport).description("telemetry points accepted")
                .register(registry).increment(points);
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

    public void anomaliesStored(int n) {
        anomalies.increment(n);
    }

    /** Registers a gauge read from a supplier (queue depth, stale sensors). */
    public void gauge(String name, String description, Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(name, value).description(description).register(registry);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}

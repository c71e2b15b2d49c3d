package io.prognos.server.live;

import io.prognos.pipeline.DetectorSpec;
import io.prognos.pipeline.PipelineContext;
import io.prognos.pipeline.PipelineException;
import io.prognos.pipeline.SensorScorer;
import io.prognos.pipeline.SensorTrainer;
import io.prognos.server.ServerMetrics;
import io.prognos.server.ingest.TelemetryIngestService;
import io.prognos.store.AnomalyRepository;
import io.prognos.store.ModelVersion;
import io.prognos.store.StoredAnomaly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Scores telemetry as it arrives. Arrivals mark their sensors; every interval, each marked sensor with
 * a Production detector that has at least one Telemanom batch (70 points by default) of new judgeable
 * readings is scored over the readings not judged yet, with a bounded look-back (the model window plus
 * Telemanom's error windows), so a pass costs the same after a year as after a day and each reading is
 * judged once, as in Telemanom's own batch-by-batch processing; the newest reading is judged in the pass
 * that sees it (its one-step prediction needs only the readings before it). Detection therefore lags by up to
 * one batch plus the scoring interval; a smaller live batch trades CPU for latency. Judging starts with the
 * first reading that arrives live. Found
 * anomalies are stored; one that continues or overlaps a stored anomaly of the sensor widens it, so one
 * incident stays one anomaly.
 */
public final class LiveScoring implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveScoring.class);

    private final PipelineContext context;
    private final ServerMetrics metrics;
    private final Duration interval;
    private final int liveBatch;
    /** The streaming detector of online detection, which scores sensors without a Production detector, or null. */
    private final String onlineDetector;
    private final SensorScorer scorer;
    private final AnomalyRepository anomalies;
    private final Map<String, Long> pendingNewest = new ConcurrentHashMap<>();
    private final Map<String, Long> pendingArrival = new ConcurrentHashMap<>();
    private final Map<String, Long> judgedThrough = new ConcurrentHashMap<>();
    /** Each sensor's first live reading: readings before it are the model's context, never flagged live. */
    private final Map<String, Long> judgingStart = new ConcurrentHashMap<>();
    private final Set<String> reportedUnscorable = ConcurrentHashMap.newKeySet();
    private final Map<Long, String> loggedSeverity = new ConcurrentHashMap<>();
    private final Map<String, Lookup> lookups = new ConcurrentHashMap<>();
    /** Threads a pass spreads its sensors over: one per core, at most 4 (ingest and the database need the rest). */
    private final SensorWorkers workers = new SensorWorkers("prognos-live-scoring-worker");
    /** How long a looked-up Production detector is reused. */
    static final Duration LOOKUP_TTL = Duration.ofSeconds(10);
    private final List<java.util.function.Consumer<List<StoredAnomaly>>> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "prognos-live-scoring");
        t.setDaemon(true);
        return t;
    });

    public LiveScoring(PipelineContext context, ServerMetrics metrics, Duration interval, int liveBatch) {
        this(context, metrics, interval, liveBatch, null);
    }

    /**
     * @param onlineDetector the streaming detector of {@link OnlineDetection} when it is on (null: off), named in
     *                       the message about sensors without a Production detector
     */
    public LiveScoring(PipelineContext context, ServerMetrics metrics, Duration interval, int liveBatch,
                       String onlineDetector) {
        this.onlineDetector = onlineDetector;
        this.liveBatch = liveBatch;
        this.context = context;
        this.metrics = metrics;
        this.interval = interval;
        this.scorer = new SensorScorer(context);
        this.anomalies = new AnomalyRepository(context.db());
        metrics.gauge("prognos.scoring.queue", "sensors with readings waiting to be scored", pendingNewest::size);
    }

    /** Called after each pass that stored or widened anomalies (on the scoring thread). */
    public void onAnomalies(java.util.function.Consumer<List<StoredAnomaly>> listener) {
        listeners.add(listener);
    }

    /** Marks the sensors of a stored batch for the next pass. */
    public void onArrival(TelemetryIngestService.Arrival arrival) {
        arrival.newestBySensor().forEach((sensor, ts) -> {
            pendingNewest.merge(sensor, ts, Math::max);
            pendingArrival.putIfAbsent(sensor, arrival.arrivedAtMillis());
        });
    }

    public void start() {
        long ms = interval.toMillis();
        executor.scheduleWithFixedDelay(this::scorePendingSafely, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void scorePendingSafely() {
        try {
            scorePending();
        } catch (RuntimeException e) {
            LOG.error("live scoring pass failed; it runs again in {} ms", interval.toMillis(), e);
        }
    }

    /** A sensor's Production detector as last looked up (empty: none), and when. */
    private record Detector(ModelVersion version, DetectorSpec spec) {
    }

    private record Lookup(Optional<Detector> detector, long atNanos) {
    }

    /**
     * The sensor's Production detector, looked up at most every {@link #LOOKUP_TTL} per sensor: a sensor that
     * waits for its batch to fill is checked on every pass, and a promotion shows within that time.
     */
    private Optional<Detector> detector(String sensor) {
        Lookup cached = lookups.get(sensor);
        long now = System.nanoTime();
        if (cached == null || now - cached.atNanos() > LOOKUP_TTL.toNanos()) {
            Optional<Detector> found = context.registry().production(sensor, SensorTrainer.KIND)
                    .map(v -> new Detector(v, DetectorSpec.fromJson(v.config())));
            cached = new Lookup(found, now);
            lookups.put(sensor, cached);
        }
        return cached.detector();
    }

    /**
     * Scores every marked sensor once; returns the anomalies stored or widened. Runs on the scoring thread,
     * which spreads the sensors over one worker thread per core (at most 4; each sensor is scored by one of them
     * per pass, and passes do not overlap).
     */
    public synchronized List<StoredAnomaly> scorePending() {
        List<String> sensors = List.copyOf(pendingNewest.keySet());
        List<StoredAnomaly> stored = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<String> untrained = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        if (!workers.forEach(sensors, sensor -> scoreSensor(sensor, stored, untrained))) {
            return List.copyOf(stored);
        }
        if (!stored.isEmpty()) {
            for (java.util.function.Consumer<List<StoredAnomaly>> l : listeners) {
                l.accept(List.copyOf(stored));
            }
        }
        if (!untrained.isEmpty() && onlineDetector != null) {
            LOG.info("{} sensor(s) have no Production detector, so only online detection ({}) scores them: {}; train them "
                    + "with 'prognos train SENSOR' or 'prognos train --all'", untrained.size(), onlineDetector,
                    StaleDataWatch.names(untrained));
        } else if (!untrained.isEmpty()) {
            LOG.info("{} sensor(s) have no Production detector, so their readings are stored but not scored: {}; train "
                    + "them with 'prognos train SENSOR' or 'prognos train --all'", untrained.size(),
                    StaleDataWatch.names(untrained));
        }
        return List.copyOf(stored);
    }

    private void scoreSensor(String sensor, List<StoredAnomaly> stored, List<String> untrained) {
        Long newest = pendingNewest.remove(sensor);
        Long arrived = pendingArrival.remove(sensor);
        if (newest == null) {
            return;
        }
        long started = System.nanoTime();
        Optional<Detector> detector = detector(sensor);
        if (detector.isEmpty()) {
            if (reportedUnscorable.add(sensor)) {
                untrained.add(sensor);
            }
            return;
        }
        DetectorSpec spec = detector.get().spec();
        long period = spec.periodMillis();
        Long through = judgedThrough.get(sensor);
        if (through == null) {
            // the first live reading: judging starts with it
            through = newest - period;
            judgedThrough.put(sensor, through);
            judgingStart.put(sensor, newest);
        }
        long judgeable = (newest - through) / period;
        if (judgeable < (liveBatch > 0 ? liveBatch : spec.telemanom().batchSize())) {
            // Telemanom judges whole batches: wait until one is complete
            pendingNewest.merge(sensor, newest, Math::max);
            if (arrived != null) {
                pendingArrival.putIfAbsent(sensor, arrived);
            }
            return;
        }
        long from = through + 1;
        try {
            SensorScorer.Detection d = scorer.detectRecent(detector.get().version(), from, newest + 1,
                    judgingStart.get(sensor));
            if (d.judgedThroughMillis() != Long.MIN_VALUE) {
                judgedThrough.merge(sensor, d.judgedThroughMillis(), Math::max);
            }
            if (!d.anomalies().isEmpty()) {
                long buffer = (long) spec.telemanom().errorBuffer() * period;
                List<StoredAnomaly> saved = anomalies.saveMerging(sensor, d.version().versionId(), d.anomalies(), buffer);
                for (StoredAnomaly a : saved) {
                    String before = loggedSeverity.put(a.anomalyId(), a.severity());
                    if (!a.severity().equals(before)) {
                        LOG.info("{} anomaly {} on {}: {} to {}, score {} ({})", before == null ? "new" : "escalated",
                                a.anomalyId(), sensor, Instant.ofEpochMilli(a.startMillis()),
                                Instant.ofEpochMilli(a.endMillis()), String.format("%.2f", a.score()), a.severity());
                    }
                }
                stored.addAll(saved);
                metrics.anomaliesStored(saved.size());
            }
            reportedUnscorable.remove(sensor);
        } catch (PipelineException e) {
            if (reportedUnscorable.add(sensor)) {
                LOG.warn("sensor {} could not be scored live: {}", sensor, e.getMessage());
            }
        }
        long now = System.currentTimeMillis();
        metrics.scored(Duration.ofNanos(System.nanoTime() - started),
                Duration.ofMillis(Math.max(0, now - (arrived == null ? now : arrived))));
    }

    @Override
    public void close() {
        executor.shutdownNow();
        workers.close();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
